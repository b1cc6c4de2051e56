/**
 * The read models' HTTP contract: a household's service record (kardex) and the applicant's log of
 * who accessed their household's data; response schemas, their types, and the mappers.
 */
import { Type } from 'typebox';
import { IsoDate, Moment, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';
import { formatMinor, type Currency } from '../../shared/money.js';

const OrgLabel = Nullable(Strict({ id: Nullable(Uuid), name: Nullable(Type.String()), kind: Nullable(Type.String()) }));
export const HouseholdHistory = Named('HouseholdHistory', {
  householdId: Uuid,
  currency: Type.String(),
  householdRef: Type.String({ description: 'the household by its short reference' }),
  requests: Type.Array(Strict({
    id: Uuid, aidType: Type.String(), basket: Type.String(), group: Type.String(), status: Type.String(), amountMinor: Nullable(Type.Integer()), item: Nullable(Type.String()), quantity: Nullable(Type.Integer()),
    submittedAt: Moment, deadlineAt: Moment, decidedAt: Nullable(Moment), channel: Type.String(), claimedBy: OrgLabel, decisionReason: Nullable(Type.String()), grantId: Nullable(Uuid),
    amount: Nullable(Type.String()),
    ref: Type.String({ description: 'the request by its short reference' }),
  })),
  grants: Type.Array(Strict({
    id: Uuid, aidType: Type.String(), basket: Type.String(), group: Type.String(), form: Type.String(), amountMinor: Nullable(Type.Integer()), currency: Nullable(Type.String()), item: Nullable(Type.String()), quantity: Nullable(Type.Integer()),
    grantedOn: IsoDate, status: Type.String(), viaException: Type.Boolean(), requestId: Nullable(Uuid), personId: Nullable(Uuid), givenBy: OrgLabel,
    amount: Nullable(Type.String()),
  })),
  exceptions: Type.Array(Strict({
    id: Uuid, group: Type.String(), kind: Type.String({ description: 'repeat or backdate' }), status: Type.String(), requestedAt: Moment, decidedAt: Nullable(Moment), grantedOn: Nullable(IsoDate),
    requestedBy: OrgLabel, reason: Nullable(Type.String({ description: "the ministry's and the asking charity's only" })), decisionNote: Nullable(Type.String()),
  })),
  programmes: Type.Array(Strict({
    id: Uuid, programmeId: Uuid, code: Type.String(), kind: Type.String(), serviceKind: Nullable(Type.String()), names: Strict({ en: Type.String(), ar: Type.String(), fa: Type.String() }),
    status: Type.String({ description: 'active, completed, employed, dropped or ended' }), since: Moment, endedAt: Nullable(Moment),
    session: Nullable(Strict({ title: Type.String(), startsOn: IsoDate, endsOn: IsoDate })),
    attendance: Nullable(Strict({ days: Type.Integer(), present: Type.Integer() })),
    followUpOn: Nullable(IsoDate), followedUpAt: Nullable(Moment), followUpNote: Nullable(Type.String()),
  }), { description: 'Enrolments in programmes, newest first' }),
});

export const AccessLogQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) });
const OrgKind = Type.Union([Type.Literal('ministry'), Type.Literal('charity')]);

export const AccessEntry = Named('AccessEntry', {
  at: Moment, action: Type.String(), subjectType: Nullable(Type.String({ description: 'What was read or changed: household, request, …' })), organisation: Nullable(Strict({ name: Type.String(), kind: Nullable(OrgKind) })), role: Nullable(Type.String()),
  reason: Nullable(Type.String({ description: 'An older entry\'s free-text reason, as written' })),
  purpose: Nullable(Type.String({ description: "The purpose code (a lookup's, a case's; registry/lookups.ts ACCESS_PURPOSES), rendered in the reader's language" })),
  firstAt: Moment, // when the viewing session began (equals at for a single read)
  views: Type.Integer({ minimum: 1, description: 'Reads of the same file by the same person for the same purpose in one viewing session, shown as one entry' }),
});
export const AccessLog = Strict({ householdId: Uuid, items: Type.Array(Ref(AccessEntry)) });

export const KARDEX_SCHEMAS = [HouseholdHistory, AccessEntry];

/** The service record with every amount also as decimal text in the deployment's currency. */
export function historyView<R extends { amountMinor: number | null }, G extends { amountMinor: number | null }, E, P>(h: { householdId: string; householdRef: string; requests: R[]; grants: G[]; exceptions: E[]; programmes: P[] }, currency: Currency) {
  const money = (minor: number | null) => (minor === null ? null : formatMinor(minor, currency));
  return {
    householdId: h.householdId,
    householdRef: h.householdRef,
    currency: currency.code,
    requests: h.requests.map((r) => ({ ...r, amount: money(r.amountMinor) })),
    grants: h.grants.map((g) => ({ ...g, amount: money(g.amountMinor) })),
    exceptions: h.exceptions,
    programmes: h.programmes,
  };
}
