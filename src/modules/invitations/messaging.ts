/**
 * The invitations' sending in one process (`mizan serve`, `mizan worker`): the SMS transport as
 * configured, with the invitations' hooks, and the job handlers of both modules for the worker.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import type { JobHandler } from '../jobs/define-job.js';
import { startSms, type SmsRuntime } from '../sms/sms-runtime.js';
import type { SmsSettings } from '../sms/sms-settings.js';
import { invitationJobHandlers, invitationSmsHooks } from './invitations.service.js';

export interface Messaging {
  sms: SmsRuntime;
  handlers: Record<string, JobHandler>;
  close(): Promise<void>;
}

export async function startMessaging(o: { db: Kysely<DB>; clock: Clock; settings: SmsSettings; publicUrl: string; log?: (line: string) => void; print?: ((line: string) => void) | null; reconnectMs?: number }): Promise<Messaging> {
  const sms = await startSms({ db: o.db, clock: o.clock, settings: o.settings, hooks: invitationSmsHooks, publicUrl: o.publicUrl, log: o.log, print: o.print, reconnectMs: o.reconnectMs });
  return {
    sms,
    handlers: { ...sms.handlers, ...invitationJobHandlers({ publicUrl: o.publicUrl, invitationDays: o.settings.invitationDays }) },
    close: () => sms.close(),
  };
}
