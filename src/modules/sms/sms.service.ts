/**
 * SMS: the outbox. A message is queued in the transaction of the event that sends it (queueSms)
 * and sent by its own job (sms-jobs.ts) through the configured transport, with the job queue's
 * retries and backoff. Receipts move a message to delivered or failed (one conditional UPDATE per
 * receipt, smsRepository.applyReceipt); a STOP reply opts the number out, and nothing more is
 * sent to it. The module knows no invitations: the sender of a message learns of its changes
 * through SmsHooks (invitations/messaging.ts wires them).
 */
import type { Tx } from '../../kernel/transaction.js';
import type { Actor } from '../../kernel/actor.js';
import { forbidden } from '../../shared/problem.js';
import { isStop, type DeliveryReceipt, type InboundSms, type SmsAdapter } from './adapter.js';
import { splitSms } from './segments.js';
import { smsRepository, type SmsChange, type SmsState } from './sms.repository.js';
import { smsSendJob, type SmsDeps } from './sms-jobs.js';
import { Type } from 'typebox';
import { defineJob, type JobHandler } from '../jobs/define-job.js';

export type { SmsChange, SmsState } from './sms.repository.js';

/** What the sender of a message hears back (in the transaction that changed it). */
export interface SmsHooks {
  stateChanged?(trx: Tx, change: SmsChange, now: Date): Promise<void>;
  optedOut?(trx: Tx, phone: string, now: Date): Promise<void>;
}

export interface SmsInput {
  /** E.164. */
  to: string;
  text: string;
  /** What the message is for ('invitation'), and the sender's reference (the invitation's ID). */
  purpose: string;
  ref: string | null;
  /** The charity the message is sent for (the ministry's summary counts per charity). */
  orgId?: string | null;
  /** A part of the text that must not stay stored once the message has left (a link's token). */
  secret?: string | null;
}

/**
 * Queues one SMS and schedules its sending. A number that opted out gets nothing: the message is
 * kept as rejected (opted-out), so the sender and the ministry see why.
 */
export async function queueSms(trx: Tx, input: SmsInput, now: Date): Promise<{ id: string; state: SmsState; segments: number }> {
  const { encoding, parts } = splitSms(input.text);
  const optedOut = await smsRepository.isOptedOut(trx, input.to);
  const row = await smsRepository.insert(trx, {
    to: input.to, text: optedOut ? input.text.replace(input.secret ?? '\u0000', '…') : input.text, secret: optedOut ? null : (input.secret ?? null),
    encoding, segments: parts.length, purpose: input.purpose, ref: input.ref, orgId: input.orgId ?? null,
    state: optedOut ? 'rejected' : 'queued', reason: optedOut ? 'opted-out' : null, now,
  });
  if (!optedOut) await smsSendJob.schedule(trx, { key: `sms:${row.id}`, payload: { messageId: row.id }, runAt: now, maxAttempts: 6 }, now);
  return { id: row.id, state: row.state, segments: parts.length };
}

/**
 * A delivery receipt. 'unknown' when no message carries that SMSC ID yet (the receipt came before
 * the send's transaction committed): the caller tries again later (sms-jobs.ts, smsReceiptJob).
 */
export async function recordReceipt(trx: Tx, r: DeliveryReceipt, hooks: SmsHooks, now: Date): Promise<'applied' | 'late' | 'unknown' | 'ignored'> {
  if (r.outcome === 'pending') return 'ignored';
  const out = await smsRepository.applyReceipt(trx, r.smscMessageId, r.outcome, r.stat, now);
  if (out === 'late' || out === 'unknown') return out;
  if (out.state !== 'submitted') await hooks.stateChanged?.(trx, out, now);
  return 'applied';
}

/** Opts the number out: kept once, its queued messages dropped, the sender told. */
export async function optOutNumber(trx: Tx, phone: string, via: 'smpp' | 'http' | 'staff', hooks: SmsHooks, now: Date): Promise<boolean> {
  const { isNew, dropped } = await smsRepository.optOut(trx, phone, via, now);
  for (const d of dropped) await hooks.stateChanged?.(trx, d, now);
  await hooks.optedOut?.(trx, phone, now);
  return isNew;
}

/** A message to Mizan's number: a STOP (in any of the stop words) opts the number out; anything else is ignored. */
export async function recordReply(trx: Tx, m: InboundSms, via: 'smpp' | 'http', hooks: SmsHooks, now: Date): Promise<'opted-out' | 'ignored'> {
  if (!isStop(m.text) || !/^\+[1-9][0-9]{6,14}$/.test(m.from)) return 'ignored';
  await optOutNumber(trx, m.from, via, hooks, now);
  return 'opted-out';
}

export interface SmsSummaryRow {
  day: string;
  orgId: string | null;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  rejected: number;
  optedOut: number;
}

/**
 * The ministry's view: messages by day and charity, no numbers and no texts. "sent" counts every
 * message handed to the SMSC (submitted, then delivered or failed); "rejected" those never sent
 * (opted out, refused); "optedOut" the numbers that answered STOP that day.
 */
export async function smsSummary(trx: Tx, actor: Actor, days: number, now: Date) {
  if (actor.orgKind !== 'ministry') throw forbidden('Only the ministry sees the SMS summary.');
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const { byState, optOuts } = await smsRepository.summary(trx, since);
  const rows = new Map<string, SmsSummaryRow>();
  const row = (day: string, orgId: string | null) => {
    const k = `${day}|${orgId ?? ''}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { day, orgId, queued: 0, sent: 0, delivered: 0, failed: 0, rejected: 0, optedOut: 0 }));
    return r;
  };
  for (const s of byState) {
    const r = row(s.day, s.org_id);
    if (s.state === 'queued') r.queued += s.n;
    else if (s.state === 'rejected') r.rejected += s.n;
    else {
      r.sent += s.n;
      if (s.state === 'delivered') r.delivered += s.n;
      if (s.state === 'failed') r.failed += s.n;
    }
  }
  for (const o of optOuts) row(o.day, o.org_id).optedOut += o.n;
  const items = [...rows.values()].sort((a, b) => (a.day === b.day ? (a.orgId ?? '').localeCompare(b.orgId ?? '') : b.day.localeCompare(a.day)));
  const totals = items.reduce((t, r) => ({ queued: t.queued + r.queued, sent: t.sent + r.sent, delivered: t.delivered + r.delivered, failed: t.failed + r.failed, rejected: t.rejected + r.rejected, optedOut: t.optedOut + r.optedOut }), { queued: 0, sent: 0, delivered: 0, failed: 0, rejected: 0, optedOut: 0 });
  return { since: since.toISOString().slice(0, 10), items, totals };
}

/**
 * A receipt that arrived before its message's send had committed, tried again by the job queue
 * (key: the SMSC's ID and the outcome, so a repeated receipt is one job).
 */
export const smsReceiptJob = defineJob({
  kind: 'sms.receipt',
  payload: Type.Object({ smscMessageId: Type.String({ minLength: 1, maxLength: 100 }), stat: Type.String({ maxLength: 20 }), outcome: Type.Union([Type.Literal('delivered'), Type.Literal('failed')]) }, { additionalProperties: false }),
  async run(trx, r, { now, deps }: { now: Date; deps: SmsHooks }) {
    if ((await recordReceipt(trx, r, deps, now)) === 'unknown') throw new Error('No message carries this SMSC ID yet; the receipt will be tried again.');
  },
});

/** Records a receipt now, or, when its message is not known yet, schedules it again. */
export async function takeReceipt(trx: Tx, r: DeliveryReceipt, hooks: SmsHooks, now: Date): Promise<void> {
  if ((await recordReceipt(trx, r, hooks, now)) !== 'unknown' || r.outcome === 'pending') return;
  await smsReceiptJob.schedule(trx, { key: `sms-receipt:${r.smscMessageId}:${r.outcome}`, payload: { smscMessageId: r.smscMessageId, stat: r.stat, outcome: r.outcome }, runAt: new Date(now.getTime() + 2000), maxAttempts: 5 }, now);
}

/**
 * The worker's handlers of the SMS jobs. With sending off (no transport) there is no send handler:
 * the send jobs stay pending, untried, and go out when a process with a transport runs them.
 */
export function smsJobHandlers(deps: Omit<SmsDeps, 'adapter'> & { adapter: SmsAdapter | null }): Record<string, JobHandler> {
  const { adapter } = deps;
  return {
    ...(adapter ? { [smsSendJob.kind]: smsSendJob.handler({ ...deps, adapter }) } : {}),
    [smsReceiptJob.kind]: smsReceiptJob.handler(deps.hooks),
  };
}
