/** The intake's settings (src/config.ts reads them from the environment) and the port to invitations. */
import type { Tx } from '../../kernel/transaction.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inviteMany, type InviteItem } from '../invitations/invitations.service.js';
import { IMPORT_LIMITS_DEFAULTS, type ImportLimits } from './read-file.js';

export interface IntakeSettings extends ImportLimits {
  /** Where uploaded files are kept, one file per import named by its id (<data dir>/imports). */
  dir: string;
}

export const intakeDefaults = (dir: string): IntakeSettings => ({ ...IMPORT_LIMITS_DEFAULTS, dir });

/** One person to invite: invitations' own item. */
export type { InviteItem };

/**
 * What the import does with the people of each applied chunk, in the chunk's transaction: by
 * default the invitations module's inviteMany (one invitation per national ID, the SMS scheduled);
 * a test may pass another to record what it receives. Answers how many invitations were new.
 */
export type OnAccepted = (trx: Tx, items: InviteItem[], now: Date) => Promise<number>;

/** What the HTTP server needs of the intake. */
export interface IntakeAppOptions {
  settings: IntakeSettings;
  onAccepted: OnAccepted;
}

export const intakeApp = (o: Partial<IntakeAppOptions> = {}): IntakeAppOptions => ({
  settings: o.settings ?? intakeDefaults(join(tmpdir(), 'mizan-imports')),
  onAccepted: o.onAccepted ?? inviteMany,
});
