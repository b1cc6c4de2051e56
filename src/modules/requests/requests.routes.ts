import type { App } from '../../http/app.js';
import { IdParams, Ref, errors } from '../../http/schemas.js';
import { notFound } from '../../shared/problem.js';
import { Grant, grantView } from '../grants/grants.contracts.js';
import {
  AidRequest, ApproveBody, Assessment, AssessmentBody, Case, CaseQuery, MyRequestDetail, MyRequests, PoolPage, PoolQuery, QueuePage, ReassignBody, ReasonBody, RequestBody, RequestCreated, RequestSummary, SuggestionsPage,
  requestCreatedView, requestView, summary,
} from './requests.contracts.js';
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
import { myRequestDetail } from './my-request.js';

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
        body: RequestBody,
        response: { 201: RequestCreated, ...errors(400, 401, 403, 404, 409, 413, 429) },
      },
    },
    async (req, reply) => {
      // Staff by national ID: a refusal commits the trace of the lookup it answered, then is thrown.
      const r = afterCommit(await app.mizan.tx(req, (trx) => submitRequestTraced(trx, req.actor!, dep, app.mizan.clock, req.body)));
      return reply.status(201).send(requestCreatedView(r));
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
          200: MyRequests,
          ...errors(401, 403),
        },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => myRequests(trx, req.actor!, dep)),
  );

  app.get(
    '/requests/mine/:id',
    {
      config: { permission: 'request:mine' },
      schema: {
        tags: ['requests'],
        summary: "One of the applicant's household's requests with its timeline: each step with the organisation that took it (never a staff member), the reason of a rejection, and whether a new request may be submitted",
        params: IdParams,
        response: { 200: Ref(MyRequestDetail), ...errors(401, 403, 404) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => myRequestDetail(trx, req.actor!, dep, req.params.id)),
  );

  app.get(
    '/pool',
    {
      config: { permission: 'pool:read' },
      schema: {
        tags: ['requests'],
        summary: 'The anonymous pool: open, unclaimed requests of the aid types my charity offers in the regions it serves. No name, ID, phone, address or free text.',
        querystring: PoolQuery,
        response: { 200: PoolPage, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      // A page served a moment ago to this charity is sent again as it was (pool-cache.ts): no
      // transaction, no serialisation. Who is asking was checked before, as on every request.
      const actor = req.actor!;
      assertPoolReader(actor);
      const pages = app.mizan.poolPages;
      const key = PoolPageCache.key(actor.orgId, poolQueryKey(normalisePoolQuery(dep, req.query)));
      const body = pages.get(key) ?? (await pages.load(key, async () => reply.serialize(await app.mizan.tx(req, (trx) => listPool(trx, actor, dep, req.query, now()))) as string));
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
          200: QueuePage,
          ...errors(401, 403),
        },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => charityQueue(trx, req.actor!, now())),
  );

  app.get(
    '/requests/:id',
    { config: { permission: 'request:read' }, schema: { tags: ['requests'], summary: 'One request (its household must be visible to you)', params: IdParams, response: { 200: Ref(AidRequest), ...errors(401, 403, 404) } } },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const r = await requestsRepository.findById(trx, req.params.id);
        if (!r || !(await mayReadHousehold(trx, req.actor!, r.household_id))) throw notFound('The request');
        return requestView(r, dep.currency);
      }),
  );

  app.post(
    '/requests/:id/claim',
    {
      config: { permission: 'request:claim' },
      schema: { tags: ['requests'], summary: 'Take up a request from the pool. Exactly one charity wins; the others get 409 already-claimed.', params: IdParams, response: { 200: Ref(RequestSummary), ...errors(401, 403, 404, 409) } },
    },
    async (req) => summary(await app.mizan.tx(req, (trx) => claimRequest(trx, req.actor!, req.params.id, now()))),
  );

  app.post(
    '/requests/:id/release',
    {
      config: { permission: 'request:release' },
      schema: {
        tags: ['requests'], summary: 'Give a claimed request back to the pool, with a reason', params: IdParams,
        body: ReasonBody,
        response: { 200: Ref(RequestSummary), ...errors(400, 401, 403, 404, 409) },
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
        params: IdParams,
        querystring: CaseQuery,
        response: { 200: Ref(Case), ...errors(401, 403, 404) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => readCase(trx, req.actor!, dep, req.params.id, req.query.purpose ?? 'case-study', now())),
  );

  app.put(
    '/requests/:id/assessment',
    {
      config: { permission: 'request:assess' },
      schema: {
        tags: ['requests'], summary: "The social researcher's assessment (notes and documents referenced); visible to my organisation only", params: IdParams,
        body: AssessmentBody,
        response: { 200: Ref(Assessment), ...errors(400, 401, 403, 404, 409) },
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
        params: IdParams,
        body: ApproveBody,
        response: { 201: Ref(Grant), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const result = await app.mizan.tx(req, (trx) => approveRequest(trx, req.actor!, dep, app.mizan.clock, req.params.id, req.body ?? {}));
      if ('refused' in result) throw result.refused;
      const g = result.grant;
      return reply.status(201).send(grantView(g, dep.currency));
    },
  );

  app.post(
    '/requests/:id/reject',
    {
      config: { permission: 'request:decide' },
      schema: {
        tags: ['requests'], summary: 'Reject, with a reason the applicant reads', params: IdParams,
        body: ReasonBody,
        response: { 200: Ref(RequestSummary), ...errors(400, 401, 403, 404, 409) },
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
        params: IdParams,
        response: {
          200: SuggestionsPage,
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
        tags: ['oversight'], summary: 'Give an escalated request to another suitable charity; it holds it at once with a new deadline', params: IdParams,
        body: ReassignBody,
        response: { 200: Ref(RequestSummary), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => summary(await app.mizan.tx(req, (trx) => reassignRequest(trx, req.actor!, dep, req.params.id, req.body.orgId, now(), 'manual'))),
  );
}
