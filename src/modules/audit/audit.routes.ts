/**
 * The audit trail over HTTP: the ministry searches it and checks the chain; an applicant sees who
 * accessed their household's data and when.
 */
import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { DateTime, Uuid, errors } from '../../http/schemas.js';
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
        querystring: Type.Object({
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
        }),
        response: { ...errors(400, 401, 403) },
      },
    },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const q = req.query;
        const limit = q.limit ?? 100;
        const rows = await auditRepository.search(trx, { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, limit: limit + 1 });
        const page = rows.slice(0, limit);
        return {
          items: page.map((r) => ({
            seq: r.seq, at: r.at, action: r.action,
            actor: { userId: r.actor_user, orgId: r.actor_org, orgName: r.org_name, orgKind: r.org_kind, role: r.actor_role },
            subject: { type: r.subject_type, id: r.subject_id }, householdId: r.household_id, reason: r.reason, details: r.details, sealed: r.chain_pos !== null,
          })),
          nextCursor: rows.length > limit ? page[page.length - 1]!.seq : null,
        };
      }),
  );

  app.get(
    '/audit/verify',
    { config: { permission: 'audit:read' }, schema: { tags: ['audit'], summary: 'Walk the hash chain; names the first entry altered or removed', response: { ...errors(401, 403) } } },
    async (req) => app.mizan.tx(req, (trx) => verifyChain(trx)),
  );

  app.get(
    '/me/access-log',
    {
      config: { permission: 'audit:own' },
      schema: {
        tags: ['me'],
        summary: "Who accessed my household's data and when (applicants): reads, changes, and every answer to whether a member's national ID is registered (action registry.lookup, with its purpose code). Organisations are named, their staff members are not",
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
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
