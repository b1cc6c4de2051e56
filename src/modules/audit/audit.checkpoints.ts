/**
 * Signed checkpoints of the audit chain, kept outside the database it protects.
 *
 * The chain (audit.chain.ts) proves that entries were not altered relative to the chain head, but
 * the head lives in the same database: its superuser can rewrite the head, reseal, replace
 * `audit_canonical()`, or empty the trail, and the chain is consistent again. A checkpoint fixes
 * the head at a moment with a key the database does not hold:
 *
 *   {"v":1,"number":n,"time":…,"position":…,"hash":…,"definitions":…,"migration":…,"previous":…,"keyId":…,"signature":…}
 *
 * one JSON line each, appended to a file (MIZAN_AUDIT_CHECKPOINTS), signed with Ed25519
 * (MIZAN_AUDIT_SIGNING_KEY); `signature` covers the line's JSON without the `signature` member, in
 * this field order. `previous` is the SHA-256 of the previous line's text, so a line edited or
 * removed from the middle breaks the file (as in certificate transparency's signed tree heads).
 * `definitions` is a SHA-256 over the catalog's definitions of everything the chain relies on
 * (auditDefinitions); `migration` is the newest migration applied and the checksum of the definitions
 * files applied after it, so that a definition changed by the product is told apart from one changed
 * by hand.
 *
 * `verifyChain(db, { against })` checks the database against these checkpoints; `writeCheckpoint`
 * seals, checks the database against the existing checkpoints and signs a new one only if they
 * agree.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { definitionsChecksum, listDefinitions, listMigrations } from '../../db/migrate.js';
import { sealAll, verifyChain, type VerifyResult } from './audit.chain.js';

export interface Checkpoint {
  v: 1;
  /** 1, 2, 3, … in file order. */
  number: number;
  /** When the checkpoint's sealing run began, by the signer's clock (ISO 8601, UTC). */
  time: string;
  /** The chain head: its last position (0 for an empty chain) and that entry's hash (hex). */
  position: number;
  hash: string;
  /** SHA-256 (hex) of the definitions the chain relies on (auditDefinitions). */
  definitions: string;
  /** The newest migration applied to the database, and the checksum of the definitions files applied after it (auditDefinitions). */
  migration: string | null;
  /** SHA-256 (hex) of the previous line's text; null for the first checkpoint. */
  previous: string | null;
  /** The first 16 hex digits of the SHA-256 of the signing key's public key (SPKI, DER). */
  keyId: string;
  /** Ed25519 over the line's JSON without this member (base64). */
  signature: string;
}

/** How long before its sealing an entry may be dated by default: the longest transaction plus clock skew between servers. */
export const AUDIT_TIME_TOLERANCE_DEFAULT_MS = 600_000;
/** A checkpoint is written at least this often by the server by default (and at start). */
export const AUDIT_CHECKPOINT_INTERVAL_DEFAULT_MS = 3_600_000;

// Keys ------------------------------------------------------------------------------------------

export interface AuditKey {
  publicKey: KeyObject;
  keyId: string;
  publicKeyPem: string;
}

export function describeKey(key: KeyObject): AuditKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    publicKey,
    keyId: createHash('sha256').update(der).digest('hex').slice(0, 16),
    publicKeyPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
  };
}

/**
 * The private signing key from a PEM file. With `create`, a missing file is created (a new Ed25519
 * key, readable by its owner only). A key file others may read is refused.
 */
export function loadSigningKey(file: string, create = false): KeyObject {
  if (!existsSync(file)) {
    if (!create) throw new Error(`The audit signing key ${file} does not exist.`);
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    return privateKey;
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new Error(`The audit signing key ${file} may be read by other users (mode ${mode.toString(8)}); make it readable by its owner only (chmod 600 ${file}).`);
  }
  const key = createPrivateKey(readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`The audit signing key ${file} is not an Ed25519 key.`);
  return key;
}

/** A public key from a PEM file (a public key, or a private key whose public half is taken). */
export function loadPublicKey(file: string): KeyObject {
  if (!existsSync(file)) throw new Error(`The audit public key ${file} does not exist.`);
  const key = createPublicKey(readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`The audit public key ${file} is not an Ed25519 key.`);
  return key;
}

// The checkpoint file ---------------------------------------------------------------------------

const sha256hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const HEX64 = /^[0-9a-f]{64}$/;

function signedBody(c: Omit<Checkpoint, 'signature'>): string {
  // A fixed field order: the signed bytes are exactly this JSON.
  return JSON.stringify({ v: c.v, number: c.number, time: c.time, position: c.position, hash: c.hash, definitions: c.definitions, migration: c.migration, previous: c.previous, keyId: c.keyId });
}

export interface CheckpointFile {
  checkpoints: Checkpoint[];
  /** The lines as they are in the file (without line ends), for the previous-line hash and publication. */
  lines: string[];
  /** The first thing wrong with the file, as a sentence; null when every line is signed and chained. */
  problem: string | null;
}

/**
 * Reads and checks a checkpoint file: every line parses, is signed by `key`, is numbered in order,
 * names the previous line's hash, and neither its time nor its position goes backwards. A missing
 * file is an empty list. Reading stops at the first bad line (the lines before it are returned).
 */
export function readCheckpoints(file: string, key: KeyObject): CheckpointFile {
  const { publicKey, keyId } = describeKey(key);
  if (!existsSync(file)) return { checkpoints: [], lines: [], problem: null };
  const text = readFileSync(file, 'utf8');
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  const checkpoints: Checkpoint[] = [];
  const lines: string[] = [];
  const bad = (i: number, why: string): CheckpointFile => ({ checkpoints, lines, problem: `Line ${i + 1} of the checkpoint file ${file} ${why}` });
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    let c: Checkpoint;
    try {
      c = JSON.parse(line) as Checkpoint;
    } catch {
      return bad(i, 'is not a checkpoint (not JSON): the file was edited or cut short.');
    }
    if (
      !c || typeof c !== 'object' || c.v !== 1 || !Number.isSafeInteger(c.number) || !Number.isSafeInteger(c.position) || c.position < 0 ||
      typeof c.time !== 'string' || Number.isNaN(Date.parse(c.time)) || typeof c.hash !== 'string' || !HEX64.test(c.hash) ||
      typeof c.definitions !== 'string' || !HEX64.test(c.definitions) || (c.migration !== null && typeof c.migration !== 'string') ||
      (c.previous !== null && typeof c.previous !== 'string') || typeof c.keyId !== 'string' || typeof c.signature !== 'string'
    ) {
      return bad(i, 'is not a well-formed checkpoint: the file was edited.');
    }
    if (c.keyId !== keyId) return bad(i, `was signed with another key (${c.keyId}, not ${keyId}).`);
    const { signature, ...body } = c;
    if (!verify(null, Buffer.from(signedBody(body), 'utf8'), publicKey, Buffer.from(signature, 'base64'))) {
      return bad(i, `(checkpoint #${c.number}) does not match its signature: it was edited after it was signed.`);
    }
    const prev = checkpoints[checkpoints.length - 1];
    const expectedPrevious = prev ? sha256hex(lines[lines.length - 1]!) : null;
    if (c.number !== i + 1 || c.previous !== expectedPrevious) {
      return bad(i, `(checkpoint #${c.number}) does not follow ${prev ? `checkpoint #${prev.number}` : 'the start of the file'}: a checkpoint before it was removed, replaced or reordered.`);
    }
    if (prev && (Date.parse(c.time) < Date.parse(prev.time) || c.position < prev.position)) {
      return bad(i, `(checkpoint #${c.number}) goes back in time or in chain position from checkpoint #${prev.number}.`);
    }
    checkpoints.push(c);
    lines.push(line);
  }
  return { checkpoints, lines, problem: null };
}

/** One writer at a time per file (a server's scheduled checkpoint and `mizan audit checkpoint`). */
async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // A lock left by a writer that died (writing takes milliseconds) is taken over after a minute.
    if (Date.now() - statSync(lock).mtimeMs < 60_000) throw new Error(`Another process is writing the checkpoint file ${file} (lock ${lock}).`);
    unlinkSync(lock);
    fd = openSync(lock, 'wx', 0o600);
  }
  try {
    return await fn();
  } finally {
    closeSync(fd);
    unlinkSync(lock);
  }
}

function appendLine(file: string, line: string) {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a', 0o644);
  try {
    writeSync(fd, `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// What the chain relies on ----------------------------------------------------------------------

export interface ChainDefinitions {
  /** SHA-256 (hex) over the definitions. */
  definitions: string;
  /**
   * The newest migration applied, followed by ` + definitions ` and the first 16 hex digits of the
   * checksum of the definitions files applied after it (schema_definitions); `migrationKnown`: both
   * are this build's, with the same checksums.
   */
  migration: string | null;
  migrationKnown: boolean;
}

/**
 * The definitions the chain's integrity depends on, read from the catalog: every `audit_*`
 * function and every function a trigger on the audit tables calls (pg_get_functiondef, which
 * includes SECURITY DEFINER and search_path), the triggers, rules, row-level security policies
 * and flags, columns (types, defaults, identity), constraints and privileges of `audit_log` and
 * `audit_chain_head`. Needs a connection that may read schema_migrations (the owner).
 */
export async function auditDefinitions(db: Executor): Promise<ChainDefinitions> {
  const rows = (await sql<{ d: string }>`
    with t(oid) as (select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     where n.nspname = 'public' and c.relname in ('audit_log', 'audit_chain_head'))
    select 'function ' || p.oid::regprocedure::text || ' owner ' || pg_get_userbyid(p.proowner) || E'\n' || pg_get_functiondef(p.oid) as d
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and p.prokind = 'f'
       and (p.proname like 'audit\_%' or p.oid in (select tgfoid from pg_trigger where tgrelid in (select oid from t)))
    union all
    select 'trigger ' || pg_get_triggerdef(g.oid) || ' enabled ' || g.tgenabled::text from pg_trigger g where g.tgrelid in (select oid from t) and not g.tgisinternal
    union all
    select 'rule ' || r.rulename || ' ' || pg_get_ruledef(r.oid) from pg_rewrite r where r.ev_class in (select oid from t)
    union all
    select 'policy ' || p.tablename || ' ' || p.policyname || ' ' || p.permissive || ' ' || p.roles::text || ' ' || p.cmd
           || ' using ' || coalesce(p.qual, '') || ' check ' || coalesce(p.with_check, '')
      from pg_policies p where p.schemaname = 'public' and p.tablename in ('audit_log', 'audit_chain_head')
    union all
    select 'table ' || c.relname || ' owner ' || pg_get_userbyid(c.relowner) || ' rls ' || c.relrowsecurity::text || ' force ' || c.relforcerowsecurity::text
           || ' acl ' || coalesce(c.relacl::text, '')
      from pg_class c where c.oid in (select oid from t)
    union all
    select 'column ' || a.attrelid::regclass::text || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' not null ' || a.attnotnull::text
           || ' identity ' || a.attidentity::text || ' default ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
      from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid in (select oid from t) and a.attnum > 0 and not a.attisdropped
    union all
    select 'constraint ' || k.conrelid::regclass::text || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) from pg_constraint k where k.conrelid in (select oid from t)
    order by 1`.execute(db)).rows;
  const definitions = createHash('sha256').update(rows.map((r) => r.d).join('\n'), 'utf8').digest('hex');
  const m = (await sql<{ name: string; checksum: string }>`select name, checksum from schema_migrations order by name desc limit 1`.execute(db)).rows[0];
  const known = m ? listMigrations().find((x) => x.name === m.name) : undefined;
  // The definitions files the migration runner applied, as recorded by it; known when they are this build's.
  const applied = (await sql<{ name: string; checksum: string }>`select name, checksum from schema_definitions order by name`.execute(db)).rows;
  const build = listDefinitions();
  const appliedSum = definitionsChecksum(applied);
  const definitionsKnown = applied.length === 0 || (applied.length === build.length && appliedSum === definitionsChecksum(build));
  const migration = m ? (applied.length ? `${m.name}${DEFINITIONS_MARK}${appliedSum.slice(0, 16)}` : m.name) : null;
  return { definitions, migration, migrationKnown: !!known && known.checksum === m!.checksum && definitionsKnown };
}

/** Separates the newest migration from the definitions' checksum in a checkpoint's `migration`. */
const DEFINITIONS_MARK = ' + definitions ';

/**
 * Is `current` (a checkpoint's `migration`: the newest migration, and the checksum of the definitions
 * files applied after it) a later build than `last`? A newer migration, or the same migration with other
 * definitions files (src/db/definitions changed without a migration).
 */
function newerBuild(current: string, last: string): boolean {
  const [cm = '', cd = ''] = current.split(DEFINITIONS_MARK);
  const [lm = '', ld = ''] = last.split(DEFINITIONS_MARK);
  return cm > lm || (cm === lm && cd !== ld);
}

/**
 * May the chain rely on today's definitions, given the newest checkpoint? Yes when they are the
 * same, or when they changed together with a newer migration of this build or with this build's
 * definitions files (src/db/definitions), as the migration runner recorded them in schema_definitions (a
 * product upgrade; the next checkpoint records the new definitions). Otherwise the sentence saying what is wrong.
 */
export function definitionsVerdict(current: ChainDefinitions, last: Checkpoint): string | null {
  if (current.definitions === last.definitions) return null;
  const upgraded = current.migration !== null && current.migrationKnown && (last.migration === null || newerBuild(current.migration, last.migration));
  if (upgraded) return null;
  return `The definitions the audit chain relies on (audit_canonical, audit_seal, the audit tables' triggers, policies, columns or privileges) changed since checkpoint #${last.number} of ${last.time}, and no newer migration or definitions file of Mizan explains it: they were replaced by hand.`;
}

/**
 * The database against signed checkpoints: the definitions first (a replaced function makes every
 * other answer untrustworthy), then the chain walk with the checkpoints' positions, hashes and
 * times (verifyChain). With no checkpoints, the plain walk.
 */
export async function verifyAgainst(
  db: Executor,
  a: { checkpoints: Checkpoint[]; toleranceMs?: number | undefined; definitions?: ChainDefinitions; previous?: Checkpoint | undefined },
): Promise<VerifyResult> {
  // The definitions are compared with the newest signed checkpoint (`previous` when the list ends with the one being written).
  const last = 'previous' in a ? a.previous : a.checkpoints[a.checkpoints.length - 1];
  if (last) {
    const verdict = definitionsVerdict(a.definitions ?? (await auditDefinitions(db)), last);
    if (verdict) return { ok: false, checked: 0, unsealed: 0, problem: { kind: 'definitions', checkpoint: last.number, message: verdict } };
  }
  return verifyChain(db, { against: { checkpoints: a.checkpoints, toleranceMs: a.toleranceMs ?? AUDIT_TIME_TOLERANCE_DEFAULT_MS } });
}

// Writing ---------------------------------------------------------------------------------------

export interface CheckpointSettings {
  /** The checkpoint file (JSON lines). */
  file: string;
  /** The private key (signing) — only the process that writes checkpoints holds it. */
  signingKey: KeyObject;
  /** How far before its sealing an entry may be dated (default AUDIT_TIME_TOLERANCE_DEFAULT_MS). */
  toleranceMs?: number;
  /** The signer's clock (default the system clock). */
  now?: () => Date;
}

export type WriteResult = { ok: true; checkpoint: Checkpoint; sealed: number } | { ok: false; problem: string; sealed: number };

/**
 * Seals what can be sealed, checks the database against the checkpoints already written, and
 * appends a new signed checkpoint of the chain head only if they agree: a tampered database is
 * never signed. `db` must be a connection that may read schema_migrations (the owner).
 */
export async function writeCheckpoint(db: Executor, s: CheckpointSettings): Promise<WriteResult> {
  const key = describeKey(s.signingKey);
  return withFileLock(s.file, async () => {
    const file = readCheckpoints(s.file, key.publicKey);
    if (file.problem) return { ok: false as const, problem: file.problem, sealed: 0 };
    const time = (s.now ?? (() => new Date()))();
    const sealed = await sealAll(db);
    const current = await auditDefinitions(db);
    const head = (await sql<{ pos: number; hash: Buffer }>`select pos, hash from audit_head()`.execute(db)).rows[0];
    const prev = file.checkpoints[file.checkpoints.length - 1];
    const body: Omit<Checkpoint, 'signature'> = {
      v: 1,
      number: (prev?.number ?? 0) + 1,
      time: time.toISOString(),
      position: head ? Number(head.pos) : 0,
      hash: head ? Buffer.from(head.hash).toString('hex') : createHash('sha256').update('mizan audit chain', 'utf8').digest('hex'),
      definitions: current.definitions,
      migration: current.migration,
      previous: prev ? sha256hex(file.lines[file.lines.length - 1]!) : null,
      keyId: key.keyId,
    };
    // Against the checkpoints so far and the one about to be signed: nothing is signed that a
    // later verify would refuse (e.g. an entry dated after this checkpoint's time).
    const r = await verifyAgainst(db, { checkpoints: [...file.checkpoints, { ...body, signature: '' }], toleranceMs: s.toleranceMs, definitions: current, previous: prev });
    if (!r.ok) return { ok: false as const, problem: r.problem!.message, sealed };
    const text = signedBody(body);
    const signature = sign(null, Buffer.from(text, 'utf8'), s.signingKey).toString('base64');
    const checkpoint: Checkpoint = { ...body, signature };
    appendLine(s.file, JSON.stringify(checkpoint));
    return { ok: true as const, checkpoint, sealed };
  });
}

/**
 * The scheduled writer inside `mizan serve`: after a sealing run, writes a checkpoint when none was
 * written for `intervalMs` (and at the first run after start). A refusal is reported once per
 * interval; nothing is signed until the database agrees with the checkpoints again.
 */
export function checkpointSchedule(db: Executor, s: CheckpointSettings & { intervalMs: number }, report: (r: WriteResult) => void) {
  let lastAttempt = -Infinity;
  return async () => {
    const now = Date.now();
    if (now - lastAttempt < s.intervalMs) return;
    lastAttempt = now;
    report(await writeCheckpoint(db, s));
  };
}
