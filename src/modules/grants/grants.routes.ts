import type { App } from '../../http/app.js';
import { IdParams, Ref, errors } from '../../http/schemas.js';
import {
  DateFindings, DateFindingsQuery, ExceptionBody, ExceptionCreated, ExceptionDecided, ExceptionDecisionBody, ExceptionsQuery, Grant, OwnExceptionsQuery, GrantBody, GrantExceptions, RevokeBody,
  dateFindingView, exceptionCreatedView, grantView, type GrantRowView,
} from './grants.contracts.js';
import { notFound } from '../../shared/problem.js';
import { decideException, listOwnExceptions, requestExceptionTraced, revokeGrant } from './grants.service.js';
import { afterCommit } from '../registry/lookups.js';
import { grantsRepository } from './grants.repository.js';
import { mayReadHousehold } from '../registry/registry.service.js';

export async function grantsRoutes(app: App) {
  const { dep } = app.mizan;
  const view = (g: GrantRowView) => grantView(g, dep.currency);

  app.post(
    '/grants',
    {
      config: { permission: 'grant:create' },
      schema: {
        tags: ['grants'],
        summary: 'Record aid given. Refused with 409 duplicate-aid when the household already received aid of the same group inside the window. grantedOn (default today, in the deployment\'s time zone) may not be after today (400 future-date) nor before the household or member was registered (400 before-registration), and at most backdate_days back unless it cites an approved back-dating exception (409 backdate-needs-approval).',
        body: GrantBody,
        response: { 201: Ref(Grant), ...errors(400, 401, 403, 409, 413) },
      },
    },
    // Not in a request transaction of its own: grants recorded at the same moment share one (grant-batcher.ts).
    async (req, reply) => reply.status(201).send(view(await app.mizan.grants.grant(req.actor!, req.body))),
  );

  app.get(
    '/grants/date-findings',
    {
      config: { permission: 'oversight:read' },
      schema: {
        tags: ['grants'],
        summary: 'Grants recorded before the date rules that the rules would now refuse (found by migration 0011, not changed)',
        querystring: DateFindingsQuery,
        response: { 200: DateFindings, ...errors(400, 401, 403) },
      },
    },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const rows = await grantsRepository.listDateFindings(trx, { finding: req.query.finding, limit: req.query.limit ?? 200 });
        return rows.map(dateFindingView);
      }),
  );

  app.get(
    '/grants/:id',
    { config: { permission: 'grant:read' }, schema: { tags: ['grants'], summary: 'One grant', params: IdParams, response: { 200: Ref(Grant), ...errors(401, 403, 404) } } },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const g = await grantsRepository.findById(trx, req.params.id);
        if (!g || !(await mayReadHousehold(trx, req.actor!, g.household_id))) throw notFound('The grant');
        return view(g);
      }),
  );

  app.post(
    '/grants/:id/revoke',
    {
      config: { permission: 'grant:revoke' },
      schema: { tags: ['grants'], summary: 'Revoke a grant recorded in error (it stops blocking)', params: IdParams, body: RevokeBody, response: { 200: Ref(Grant), ...errors(400, 401, 403, 404) } },
    },
    async (req) => view(await app.mizan.tx(req, (trx) => revokeGrant(trx, req.actor!, req.params.id, req.body.reason))),
  );

  app.post(
    '/exceptions',
    {
      config: { permission: 'exception:request' },
      schema: {
        tags: ['grants'],
        summary: 'Ask a supervisor to allow a repeat of the same aid for a documented new need',
        body: ExceptionBody,
        response: { 201: ExceptionCreated, ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (req, reply) => {
      // By national ID, a refusal commits the trace of the lookup it answered, then is thrown.
      const ex = afterCommit(await app.mizan.tx(req, (trx) => requestExceptionTraced(trx, req.actor!, dep, req.body, app.mizan.clock.now())));
      return reply.status(201).send(exceptionCreatedView(ex));
    },
  );

  app.get(
    '/exceptions',
    { config: { permission: 'exception:decide' }, schema: { tags: ['grants'], summary: 'Exceptions waiting for a decision', querystring: ExceptionsQuery, response: { 200: GrantExceptions, ...errors(401, 403) } } },
    async (req) => app.mizan.tx(req, (trx) => grantsRepository.listExceptions(trx, { status: req.query.status ?? 'pending' })),
  );

  app.get(
    '/exceptions/mine',
    {
      config: { permission: 'exception:request' },
      schema: {
        tags: ['grants'],
        summary: "The organisation's own exceptions, by default the approved ones not yet used (the grant forms offer them), optionally for one household",
        querystring: OwnExceptionsQuery,
        response: { 200: GrantExceptions, ...errors(400, 401, 403) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => listOwnExceptions(trx, req.actor!, req.query)),
  );

  app.post(
    '/exceptions/:id/decision',
    {
      config: { permission: 'exception:decide' },
      schema: {
        tags: ['grants'],
        summary: 'A supervisor approves or rejects a documented exception',
        params: IdParams,
        body: ExceptionDecisionBody,
        response: { 200: ExceptionDecided, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const ex = await app.mizan.tx(req, (trx) => decideException(trx, req.actor!, app.mizan.clock, req.params.id, req.body.decision, req.body.note ?? null));
      return { id: ex.id, status: ex.status };
    },
  );
}
