import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { AmountInput, DateTime, IsoDate, NationalIdInput, Nullable, Uuid, errors } from '../../http/schemas.js';
import { notFound } from '../../shared/problem.js';
import { formatMinor } from '../../shared/money.js';
import { mayReadHousehold } from '../registry/registry.service.js';
import { requestsRepository } from './requests.repository.js';
import { submitRequestTraced } from './submit-request.js';
import { afterCommit } from '../registry/lookups.js';
import { assertPoolReader, listPool, normalisePoolQuery, poolQueryKey } from './pool.js';
import { PoolPageCache } from './pool-cache.js';
import { claimRequest, releaseRequest } from './claim-request.js';
import { readCase } from './case-view.js';
import { assessRequest } from './assess-request.js';
import { approveRequest, rejectRequest } from './decide-request.js';
import { reassignRequest, reassignmentSuggestions } from './reassign-request.js';
import { charityQueue, myRequests } from './lists.js';
import { iso, isoOrNull } from './timeline.js';
import type { RequestStatus } from '../../db/schema.js';

const Id = Type.Object({ id: Uuid });
const Status = Type.Union([Type.Literal('open'), Type.Literal('claimed'), Type.Literal('escalated'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn')]);

/** Exactly the anonymous fields; the serializer drops anything else and the leak test checks it. */
export const PoolItemSchema = Type.Object(
  {
    id: Uuid,
    aidType: Type.String(),
    basket: Type.String(),
    nationality: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2 of the head of household' })),
    householdSize: Type.Integer(),
    region: Type.String({ description: "Region at the deployment's anonymous level (level 1)" }),
    submittedAt: DateTime,
    deadlineAt: DateTime,
    priority: Type.Integer(),
  },
  { additionalProperties: false },
);

const RequestSummary = Type.Object(
  { id: Uuid, status: Status, aidType: Type.String(), householdId: Uuid, claimedByOrg: Nullable(Uuid), claimedAt: Nullable(DateTime), deadlineAt: DateTime },
  { additionalProperties: false },
);
const summary = (r: { id: string; status: RequestStatus; aid_type_code: string; household_id: string; claimed_by_org: string | null; claimed_at: Date | null; deadline_at: Date }) => ({
  id: r.id, status: r.status, aidType: r.aid_type_code, householdId: r.household_id, claimedByOrg: r.claimed_by_org, claimedAt: isoOrNull(r.claimed_at), deadlineAt: iso(r.deadline_at),
});

const Member = Type.Object({
  personId: Uuid, nationalId: Type.String(), fullName: Type.String(), relation: Type.String(), birthDate: Nullable(IsoDate), sex: Nullable(Type.String()), nationality: Type.String(), phone: Nullable(Type.String()),
}, { additionalProperties: false });

const CaseSchema = Type.Object(
  {
    request: Type.Object({
      id: Uuid, aidType: Type.String(), group: Type.String(), status: Status, priority: Type.Integer(), justification: Type.String(),
      amount: Nullable(Type.String()), item: Nullable(Type.String()), quantity: Nullable(Type.Integer()),
      submittedAt: DateTime, claimedAt: Nullable(DateTime), deadlineAt: DateTime, decidedAt: Nullable(DateTime), decisionReason: Nullable(Type.String()), grantId: Nullable(Uuid),
    }, { additionalProperties: false }),
    household: Type.Object({ id: Uuid, region: Type.String(), address: Nullable(Type.String()), phone: Nullable(Type.String()), members: Type.Array(Member) }, { additionalProperties: false }),
    aidElsewhere: Type.Array(Type.Object({
      aidType: Type.String(), date: IsoDate, amount: Nullable(Type.String()),
      organisationKind: Type.Union([Type.Literal('ministry'), Type.Literal('charity')]),
    }, { additionalProperties: false }), { description: 'Aid the household received from anyone: type, date, amount and the kind of organisation only' }),
    timeline: Type.Array(Type.Object({
      at: DateTime, event: Type.String(),
      by: Type.String({ description: "'your organisation', 'another charity', 'ministry', 'system' or 'applicant'" }),
      reason: Type.Optional(Type.String()), orgId: Type.Optional(Uuid),
    }, { additionalProperties: false })),
    assessment: Nullable(Type.Object({ notes: Type.String(), documents: Type.Array(Type.String()), updatedAt: DateTime }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const GrantSchema = Type.Object({
  id: Uuid, householdId: Uuid, personId: Nullable(Uuid), orgId: Uuid, aidType: Type.String(), group: Type.String(), form: Type.String(),
  amountMinor: Nullable(Type.Integer()), amount: Nullable(Type.String()), currency: Nullable(Type.String()), item: Nullable(Type.String()), quantity: Nullable(Type.Integer()),
  grantedOn: IsoDate, exceptionId: Nullable(Uuid), status: Type.String(), requestId: Nullable(Uuid),
}, { additionalProperties: false });

export async function requestsRoutes(app: App) {
  const { dep } = app.mizan;
  const now = () => app.mizan.clock.now();

  app.post(
    '/requests',
    {
      config: { permission: 'request:create' },
      schema: {
        tags: ['requests'],
        summary: 'Submit an aid request (an applicant for their household, or staff on their behalf). 409 open-request-exists names the open request of the same exclusivity group.',
        body: Type.Object(
          {
            householdId: Type.Optional(Uuid),
            beneficiaryNationalId: Type.Optional(NationalIdInput),
            aidTypeCode: Type.String({ minLength: 1, maxLength: 64 }),
            amount: Type.Optional(AmountInput),
            item: Type.Optional(Type.String({ maxLength: 200 })),
            quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
            justification: Type.String({ minLength: 3, maxLength: 4000 }),
            priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 3, description: 'Staff only: 0 normal … 3 most urgent' })),
          },
          { additionalProperties: false },
        ),
        response: { ...errors(400, 401, 403, 409, 413) },
      },
    },
    async (req, reply) => {
      // Staff by national ID: a refusal commits the trace of the lookup it answered, then is thrown.
      const r = afterCommit(await app.mizan.tx(req, (trx) => submitRequestTraced(trx, req.actor!, dep, app.mizan.clock, req.body)));
      return reply.status(201).send({ id: r.id, status: r.status, aidType: r.aid_type_code, householdId: r.household_id, submittedAt: r.submitted_at, deadlineAt: r.deadline_at });
    },
  );

  app.get(
    '/requests/mine',
    {
      config: { permission: 'request:mine' },
      schema: {
        tags: ['requests'],
        summary: "The applicant's household's requests: status, deadline and the reason of a rejection",
        response: {
          200: Type.Object({
            householdId: Nullable(Uuid),
            items: Type.Array(Type.Object({
              id: Uuid, aidType: Type.String(), basket: Type.String(), status: Status, submittedAt: DateTime, deadlineAt: DateTime,
              decidedAt: Nullable(DateTime), decisionReason: Nullable(Type.String()), charity: Nullable(Type.String()), grantId: Nullable(Uuid),
            }, { additionalProperties: false })),
          }, { additionalProperties: false }),
          ...errors(401, 403),
        },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => myRequests(trx, req.actor!, dep)),
  );

  app.get(
    '/pool',
    {
      config: { permission: 'pool:read' },
      schema: {
        tags: ['requests'],
        summary: 'The anonymous pool: open, unclaimed requests of the aid types my charity offers in the regions it serves. No name, ID, phone, address or free text.',
        querystring: Type.Object({
          aidType: Type.Optional(Type.String({ maxLength: 64 })),
          basket: Type.Optional(Type.String({ maxLength: 64 })),
          region: Type.Optional(Type.String({ maxLength: 16 })),
          nationality: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
          householdSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          sort: Type.Optional(Type.Union([Type.Literal('deadline'), Type.Literal('priority')])),
          cursor: Type.Optional(Type.String({ maxLength: 400 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(PoolItemSchema), nextCursor: Nullable(Type.String()) }, { additionalProperties: false }), ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      // A page served a moment ago to this charity is sent again as it was (pool-cache.ts): no
      // transaction, no serialisation. Who is asking was checked before, as on every request.
      const actor = req.actor!;
      assertPoolReader(actor);
      const pages = app.mizan.poolPages;
      const key = PoolPageCache.key(actor.orgId, poolQueryKey(normalisePoolQuery(dep, req.query)));
      const body = pages.get(key) ?? (await pages.load(key, async () => reply.serialize(await app.mizan.tx(req, (trx) => listPool(trx, actor, dep, req.query))) as string));
      // JSON text, already serialised by this route's response schema: Fastify sends it as it is
      return reply.header('content-type', 'application/json; charset=utf-8').send(body as never);
    },
  );

  app.get(
    '/queue',
    {
      config: { permission: 'request:queue' },
      schema: {
        tags: ['requests'],
        summary: 'The requests my charity holds, soonest deadline first',
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({
              id: Uuid, householdId: Uuid, status: Type.Literal('claimed'), aidType: Type.String(), basket: Type.String(), region: Type.String(), priority: Type.Integer(),
              submittedAt: DateTime, claimedAt: Nullable(DateTime), deadlineAt: DateTime, reassigned: Type.Boolean(), daysLeft: Type.Integer(), overdue: Type.Boolean(),
            }, { additionalProperties: false })),
          }, { additionalProperties: false }),
          ...errors(401, 403),
        },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => charityQueue(trx, req.actor!, now())),
  );

  app.get(
    '/requests/:id',
    { config: { permission: 'request:read' }, schema: { tags: ['requests'], summary: 'One request (its household must be visible to you)', params: Id } },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const r = await requestsRepository.findById(trx, req.params.id);
        if (!r || !(await mayReadHousehold(trx, req.actor!, r.household_id))) throw notFound('The request');
        return {
          id: r.id, householdId: r.household_id, aidType: r.aid_type_code, group: r.group_code, status: r.status, justification: r.justification,
          amountMinor: r.amount_minor, amount: r.amount_minor === null ? null : formatMinor(r.amount_minor, dep.currency), item: r.item, quantity: r.quantity,
          submittedAt: r.submitted_at, deadlineAt: r.deadline_at, claimedByOrg: r.claimed_by_org, decidedAt: r.decided_at, decisionReason: r.decision_reason, grantId: r.grant_id,
        };
      }),
  );

  app.post(
    '/requests/:id/claim',
    {
      config: { permission: 'request:claim' },
      schema: { tags: ['requests'], summary: 'Take up a request from the pool. Exactly one charity wins; the others get 409 already-claimed.', params: Id, response: { 200: RequestSummary, ...errors(401, 403, 404, 409) } },
    },
    async (req) => summary(await app.mizan.tx(req, (trx) => claimRequest(trx, req.actor!, req.params.id, now()))),
  );

  app.post(
    '/requests/:id/release',
    {
      config: { permission: 'request:release' },
      schema: {
        tags: ['requests'], summary: 'Give a claimed request back to the pool, with a reason', params: Id,
        body: Type.Object({ reason: Type.String({ minLength: 5, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: RequestSummary, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => summary(await app.mizan.tx(req, (trx) => releaseRequest(trx, req.actor!, req.params.id, req.body.reason, now()))),
  );

  app.get(
    '/requests/:id/case',
    {
      config: { permission: 'request:case' },
      schema: {
        tags: ['requests'],
        summary: 'The case (an audited reveal): the household, its members, aid received (type, date, amount, kind of organisation), the timeline and my assessment. Only the charity holding the request, and the ministry.',
        params: Id,
        querystring: Type.Object({ purpose: Type.Optional(Type.String({ minLength: 3, maxLength: 300, description: 'Why the data is read (written to the audit trail)' })) }, { additionalProperties: false }),
        response: { 200: CaseSchema, ...errors(401, 403, 404) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => readCase(trx, req.actor!, dep, req.params.id, req.query.purpose ?? 'case study', now())),
  );

  app.put(
    '/requests/:id/assessment',
    {
      config: { permission: 'request:assess' },
      schema: {
        tags: ['requests'], summary: "The social researcher's assessment (notes and documents referenced); visible to my organisation only", params: Id,
        body: Type.Object({ notes: Type.String({ minLength: 1, maxLength: 20000 }), documents: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ notes: Type.String(), documents: Type.Array(Type.String()), updatedAt: DateTime }, { additionalProperties: false }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => assessRequest(trx, req.actor!, req.params.id, req.body, now())),
  );

  app.post(
    '/requests/:id/approve',
    {
      config: { permission: 'request:decide' },
      schema: {
        tags: ['requests'],
        summary: 'Approve: creates the grant through the no-duplicate rule. 409 duplicate-aid (same body as POST /grants) leaves the request claimed.',
        params: Id,
        body: Type.Object({
          amount: Type.Optional(AmountInput),
          item: Type.Optional(Type.String({ maxLength: 200 })),
          quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
        }, { additionalProperties: false }),
        response: { 201: GrantSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const result = await app.mizan.tx(req, (trx) => approveRequest(trx, req.actor!, dep, app.mizan.clock, req.params.id, req.body ?? {}));
      if ('refused' in result) throw result.refused;
      const g = result.grant;
      return reply.status(201).send({
        id: g.id, householdId: g.household_id, personId: g.person_id, orgId: g.org_id, aidType: g.aid_type_code, group: g.group_code, form: g.form,
        amountMinor: g.amount_minor, amount: g.amount_minor === null ? null : formatMinor(g.amount_minor, dep.currency), currency: g.currency,
        item: g.item, quantity: g.quantity, grantedOn: g.granted_on, exceptionId: g.exception_id, status: g.status, requestId: g.request_id,
      });
    },
  );

  app.post(
    '/requests/:id/reject',
    {
      config: { permission: 'request:decide' },
      schema: {
        tags: ['requests'], summary: 'Reject, with a reason the applicant reads', params: Id,
        body: Type.Object({ reason: Type.String({ minLength: 5, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: RequestSummary, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => summary(await app.mizan.tx(req, (trx) => rejectRequest(trx, req.actor!, req.params.id, req.body.reason, now()))),
  );

  app.get(
    '/requests/:id/suggestions',
    {
      config: { permission: 'request:reassign' },
      schema: {
        tags: ['oversight'],
        summary: 'Charities an escalated request may go to, best first: offers the aid type, serves the region, lowest load of overdue work; never the charity that let it lapse',
        params: Id,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({
              rank: Type.Integer(), orgId: Uuid, name: Type.String(), overdueLoad: Type.Integer(), overdueNow: Type.Integer(), escalatedLast90Days: Type.Integer(), claimed: Type.Integer(),
            }, { additionalProperties: false })),
          }, { additionalProperties: false }),
          ...errors(401, 403, 404, 409),
        },
      },
    },
    async (req) => ({ items: await app.mizan.tx(req, (trx) => reassignmentSuggestions(trx, req.params.id, now())) }),
  );

  app.post(
    '/requests/:id/reassign',
    {
      config: { permission: 'request:reassign' },
      schema: {
        tags: ['oversight'], summary: 'Give an escalated request to another suitable charity; it holds it at once with a new deadline', params: Id,
        body: Type.Object({ orgId: Uuid }, { additionalProperties: false }),
        response: { 200: RequestSummary, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => summary(await app.mizan.tx(req, (trx) => reassignRequest(trx, req.actor!, dep, req.params.id, req.body.orgId, now(), 'manual'))),
  );
}
