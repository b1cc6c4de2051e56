/**
 * The audit trail over HTTP: the ministry searches it and checks the chain; an applicant sees who
 * accessed their household's data and when.
 */
import type { App } from '../../http/app.js';
import { Ref, errors } from '../../http/schemas.js';
import { AccessLog, AccessLogQuery, AuditPage, AuditQuery, ChainVerification, auditEntryView } from './audit.contracts.js';
import { notFound } from '../../shared/problem.js';
import { auditRepository } from './audit.repository.js';
import { verifyChain } from './audit.chain.js';
import { householdsRepository } from '../registry/registry.repository.js';
import { transparencyRoutes, type TransparencyOptions } from './transparency.routes.js';
import { LOOKUP_ACTION } from '../registry/lookups.js';

export async function auditRoutes(app: App, opts: { transparency?: TransparencyOptions | undefined } = {}) {
  const { dep } = app.mizan;
  await app.register(transparencyRoutes, { transparency: opts.transparency });

  app.get(
    '/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail (ministry), newest first',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errors(400, 401, 403) },
      },
    },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const q = req.query;
        const limit = q.limit ?? 100;
        const rows = await auditRepository.search(trx, { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, limit: limit + 1 });
        const page = rows.slice(0, limit);
        return {
          items: page.map(auditEntryView),
          nextCursor: rows.length > limit ? page[page.length - 1]!.seq : null,
        };
      }),
  );

  app.get(
    '/audit/verify',
    { config: { permission: 'audit:read' }, schema: { tags: ['audit'], summary: 'Walk the hash chain; names the first entry altered or removed', response: { 200: Ref(ChainVerification), ...errors(401, 403) } } },
    async (req) => app.mizan.tx(req, (trx) => verifyChain(trx)),
  );

  app.get(
    '/me/access-log',
    {
      config: { permission: 'audit:own' },
      schema: {
        tags: ['me'],
        summary: "Who accessed my household's data and when (applicants): reads, changes, and every answer to whether a member's national ID is registered (action registry.lookup, with its purpose code). Organisations are named, their staff members are not",
        querystring: AccessLogQuery,
        response: { 200: AccessLog, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const a = req.actor!;
        const hit = a.nationalId ? await householdsRepository.householdOfNationalId(trx, dep.idScheme, a.nationalId) : undefined;
        if (!hit) throw notFound('Your household');
        const rows = await auditRepository.listForHousehold(trx, hit.household_id, req.query.limit ?? 200);
        return {
          householdId: hit.household_id,
          items: rows
            .filter((r) => r.actor_user !== a.userId)
            // A lookup's reason is its purpose code (registry/lookups.ts), which the reader's language renders.
            .map((r) => {
              const lookup = r.action === LOOKUP_ACTION;
              return { at: r.at, action: r.action, organisation: r.org_name ? { name: r.org_name, kind: r.org_kind } : null, role: r.actor_role, reason: lookup ? null : r.reason, purpose: lookup ? r.reason : null };
            }),
        };
      }),
  );
}
