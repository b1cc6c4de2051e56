/**
 * The SMS transport of one process, as configured (sms-settings.ts): the SMPP client, the HTTP
 * gateway, the local test SMSC with an SMPP client bound to it (dev), or nothing (off). What comes
 * back (receipts, STOP replies) is recorded in a transaction of its own as the system; a receipt
 * for a message whose send has not committed yet is tried again by the job queue.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { SYSTEM_ACTOR } from '../../kernel/actor.js';
import { inTx } from '../../kernel/transaction.js';
import type { Clock } from '../../kernel/clock.js';
import type { JobHandler } from '../jobs/define-job.js';
import type { DeliveryReceipt, SmsAdapter, SmsInbox } from './adapter.js';
import { DevSmsc } from './dev-smsc.js';
import { HttpGatewayAdapter } from './http-gateway.js';
import { SmppAdapter } from './smpp-adapter.js';
import { SMS_DEFAULTS, type SmsSettings } from './sms-settings.js';
import { recordReceipt, recordReply, smsJobHandlers, takeReceipt, type SmsHooks } from './sms.service.js';

export interface SmsRuntime {
  adapter: SmsAdapter | null;
  /** The in-process test SMSC (dev). */
  devSmsc: DevSmsc | null;
  handlers: Record<string, JobHandler>;
  /** What comes back from the SMSC, recorded (also used by the HTTP gateway's routes). */
  inbox: SmsInbox;
  close(): Promise<void>;
}

export interface SmsRuntimeOptions {
  db: Kysely<DB>;
  clock: Clock;
  settings: SmsSettings;
  hooks: SmsHooks;
  publicUrl: string;
  /** One line about the transport (never a number or a text). */
  log?: (line: string) => void;
  /** The local SMSC's printing (dev); default console.log. */
  print?: ((line: string) => void) | null;
  reconnectMs?: number;
}

export async function startSms(o: SmsRuntimeOptions): Promise<SmsRuntime> {
  const log = o.log ?? (() => {});
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  // A receipt can overtake the commit of its message's send (the SMSC answers within milliseconds):
  // tried again a few times here, then left to the job queue (takeReceipt schedules it).
  const receive = async (r: DeliveryReceipt) => {
    for (let i = 0; i < 3; i++) {
      if ((await inTx(o.db, SYSTEM_ACTOR, (trx) => recordReceipt(trx, r, o.hooks, o.clock.now()))) !== 'unknown') return;
      await new Promise((res) => setTimeout(res, 100 * (i + 1)));
    }
    await inTx(o.db, SYSTEM_ACTOR, (trx) => takeReceipt(trx, r, o.hooks, o.clock.now()));
  };
  const inbox: SmsInbox = {
    receipt: (r) => track(receive(r).catch((e) => log(`an SMS receipt could not be recorded: ${(e as Error).message}`))),
    inbound: (m) => track(inTx(o.db, SYSTEM_ACTOR, (trx) => recordReply(trx, m, 'smpp', o.hooks, o.clock.now())).catch((e) => log(`an SMS reply could not be recorded: ${(e as Error).message}`))),
  };
  const t = o.settings.transport;
  let devSmsc: DevSmsc | null = null;
  let adapter: SmsAdapter | null = null;
  let source: string = SMS_DEFAULTS.source;
  const onState = (state: string, detail?: string) => log(`SMSC ${state}${detail ? ` (${detail})` : ''}`);
  if (t.kind === 'dev') {
    devSmsc = await DevSmsc.start({ port: t.port, print: o.print });
    adapter = new SmppAdapter({ host: '127.0.0.1', port: devSmsc.port, systemId: 'mizan', password: 'dev', inbox, onState, reconnectMs: o.reconnectMs });
    source = t.source;
  } else if (t.kind === 'smpp') {
    adapter = new SmppAdapter({ host: t.host, port: t.port, systemId: t.systemId, password: t.password, inbox, onState, reconnectMs: o.reconnectMs });
    source = t.source;
  } else if (t.kind === 'http') {
    if (!o.settings.dlrSecret) throw new Error('MIZAN_SMS_DLR_SECRET must be set for the HTTP gateway (its delivery reports carry it).');
    adapter = new HttpGatewayAdapter({ url: t.url, publicUrl: o.publicUrl, dlrSecret: o.settings.dlrSecret });
    source = t.source;
  }
  return {
    adapter,
    devSmsc,
    handlers: smsJobHandlers({ adapter, source, ratePerSecond: o.settings.ratePerSecond, hooks: o.hooks }),
    inbox,
    close: async () => {
      await adapter?.close();
      await Promise.allSettled([...pending]);
      await devSmsc?.close();
    },
  };
}
