/**
 * The registry's HTTP contract: organisations, staff and their tokens, households and members,
 * the national-ID lookup and the service record (kardex); request and response schemas, their
 * types, and the mappers from rows to the answers.
 */
import { Type, type Static } from 'typebox';
import { IsoDate, Moment, Named, NameText, NationalIdInput, Nullable, Phone, Ref, Relation, Strict, Uuid } from '../../http/schemas.js';
import { formatMinor, type Currency } from '../../shared/money.js';
import { LOOKUP_PURPOSES } from './lookups.js';

const Role = Type.Union(['ministry_admin', 'ministry_supervisor', 'charity_admin', 'caseworker', 'field_visitor'].map((r) => Type.Literal(r)));
/** Why a national ID is looked up (the code is written to the audit trail; the person reads it in their language). */
export const LookupPurpose = Type.Union(LOOKUP_PURPOSES.map((p) => Type.Literal(p)), { description: 'Why the national ID is looked up: written to the audit trail, shown to the person' });
const Locale = Type.Union([Type.Literal('ar'), Type.Literal('fa'), Type.Literal('en')]);
const OrgStatus = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('suspended'), Type.Literal('rejected')]);
const OrgKind = Type.Union([Type.Literal('ministry'), Type.Literal('charity')]);

// Requests ----------------------------------------------------------------------------------------

export const OrgBody = Type.Object(
  {
    name: NameText({ minLength: 2, maxLength: 200 }),
    registrationNumber: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    contactPhone: Type.Optional(Nullable(Phone)),
    aidTypes: Type.Array(Type.String(), { maxItems: 200 }),
    regions: Type.Array(Type.String(), { maxItems: 500 }),
  },
  { additionalProperties: false },
);
export const MemberBody = Type.Object(
  {
    nationalId: NationalIdInput,
    fullName: NameText({ maxLength: 200 }),
    birthDate: Type.Optional(Nullable(IsoDate)),
    sex: Type.Optional(Nullable(Type.Union([Type.Literal('F'), Type.Literal('M')]))),
    relation: Relation,
    nationality: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z]{2}$' }))),
    phone: Type.Optional(Nullable(Phone)),
  },
  { additionalProperties: false },
);
export const OrganisationsQuery = Type.Object({ status: Type.Optional(Type.String()), kind: Type.Optional(Type.String()) });
export const ApplicationBody = Type.Object(
  { organisation: OrgBody, admin: Type.Object({ displayName: NameText({ minLength: 2, maxLength: 120 }), nationalId: NationalIdInput, phone: Type.Optional(Nullable(Phone)) }, { additionalProperties: false }) },
  { additionalProperties: false },
);
export const OrgDecisionBody = Type.Object(
  { decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('suspended')]), reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);
export const OfferBody = Type.Object({ aidTypes: Type.Array(Type.String(), { maxItems: 200 }), regions: Type.Array(Type.String(), { maxItems: 500 }) }, { additionalProperties: false });
export const UserParams = Type.Object({ userId: Uuid });
export const StaffBody = Type.Object(
  { role: Role, displayName: NameText({ minLength: 2, maxLength: 120 }), nationalId: Type.Optional(Nullable(NationalIdInput)), phone: Type.Optional(Nullable(Phone)), locale: Type.Optional(Locale) },
  { additionalProperties: false },
);
export const StaffActiveBody = Type.Object({ active: Type.Boolean() }, { additionalProperties: false });
export const TokenNameBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false });
export const HouseholdBody = Type.Object(
  { regionCode: Type.String(), address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))), phone: Type.Optional(Nullable(Phone)), members: Type.Array(MemberBody, { minItems: 1, maxItems: 40 }) },
  { additionalProperties: false },
);
export const LookupQuery = Type.Object({ nationalId: NationalIdInput, purpose: LookupPurpose });
export const HouseholdQuery = Type.Object({ purpose: Type.Optional(Type.String({ maxLength: 200 })) });
export const MemberParams = Type.Object({ id: Uuid, personId: Uuid });
export const LeaveBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) });

// Responses ---------------------------------------------------------------------------------------

/** An organisation as stored. */
export const Organisation = Named('Organisation', {
  id: Uuid, kind: OrgKind, name: Type.String(), registration_number: Nullable(Type.String()), status: OrgStatus, contact_phone: Nullable(Type.String()),
  created_at: Moment, decided_at: Nullable(Moment), decided_by: Nullable(Uuid), decision_reason: Nullable(Type.String()),
});
export const Organisations = Type.Array(Ref(Organisation));
export const OrganisationWithOffer = Named('OrganisationWithOffer', {
  id: Uuid, kind: OrgKind, name: Type.String(), registration_number: Nullable(Type.String()), status: OrgStatus, contact_phone: Nullable(Type.String()),
  created_at: Moment, decided_at: Nullable(Moment), decided_by: Nullable(Uuid), decision_reason: Nullable(Type.String()),
  aidTypes: Type.Array(Type.String()), regions: Type.Array(Type.String()),
});
export const ApplicationCreated = Strict({ id: Uuid, status: OrgStatus });

export const StaffMember = Named('StaffMember', { id: Uuid, role: Type.String(), displayName: Type.String(), locale: Locale, active: Type.Boolean() });
export const StaffList = Type.Array(Ref(StaffMember));
export const StaffActive = Strict({ id: Uuid, active: Type.Boolean() });
export const IssuedToken = Strict({ id: Uuid, name: Type.String(), created_at: Moment, expires_at: Nullable(Moment), token: Type.String({ description: 'The secret, shown this once' }) });

export const HouseholdCreated = Strict({ id: Uuid, regionCode: Type.String() });
export const LookupAnswer = Named('LookupAnswer', {
  registered: Type.Boolean(),
  householdId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'Only to staff who may see the household' })),
});
export const Household = Named('Household', {
  id: Uuid, regionCode: Type.String(), address: Nullable(Type.String()), phone: Nullable(Type.String()), createdAt: Moment,
  members: Type.Array(Strict({
    personId: Uuid, nationalId: Type.String(), fullName: Type.String(), birthDate: Nullable(IsoDate), sex: Nullable(Type.String()), nationality: Type.String(), phone: Nullable(Type.String()), relation: Type.String(),
  })),
});
export const MemberAdded = Strict({ personId: Uuid });

const OrgLabel = Nullable(Strict({ id: Nullable(Uuid), name: Nullable(Type.String()), kind: Nullable(Type.String()) }));
export const HouseholdHistory = Named('HouseholdHistory', {
  householdId: Uuid,
  currency: Type.String(),
  requests: Type.Array(Strict({
    id: Uuid, aidType: Type.String(), basket: Type.String(), group: Type.String(), status: Type.String(), amountMinor: Nullable(Type.Integer()), item: Nullable(Type.String()), quantity: Nullable(Type.Integer()),
    submittedAt: Moment, deadlineAt: Moment, decidedAt: Nullable(Moment), channel: Type.String(), claimedBy: OrgLabel, decisionReason: Nullable(Type.String()), grantId: Nullable(Uuid),
    amount: Nullable(Type.String()),
  })),
  grants: Type.Array(Strict({
    id: Uuid, aidType: Type.String(), basket: Type.String(), group: Type.String(), form: Type.String(), amountMinor: Nullable(Type.Integer()), currency: Nullable(Type.String()), item: Nullable(Type.String()), quantity: Nullable(Type.Integer()),
    grantedOn: IsoDate, status: Type.String(), viaException: Type.Boolean(), requestId: Nullable(Uuid), personId: Nullable(Uuid), givenBy: OrgLabel,
    amount: Nullable(Type.String()),
  })),
});

export const REGISTRY_SCHEMAS = [Organisation, OrganisationWithOffer, StaffMember, LookupAnswer, Household, HouseholdHistory];

// Mappers -----------------------------------------------------------------------------------------

export const staffView = (u: { id: string; role: string; display_name: string; locale: Static<typeof Locale>; active: boolean }) => ({ id: u.id, role: u.role, displayName: u.display_name, locale: u.locale, active: u.active });

export const householdView = (
  household: { id: string; region_code: string; address: string | null; phone: string | null; created_at: Date },
  members: { person_id: string; national_id: string; full_name: string; birth_date: string | null; sex: string | null; nationality: string; phone: string | null; relation: string }[],
) => ({
  id: household.id,
  regionCode: household.region_code,
  address: household.address,
  phone: household.phone,
  createdAt: household.created_at,
  members: members.map((m) => ({
    personId: m.person_id, nationalId: m.national_id, fullName: m.full_name, birthDate: m.birth_date, sex: m.sex, nationality: m.nationality, phone: m.phone, relation: m.relation,
  })),
});

/** The service record with every amount also as decimal text in the deployment's currency. */
export function historyView<R extends { amountMinor: number | null }, G extends { amountMinor: number | null }>(h: { householdId: string; requests: R[]; grants: G[] }, currency: Currency) {
  const money = (minor: number | null) => (minor === null ? null : formatMinor(minor, currency));
  return {
    householdId: h.householdId,
    currency: currency.code,
    requests: h.requests.map((r) => ({ ...r, amount: money(r.amountMinor) })),
    grants: h.grants.map((g) => ({ ...g, amount: money(g.amountMinor) })),
  };
}
