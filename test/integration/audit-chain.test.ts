/**
 * The tamper-evident audit trail, on every engine: entries are sealed into a SHA-256 hash chain;
 * altering an entry or removing one (in the middle or at the end) is reported by verify, naming
 * the entry. On PostgreSQL also: `mizan audit verify` as a child process reports each case with a
 * non-zero exit; and sealing is race-free with concurrent transactions that commit out of order.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { foodBaskets, makeWorld, registerFamily, type World } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { audit } from '../../src/modules/audit/audit.service.js';
import { sealAll, verifyChain } from '../../src/modules/audit/audit.chain.js';

function cli(url: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/mizan.js', 'audit', ...args], { env: { ...process.env, DATABASE_URL: url, MIZAN_COUNTRY: 'KW', LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

for (const engine of engines()) {
  describe(`audit chain (${engine})`, () => {
    let t: TestDb;
    let w: World;
    const clock = new ManualClock(new Date('2026-05-01T08:00:00Z'));
    const seqs = async () => (await t.database.db.selectFrom('audit_log').select(['seq', 'chain_pos']).orderBy('chain_pos').execute()).filter((r) => r.chain_pos !== null);

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      await foodBaskets(t.database.db, t.dep, w, clock, 3);
    });
    after(() => t.close());

    test('sealing links every finished entry once; verify walks the whole chain', async () => {
      const n = await sealAll(t.database.db);
      const total = (await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      assert.ok(n > 10);
      assert.equal(n, Number(total), 'every entry sealed');
      assert.equal(await sealAll(t.database.db), 0, 'nothing is sealed twice');
      const r = await verifyChain(t.database.db);
      assert.deepEqual(r, { ok: true, checked: Number(total), unsealed: 0, problem: null });
      // Entries written later are appended to the chain.
      await inTx(t.database.db, w.supervisor.actor, (trx) => audit(trx, w.supervisor.actor, { action: 'test.later', subjectType: 'test' }));
      assert.equal(await sealAll(t.database.db), 1);
      assert.equal((await verifyChain(t.database.db)).ok, true);
    });

    test('the application role cannot change or delete audit entries, nor write the chain', async () => {
      const sup = w.supervisor.actor;
      await assert.rejects(inTx(t.database.db, sup, (trx) => sql`update audit_log set reason = 'x'`.execute(trx)), /permission denied/);
      await assert.rejects(inTx(t.database.db, sup, (trx) => sql`delete from audit_log`.execute(trx)), /permission denied/);
      await assert.rejects(inTx(t.database.db, sup, (trx) => sql`update audit_chain_head set pos = 0`.execute(trx)), /permission denied/);
      await assert.rejects(
        inTx(t.database.db, sup, (trx) => sql`insert into audit_log (action, subject_type, chain_pos) values ('forged', 'x', 999999)`.execute(trx)),
        /row-level security/,
        'an entry cannot be inserted pre-sealed',
      );
    });

    test('an altered entry is named by seq; restoring it makes the chain whole again', async () => {
      const rows = await seqs();
      const victim = rows[Math.floor(rows.length / 2)]!;
      const before = await t.database.db.selectFrom('audit_log').select(['reason']).where('seq', '=', victim.seq).executeTakeFirstOrThrow();
      await sql`update audit_log set reason = 'nothing happened here' where seq = ${victim.seq}`.execute(t.database.db);
      const r = await verifyChain(t.database.db);
      assert.equal(r.ok, false);
      assert.equal(r.problem!.kind, 'altered');
      assert.equal((r.problem as { seq: number }).seq, victim.seq);
      assert.match(r.problem!.message, new RegExp(`seq ${victim.seq}\\b.*altered`));
      assert.equal(r.checked, Number(victim.chain_pos) - 1, 'the entries before it are intact');
      await sql`update audit_log set reason = ${before.reason} where seq = ${victim.seq}`.execute(t.database.db);
      assert.equal((await verifyChain(t.database.db)).ok, true);
    });

    test('removing the newest entry is noticed through the chain head; putting it back heals the chain', async () => {
      const last = await t.database.db.selectFrom('audit_log').selectAll().orderBy('chain_pos', 'desc').limit(1).executeTakeFirstOrThrow();
      await sql`delete from audit_log where seq = ${last.seq}`.execute(t.database.db);
      const r = await verifyChain(t.database.db);
      assert.equal(r.ok, false);
      assert.equal(r.problem!.kind, 'removed');
      assert.equal(r.problem!.position, Number(last.chain_pos));
      assert.match(r.problem!.message, /newest sealed audit entries/);
      await sql`insert into audit_log (seq, at, actor_user, actor_org, actor_role, action, subject_type, subject_id, household_id, reason, details, xact_id, chain_pos, prev_hash, hash)
                overriding system value
                values (${last.seq}, ${last.at}, ${last.actor_user}, ${last.actor_org}, ${last.actor_role}, ${last.action}, ${last.subject_type}, ${last.subject_id}, ${last.household_id}, ${last.reason},
                        ${JSON.stringify(last.details)}::jsonb, ${last.xact_id}::xid8, ${last.chain_pos}, ${last.prev_hash}, ${last.hash})`.execute(t.database.db);
      assert.equal((await verifyChain(t.database.db)).ok, true);
    });

    if (engine === 'postgres') {
      test('`mizan audit verify` (child process): OK, then names an altered entry, then a removed one (exit 1)', async () => {
        const other = await freshDatabase('postgres');
        try {
          const ww = await makeWorld(other.database.db, other.dep, { charities: 1 });
          await registerFamily(other.database.db, other.dep, ww, ww.charities[0]!.caseworker.actor);
          const ok = cli(other.url!, 'verify');
          assert.equal(ok.code, 0, ok.out);
          assert.match(ok.out, /OK: the audit chain is intact \(\d+ entries checked/);
          const rows = await other.database.db.selectFrom('audit_log').select(['seq', 'chain_pos']).orderBy('chain_pos').execute();
          assert.ok(rows.every((r) => r.chain_pos !== null), 'the CLI sealed everything first');
          const altered = rows[3]!;
          await sql`update audit_log set details = '{"members": 9}'::jsonb where seq = ${altered.seq}`.execute(other.database.db);
          const a = cli(other.url!, 'verify');
          assert.equal(a.code, 1, a.out);
          assert.match(a.out, new RegExp(`BROKEN: Audit entry seq ${altered.seq} \\(chain position ${altered.chain_pos}\\) was altered`));
          const removed = rows[2]!;
          await sql`delete from audit_log where seq = ${removed.seq}`.execute(other.database.db);
          const d = cli(other.url!, 'verify');
          assert.equal(d.code, 1, d.out);
          assert.match(d.out, new RegExp(`BROKEN: The audit entry at chain position ${removed.chain_pos} \\(between seq ${rows[1]!.seq} and seq ${rows[3]!.seq}\\) was removed`));
        } finally {
          await other.close();
        }
      });

      test('race-free sealing: a transaction that commits late with a lower seq is sealed later, never skipped', async () => {
        const url = t.url!;
        const c1 = new pg.Client({ connectionString: url });
        const c2 = new pg.Client({ connectionString: url });
        await c1.connect();
        await c2.connect();
        try {
          await sealAll(t.database.db);
          // T2 takes its transaction ID first; T1 then writes an entry (lower seq) and stays open.
          await c2.query('begin');
          await c2.query('select pg_current_xact_id()');
          await c1.query('begin');
          const s1 = (await c1.query(`insert into audit_log (action, subject_type) values ('t1', 'test') returning seq`)).rows[0].seq;
          const s2 = (await c2.query(`insert into audit_log (action, subject_type) values ('t2', 'test') returning seq`)).rows[0].seq;
          assert.ok(Number(s1) < Number(s2));
          await c2.query('commit');
          await sealAll(t.database.db);
          const pos = async (seq: unknown) => (await t.database.db.selectFrom('audit_log').select('chain_pos').where('seq', '=', Number(seq)).executeTakeFirst())?.chain_pos ?? null;
          assert.equal(await pos(s1), null, 'still running: not visible, not sealed');
          assert.notEqual(await pos(s2), null, 'committed: sealed without waiting for the older transaction');
          await c1.query('commit');
          await sealAll(t.database.db);
          const p1 = await pos(s1);
          const p2 = await pos(s2);
          assert.ok(p1 !== null && p2 !== null);
          assert.ok(Number(p1) > Number(p2), 'the late entry is appended after, not lost');
          assert.equal((await verifyChain(t.database.db)).ok, true);

          // And under load: 16 writers, sealing all along; every entry ends up sealed exactly once.
          const writers = Array.from({ length: 16 }, async (_, i) => {
            const c = new pg.Client({ connectionString: url });
            await c.connect();
            for (let k = 0; k < 10; k++) {
              await c.query('begin');
              await c.query(`insert into audit_log (action, subject_type, details) values ('load', 'test', $1)`, [JSON.stringify({ i, k })]);
              if ((i + k) % 3 === 0) await new Promise((r) => setTimeout(r, 2));
              await c.query('commit');
            }
            await c.end();
          });
          let sealing = true;
          const sealer = (async () => {
            while (sealing) {
              await sealAll(t.database.db);
              await new Promise((r) => setTimeout(r, 1));
            }
          })();
          await Promise.all(writers);
          sealing = false;
          await sealer;
          await sealAll(t.database.db);
          const left = await t.database.db.selectFrom('audit_log').select('seq').where('chain_pos', 'is', null).execute();
          assert.deepEqual(left, []);
          const r = await verifyChain(t.database.db);
          assert.equal(r.ok, true, r.problem?.message);
        } finally {
          await c1.end().catch(() => {});
          await c2.end().catch(() => {});
        }
      });
    }

    // Last: it leaves the chain broken.
    test('a removed entry in the middle is reported with its position and neighbours', async () => {
      const rows = await seqs();
      const i = 5;
      const victim = rows[i]!;
      await sql`delete from audit_log where seq = ${victim.seq}`.execute(t.database.db);
      const r = await verifyChain(t.database.db);
      assert.equal(r.ok, false);
      assert.equal(r.problem!.kind, 'removed');
      assert.equal(r.problem!.position, Number(victim.chain_pos));
      assert.match(r.problem!.message, new RegExp(`position ${victim.chain_pos} \\(between seq ${rows[i - 1]!.seq} and seq ${rows[i + 1]!.seq}\\) was removed`));
    });
  });
}
