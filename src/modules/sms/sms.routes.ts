/**
 * The SMS routes: the ministry's summary (no numbers, no texts), and the HTTP gateway's delivery
 * reports and replies, which carry the shared secret (MIZAN_SMS_DLR_SECRET) instead of a sign-in
 * and are recorded as the system. Registered by the invitations' routes, which give the hooks.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { App } from '../../http/app.js';
import { NoBody, errors } from '../../http/schemas.js';
import { SYSTEM_ACTOR } from '../../kernel/actor.js';
import { inTx } from '../../kernel/transaction.js';
import { Problem } from '../../shared/problem.js';
import { DlrQuery, InboundQuery, SmsSummary, SmsSummaryQuery } from './sms.contracts.js';
import { kannelOutcome } from './http-gateway.js';
import { recordReply, smsSummary, takeReceipt, type SmsHooks } from './sms.service.js';

export interface SmsRoutesOptions {
  hooks: SmsHooks;
  /** Default: MIZAN_SMS_DLR_SECRET. No secret: the callbacks are refused. */
  dlrSecret?: string | null;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export async function smsRoutes(app: App, opts: SmsRoutesOptions) {
  const secret = opts.dlrSecret === undefined ? (process.env.MIZAN_SMS_DLR_SECRET || null) : opts.dlrSecret;
  const requireSecret = (given: string) => {
    if (!secret || !timingSafeEqual(digest(given), digest(secret))) throw new Problem('forbidden', 'The gateway secret is missing or wrong.');
  };

  app.get(
    '/sms/summary',
    {
      config: { permission: 'oversight:read' },
      schema: { tags: ['sms'], summary: 'SMS sent, delivered, failed and opted out, per day and per charity (no numbers)', querystring: SmsSummaryQuery, response: { 200: SmsSummary, ...errors(400, 401, 403) } },
    },
    async (req) => app.mizan.tx(req, (trx) => smsSummary(trx, req.actor!, req.query.days ?? 30, app.mizan.clock.now())),
  );

  app.post(
    '/sms/dlr',
    {
      config: { permission: 'public' },
      schema: { tags: ['sms'], summary: "The HTTP gateway's delivery report for one message (carries the shared secret)", querystring: DlrQuery, response: { 204: NoBody, ...errors(400, 403) } },
    },
    async (req, reply) => {
      requireSecret(req.query.secret);
      const outcome = kannelOutcome(req.query.status);
      await inTx(app.mizan.db, SYSTEM_ACTOR, (trx) => takeReceipt(trx, { smscMessageId: req.query.id, outcome, stat: `kannel:${req.query.status}` }, opts.hooks, app.mizan.clock.now()));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sms/inbound',
    {
      config: { permission: 'public' },
      schema: { tags: ['sms'], summary: 'A reply to Mizan\'s number through the HTTP gateway: STOP opts the number out (carries the shared secret)', querystring: InboundQuery, response: { 204: NoBody, ...errors(400, 403) } },
    },
    async (req, reply) => {
      requireSecret(req.query.secret);
      const from = req.query.from.startsWith('+') ? req.query.from : `+${req.query.from.replace(/^00/, '')}`;
      await inTx(app.mizan.db, SYSTEM_ACTOR, (trx) => recordReply(trx, { from, text: req.query.text }, 'http', opts.hooks, app.mizan.clock.now()));
      return reply.status(204).send(null);
    },
  );
}
