/**
 * The tamper-evident chain over the audit trail.
 *
 * Sealing (`audit_seal()`, 0003_security.sql) appends committed entries to the chain (in seq
 * order within a run; an entry whose transaction commits late is appended by a later run, never
 * skipped, and nothing on the write path waits for a lock): entry n's hash
 * is SHA-256(hash of entry n-1 ‖ canonical encoding of entry n), the canonical encoding being one
 * JSON array (`audit_canonical`) of its position, seq, time (UTC, microseconds), actor, action,
 * subject, household, reason and details. The chain head (last position and hash) is kept apart,
 * so removing the newest entries is noticed as well. Verification walks the chain from the first
 * position and names the first entry that was altered or removed.
 *
 * All of that lives in the database it protects; its superuser can rewrite the head, reseal or
 * empty the trail consistently. Against signed checkpoints kept outside it (audit.checkpoints.ts),
 * the walk also checks: the entry at each checkpointed position has the hash signed then; the chain
 * is at least as long as the newest checkpoint says; and each entry's time fits the checkpoints
 * around it (see `against` in verifyChain).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { SYSTEM_ACTOR } from '../../kernel/actor.js';
import { inTx } from '../../kernel/transaction.js';
import type { Checkpoint } from './audit.checkpoints.js';

export const GENESIS = createHash('sha256').update('mizan audit chain', 'utf8').digest();

export async function sealAudit(db: Executor, limit = 10_000): Promise<number> {
  const r = await sql<{ n: number }>`select audit_seal(${limit}) as n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Seals until nothing is left that may be sealed now. */
export async function sealAll(db: Executor): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sealAudit(db);
    total += n;
    if (n < 10_000) return total;
  }
}

export type ChainProblem =
  | { kind: 'altered'; seq: number; position: number; message: string }
  | { kind: 'removed'; position: number; afterSeq: number | null; beforeSeq: number | null; message: string }
  /** Only against checkpoints: */
  | { kind: 'definitions'; checkpoint: number; message: string }
  | { kind: 'checkpoint-mismatch'; checkpoint: number; seq: number; position: number; message: string }
  | { kind: 'shortened'; checkpoint: number; position: number; message: string }
  | { kind: 'misdated'; checkpoint: number; seq: number; position: number; message: string };

export interface VerifyOptions {
  batch?: number;
  /**
   * Signed checkpoints (already checked: readCheckpoints) and the time tolerance. Besides the chain
   * itself, the walk then refuses:
   * - an entry at a checkpointed position whose hash is not the one signed (rewritten or resealed);
   * - a chain shorter than the newest checkpoint's position (the tail cut off, or the trail emptied);
   * - an entry sealed after checkpoint c (position > c's) dated more than `toleranceMs` before c's
   *   time: c was signed after a sealing run that took every entry committed by then, so an entry
   *   appended later was written by a transaction still running at c's time (the sealer does
   *   append late-committing transactions, hence the tolerance: the longest transaction plus the
   *   clock skew between servers); older than that, it was inserted backdated;
   * - an entry at or before checkpoint c's position dated more than `toleranceMs` after c's time
   *   (it was sealed before c was signed, so it cannot have been written after).
   * Entries' times are not required to increase along the chain itself: the chain's order is the
   * sealing order, and a transaction that commits late is sealed after younger entries.
   */
  against?: { checkpoints: Checkpoint[]; toleranceMs: number };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  unsealed: number;
  problem: ChainProblem | null;
}

const buf = (b: Buffer | Uint8Array | null) => (b ? Buffer.from(b) : null);

/**
 * Walks the chain. Given a transaction, it reads what that transaction's actor may read (the
 * ministry: everything); given the database, it acts as the system, which reads the whole trail.
 */
export async function verifyChain(db: Executor, opts: VerifyOptions = {}): Promise<VerifyResult> {
  if (!db.isTransaction) return inTx(db, SYSTEM_ACTOR, (trx) => verifyChain(trx, opts));
  const batch = opts.batch ?? 5000;
  // In chain order (a valid file already is; the writer appends the checkpoint it is about to sign).
  const cps = [...(opts.against?.checkpoints ?? [])].sort((x, y) => x.position - y.position || x.number - y.number);
  const tolerance = opts.against?.toleranceMs ?? 0;
  let ci = 0; // checkpoints with a position before the current entry's
  const iso = (ms: number) => new Date(ms).toISOString();
  const head = (await sql<{ pos: number; hash: Buffer }>`select pos, hash from audit_head()`.execute(db)).rows[0];
  const unsealed = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where chain_pos is null`.execute(db)).rows[0]?.n ?? 0);
  let prev = GENESIS;
  let expected = 1;
  let lastSeq: number | null = null;
  let checked = 0;
  const fail = (problem: ChainProblem): VerifyResult => ({ ok: false, checked, unsealed, problem });
  for (;;) {
    const rows = (
      await sql<{ seq: number; chain_pos: number; prev_hash: Buffer | null; hash: Buffer | null; canon: string; at_ms: number }>`
        select a.seq, a.chain_pos, a.prev_hash, a.hash, audit_canonical(a, a.chain_pos) as canon,
               (extract(epoch from a.at) * 1000)::float8 as at_ms
          from audit_log a where a.chain_pos >= ${expected} order by a.chain_pos limit ${batch}`.execute(db)
    ).rows;
    if (rows.length === 0) break;
    for (const r of rows) {
      const pos = Number(r.chain_pos);
      if (pos !== expected) {
        return fail({ kind: 'removed', position: expected, afterSeq: lastSeq, beforeSeq: Number(r.seq), message: `The audit entry at chain position ${expected} (between seq ${lastSeq ?? 'the start'} and seq ${r.seq}) was removed.` });
      }
      const prevHash = buf(r.prev_hash);
      const hash = buf(r.hash);
      if (!prevHash || !prevHash.equals(prev)) {
        return fail(
          checked === 0
            ? { kind: 'removed', position: pos, afterSeq: null, beforeSeq: Number(r.seq), message: `The chain does not start at its beginning: the entries before seq ${r.seq} were removed or altered.` }
            : { kind: 'altered', seq: lastSeq!, position: pos - 1, message: `Audit entry seq ${lastSeq} (chain position ${pos - 1}) was altered or replaced: the next entry (seq ${r.seq}) no longer links to it.` },
        );
      }
      const computed = createHash('sha256').update(prev).update(r.canon, 'utf8').digest();
      if (!hash || !computed.equals(hash)) {
        return fail({ kind: 'altered', seq: Number(r.seq), position: pos, message: `Audit entry seq ${r.seq} (chain position ${pos}) was altered: its content no longer matches its hash.` });
      }
      if (cps.length) {
        const seq = Number(r.seq);
        while (ci < cps.length && cps[ci]!.position < pos) ci++;
        const hex = hash.toString('hex');
        for (let j = ci; j < cps.length && cps[j]!.position === pos; j++) {
          const c = cps[j]!;
          if (c.hash !== hex) {
            return fail({ kind: 'checkpoint-mismatch', checkpoint: c.number, seq, position: pos, message: `Audit entry seq ${seq} at chain position ${pos} is not the entry signed in checkpoint #${c.number} of ${c.time} (its hash differs): the chain up to it was rewritten or resealed.` });
          }
        }
        const at = Number(r.at_ms);
        const before = cps[ci - 1];
        if (before && at < Date.parse(before.time) - tolerance) {
          return fail({ kind: 'misdated', checkpoint: before.number, seq, position: pos, message: `Audit entry seq ${seq} (chain position ${pos}) is dated ${iso(at)}, but it was sealed after checkpoint #${before.number} of ${before.time}, which no entry written by then missed: it was inserted backdated.` });
        }
        const next = cps[ci];
        if (next && at > Date.parse(next.time) + tolerance) {
          return fail({ kind: 'misdated', checkpoint: next.number, seq, position: pos, message: `Audit entry seq ${seq} (chain position ${pos}) is dated ${iso(at)}, after checkpoint #${next.number} of ${next.time}, which already included it: its time was altered.` });
        }
      }
      prev = hash;
      lastSeq = Number(r.seq);
      expected = pos + 1;
      checked++;
    }
  }
  if (head) {
    const headPos = Number(head.pos);
    if (headPos >= expected) {
      return fail({ kind: 'removed', position: expected, afterSeq: lastSeq, beforeSeq: null, message: `The newest sealed audit entries (chain positions ${expected} to ${headPos}, after seq ${lastSeq ?? 'the start'}) were removed.` });
    }
    if (!buf(head.hash)!.equals(prev)) {
      return fail({ kind: 'altered', seq: lastSeq ?? 0, position: expected - 1, message: `Audit entry seq ${lastSeq} (chain position ${expected - 1}) does not match the chain head: it was altered or replaced.` });
    }
  } else if (checked > 0) {
    return fail({ kind: 'altered', seq: lastSeq ?? 0, position: expected - 1, message: 'The chain head is missing.' });
  }
  const newest = cps[cps.length - 1]; // the longest chain a checkpoint recorded
  if (newest && expected - 1 < newest.position) {
    const length = expected - 1;
    return fail({
      kind: 'shortened', checkpoint: newest.number, position: length,
      message: length === 0
        ? `The audit trail is empty, but checkpoint #${newest.number} of ${newest.time} recorded ${newest.position} sealed entries: the trail was emptied.`
        : `The audit chain ends at position ${length}, but checkpoint #${newest.number} of ${newest.time} recorded ${newest.position} sealed entries: the newest ${newest.position - length} were removed and the chain head rewritten.`,
    });
  }
  return { ok: true, checked, unsealed, problem: null };
}

/** Seals on a timer (the server runs one; the job worker's host may as well), then runs `afterSeal`. */
export function startAuditSealer(db: Executor, intervalMs = 10_000, onError: (e: unknown) => void = () => {}, afterSeal?: () => Promise<void>) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    // afterSeal: the scheduled checkpoint (audit.checkpoints.ts), in the same turn so runs never overlap.
    sealAll(db).then(() => afterSeal?.()).catch(onError).finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
