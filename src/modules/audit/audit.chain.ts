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
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Role } from '../../db/schema.js';
import { setActor, type Actor } from '../../http/context.js';

const SYSTEM: Actor = { userId: null as unknown as string, orgId: null, orgKind: null, role: 'system' as unknown as Role, locale: 'en', nationalId: null };

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
  | { kind: 'removed'; position: number; afterSeq: number | null; beforeSeq: number | null; message: string };

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
export async function verifyChain(db: Executor, batch = 5000): Promise<VerifyResult> {
  if (!db.isTransaction) return db.transaction().execute(async (trx) => {
    await setActor(trx, SYSTEM);
    return verifyChain(trx, batch);
  });
  const head = (await sql<{ pos: number; hash: Buffer }>`select pos, hash from audit_head()`.execute(db)).rows[0];
  const unsealed = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where chain_pos is null`.execute(db)).rows[0]?.n ?? 0);
  let prev = GENESIS;
  let expected = 1;
  let lastSeq: number | null = null;
  let checked = 0;
  const fail = (problem: ChainProblem): VerifyResult => ({ ok: false, checked, unsealed, problem });
  for (;;) {
    const rows = (
      await sql<{ seq: number; chain_pos: number; prev_hash: Buffer | null; hash: Buffer | null; canon: string }>`
        select a.seq, a.chain_pos, a.prev_hash, a.hash, audit_canonical(a, a.chain_pos) as canon
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
  return { ok: true, checked, unsealed, problem: null };
}

/** Seals on a timer (the server runs one; the job worker's host may as well). */
export function startAuditSealer(db: Executor, intervalMs = 10_000, onError: (e: unknown) => void = () => {}) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sealAll(db).catch(onError).finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
