/**
 * The grants module's HTTP contract: the request schemas of its routes, the response schemas
 * (Grant is named: components.schemas.Grant), their static types, and the mappers from rows to
 * the answers. grants.routes.ts declares them; the web app reads their generated types.
 */
import { Type, type Static } from 'typebox';
import { AnyJson, BeneficiaryFields, GoodsFields, IsoDate, Moment, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';
import { formatMinor, type Currency } from '../../shared/money.js';

// Requests ----------------------------------------------------------------------------------------

export const GrantBody = Type.Object(
  {
    ...BeneficiaryFields,
    personId: Type.Optional(Uuid),
    aidTypeCode: Type.String({ minLength: 1, maxLength: 64 }),
    ...GoodsFields,
    grantedOn: Type.Optional(IsoDate),
    exceptionId: Type.Optional(Uuid),
    fundingLots: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 20, uniqueItems: true, description: 'The donation lots that pay this grant, drawn in this order (a charity that keeps its books in Mizan). Absent: first in, first out within what the donors allowed.' })),
  },
  { additionalProperties: false },
);

const FindingKind = Type.Union([Type.Literal('future-date'), Type.Literal('before-registration'), Type.Literal('backdate-over-limit'), Type.Literal('overlaps-when-recorded')]);
export const DateFindingsQuery = Type.Object(
  {
    finding: Type.Optional(FindingKind),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);

export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 5, maxLength: 1000 }) }, { additionalProperties: false });

export const ExceptionBody = Type.Object(
  {
    ...BeneficiaryFields,
    aidTypeCode: Type.String({ minLength: 1, maxLength: 64 }),
    reason: Type.String({ minLength: 10, maxLength: 4000 }),
    documentRef: Type.String({ minLength: 1, maxLength: 200 }),
    grantedOn: Type.Optional(Type.Unsafe<string>({ ...IsoDate, description: 'Asks to record aid given on this date, further back than the deployment allows without approval (a back-dating exception).' })),
  },
  { additionalProperties: false },
);

export const ExceptionsQuery = Type.Object({ status: Type.Optional(Type.String()) });

export const ExceptionDecisionBody = Type.Object(
  { decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);

// Responses ---------------------------------------------------------------------------------------

const ExceptionStatus = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('used')]);
export const OwnExceptionsQuery = Type.Object({ status: Type.Optional(ExceptionStatus), householdId: Type.Optional(Uuid) }, { additionalProperties: false });
const ExceptionKind = Type.Union([Type.Literal('repeat'), Type.Literal('backdate')]);

/** Aid given (POST /grants, GET /grants/:id, a revocation, an approved request). */
export const Grant = Named('Grant', {
  id: Uuid, householdId: Uuid, personId: Nullable(Uuid), orgId: Uuid, aidType: Type.String(), group: Type.String(), form: Type.String(),
  amountMinor: Nullable(Type.Integer()), amount: Nullable(Type.String()), currency: Nullable(Type.String()), item: Nullable(Type.String()), quantity: Nullable(Type.Integer()),
  grantedOn: IsoDate, exceptionId: Nullable(Uuid), status: Type.String(), requestId: Nullable(Uuid),
});
export type Grant = Static<typeof Grant>;

export const DateFinding = Named('DateFinding', {
  grantId: Uuid, finding: FindingKind, householdId: Uuid, orgId: Uuid, aidType: Type.String(), grantedOn: IsoDate, recordedOn: IsoDate, detail: AnyJson, foundAt: Moment,
});
export const DateFindings = Type.Array(Ref(DateFinding));

export const ExceptionCreated = Strict({ id: Uuid, status: ExceptionStatus, householdId: Uuid, group: Type.String(), kind: ExceptionKind, grantedOn: Nullable(IsoDate) });

/** An exception as stored (GET /exceptions lists them for a supervisor's decision). */
export const GrantException = Named('GrantException', {
  id: Uuid, household_id: Uuid, group_code: Type.String(), reason: Type.String(), document_ref: Type.String(), status: ExceptionStatus,
  requested_by: Uuid, requested_by_org: Uuid, requested_at: Moment, decided_by: Nullable(Uuid), decided_at: Nullable(Moment), decision_note: Nullable(Type.String()),
  kind: ExceptionKind, granted_on: Nullable(IsoDate),
});
export const GrantExceptions = Type.Array(Ref(GrantException));

export const ExceptionDecided = Strict({ id: Uuid, status: ExceptionStatus });

/** The named schemas of this module (registered once for the whole API: src/http/contracts.ts). */
export const GRANTS_SCHEMAS = [Grant, DateFinding, GrantException];

// Mappers -----------------------------------------------------------------------------------------

export interface GrantRowView {
  id: string; household_id: string; person_id: string | null; org_id: string; aid_type_code: string; group_code: string; form: string;
  amount_minor: number | null; currency: string | null; item: string | null; quantity: number | null; granted_on: string; exception_id: string | null; status: string; request_id: string | null;
}

/** A grant row as the API shows it: camelCase, the amount also as decimal text in the deployment's currency. */
export const grantView = (g: GrantRowView, currency: Currency): Grant => ({
  id: g.id, householdId: g.household_id, personId: g.person_id, orgId: g.org_id, aidType: g.aid_type_code, group: g.group_code, form: g.form,
  amountMinor: g.amount_minor, amount: g.amount_minor === null ? null : formatMinor(g.amount_minor, currency), currency: g.currency,
  item: g.item, quantity: g.quantity, grantedOn: g.granted_on, exceptionId: g.exception_id, status: g.status, requestId: g.request_id,
});

export const dateFindingView = (f: { grant_id: string; finding: Static<typeof FindingKind>; household_id: string; org_id: string; aid_type_code: string; granted_on: string; recorded_on: string; detail: unknown; found_at: Date }) => ({
  grantId: f.grant_id, finding: f.finding, householdId: f.household_id, orgId: f.org_id, aidType: f.aid_type_code, grantedOn: f.granted_on, recordedOn: f.recorded_on, detail: f.detail, foundAt: f.found_at,
});

export const exceptionCreatedView = (ex: { id: string; status: Static<typeof ExceptionStatus>; household_id: string; group_code: string; kind: Static<typeof ExceptionKind>; granted_on: string | null }) => ({
  id: ex.id, status: ex.status, householdId: ex.household_id, group: ex.group_code, kind: ex.kind, grantedOn: ex.granted_on,
});
