import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { DateTime, IsoDate, Nullable, Uuid, errors } from '../../http/schemas.js';
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
          200: Type.Object({
            items: Type.Array(Type.Object({
              orgId: Uuid, name: Type.String(), pending: Type.Integer(), claimed: Type.Integer(), overdue: Type.Integer(), escalated: Type.Integer(), decided: Type.Integer(),
              medianHoursToAct: Nullable(Type.Number()), shareWithinDeadline: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
            }, { additionalProperties: false })),
          }, { additionalProperties: false }),
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
          200: Type.Object({
            items: Type.Array(Type.Object({
              id: Uuid, householdId: Uuid, aidType: Type.String(), basket: Type.String(), region: Type.String(), priority: Type.Integer(),
              submittedAt: DateTime, deadlineAt: DateTime, escalatedAt: DateTime, fromOrg: Nullable(Type.Object({ id: Uuid, name: Type.String() })), round: Type.Integer(),
            }, { additionalProperties: false })),
          }, { additionalProperties: false }),
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
        querystring: Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            from: IsoDate,
            to: IsoDate,
            rule: Type.Object({ factor: Type.Number(), minimum: Type.Integer(), historyDays: Type.Integer() }, { additionalProperties: false }),
            items: Type.Array(Type.Object({
              orgId: Uuid, name: Type.String(), day: IsoDate, lookups: Type.Integer(), found: Type.Integer(), notFound: Type.Integer(),
              ownMedian: Nullable(Type.Number()), peerMedian: Nullable(Type.Number()), flagged: Type.Boolean(),
              reasons: Type.Array(Type.Union([Type.Literal('own-history'), Type.Literal('peers')])),
            }, { additionalProperties: false })),
          }, { additionalProperties: false }),
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
    async (req) => app.mizan.tx(req, (trx) => searchAudit(trx, req.query)),
  );
}
