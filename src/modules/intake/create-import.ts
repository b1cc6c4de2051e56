/**
 * An upload becomes an import. The file (already on disk: the route streamed it there within the
 * size limit, or the command line names it) is hashed and read once through (read-file.ts:
 * encoding, delimiter, header, preview, row count; an unreadable, empty or too large file is
 * refused and nothing is written). The same file uploaded again by the same charity is the import
 * it made before (unique (org_id, file_sha256), ON CONFLICT DO NOTHING): nothing changes the
 * second time. The import waits in 'mapping' for the charity to say which column is which.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, copyFile, unlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { inTx } from '../../kernel/transaction.js';
import { forbidden } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { inspectFile } from './read-file.js';
import { intakeRepository, type ImportRow } from './intake.repository.js';
import type { IntakeSettings } from './intake-settings.js';

async function sha256(path: string): Promise<Buffer> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest();
}

export const importFile = (settings: Pick<IntakeSettings, 'dir'>, id: string) => join(settings.dir, id);

export function requireCharityStaff(actor: Actor): string {
  if (actor.orgKind !== 'charity' || !actor.orgId) throw forbidden('Only a charity uploads the people it knows.');
  return actor.orgId;
}

/**
 * Takes the file at `filePath` (moved into the intake's folder when it becomes an import; left
 * where it is otherwise) and answers the import, and whether it was this charity's earlier import
 * of the same file.
 */
export async function createImport(db: Kysely<DB>, dep: Deployment, actor: Actor, filePath: string, fileName: string, limits: IntakeSettings, now: Date = new Date()): Promise<{ import: ImportRow; duplicate: boolean }> {
  void dep;
  const orgId = requireCharityStaff(actor);
  const sha = await sha256(filePath);
  const earlier = await inTx(db, actor, (trx) => intakeRepository.bySha(trx, orgId, sha));
  if (earlier) return { import: earlier, duplicate: true };
  const seen = await inspectFile(filePath, limits);
  const id = randomUUID();
  await mkdir(limits.dir, { recursive: true });
  const target = importFile(limits, id);
  await rename(filePath, target).catch(async () => copyFile(filePath, target));
  const { size } = await stat(target);
  const row = await inTx(db, actor, async (trx) => {
    const r = await intakeRepository.insert(trx, {
      id, org_id: orgId, created_by: actor.userId, file_name: fileName.slice(0, 255) || 'upload', file_sha256: sha, file_bytes: size,
      format: seen.format, encoding: seen.encoding, delimiter: seen.delimiter, columns: seen.columns, preview: seen.preview, total_rows: seen.rows, created_at: now,
    });
    if (r) await audit(trx, actor, { action: 'import.create', subjectType: 'import', subjectId: r.id, details: { rows: seen.rows, format: seen.format }, at: now });
    return r;
  });
  if (row) return { import: row, duplicate: false };
  // The same file arrived twice at once: the other upload made the import.
  await unlink(target).catch(() => {});
  const other = await inTx(db, actor, (trx) => intakeRepository.bySha(trx, orgId, sha));
  return { import: other!, duplicate: true };
}
