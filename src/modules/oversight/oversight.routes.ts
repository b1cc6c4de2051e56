import type { App } from '../../http/app.js';
import { errors } from '../../http/schemas.js';
import { AuditPage, AuditQuery, CharityFiguresPage, EscalatedPage, LookupVolumes, LookupsQuery } from './oversight.contracts.js';
import { charityOversight, escalatedRequests } from './oversight.service.js';
import { lookupRange, lookupVolumes } from './lookups.js';
import { searchAudit } from './audit-search.js';

export async function oversightRoutes(app: App) {
  app.get(
    '/oversight/charities',
    {
      config: { permission: 'oversight:read' },
      schema: {
        tags: ['oversight'],
        summary: 'Per charity: pending, claimed, overdue and escalated requests, median hours from claim to decision, share completed within the deadline',
        response: {
          200: CharityFiguresPage,
          ...errors(401, 403),
        },
      },
    },
    async (req) => ({ items: await app.mizan.tx(req, (trx) => charityOversight(trx, app.mizan.clock.now())) }),
  );

  app.get(
    '/oversight/escalated',
    {
      config: { permission: 'oversight:read' },
      schema: {
        tags: ['oversight'],
        summary: 'Requests that passed their deadline and wait for reassignment, oldest first',
        response: {
          200: EscalatedPage,
          ...errors(401, 403),
        },
      },
    },
    async (req) => ({ items: await app.mizan.tx(req, (trx) => escalatedRequests(trx)) }),
  );

  app.get(
    '/oversight/lookups',
    {
      config: { permission: 'oversight:read' },
      schema: {
        tags: ['oversight'],
        summary: 'National-ID lookups per charity per day (UTC), found and not found, with a flag for unusual volumes: at least lookup_flag_minimum lookups and more than lookup_flag_factor times the charity\'s own median busy day of the previous 28 days, or the median of the other charities that day',
        querystring: LookupsQuery,
        response: {
          200: LookupVolumes,
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const range = lookupRange(req.query, app.mizan.clock.now());
      return app.mizan.tx(req, (trx) => lookupVolumes(trx, range));
    },
  );

  app.get(
    '/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail (ministry), newest first; by a person\'s national ID (itself audited), an organisation, an action, a period',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errors(400, 401, 403) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => searchAudit(trx, req.actor!, app.mizan.dep, req.query)),
  );
}
