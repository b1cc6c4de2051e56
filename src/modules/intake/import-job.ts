/**
 * THE IMPORT JOB: a durable job (defineJob) that moves an import queued → staging → applying →
 * done in chunks. Each chunk is one job and one transaction that does its part, records the
 * import's progress and schedules the next chunk (deterministic key import:<id>:<n>, so
 * scheduling twice collides):
 *  - staging: the next STAGE_CHUNK data rows after the last committed one (rows_staged) are
 *    read from the file, judged by themselves (judge-row.ts) and staged set-based
 *    (intakeRepository.stage: one statement, ON CONFLICT DO NOTHING);
 *  - applying: the next APPLY_CHUNK staged rows get their verdicts and referrals in SQL
 *    (intake_apply_rows()), and the people to invite go to the OnAccepted port (invitations'
 *    inviteMany) in the same transaction.
 * A process killed mid-chunk loses only that uncommitted chunk; the restarted worker takes the
 * same job again and resumes from the last committed row. The reader of a file stays open
 * between chunks in one process (ReaderCache), so a file is read once, not once per chunk; it is
 * opened again (and the committed rows skipped) only when its position is not the committed one.
 * Once every row is staged, the uploaded file is deleted (after that chunk's commit).
 * A Problem while reading (the file cannot be read any more) fails the import with its type,
 * leaving what earlier chunks committed as it is.
 */
import { Type } from 'typebox';
import type { Deployment } from '../../deployments/setup.js';
import { unlink } from 'node:fs/promises';
import { afterCommit, type Tx } from '../../kernel/transaction.js';
import { Problem } from '../../shared/problem.js';
import { defineJob, type JobHandler } from '../jobs/define-job.js';
import { readRows, type FileShape } from './read-file.js';
import { judgeRow, type ColumnMapping, type JudgedRow } from './judge-row.js';
import { intakeRepository, type ImportRow } from './intake.repository.js';
import type { InviteItem, IntakeSettings, OnAccepted } from './intake-settings.js';
import { importFile } from './create-import.js';
import { inviteMany } from '../invitations/invitations.service.js';

export const STAGE_CHUNK = 20_000;
export const APPLY_CHUNK = 20_000;

export interface IntakeJobDeps {
  dep: Deployment;
  settings: Pick<IntakeSettings, 'dir'>;
  onAccepted: OnAccepted;
  /** Rows per chunk (tests make them small). */
  chunkRows?: number;
  readers?: ReaderCache;
}

/** The open readers of this process, each at the row it has read up to. */
export class ReaderCache {
  private readonly open = new Map<string, { rows: AsyncGenerator<string[]>; at: number }>();

  /** A reader of the import's file positioned after `at` data rows. */
  async take(id: string, path: string, shape: FileShape, at: number): Promise<AsyncGenerator<string[]>> {
    const cached = this.open.get(id);
    this.open.delete(id);
    if (cached && cached.at === at) return cached.rows;
    if (cached) await cached.rows.return(undefined);
    return readRows(path, shape, at);
  }

  keep(id: string, rows: AsyncGenerator<string[]>, at: number) {
    this.open.set(id, { rows, at });
  }

  async close(id: string) {
    const cached = this.open.get(id);
    this.open.delete(id);
    if (cached) await cached.rows.return(undefined);
  }
}

const ImportChunk = Type.Object({ importId: Type.String({ format: 'uuid' }), chunk: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

export const importJob = defineJob({
  kind: 'intake.import',
  payload: ImportChunk,
  run: (trx, payload, { now, deps }: { now: Date; deps: IntakeJobDeps }) => runChunk(trx, deps, payload.importId, payload.chunk, now),
});

/** The import job's handler; the accepted people go to invitations' inviteMany unless another port is given. */
export function intakeJobHandlers(deps: Omit<IntakeJobDeps, 'onAccepted'> & { onAccepted?: OnAccepted }): Record<string, JobHandler> {
  return { [importJob.kind]: importJob.handler({ ...deps, onAccepted: deps.onAccepted ?? inviteMany, readers: deps.readers ?? new ReaderCache() }) };
}

async function next(trx: Tx, imp: ImportRow, chunk: number, now: Date) {
  await importJob.schedule(trx, { key: `import:${imp.id}:${chunk + 1}`, payload: { importId: imp.id, chunk: chunk + 1 }, runAt: now }, now);
}

async function runChunk(trx: Tx, deps: IntakeJobDeps, importId: string, chunk: number, now: Date): Promise<void> {
  const imp = await intakeRepository.forUpdate(trx, importId);
  if (!imp || imp.status === 'mapping' || imp.status === 'done' || imp.status === 'failed') return;
  const total = imp.total_rows ?? 0;
  const readers = deps.readers!;
  const size = deps.chunkRows ?? STAGE_CHUNK;
  if (imp.status === 'queued' || imp.status === 'staging') {
    const mapping = imp.mapping as unknown as ColumnMapping;
    const ctx = { idScheme: deps.dep.idScheme, country: deps.dep.country };
    let rows: AsyncGenerator<string[]> | null = null;
    const judged: JudgedRow[] = [];
    try {
      rows = await readers.take(imp.id, importFile(deps.settings, imp.id), { format: imp.format, encoding: imp.encoding as FileShape['encoding'], delimiter: imp.delimiter as FileShape['delimiter'] }, imp.rows_staged);
      while (judged.length < size) {
        const r = await rows.next();
        if (r.done) break;
        judged.push(judgeRow(ctx, r.value, mapping));
      }
    } catch (e) {
      if (rows) await rows.return(undefined).catch(() => {});
      if (!(e instanceof Problem) && (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const slug = e instanceof Problem ? e.slug : 'import-unreadable';
      await intakeRepository.progress(trx, imp.id, { status: 'failed', failure: slug, finished_at: now });
      return;
    }
    await intakeRepository.stage(trx, imp.id, imp.org_id, imp.rows_staged + 1, judged);
    const staged = imp.rows_staged + judged.length;
    const finished = judged.length < size || staged >= total;
    if (finished) {
      await rows.return(undefined);
      // Every row is staged: the uploaded file (personal data) is no longer needed.
      afterCommit(trx, () => void unlink(importFile(deps.settings, imp.id)).catch(() => {}));
    } else readers.keep(imp.id, rows, staged);
    await intakeRepository.progress(trx, imp.id, {
      status: finished ? 'applying' : 'staging',
      rows_staged: staged,
      ...(imp.started_at ? {} : { started_at: now }),
    });
    await next(trx, imp, chunk, now);
    return;
  }
  // applying
  const from = imp.rows_applied + 1;
  const to = Math.min(from + (deps.chunkRows ?? APPLY_CHUNK), imp.rows_staged + 1);
  const counts = await intakeRepository.apply(trx, imp.id, from, to);
  const invite = await intakeRepository.toInvite(trx, imp.id, from, to);
  if (invite.length) {
    const items: InviteItem[] = invite.map((r) => ({ nationalId: r.national_id!, phone: r.phone!, locale: (r.language as InviteItem['locale'] | null) ?? deps.dep.defaultLocale, orgId: imp.org_id }));
    await deps.onAccepted(trx, items, now);
  }
  const done = to > imp.rows_staged;
  await intakeRepository.progress(trx, imp.id, { rows_applied: to - 1, ...(done ? { status: 'done', finished_at: now } : { status: 'applying' }) }, counts);
  if (!done) await next(trx, imp, chunk, now);
}
