/**
 * The SMS send job: one per message (key sms:<id>), run by the job worker. It locks the message,
 * sends nothing to a number that opted out, waits for the sender's rate limit (counted in the
 * database, so every worker shares it), submits through the configured transport and records the
 * SMSC's IDs. A connection problem throws, and the job queue tries again with its backoff; a
 * refusal by the SMSC, or the last attempt, ends the message (rejected / failed). Nothing is
 * logged of the number or the text.
 */
import { Type } from 'typebox';
import { sql } from 'kysely';
import type { Tx } from '../../kernel/transaction.js';
import { defineJob } from '../jobs/define-job.js';
import { SmsRefused, type SmsAdapter } from './adapter.js';
import { splitSms } from './segments.js';
import { smsRepository } from './sms.repository.js';
import type { SmsHooks } from './sms.service.js';

export interface SmsDeps {
  /** The transport. With sending off (MIZAN_SMS=off) there is no send job handler at all (smsJobHandlers). */
  adapter: SmsAdapter;
  /** The sender (source address) the rate limit is counted for. */
  source: string;
  ratePerSecond: number;
  hooks: SmsHooks;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits for the sender's next slot: sms_send_slot() reserves it in the database, 1/R second
 * after the previous one whichever worker took that, so N messages take at least (N − 1)/R
 * seconds across every worker. The reservation is part of the job's transaction: a failed
 * attempt gives its slot back.
 */
export async function awaitSendSlot(trx: Tx, source: string, perSecond: number): Promise<void> {
  if (perSecond <= 0) return;
  const { rows } = await sql<{ wait_ms: number }>`select sms_send_slot(${source}, ${1000 / perSecond}::float8) as wait_ms`.execute(trx);
  const wait = rows[0]?.wait_ms ?? 0;
  if (wait > 0) await sleep(wait);
}

export const smsSendJob = defineJob({
  kind: 'sms.send',
  payload: Type.Object({ messageId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
  async run(trx, { messageId }, { job, now, deps }: { job: { attempts: number; max_attempts: number }; now: Date; deps: SmsDeps }) {
    const m = await smsRepository.takeForSend(trx, messageId);
    if (!m || m.state !== 'queued') return;
    const attempts = job.attempts + 1;
    const end = async (state: 'rejected' | 'failed', reason: string) => {
      const changed = await smsRepository.markNotSent(trx, m.id, state, reason, attempts, now);
      if (changed) await deps.hooks.stateChanged?.(trx, changed, now);
    };
    if (await smsRepository.isOptedOut(trx, m.to_phone)) return end('rejected', 'opted-out');
    const { encoding, parts } = splitSms(m.text);
    await awaitSendSlot(trx, deps.source, deps.ratePerSecond);
    let ids: string[];
    try {
      ids = await deps.adapter.submit({ id: m.id, to: m.to_phone, source: deps.source, encoding, parts });
    } catch (e) {
      if (e instanceof SmsRefused) return end('rejected', e.code);
      if (attempts >= job.max_attempts) return end('failed', 'unreachable');
      throw e;
    }
    const changed = await smsRepository.markSubmitted(trx, m.id, ids, attempts, now);
    if (changed) await deps.hooks.stateChanged?.(trx, changed, now);
  },
});
