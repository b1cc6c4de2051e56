/**
 * THE IMPORT JOB: a durable job (defineJob) that moves an import queued → staging → applying →
 * done in chunks. Each chunk is one job and one transaction that does its part, records the
 * import's progress and schedules the next chunk (deterministic key import:<id>:<n>, so
 * scheduling twice collides):
 *  - staging: the next STAGE_CHUNK data rows after the last committed one (rows_staged) are
 *    read from the file, judged by themselves (judge-row.ts) and staged set-based
 *    (intakeRepository.stage: COPY, then one INSERT … SELECT, ON CONFLICT DO NOTHING);
 *  - applying: the rows of the next APPLY_CHUNK valid national IDs after the last applied one
 *    (applied_through), in the order of the IDs, get their verdicts and referrals in SQL
 *    (intake_apply_rows()), the rows that judged themselves with the last range, and the people
 *    to invite go to the OnAccepted port (invitations' inviteMany) in the same transaction. In ID
 *    order the indexes the chunks probe and write (persons, referrals, invitations) are walked
 *    once per import, not once per row, and all the rows of one ID are in one chunk;
 *  - searching (still status 'applying', imports.matched_through set by the last applying chunk):
 *    the next SEARCH_CHUNK waiting rows (no valid national ID) that have a name, after the last
 *    one searched (matched_through), in row order, are searched for in the registry together with
 *    person matching's published search (findCandidatesOfMany, at the review threshold for the
 *    registry as indexed: reviewThreshold), by the name, birth date, phone, region and ID digits the
 *    file gave; the best candidate is kept on the row (likely_person, likely_score), never shown
 *    but as its score. The job runs as the system (the worker's SYSTEM_ACTOR, as `mizan import`'s
 *    chunks do), which alone may read the match index (person_match_keys' row-level security).
 * A process killed mid-chunk loses only that uncommitted chunk; the restarted worker takes the
 * same job again and resumes after the last committed chunk (rows_staged, applied_through,
 * matched_through: no row searched twice, none skipped). The
 * reader of a file stays open between chunks in one process (ReaderCache), so a file is read once,
 * not once per chunk; it is
 * opened again (and the committed rows skipped) only when its position is not the committed one.
 * While a staging chunk's rows are written (COPY and INSERT, PostgreSQL's time), the next chunk's
 * rows are read and judged (Node's time): the next chunk takes them if it starts where they do.
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
import { readRowBatches, type FileShape } from './read-file.js';
import { judgeRow, type ColumnMapping, type JudgedRow } from './judge-row.js';
import { intakeRepository, type ImportRow } from './intake.repository.js';
import type { InviteItem, IntakeSettings, OnAccepted } from './intake-settings.js';
import { importFile } from './create-import.js';
import { inviteMany } from '../invitations/invitations.service.js';
import { findCandidatesOfMany, prepareTyped, reviewThreshold } from '../matching/find-candidates.js';

export const STAGE_CHUNK = 20_000;
export const APPLY_CHUNK = 20_000;
/** Waiting rows searched in the registry per chunk (one statement of their keys' holders). */
export const SEARCH_CHUNK = 500;

export interface IntakeJobDeps {
  dep: Deployment;
  settings: Pick<IntakeSettings, 'dir'>;
  onAccepted: OnAccepted;
  /** Rows per chunk (tests make them small). */
  chunkRows?: number;
  readers?: ReaderCache;
}

/** Rows read and judged ahead, for the chunk that starts at `at`. */
interface Ahead { at: number; judged: Promise<JudgedRow[]> }

/** A file open in this process: its reader, the rows read past the last chunk, and the next chunk judged ahead. */
class OpenFile {
  private spare: string[][] = [];
  ahead: Ahead | null = null;
  constructor(private readonly batches: AsyncGenerator<string[][]>, public at: number) {}

  /** The next `n` data rows: fewer only at the end of the file. */
  async next(n: number): Promise<string[][]> {
    const rows: string[][] = [];
    while (rows.length < n) {
      if (this.spare.length === 0) {
        const r = await this.batches.next();
        if (r.done) break;
        this.spare = r.value;
      }
      const take = Math.min(n - rows.length, this.spare.length);
      for (let i = 0; i < take; i++) rows.push(this.spare[i]!);
      this.spare = take === this.spare.length ? [] : this.spare.slice(take);
    }
    this.at += rows.length;
    return rows;
  }

  /** Reads and judges the next `n` rows now, while the caller's SQL runs; the next chunk takes them. */
  readAhead(n: number, judge: (cells: string[]) => JudgedRow) {
    const at = this.at;
    const judged = this.next(n).then((rows) => rows.map(judge));
    judged.catch(() => {}); // a failure is met by the chunk that takes them
    this.ahead = { at, judged };
  }

  async close() {
    this.ahead = null;
    await this.batches.return(undefined);
  }
}

/** The open files of this process, each at the row it has read up to. */
export class ReaderCache {
  private readonly open = new Map<string, OpenFile>();

  /** The import's file positioned after `at` data rows: the one open here if it is there, else opened again. */
  async take(id: string, path: string, shape: FileShape, at: number): Promise<OpenFile> {
    const cached = this.open.get(id);
    this.open.delete(id);
    if (cached && (cached.ahead ? cached.ahead.at : cached.at) === at) return cached;
    if (cached) await cached.close().catch(() => {});
    return new OpenFile(readRowBatches(path, shape, at), at);
  }

  keep(id: string, file: OpenFile) {
    this.open.set(id, file);
  }

  async close(id: string) {
    const cached = this.open.get(id);
    this.open.delete(id);
    if (cached) await cached.close().catch(() => {});
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
    const judge = (cells: string[]) => judgeRow(ctx, cells, mapping);
    let file: OpenFile | null = null;
    let judged: JudgedRow[];
    try {
      file = await readers.take(imp.id, importFile(deps.settings, imp.id), { format: imp.format, encoding: imp.encoding as FileShape['encoding'], delimiter: imp.delimiter as FileShape['delimiter'] }, imp.rows_staged);
      const ahead = file.ahead;
      file.ahead = null;
      judged = ahead && ahead.at === imp.rows_staged ? await ahead.judged : (await file.next(size)).map(judge);
    } catch (e) {
      if (file) await file.close().catch(() => {});
      if (!(e instanceof Problem) && (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const slug = e instanceof Problem ? e.slug : 'import-unreadable';
      await intakeRepository.progress(trx, imp.id, { status: 'failed', failure: slug, finished_at: now });
      return;
    }
    const staged = imp.rows_staged + judged.length;
    // Fewer rows than a chunk means the file ended; a file of whole chunks ends at its counted total.
    const finished = judged.length < size || staged >= total;
    // The next chunk's rows are read and judged while this chunk's rows are written.
    if (!finished) file.readAhead(size, judge);
    await intakeRepository.stage(trx, imp.id, imp.org_id, imp.rows_staged + 1, judged);
    if (finished) {
      await file.close();
      // Every row is staged: the uploaded file (personal data) is no longer needed.
      afterCommit(trx, () => void unlink(importFile(deps.settings, imp.id)).catch(() => {}));
    } else readers.keep(imp.id, file);
    await intakeRepository.progress(trx, imp.id, {
      status: finished ? 'applying' : 'staging',
      rows_staged: staged,
      ...(imp.started_at ? {} : { started_at: now }),
    });
    await next(trx, imp, chunk, now);
    return;
  }
  if (imp.matched_through !== null) {
    if (!(await searchChunk(trx, deps, imp, Math.min(deps.chunkRows ?? SEARCH_CHUNK, SEARCH_CHUNK), now))) await next(trx, imp, chunk, now);
    return;
  }
  // applying: the next range of national IDs in their order; the rows that judged themselves with the last.
  const ids = await intakeRepository.nextIds(trx, imp.id, imp.applied_through, deps.chunkRows ?? APPLY_CHUNK);
  const done = ids === null || !(await intakeRepository.nextIds(trx, imp.id, ids.through, 1));
  const counts = await intakeRepository.apply(trx, imp.id, ids, done);
  const invite = ids ? await intakeRepository.toInvite(trx, imp.id, ids) : [];
  if (invite.length) {
    const items: InviteItem[] = invite.map((r) => ({ nationalId: r.national_id!, phone: r.phone!, locale: (r.language as InviteItem['locale'] | null) ?? deps.dep.defaultLocale, orgId: imp.org_id }));
    await deps.onAccepted(trx, items, now);
  }
  // Every row decided: the waiting rows are searched for in the registry next (matched_through from 0).
  await intakeRepository.progress(trx, imp.id, { ...(ids ? { applied_through: ids.through } : {}), status: 'applying', ...(done ? { matched_through: 0 } : {}) }, counts);
  await next(trx, imp, chunk, now);
}

/**
 * One chunk of the search: the next `size` waiting rows with a name after matched_through, searched
 * together; the best candidate of each at or above the review threshold kept on its row. Fewer rows
 * than `size` means none is left: the import is done (true).
 */
async function searchChunk(trx: Tx, deps: IntakeJobDeps, imp: ImportRow, size: number, now: Date): Promise<boolean> {
  const rows = await intakeRepository.toSearch(trx, imp.id, imp.matched_through!, size);
  if (rows.length) {
    const records = rows.map((r) =>
      prepareTyped(`import-row:${imp.id}:${r.row_no}`, { nationalId: r.national_id, idScheme: deps.dep.idScheme, fullName: r.name!, birthDate: r.birth_date, sex: null, phone: r.phone, regionCode: r.region }),
    );
    const found = await findCandidatesOfMany(trx, records, { threshold: await reviewThreshold(trx) });
    const likely = rows.flatMap((r, i) => {
      const best = found[i]!.candidates[0];
      return best ? [{ rowNo: r.row_no, personId: best.personId, score: best.score }] : [];
    });
    await intakeRepository.setLikely(trx, imp.id, likely);
  }
  const finished = rows.length < size;
  await intakeRepository.progress(trx, imp.id, { matched_through: rows.at(-1)?.row_no ?? imp.matched_through, ...(finished ? { status: 'done', finished_at: now } : {}) });
  return finished;
}
