/**
 * The read models over HTTP: a household's service record (kardex) and the applicant's log of who
 * accessed their household's data. This module owns no table: it composes the registry's, the
 * requests', the grants' and the audit trail's published reads.
 */
import type { App } from '../../http/app.js';
import { IdParams, Ref, errors } from '../../http/schemas.js';
import { AccessLog, AccessLogQuery, HouseholdHistory, historyView } from './kardex.contracts.js';
import { accessLog } from './access-log.js';
import { householdHistory } from './household-history.js';

export async function kardexRoutes(app: App) {
  const { dep } = app.mizan;

  app.get(
    '/households/:id/history',
    { config: { permission: 'household:read' }, schema: { tags: ['households'], summary: 'The service record (kardex): every request and grant across all charities', params: IdParams, response: { 200: Ref(HouseholdHistory), ...errors(401, 403, 404) } } },
    async (req) => app.mizan.tx(req, async (trx) => historyView(await householdHistory(trx, req.actor!, req.params.id), dep.currency)),
  );

  app.get(
    '/me/access-log',
    {
      config: { permission: 'audit:own' },
      schema: {
        tags: ['me'],
        summary: "Who accessed my household's data and when (applicants), newest first, one entry per viewing session (views counts the reads): reads, changes, and every answer to whether a member's national ID is registered (action registry.lookup); a purpose is a code. Organisations are named, their staff members are not",
        querystring: AccessLogQuery,
        response: { 200: AccessLog, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => accessLog(trx, req.actor!, dep, req.query.limit ?? 200)),
  );
}
