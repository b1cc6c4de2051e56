/** Oversight's HTTP contract: the ministry's figures per charity, the escalated requests, the lookup volumes. */
import { Type, type Static } from 'typebox';
import { DateTime, IsoDate, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';

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

export const OVERSIGHT_SCHEMAS = [CharityFigures, EscalatedRequest, LookupDay];
