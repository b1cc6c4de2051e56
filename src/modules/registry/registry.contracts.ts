/**
 * The registry's HTTP contract: organisations, households and members and the national-ID lookup
 * (staff and their tokens: identity.contracts.ts; the service record: kardex.contracts.ts); request and response schemas, their
 * types, and the mappers from rows to the answers.
 */
import { Type } from 'typebox';
import { IsoDate, Moment, Named, NameText, NationalIdInput, Nullable, Phone, Ref, Relation, Strict, Uuid } from '../../http/schemas.js';
import { ACCESS_PURPOSES, LOOKUP_PURPOSES } from './lookups.js';

/** Why a national ID is looked up (the code is written to the audit trail; the person reads it in their language). */
export const LookupPurpose = Type.Union(LOOKUP_PURPOSES.map((p) => Type.Literal(p)), { description: 'Why the national ID is looked up: written to the audit trail, shown to the person' });
export const OrgStatus = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('suspended'), Type.Literal('rejected')]);
const OrgKind = Type.Union([Type.Literal('ministry'), Type.Literal('charity')]);

// Requests ----------------------------------------------------------------------------------------

/** An organisation as a charity describes it (also the body of an application to join: identity.contracts.ts). */
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
    sameAs: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'After a 409 possible-duplicate-person: this member is that registered person (one of the candidates named for it); the record is kept as registered' }))),
    notSameAs: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 10, description: 'After a 409 possible-duplicate-person: the candidates named for this member whom it is not' })),
  },
  { additionalProperties: false },
);
export const OrganisationsQuery = Type.Object({ status: Type.Optional(Type.String()), kind: Type.Optional(Type.String()) });
export const OrgDecisionBody = Type.Object(
  { decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('suspended')]), reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);
export const OfferBody = Type.Object({ aidTypes: Type.Array(Type.String(), { maxItems: 200 }), regions: Type.Array(Type.String(), { maxItems: 500 }) }, { additionalProperties: false });
export const HouseholdBody = Type.Object(
  { regionCode: Type.String(), address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))), phone: Type.Optional(Nullable(Phone)), members: Type.Array(MemberBody, { minItems: 1, maxItems: 40 }) },
  { additionalProperties: false },
);
export const LookupQuery = Type.Object({ nationalId: NationalIdInput, purpose: LookupPurpose });
export const HouseholdQuery = Type.Object(
  { purpose: Type.Optional(Type.Union(ACCESS_PURPOSES.map((p) => Type.Literal(p)), { description: 'Why the household is read: a code, written to the audit trail and shown to the applicant in their language (default case-study)' })) },
  { additionalProperties: false },
);
export const MemberParams = Type.Object({ id: Uuid, personId: Uuid });
export const LeaveBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) });
export const MoveBody = Type.Object(
  { toHouseholdId: Uuid, relation: Relation, reason: Type.String({ minLength: 3, maxLength: 500 }) },
  { additionalProperties: false },
);
/** The ministry confirms that person `mergeId` is the person of the path, who is kept. */
export const MergeBody = Type.Object(
  { mergeId: Type.String({ format: 'uuid', description: 'The record merged into the person of the path (read-only from then on)' }), reason: Type.String({ minLength: 10, maxLength: 500 }) },
  { additionalProperties: false },
);

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
/** The person kept after a merge: ids and counts, no personal data. */
export const MergeResult = Strict({
  personId: Uuid,
  mergedId: Uuid,
  householdId: Nullable(Uuid),
  grantsMoved: Type.Integer({ minimum: 0 }),
  requestsMoved: Type.Integer({ minimum: 0 }),
});

export const REGISTRY_SCHEMAS = [Organisation, OrganisationWithOffer, LookupAnswer, Household];

// Mappers -----------------------------------------------------------------------------------------

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
