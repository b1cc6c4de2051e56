/** Oversight's HTTP contract: the ministry's figures per charity, the escalated requests, the lookup volumes, the audit search. */
import { Type, type Static } from 'typebox';
import { AnyJson, DateTime, IsoDate, Moment, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';

export const LookupsQuery = Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }, { additionalProperties: false });

export const CharityFigures = Named('CharityFigures', {
  orgId: Uuid, name: Type.String(), pending: Type.Integer(), claimed: Type.Integer(), overdue: Type.Integer(), escalated: Type.Integer(), decided: Type.Integer(),
  medianHoursToAct: Nullable(Type.Number()), shareWithinDeadline: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
});
export const CharityFiguresPage = Strict({ items: Type.Array(Ref(CharityFigures)) });

export const EscalatedRequest = Named('EscalatedRequest', {
  id: Uuid, householdId: Uuid, aidType: Type.String(), basket: Type.String(), region: Type.String(), priority: Type.Integer(),
  submittedAt: DateTime, deadlineAt: DateTime, escalatedAt: DateTime, fromOrg: Nullable(Strict({ id: Uuid, name: Type.String() })), round: Type.Integer(),
});
export const EscalatedPage = Strict({ items: Type.Array(Ref(EscalatedRequest)) });

export const LookupDay = Named('LookupDay', {
  orgId: Uuid, name: Type.String(), day: IsoDate, lookups: Type.Integer(), found: Type.Integer(), notFound: Type.Integer(),
  ownMedian: Nullable(Type.Number()), peerMedian: Nullable(Type.Number()), flagged: Type.Boolean(),
  reasons: Type.Array(Type.Union([Type.Literal('own-history'), Type.Literal('peers')])),
});
export type LookupDay = Static<typeof LookupDay>;
export const LookupVolumes = Strict({
  from: IsoDate,
  to: IsoDate,
  rule: Strict({ factor: Type.Number(), minimum: Type.Integer(), historyDays: Type.Integer() }),
  items: Type.Array(Ref(LookupDay)),
});

// The ministry's search of the audit trail (audit-search.ts) -------------------------------------

export const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 80, description: 'exact action, or a prefix ending in "." (e.g. "request.")' })),
  actorOrg: Type.Optional(Uuid),
  actorUser: Type.Optional(Uuid),
  householdId: Type.Optional(Uuid),
  subjectType: Type.Optional(Type.String({ maxLength: 40 })),
  subjectId: Type.Optional(Type.String({ maxLength: 80 })),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'cursor: entries with a smaller seq (a bigint position)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  nationalId: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: "entries about the household this person is an active member of; the search is itself audited (audit.search_person)" })),
});
const AuditOrgKind = Type.Union([Type.Literal('ministry'), Type.Literal('charity')]);
export const AuditEntry = Named('AuditEntry', {
  seq: Type.Integer(), at: Moment, action: Type.String(),
  actor: Strict({ userId: Nullable(Uuid), orgId: Nullable(Uuid), orgName: Nullable(Type.String()), orgKind: Nullable(AuditOrgKind), role: Nullable(Type.String()), name: Nullable(Type.String({ description: "the staff member's name (never an applicant's)" })) }),
  subject: Strict({ type: Type.String(), id: Nullable(Type.String()) }),
  householdId: Nullable(Uuid), reason: Nullable(Type.String()), details: AnyJson, sealed: Type.Boolean(),
  householdRef: Nullable(Type.String({ description: 'the household by its short reference' })),
  requestId: Nullable(Uuid), requestRef: Nullable(Type.String({ description: 'the request the entry is about, by its short reference' })),
});
export const AuditPage = Strict({
  items: Type.Array(Ref(AuditEntry)), nextCursor: Nullable(Type.Integer()),
  person: Nullable(Strict({ found: Type.Boolean(), householdId: Nullable(Uuid), householdRef: Nullable(Type.String()) }, { description: 'for a search by national ID: whether the person is an active member of a household, and which' })),
});

export const OVERSIGHT_SCHEMAS = [CharityFigures, EscalatedRequest, LookupDay, AuditEntry];
