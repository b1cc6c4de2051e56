/**
 * Identity's HTTP contract: sign-in (redirects), the signed-in user, the applicant's own
 * household, sessions and API tokens; request and response schemas, their types, and the mappers
 * from rows to the answers.
 */
import { Type, type Static } from 'typebox';
import { IsoDate, Moment, Named, NameText, NationalIdInput, Nullable, Phone, Ref, Strict, Uuid } from '../../http/schemas.js';
import { OrgBody, OrgStatus, OrganisationWithOffer } from '../registry/registry.contracts.js';

const Locale = Type.Union([Type.Literal('ar'), Type.Literal('fa'), Type.Literal('en')]);
const Role = Type.Union([Type.Literal('ministry_admin'), Type.Literal('ministry_supervisor'), Type.Literal('charity_admin'), Type.Literal('caseworker'), Type.Literal('field_visitor'), Type.Literal('applicant'), Type.Literal('donor')]);
const Scope = Type.Union([Type.Literal('read'), Type.Literal('write')]);
const Scopes = Type.Array(Scope, { minItems: 1, maxItems: 2, uniqueItems: true });

// Requests ----------------------------------------------------------------------------------------

export const LoginQuery = Type.Object({
  returnTo: Type.Optional(Type.String({ maxLength: 500 })),
  /** The language the visitor sees: the provider's pages and Mizan's sign-in pages use it. */
  lang: Type.Optional(Locale),
  /** The visitor chose this language just before signing in: keep it for the account. */
  keepLang: Type.Optional(Type.Boolean()),
  /** The token of the invitation link the visitor followed (/i/<token>): only its invitation's ID is kept. */
  invitation: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** Sign in as a donor (the donor's own account, whoever else the person is in Mizan). */
  as: Type.Optional(Type.Literal('donor')),
});
export const LocaleBody = Type.Object({ locale: Locale }, { additionalProperties: false });
export const UserParams = Type.Object({ userId: Uuid });
export const TokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 80 }), scopes: Type.Optional(Scopes), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })) }, { additionalProperties: false });

// Responses ---------------------------------------------------------------------------------------

export const Me = Named('Me', {
  userId: Uuid, role: Role, orgId: Nullable(Uuid), orgKind: Nullable(Type.Union([Type.Literal('ministry'), Type.Literal('charity')])), orgName: Nullable(Type.String()), locale: Locale,
  displayName: Type.String(), nationalId: Type.Optional(Type.String()),
  authenticatedBy: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  permissions: Type.Array(Type.String(), { description: "What this account's role may do (identity/permissions.ts): the web app shows only the pages it allows" }),
});
export const LocaleSet = Strict({ userId: Uuid, locale: Locale });

export const MyHousehold = Named('MyHousehold', {
  id: Uuid, regionCode: Type.String(), address: Nullable(Type.String()), phone: Nullable(Type.String()),
  members: Type.Array(Strict({ personId: Uuid, nationalId: Type.String(), fullName: Type.String(), birthDate: Nullable(IsoDate), sex: Nullable(Type.String()), relation: Type.String(), nationality: Type.String() })),
});

export const Session = Named('Session', { id: Uuid, createdAt: Moment, lastSeenAt: Nullable(Moment), expiresAt: Moment, current: Type.Boolean() });
export const Sessions = Type.Array(Ref(Session));
export const SessionsRevoked = Strict({ revoked: Type.Integer() });

export const ApiToken = Named('ApiToken', { id: Uuid, name: Type.String(), scopes: Type.Array(Type.String()), createdAt: Moment, expiresAt: Nullable(Moment), revokedAt: Nullable(Moment), lastUsedAt: Nullable(Moment) });
export const ApiTokens = Type.Array(Ref(ApiToken));
export const TokenIssued = Strict({ id: Uuid, name: Type.String(), scopes: Type.Array(Type.String()), createdAt: Moment, expiresAt: Nullable(Moment), token: Type.String({ description: 'The secret, shown this once' }) });
export const TokenRevoked = Strict({ id: Uuid, revoked: Type.Literal(true) });


// Staff and their tokens (identity/staff.routes.ts) -----------------------------------------------

const StaffRole = Type.Union(['ministry_admin', 'ministry_supervisor', 'charity_admin', 'caseworker', 'field_visitor'].map((r) => Type.Literal(r)));
export const ApplicationBody = Type.Object(
  { organisation: OrgBody, admin: Type.Object({ displayName: NameText({ minLength: 2, maxLength: 120 }), nationalId: NationalIdInput, phone: Type.Optional(Nullable(Phone)) }, { additionalProperties: false }) },
  { additionalProperties: false },
);
export const StaffBody = Type.Object(
  { role: StaffRole, displayName: NameText({ minLength: 2, maxLength: 120 }), nationalId: Type.Optional(Nullable(NationalIdInput)), phone: Type.Optional(Nullable(Phone)), locale: Type.Optional(Locale) },
  { additionalProperties: false },
);
export const StaffActiveBody = Type.Object({ active: Type.Boolean() }, { additionalProperties: false });
export const TokenNameBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false });
export const ApplicationCreated = Strict({ id: Uuid, status: OrgStatus, receipt: Type.String({ description: 'Shown this once: with it the applicant reads the decision (POST /organisations/applications/status)' }) });
export const ApplicationAidTypes = Type.Array(Strict({ code: Type.String(), names: Strict({ en: Type.String(), ar: Type.String(), fa: Type.String() }) }));
export const ApplicationStatusBody = Type.Object({ receipt: Type.String({ minLength: 4, maxLength: 64 }) }, { additionalProperties: false });
/** What the applicant charity reads about its own application: the status and the ministry's reason. */
export const ApplicationStatus = Named('ApplicationStatus', {
  id: Uuid, name: Type.String(), status: OrgStatus, appliedAt: Moment, decidedAt: Nullable(Moment), reason: Nullable(Type.String()),
});
export const StaffMember = Named('StaffMember', { id: Uuid, role: Type.String(), displayName: Type.String(), locale: Locale, active: Type.Boolean() });
export const StaffList = Type.Array(Ref(StaffMember));
export const StaffActive = Strict({ id: Uuid, active: Type.Boolean() });
export const IssuedToken = Strict({ id: Uuid, name: Type.String(), created_at: Moment, expires_at: Nullable(Moment), token: Type.String({ description: 'The secret, shown this once' }) });

export const staffView = (u: { id: string; role: string; display_name: string; locale: Static<typeof Locale>; active: boolean }) => ({ id: u.id, role: u.role, displayName: u.display_name, locale: u.locale, active: u.active });

/** An application as the ministry reviews it: the organisation with its offer, and its administrator. */
export const ApplicationReview = Named('ApplicationReview', {
  ...OrganisationWithOffer.properties,
  admin: Nullable(Strict({ displayName: Type.String(), nationalId: Nullable(Type.String()), phone: Nullable(Type.String()) })),
});

export const IDENTITY_SCHEMAS = [Me, MyHousehold, Session, ApiToken, StaffMember, ApplicationStatus, ApplicationReview];

// Mappers -----------------------------------------------------------------------------------------

export const sessionView = (s: { id: string; created_at: Date; last_seen_at: Date | null; expires_at: Date }, current: string | null) => ({
  id: s.id, createdAt: s.created_at, lastSeenAt: s.last_seen_at, expiresAt: s.expires_at, current: s.id === current,
});

export const tokenView = (t: { id: string; name: string; scopes: string[]; created_at: Date; expires_at: Date | null; revoked_at: Date | null; last_used_at: Date | null }) => ({
  id: t.id, name: t.name, scopes: t.scopes, createdAt: t.created_at, expiresAt: t.expires_at, revokedAt: t.revoked_at, lastUsedAt: t.last_used_at,
});

export const myHouseholdView = (
  household: { id: string; region_code: string; address: string | null; phone: string | null },
  members: { person_id: string; national_id: string; full_name: string; birth_date: string | null; sex: string | null; relation: string; nationality: string }[],
) => ({
  id: household.id, regionCode: household.region_code, address: household.address, phone: household.phone,
  members: members.map((m) => ({ personId: m.person_id, nationalId: m.national_id, fullName: m.full_name, birthDate: m.birth_date, sex: m.sex, relation: m.relation, nationality: m.nationality })),
});
