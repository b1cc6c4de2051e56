/**
 * The requests module's HTTP contract: submitting, the anonymous pool, the charity's queue, the
 * case, decisions and reassignment; request and response schemas, their types, and the mappers
 * from rows to the answers. PoolItem is exactly the anonymous fields: the serializer drops
 * anything else, and the leak test checks it.
 */
import { Type, type Static } from 'typebox';
import { BeneficiaryFields, DateTime, GoodsFields, IsoDate, Moment, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';
import { formatMinor, type Currency } from '../../shared/money.js';
import type { RequestStatus } from '../../db/schema.js';
import { iso, isoOrNull } from './timeline.js';
import { CASE_PURPOSES, type CasePurpose } from '../registry/lookups.js';

const Status = Type.Union([Type.Literal('open'), Type.Literal('claimed'), Type.Literal('escalated'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn')]);

// Requests ----------------------------------------------------------------------------------------

export const RequestBody = Type.Object(
  {
    ...BeneficiaryFields,
    aidTypeCode: Type.String({ minLength: 1, maxLength: 64 }),
    ...GoodsFields,
    justification: Type.String({ minLength: 3, maxLength: 4000 }),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 3, description: 'Staff only: 0 normal … 3 most urgent' })),
  },
  { additionalProperties: false },
);

export const PoolQuery = Type.Object({
  aidType: Type.Optional(Type.String({ maxLength: 64 })),
  basket: Type.Optional(Type.String({ maxLength: 64 })),
  region: Type.Optional(Type.String({ maxLength: 16 })),
  nationality: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  householdSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  sort: Type.Optional(Type.Union([Type.Literal('deadline'), Type.Literal('priority')])),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
}, { additionalProperties: false });

export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 5, maxLength: 2000 }) }, { additionalProperties: false });
export const CaseQuery = Type.Object({ purpose: Type.Optional(Type.Unsafe<CasePurpose>({ type: 'string', enum: [...CASE_PURPOSES], description: "Why the data is read: a code, written to the audit trail and shown to the applicant in their language (default case-study)" })) }, { additionalProperties: false });
export const AssessmentBody = Type.Object({ notes: Type.String({ minLength: 1, maxLength: 20000 }), documents: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50 }) }, { additionalProperties: false });
export const ApproveBody = Type.Object(
  {
    ...GoodsFields,
    reason: Type.Optional(Type.String({ minLength: 5, maxLength: 2000, description: 'Why the request is approved: stored as the decision reason and shown on the timeline, like a rejection\'s' })),
    exceptionId: Type.Optional(Type.String({ format: 'uuid', description: 'A supervisor-approved exception for this household and aid group, when the household already received such aid inside the window' })),
  },
  { additionalProperties: false },
);
export const ReassignBody = Type.Object({ orgId: Uuid }, { additionalProperties: false });

// Responses ---------------------------------------------------------------------------------------

export const RequestCreated = Strict({ id: Uuid, status: Status, aidType: Type.String(), householdId: Uuid, submittedAt: Moment, deadlineAt: Moment });

export const MyRequest = Named('MyRequest', {
  id: Uuid, aidType: Type.String(), basket: Type.String(), status: Status, submittedAt: DateTime, deadlineAt: DateTime,
  decidedAt: Nullable(DateTime), decisionReason: Nullable(Type.String()), charity: Nullable(Type.String()), grantId: Nullable(Uuid),
});
export const MyRequests = Strict({ householdId: Nullable(Uuid), items: Type.Array(Ref(MyRequest)) });

/** What the applicant reads of a step: when, what, and which organisation (never a staff member). */
export const MY_REQUEST_STEPS = ['submitted', 'claimed', 'studied', 'released', 'escalated', 'reassigned', 'approved', 'rejected'] as const;
export type MyRequestStep = (typeof MY_REQUEST_STEPS)[number];
export const MyRequestDetail = Named('MyRequestDetail', {
  request: Ref(MyRequest),
  timeline: Type.Array(Strict({
    at: DateTime,
    step: Type.Unsafe<MyRequestStep>({ type: 'string', enum: [...MY_REQUEST_STEPS] }),
    organisation: Nullable(Type.String({ description: 'The charity or ministry that took the step, by name' })),
    reason: Nullable(Type.String({ description: 'The reason of a rejection, written for the applicant' })),
  }), { description: 'Oldest first' }),
  mayRequestAgain: Type.Boolean({ description: 'No other request of the same group is open: a new request may be submitted now' }),
});

/** Exactly the anonymous fields; the serializer drops anything else and the leak test checks it. Inline in the page (the OpenAPI check reads it there). */
export const PoolItem = Strict({
  id: Uuid,
  aidType: Type.String(),
  basket: Type.String(),
  nationality: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2 of the head of household' })),
  householdSize: Type.Integer(),
  region: Type.String({ description: "Region at the deployment's anonymous level (level 1)" }),
  submittedAt: DateTime,
  deadlineAt: DateTime,
  priority: Type.Integer(),
  offeredUntil: Nullable(DateTime),
});
export type PoolItem = Static<typeof PoolItem>;
export const PoolPage = Strict({ items: Type.Array(PoolItem), nextCursor: Nullable(Type.String()) });

export const QueueItem = Named('QueueItem', {
  id: Uuid, householdId: Uuid, status: Type.Literal('claimed'), aidType: Type.String(), basket: Type.String(), region: Type.String(), priority: Type.Integer(),
  submittedAt: DateTime, claimedAt: Nullable(DateTime), deadlineAt: DateTime, reassigned: Type.Boolean(), daysLeft: Type.Integer(), overdue: Type.Boolean(),
});
export const QueuePage = Strict({ items: Type.Array(Ref(QueueItem)) });

export const AidRequest = Named('AidRequest', {
  id: Uuid, householdId: Uuid, aidType: Type.String(), group: Type.String(), status: Status, justification: Type.String(),
  amountMinor: Nullable(Type.Integer()), amount: Nullable(Type.String()), item: Nullable(Type.String()), quantity: Nullable(Type.Integer()),
  submittedAt: Moment, deadlineAt: Moment, claimedByOrg: Nullable(Uuid), decidedAt: Nullable(Moment), decisionReason: Nullable(Type.String()), grantId: Nullable(Uuid),
});

export const RequestSummary = Named('RequestSummary', { id: Uuid, status: Status, aidType: Type.String(), householdId: Uuid, claimedByOrg: Nullable(Uuid), claimedAt: Nullable(DateTime), deadlineAt: DateTime });

const CaseMember = Strict({
  personId: Uuid, nationalId: Type.String(), fullName: Type.String(), relation: Type.String(), birthDate: Nullable(IsoDate), sex: Nullable(Type.String()), nationality: Type.String(), phone: Nullable(Type.String()),
});

export const Assessment = Named('Assessment', { notes: Type.String(), documents: Type.Array(Type.String()), updatedAt: DateTime });

export const Case = Named('Case', {
  request: Strict({
    id: Uuid, aidType: Type.String(), group: Type.String(), status: Status, priority: Type.Integer(), justification: Type.String(),
    amount: Nullable(Type.String()), item: Nullable(Type.String()), quantity: Nullable(Type.Integer()),
    submittedAt: DateTime, claimedAt: Nullable(DateTime), deadlineAt: DateTime, decidedAt: Nullable(DateTime), decisionReason: Nullable(Type.String()), grantId: Nullable(Uuid),
  }),
  household: Strict({ id: Uuid, region: Type.String(), address: Nullable(Type.String()), phone: Nullable(Type.String()), members: Type.Array(CaseMember) }),
  aidElsewhere: Type.Array(Strict({
    aidType: Type.String(), date: IsoDate, amount: Nullable(Type.String()),
    organisationKind: Type.Union([Type.Literal('ministry'), Type.Literal('charity')]),
    ownOrganisation: Type.Boolean({ description: "true when the reader's own organisation gave it" }),
  }), { description: "Aid the household received from anyone: type, date, amount, the kind of organisation and whether it was the reader's own" }),
  timeline: Type.Array(Strict({
    at: DateTime, event: Type.String(),
    by: Type.String({ description: "'your organisation', 'another charity', 'ministry', 'system' or 'applicant'" }),
    reason: Type.Optional(Type.String()), orgId: Type.Optional(Uuid),
  })),
  assessment: Nullable(Ref(Assessment)),
});

export const Suggestion = Named('Suggestion', {
  rank: Type.Integer(), orgId: Uuid, name: Type.String(), overdueLoad: Type.Integer(), overdueNow: Type.Integer(), escalatedLast90Days: Type.Integer(), claimed: Type.Integer(),
});
export const SuggestionsPage = Strict({ items: Type.Array(Ref(Suggestion)) });

export const REQUESTS_SCHEMAS = [MyRequest, MyRequestDetail, QueueItem, AidRequest, RequestSummary, Assessment, Case, Suggestion];

// Mappers -----------------------------------------------------------------------------------------

export const requestCreatedView = (r: { id: string; status: RequestStatus; aid_type_code: string; household_id: string; submitted_at: Date; deadline_at: Date }) => ({
  id: r.id, status: r.status, aidType: r.aid_type_code, householdId: r.household_id, submittedAt: r.submitted_at, deadlineAt: r.deadline_at,
});

export const summary = (r: { id: string; status: RequestStatus; aid_type_code: string; household_id: string; claimed_by_org: string | null; claimed_at: Date | null; deadline_at: Date }): Static<typeof RequestSummary> => ({
  id: r.id, status: r.status, aidType: r.aid_type_code, householdId: r.household_id, claimedByOrg: r.claimed_by_org, claimedAt: isoOrNull(r.claimed_at), deadlineAt: iso(r.deadline_at),
});

export const requestView = (
  r: {
    id: string; household_id: string; aid_type_code: string; group_code: string; status: RequestStatus; justification: string; amount_minor: number | null; item: string | null; quantity: number | null;
    submitted_at: Date; deadline_at: Date; claimed_by_org: string | null; decided_at: Date | null; decision_reason: string | null; grant_id: string | null;
  },
  currency: Currency,
): Static<typeof AidRequest> => ({
  id: r.id, householdId: r.household_id, aidType: r.aid_type_code, group: r.group_code, status: r.status, justification: r.justification,
  amountMinor: r.amount_minor, amount: r.amount_minor === null ? null : formatMinor(r.amount_minor, currency), item: r.item, quantity: r.quantity,
  submittedAt: r.submitted_at, deadlineAt: r.deadline_at, claimedByOrg: r.claimed_by_org, decidedAt: r.decided_at, decisionReason: r.decision_reason, grantId: r.grant_id,
});
