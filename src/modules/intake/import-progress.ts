/**
 * An import as its charity sees it, with its progress (rows read, accepted, refused, waiting,
 * total, rate, time left): the web page's and the command line's progress bar read this.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../kernel/actor.js';
import { inTx } from '../../kernel/transaction.js';
import { importView, type ImportView } from './intake.contracts.js';
import { rememberedMapping, requireImport, suggestMapping } from './set-mapping.js';

export async function importProgress(db: Kysely<DB>, actor: Actor, importId: string, now: Date): Promise<ImportView> {
  return inTx(db, actor, async (trx) => {
    const imp = await requireImport(trx, actor, importId);
    const remembered = await rememberedMapping(trx, actor);
    return importView(imp, suggestMapping(imp.columns, remembered?.mapping ?? null), now);
  });
}
