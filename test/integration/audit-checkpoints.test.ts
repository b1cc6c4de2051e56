/**
 * The audit chain anchored outside the database: signed checkpoints (audit.checkpoints.ts).
 *
 * Six ways the database superuser can tamper with the trail so that the chain stays consistent:
 * each is done here as the owner / superuser (PGlite's only user is one; on PostgreSQL the tests
 * connect as postgres), each passes plain `verify` (what the chain alone could tell) and each is
 * refused by `verify` against the checkpoints signed before it. Each scenario runs in a
 * transaction that is rolled back, so the next starts from the intact trail (checked after each).
 * Also: the checkpoint file's signatures and chaining, the writer refusing to sign a tampered
 * database, the scheduled writer, the public routes; on PostgreSQL, the `mizan audit` commands on
 * committed tampering.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, createPublicKey, verify as verifySignature } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { foodBaskets, makeWorld, registerFamily, type World } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { audit } from '../../src/modules/audit/audit.service.js';
import { sealAll, verifyChain } from '../../src/modules/audit/audit.chain.js';
import {
  auditDefinitions, checkpointSchedule, definitionsVerdict, loadSigningKey, readCheckpoints, verifyAgainst, writeCheckpoint, type Checkpoint,
} from '../../src/modules/audit/audit.checkpoints.js';
import { buildApp } from '../../src/http/app.js';
import type { DB } from '../../src/db/schema.js';

const ROLLBACK = new Error('rollback');
const isRollback = (e: unknown) => { if (e !== ROLLBACK) throw e; };

function cli(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/mizan.js', 'audit', ...args], { env: { ...process.env, MIZAN_COUNTRY: 'KW', LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

async function note(db: Kysely<DB>, w: World, action: string) {
  await inTx(db, w.supervisor.actor, (trx) => audit(trx, w.supervisor.actor, { action, subjectType: 'test' }));
}

for (const engine of engines()) {
  describe(`audit checkpoints (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let dir: string;
    let keyFile: string;
    let file: string;
    let cps: Checkpoint[];
    const clock = new ManualClock(new Date('2026-05-01T08:00:00Z'));
    const settings = () => ({ file, signingKey: loadSigningKey(keyFile, true) });
    const check = (db: Kysely<DB> | Parameters<typeof verifyChain>[0]) => verifyAgainst(db, { checkpoints: cps });

    /** Tampers inside a transaction as the owner/superuser; asserts what plain verify and verify against the checkpoints say. */
    async function scenario(tamper: (trx: Parameters<typeof verifyChain>[0]) => Promise<void>, kind: string, message: RegExp) {
      await t.database.db.transaction().execute(async (trx) => {
        await tamper(trx);
        const plain = await verifyChain(trx);
        assert.equal(plain.ok, true, `plain verify accepts the tampering (as before checkpoints): ${plain.problem?.message}`);
        const r = await check(trx);
        assert.equal(r.ok, false, 'verify against the checkpoints refuses it');
        assert.equal(r.problem!.kind, kind, r.problem!.message);
        assert.match(r.problem!.message, message);
        // The writer never signs such a database, and leaves the file as it was.
        const before = readFileSync(file, 'utf8');
        const wr = await writeCheckpoint(trx, settings());
        assert.equal(wr.ok, false);
        assert.equal(readFileSync(file, 'utf8'), before);
        throw ROLLBACK;
      }).catch(isRollback);
      const healed = await check(t.database.db);
      assert.equal(healed.ok, true, `the intact trail agrees with the checkpoints: ${healed.problem?.message}`);
    }

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'mizan-cp-'));
      keyFile = join(dir, 'signing-key.pem');
      file = join(dir, 'checkpoints.jsonl');
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      await foodBaskets(t.database.db, t.dep, w, clock, 3);
      const first = await writeCheckpoint(t.database.db, settings());
      assert.ok(first.ok);
      for (let i = 0; i < 4; i++) await note(t.database.db, w, `test.between.${i}`);
      const second = await writeCheckpoint(t.database.db, settings());
      assert.ok(second.ok);
      // Sealed after the newest checkpoint: the chain's tail beyond it.
      for (let i = 0; i < 3; i++) await note(t.database.db, w, `test.after.${i}`);
      await sealAll(t.database.db);
      cps = readCheckpoints(file, loadSigningKey(keyFile)).checkpoints;
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('checkpoints: signed, numbered, chained; the key file is readable by its owner only; the intact trail agrees', async () => {
      assert.equal(cps.length, 2);
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      const [a, b] = cps as [Checkpoint, Checkpoint];
      assert.equal(a.number, 1);
      assert.equal(a.previous, null);
      assert.equal(b.number, 2);
      assert.ok(b.position > a.position && a.position > 10);
      const head = (await sql<{ pos: number }>`select pos from audit_head()`.execute(t.database.db)).rows[0]!;
      assert.ok(Number(head.pos) > b.position, 'the chain has grown past the newest checkpoint');
      const r = await check(t.database.db);
      assert.deepEqual({ ok: r.ok, problem: r.problem }, { ok: true, problem: null });
      assert.equal(r.checked, Number(head.pos));
    });

    test('(1) tail truncated and the chain head rewritten to match: the checkpoint says the chain was longer', async () => {
      const keep = cps[1]!.position - 2;
      await scenario(async (trx) => {
        await sql`delete from audit_log where chain_pos > ${keep}`.execute(trx);
        await sql`update audit_chain_head set pos = ${keep}, hash = (select hash from audit_log where chain_pos = ${keep})`.execute(trx);
      }, 'shortened', new RegExp(`ends at position ${keep}, but checkpoint #2 .* recorded ${cps[1]!.position} sealed entries`));
    });

    test('(2) an entry edited, then the chain unsealed from it and resealed: its checkpointed successor has another hash', async () => {
      const p = cps[0]!.position - 3;
      await scenario(async (trx) => {
        await sql`update audit_log set reason = 'nothing happened here' where chain_pos = ${p}`.execute(trx);
        await sql`update audit_log set chain_pos = null, prev_hash = null, hash = null where chain_pos >= ${p}`.execute(trx);
        await sql`update audit_chain_head set pos = ${p - 1}, hash = (select hash from audit_log where chain_pos = ${p - 1})`.execute(trx);
        await sql`select audit_seal(100000)`.execute(trx);
      }, 'checkpoint-mismatch', new RegExp(`chain position ${cps[0]!.position} is not the entry signed in checkpoint #1`));
    });

    test('(3) an entry edited and audit_canonical() replaced to hide it: the definitions changed', async () => {
      await scenario(async (trx) => {
        const victim = (await sql<{ seq: number; canon: string }>`select seq, audit_canonical(a, a.chain_pos) as canon from audit_log a where chain_pos = 5`.execute(trx)).rows[0]!;
        await sql`update audit_log set reason = 'nothing happened here', details = '{}'::jsonb where seq = ${victim.seq}`.execute(trx);
        const lit = `'${victim.canon.replaceAll("'", "''")}'`;
        await sql.raw(`create or replace function audit_canonical(a audit_log, p_pos bigint) returns text language sql stable as $f$
          select case when a.seq = ${Number(victim.seq)} then ${lit} else
            jsonb_build_array(p_pos, a.seq, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                              a.actor_user, a.actor_org, a.actor_role, a.action, a.subject_type, a.subject_id,
                              a.household_id, a.reason, a.details)::text end
        $f$`).execute(trx);
      }, 'definitions', /definitions the audit chain relies on .* changed since checkpoint #2 .* replaced by hand/);
    });

    test('(4) the whole trail emptied ("OK: 0 entries" before): the checkpoint says it held entries', async () => {
      await scenario(async (trx) => {
        await sql`delete from audit_log`.execute(trx);
        await sql`delete from audit_chain_head`.execute(trx);
        assert.equal((await verifyChain(trx)).checked, 0);
      }, 'shortened', new RegExp(`audit trail is empty, but checkpoint #2 .* recorded ${cps[1]!.position} sealed entries: the trail was emptied`));
    });

    test('(5) a backdated unsealed row, accepted by the next seal: sealed after a checkpoint it is dated long before', async () => {
      await scenario(async (trx) => {
        // Committed by an earlier transaction of the attacker's (its xact_id), so the seal takes it.
        const at = new Date(Date.parse(cps[1]!.time) - 3 * 86_400_000);
        await sql`insert into audit_log (at, action, subject_type, reason, xact_id) values (${at}, 'grant.revoke', 'grant', 'backdated', '3'::xid8)`.execute(trx);
        assert.equal(Number((await sql<{ n: number }>`select audit_seal(100000) as n`.execute(trx)).rows[0]!.n), 1);
      }, 'misdated', /is dated .*, but it was sealed after checkpoint #2 .*: it was inserted backdated/);
    });

    test('(6) audit_seal() or the insert policy replaced, or a trigger added: the definitions changed', async () => {
      await scenario(async (trx) => {
        // A sealer that takes its own transaction's entries too (which may still roll back).
        const def = (await sql<{ d: string }>`select pg_get_functiondef('audit_seal(integer)'::regprocedure) as d`.execute(trx)).rows[0]!.d;
        const replaced = def.replace('and xact_id is distinct from pg_current_xact_id_if_assigned()', '');
        assert.notEqual(replaced, def);
        await sql.raw(replaced).execute(trx);
      }, 'definitions', /changed since checkpoint #2/);
      await scenario(async (trx) => {
        // The application may then insert pre-sealed rows.
        await sql`drop policy audit_log_append on audit_log`.execute(trx);
        await sql`create policy audit_log_append on audit_log for insert with check (true)`.execute(trx);
      }, 'definitions', /changed since checkpoint #2/);
      await scenario(async (trx) => {
        await sql`create function audit_quiet() returns trigger language plpgsql as $f$ begin new.reason := null; return new; end $f$`.execute(trx);
        await sql`create trigger audit_quiet before insert on audit_log for each row execute function audit_quiet()`.execute(trx);
      }, 'definitions', /changed since checkpoint #2/);
      // Deleting the newest sealed entries without touching the head was caught before checkpoints too.
      await t.database.db.transaction().execute(async (trx) => {
        await sql`delete from audit_log where chain_pos > ${cps[1]!.position}`.execute(trx);
        assert.equal((await verifyChain(trx)).problem?.kind, 'removed');
        assert.equal((await check(trx)).problem?.kind, 'removed');
        throw ROLLBACK;
      }).catch(isRollback);
    });

    test('an entry dated after a checkpoint that already included it is refused too', async () => {
      await t.database.db.transaction().execute(async (trx) => {
        // Re-dated and resealed consistently from there on, but before checkpoint #1.
        const p = cps[0]!.position;
        await sql`update audit_log set at = ${new Date(Date.parse(cps[0]!.time) + 86_400_000)} where chain_pos = ${p}`.execute(trx);
        await sql`update audit_log set chain_pos = null, prev_hash = null, hash = null where chain_pos >= ${p}`.execute(trx);
        await sql`update audit_chain_head set pos = ${p - 1}, hash = (select hash from audit_log where chain_pos = ${p - 1})`.execute(trx);
        await sql`select audit_seal(100000)`.execute(trx);
        assert.equal((await verifyChain(trx)).ok, true);
        assert.equal((await check(trx)).problem?.kind, 'checkpoint-mismatch', 'the resealed hash differs from the signed one');
        // Even a checkpoint holding the resealed hash would not cover the time: the entry is dated after it.
        const h = (await sql<{ h: string }>`select encode(hash, 'hex') as h from audit_log where chain_pos = ${p}`.execute(trx)).rows[0]!.h;
        const timeOnly = await verifyChain(trx, { against: { checkpoints: [{ ...cps[0]!, hash: h }], toleranceMs: 600_000 } });
        assert.equal(timeOnly.problem?.kind, 'misdated');
        assert.match(timeOnly.problem!.message, /after checkpoint #1 .* which already included it/);
        throw ROLLBACK;
      }).catch(isRollback);
    });

    test('a late-committing entry (dated within the tolerance before a checkpoint it follows) is not refused', async () => {
      await t.database.db.transaction().execute(async (trx) => {
        const at = new Date(Date.parse(cps[1]!.time) - 60_000);
        await sql`insert into audit_log (at, action, subject_type, xact_id) values (${at}, 'test.late', 'test', '3'::xid8)`.execute(trx);
        await sql`select audit_seal(100000)`.execute(trx);
        const r = await check(trx);
        assert.equal(r.ok, true, r.problem?.message);
        const strict = await verifyChain(trx, { against: { checkpoints: cps, toleranceMs: 1000 } });
        assert.equal(strict.problem?.kind, 'misdated', 'with a tolerance under a minute the same entry is refused');
        throw ROLLBACK;
      }).catch(isRollback);
    });

    test('the writer signs nothing a later verify would refuse: an entry dated after the checkpoint being written', async () => {
      await t.database.db.transaction().execute(async (trx) => {
        await sql`insert into audit_log (at, action, subject_type, xact_id) values (now() + interval '1 day', 'test.future', 'test', '3'::xid8)`.execute(trx);
        const before = readFileSync(file, 'utf8');
        const r = await writeCheckpoint(trx, settings());
        assert.equal(r.ok, false);
        assert.match((r as { problem: string }).problem, /is dated .*, after checkpoint #3 of .*, which already included it/);
        assert.equal(readFileSync(file, 'utf8'), before);
        throw ROLLBACK;
      }).catch(isRollback);
    });

    test('the checkpoint file: an edited line, a removed line, a cut-off line and another key are each reported', async () => {
      const key = loadSigningKey(keyFile);
      const [l1, l2] = lines(file) as [string, string];
      const copy = join(dir, 'copy.jsonl');
      const edited = JSON.parse(l2) as Checkpoint;
      edited.position -= 3;
      writeFileSync(copy, `${l1}\n${JSON.stringify(edited)}\n`);
      assert.match(readCheckpoints(copy, key).problem ?? '', /Line 2 of the checkpoint file .* \(checkpoint #2\) does not match its signature: it was edited/);
      // Another, validly signed line after the first, with the second removed from the middle.
      const third = join(dir, 'three.jsonl');
      writeFileSync(third, readFileSync(file, 'utf8'));
      const r3 = await writeCheckpoint(t.database.db, { file: third, signingKey: key });
      assert.ok(r3.ok);
      const [a, , c] = lines(third) as [string, string, string];
      writeFileSync(copy, `${a}\n${c}\n`);
      assert.match(readCheckpoints(copy, key).problem ?? '', /Line 2 .* \(checkpoint #3\) does not follow checkpoint #1: a checkpoint before it was removed/);
      writeFileSync(copy, `${l1}\n${l2.slice(0, 40)}\n`);
      assert.match(readCheckpoints(copy, key).problem ?? '', /Line 2 .* is not a checkpoint \(not JSON\)/);
      const other = generateKeyPairSync('ed25519').publicKey;
      assert.match(readCheckpoints(file, other).problem ?? '', /Line 1 .* was signed with another key/);
      // The writer refuses to add to a file it cannot trust.
      writeFileSync(copy, `${l1}\n${JSON.stringify(edited)}\n`);
      const refused = await writeCheckpoint(t.database.db, { file: copy, signingKey: key });
      assert.equal(refused.ok, false);
      assert.equal(lines(copy).length, 2);
    });

    test('a definition changed by a newer migration of Mizan is accepted; by hand it is not', async () => {
      const current = await auditDefinitions(t.database.db);
      assert.equal(current.migrationKnown, true);
      const last = cps[1]!;
      assert.equal(definitionsVerdict(current, last), null);
      const changed = { ...current, definitions: 'f'.repeat(64) };
      assert.match(definitionsVerdict(changed, last) ?? '', /replaced by hand/);
      assert.equal(definitionsVerdict(changed, { ...last, migration: '0001_registry.sql' }), null, 'a newer migration explains it');
      assert.match(definitionsVerdict({ ...changed, migrationKnown: false }, { ...last, migration: '0001_registry.sql' }) ?? '', /replaced by hand/, 'not one of this build\'s migrations');
    });

    test('the scheduled writer: one checkpoint at its first run, none again within the interval', async () => {
      const f = join(dir, 'scheduled.jsonl');
      const results: boolean[] = [];
      const tick = checkpointSchedule(t.database.db, { file: f, signingKey: loadSigningKey(keyFile), intervalMs: 3_600_000 }, (r) => results.push(r.ok));
      await tick();
      await note(t.database.db, w, 'test.scheduled');
      await tick();
      assert.deepEqual(results, [true]);
      assert.equal(lines(f).length, 1);
      const again = checkpointSchedule(t.database.db, { file: f, signingKey: loadSigningKey(keyFile), intervalMs: 60_000 }, (r) => results.push(r.ok));
      await again();
      assert.deepEqual(results, [true, true]);
      const written = readCheckpoints(f, loadSigningKey(keyFile));
      assert.equal(written.problem, null);
      assert.equal(written.checkpoints.length, 2);
      assert.ok(written.checkpoints[1]!.position > written.checkpoints[0]!.position);
    });

    test('public routes: the checkpoints and the key without sign-in, verifiable, with no personal data', async () => {
      const app = await buildApp({ db: t.database.db, deployment: t.dep, logger: false, transparency: { file, key: loadSigningKey(keyFile) } });
      const bare = await buildApp({ db: t.database.db, deployment: t.dep, logger: false });
      try {
        const k = await app.inject({ method: 'GET', url: '/api/v1/transparency/audit-key' });
        assert.equal(k.statusCode, 200);
        const key = k.json() as { algorithm: string; keyId: string; publicKey: string };
        assert.equal(key.algorithm, 'Ed25519');
        assert.doesNotMatch(key.publicKey, /PRIVATE/);
        const res = await app.inject({ method: 'GET', url: '/api/v1/transparency/checkpoints' });
        assert.equal(res.statusCode, 200);
        const body = res.json() as { keyId: string; items: Checkpoint[]; nextCursor: number | null; intact: boolean };
        assert.equal(body.intact, true);
        assert.equal(body.keyId, key.keyId);
        assert.deepEqual(body.items, lines(file).map((l) => JSON.parse(l)));
        // Anyone can check a published checkpoint with the published key.
        const pub = createPublicKey(key.publicKey);
        for (const c of body.items) {
          const { signature, ...signed } = c;
          assert.ok(verifySignature(null, Buffer.from(JSON.stringify(signed)), pub, Buffer.from(signature, 'base64')));
        }
        const page = (await app.inject({ method: 'GET', url: '/api/v1/transparency/checkpoints?after=0&limit=1' })).json() as typeof body;
        assert.deepEqual([page.items.length, page.items[0]!.number, page.nextCursor], [1, 1, 1]);
        // No personal data: only numbers, hashes, times, a migration name.
        const persons = await t.database.db.selectFrom('persons').select(['national_id', 'full_name']).execute();
        assert.ok(persons.length > 0);
        for (const p of persons) {
          assert.ok(!res.body.includes(p.national_id) && !res.body.includes(p.full_name));
        }
        assert.deepEqual(Object.keys(body.items[0]!), ['v', 'number', 'time', 'position', 'hash', 'definitions', 'migration', 'previous', 'keyId', 'signature']);
        // A server that publishes none says so.
        const none = await bare.inject({ method: 'GET', url: '/api/v1/transparency/audit-key' });
        assert.equal(none.statusCode, 404);
        assert.equal(none.json().type, '/problems/not-found');
        assert.deepEqual((await bare.inject({ method: 'GET', url: '/api/v1/transparency/checkpoints' })).json(), { keyId: null, items: [], nextCursor: null, intact: true });
      } finally {
        await app.close();
        await bare.close();
      }
    });

    if (engine === 'postgres') {
      test('`mizan audit checkpoint` and `verify --against` (child processes) on committed tampering', async () => {
        const other = await freshDatabase('postgres');
        const d = mkdtempSync(join(tmpdir(), 'mizan-cp-cli-'));
        const env = { DATABASE_URL: other.url!, MIZAN_AUDIT_SIGNING_KEY: join(d, 'key.pem'), MIZAN_AUDIT_CHECKPOINTS: join(d, 'cp.jsonl') };
        const cpFile = env.MIZAN_AUDIT_CHECKPOINTS;
        try {
          const ww = await makeWorld(other.database.db, other.dep, { charities: 1 });
          await registerFamily(other.database.db, other.dep, ww, ww.charities[0]!.caseworker.actor);
          const c = cli(env, 'checkpoint');
          assert.equal(c.code, 0, c.out);
          assert.match(c.out, /Checkpoint #1 of .*: the audit chain up to position \d+/);
          assert.equal(statSync(env.MIZAN_AUDIT_SIGNING_KEY).mode & 0o777, 0o600);
          const pubFile = join(d, 'public.pem');
          const pk = cli(env, 'public-key');
          assert.equal(pk.code, 0, pk.out);
          writeFileSync(pubFile, pk.out);
          const verifier = { DATABASE_URL: other.url!, MIZAN_AUDIT_SIGNING_KEY: join(d, 'absent.pem') };
          const ok = cli(verifier, 'verify', '--against', cpFile, '--key', pubFile);
          assert.equal(ok.code, 0, ok.out);
          assert.match(ok.out, /OK: the audit chain is intact \(\d+ entries checked.*\) and agrees with the 1 signed checkpoints/);
          assert.equal(existsSync(join(d, 'absent.pem')), false, 'verifying creates no key');

          // (5) committed: a backdated row, sealed by the next plain verify.
          await sql`insert into audit_log (at, action, subject_type, reason) values (now() - interval '2 days', 'grant.revoke', 'grant', 'backdated')`.execute(other.database.db);
          const plain = cli(env, 'verify');
          assert.equal(plain.code, 0, plain.out);
          const bad = cli(verifier, 'verify', '--against', cpFile, '--key', pubFile);
          assert.equal(bad.code, 1, bad.out);
          assert.match(bad.out, /BROKEN: Audit entry seq \d+ \(chain position \d+\) is dated .* it was inserted backdated/);
          const refused = cli(env, 'checkpoint');
          assert.equal(refused.code, 1, refused.out);
          assert.match(refused.out, /REFUSED: no checkpoint was signed\. Audit entry seq \d+/);
          assert.equal(lines(cpFile).length, 1);

          // (4) committed: the trail emptied.
          await sql`delete from audit_log`.execute(other.database.db);
          await sql`delete from audit_chain_head`.execute(other.database.db);
          const empty = cli(env, 'verify', '--no-seal');
          assert.equal(empty.code, 0, empty.out);
          assert.match(empty.out, /OK: the audit chain is intact \(0 entries checked\)/);
          const gone = cli(verifier, 'verify', '--no-seal', '--against', cpFile, '--key', pubFile);
          assert.equal(gone.code, 1, gone.out);
          assert.match(gone.out, /BROKEN: The audit trail is empty, but checkpoint #1 of .* recorded \d+ sealed entries: the trail was emptied\./);

          // An edited checkpoint line is named before the database is read; no stack trace anywhere.
          const [line] = lines(cpFile) as [string];
          writeFileSync(cpFile, `${line.replace(/"position":(\d+)/, '"position":1')}\n`);
          const edited = cli(verifier, 'verify', '--against', cpFile, '--key', pubFile);
          assert.equal(edited.code, 1, edited.out);
          assert.match(edited.out, /BROKEN: Line 1 of the checkpoint file .* does not match its signature/);
          const nokey = cli({ DATABASE_URL: other.url!, MIZAN_AUDIT_SIGNING_KEY: join(d, 'absent.pem') }, 'verify', '--against', cpFile);
          assert.equal(nokey.code, 2, nokey.out);
          assert.match(nokey.out, /No key to check the checkpoints with/);
          for (const out of [bad.out, refused.out, gone.out, edited.out, nokey.out]) assert.doesNotMatch(out, /\n\s+at /);
        } finally {
          await other.close();
          rmSync(d, { recursive: true, force: true });
        }
      });
    }
  });
}
