/**
 * The read models over HTTP: a household's service record (kardex) and the applicant's log of who
 * accessed their household's data. This module owns no table: it composes the registry's, the
 * requests', the grants' and the audit trail's published reads.
 */
import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { Uuid } from '../../http/schemas.js';
import { formatMinor } from '../../shared/money.js';
import { accessLog } from './access-log.js';
import { householdHistory } from './household-history.js';

export async function kardexRoutes(app: App) {
  const { dep } = app.mizan;

  app.get(
    '/households/:id/history',
    { config: { permission: 'household:read' }, schema: { tags: ['households'], summary: 'The service record (kardex): every request and grant across all charities', params: Type.Object({ id: Uuid }) } },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const h = await householdHistory(trx, req.actor!, req.params.id);
        const money = (minor: number | null) => (minor === null ? null : formatMinor(minor, dep.currency));
        return {
          householdId: h.householdId,
          currency: dep.currency.code,
          requests: h.requests.map((r) => ({ ...r, amount: money(r.amountMinor) })),
          grants: h.grants.map((g) => ({ ...g, amount: money(g.amountMinor) })),
        };
      }),
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
    async (req) => app.mizan.tx(req, (trx) => accessLog(trx, req.actor!, dep, req.query.limit ?? 200)),
  );
}
