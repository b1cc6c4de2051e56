/**
 * Tenant isolation in the database itself. A session connected as the application role (on
 * PostgreSQL: a LOGIN role that is a member of mizan_app; on PGlite, which has one user: SET ROLE
 * mizan_app) with the context of charity A selects every row of every table that holds personal
 * data, WITHOUT any WHERE clause, and sees exactly what A may see: households it registered, has
 * a claim on or gave aid to, and nothing of the others. Tables without row-level security must be
 * on an explicit list of tables without personal data, so a new personal table cannot slip in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { randomBytes, createHash } from 'node:crypto';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import type { Actor } from '../../src/kernel/actor.js';
import { inTx } from '../../src/kernel/transaction.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { grantAid, requestException } from '../../src/modules/grants/grants.service.js';
import { submitRequest } from '../../src/modules/requests/submit-request.js';

/** Tables that hold no personal data and are readable by every role (reference data, config, queue). */
const NO_PERSONAL_DATA = new Set([
  'schema_migrations', 'schema_definitions', 'deployment', 'regions', 'organisations', 'service_baskets', 'exclusivity_groups', 'aid_types',
  'organisation_aid_types', 'organisation_regions', 'jobs', 'audit_chain_head',
  // request counters by user or organisation id, or by a hash of the client address (0013)
  'rate_limit_counters',
  // the kinds of gift a deployment accepts and the in-kind items a gift is made of (0031)
  'gift_kinds', 'stock_items',
  // an application's receipt, only as its SHA-256, by organisation (0016)
  'organisation_applications',
  // the ministry's need scoring model: weights, bands, poverty lines per region (0020)
  'need_models',
  // the deployment's zakat categories (a rule) and its phase plan of regions (0029)
  'zakat_categories', 'rollout_regions',
]);

type Ctx = { userId: string; orgId: string | null; role: string };
type Query = (sql: string) => Promise<Record<string, unknown>[]>;

for (const engine of engines()) {
  describe(`row-level security: charity A sees only its own households (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let hA: Family, hB1: Family, hB2: Family, hB3: Family, hC: Family;
    let asApp: <T>(ctx: Ctx, fn: (q: Query) => Promise<T>) => Promise<T>;
    let cleanup = async () => {};
    const clock = new ManualClock(new Date('2026-04-01T08:00:00Z'));
    const ids: Record<string, string> = {};

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 3 });
      const db = t.database.db;
      const [A, B, C] = w.charities as [World['charities'][0], World['charities'][0], World['charities'][0]];
      hA = await registerFamily(db, t.dep, w, A.caseworker.actor);
      hB1 = await registerFamily(db, t.dep, w, B.caseworker.actor);
      hB2 = await registerFamily(db, t.dep, w, B.caseworker.actor);
      hB3 = await registerFamily(db, t.dep, w, B.caseworker.actor);
      hC = await registerFamily(db, t.dep, w, C.caseworker.actor);
      const as = <T>(a: Actor, fn: (trx: Parameters<Parameters<typeof inTx>[2]>[0]) => Promise<T>) => inTx(db, a, fn);
      // A gives aid to B's first household (by national ID): A may now see it. B gave aid there too.
      ids.grantAB1 = (await as(A.caseworker.actor, (trx) => grantAid(trx, A.caseworker.actor, t.dep, clock, { beneficiaryNationalId: hB1.members[1]!.nationalId, aidTypeCode: 'food-basket' }))).id;
      ids.grantBB1 = (await as(B.caseworker.actor, (trx) => grantAid(trx, B.caseworker.actor, t.dep, clock, { householdId: hB1.householdId, aidTypeCode: 'washing-machine' }))).id;
      ids.grantCC = (await as(C.caseworker.actor, (trx) => grantAid(trx, C.caseworker.actor, t.dep, clock, { householdId: hC.householdId, aidTypeCode: 'washing-machine' }))).id;
      // B submits requests for its second and third households; A holds a claim on the second.
      ids.reqB2 = (await as(B.caseworker.actor, (trx) => submitRequest(trx, B.caseworker.actor, t.dep, clock, { householdId: hB2.householdId, aidTypeCode: 'rent-assistance', amount: '100', justification: 'rent overdue' }))).id;
      ids.reqB3 = (await as(B.caseworker.actor, (trx) => submitRequest(trx, B.caseworker.actor, t.dep, clock, { householdId: hB3.householdId, aidTypeCode: 'rent-assistance', amount: '100', justification: 'rent overdue' }))).id;
      await db.updateTable('aid_requests').set({ status: 'claimed', claimed_by_org: A.id, claimed_at: clock.now() }).where('id', '=', ids.reqB2!).execute();
      // Case notes of both charities on the claimed request; only A's are A's to read.
      for (const c of [A, B]) {
        await db.insertInto('request_assessments').values({ request_id: ids.reqB2!, org_id: c.id, notes: `notes of ${c.name}`, documents: '[]', updated_by: c.caseworker.actor.userId, updated_at: clock.now() }).execute();
      }
      await db.insertInto('request_events').values([
        { request_id: ids.reqB2!, at: clock.now(), event: 'claimed', actor_user: A.caseworker.actor.userId, actor_org: A.id, actor_role: 'caseworker', org_id: A.id, reason: null, details: '{}' },
        { request_id: ids.reqB3!, at: clock.now(), event: 'submitted', actor_user: B.caseworker.actor.userId, actor_org: B.id, actor_role: 'caseworker', org_id: B.id, reason: null, details: '{}' },
      ]).execute();
      for (const c of [A, B]) {
        await db.insertInto('notifications').values({ recipient_org: c.id, recipient_user: null, template: 'request.claimed', params: '{}', locale: 'en', request_id: null, created_at: clock.now() }).execute();
      }
      // Exceptions asked by A (for B's first household) and by C (for its own).
      ids.exA = (await as(A.caseworker.actor, (trx) => requestException(trx, A.caseworker.actor, t.dep, { householdId: hB1.householdId, aidTypeCode: 'food-basket', reason: 'A second basket after a flood', documentRef: 'DOC-1' }))).id;
      ids.exC = (await as(C.caseworker.actor, (trx) => requestException(trx, C.caseworker.actor, t.dep, { householdId: hC.householdId, aidTypeCode: 'washing-machine', reason: 'The machine burnt in a fire', documentRef: 'DOC-2' }))).id;
      // Sessions of a user of A and of B.
      for (const c of [A, B]) {
        await db.insertInto('sessions').values({ token_hash: createHash('sha256').update(randomBytes(8)).digest(), csrf_hash: randomBytes(32), user_id: c.caseworker.actor.userId, expires_at: new Date('2030-01-01') }).execute();
      }

      if (engine === 'postgres') {
        // A login role that is a member of mizan_app: connects as the application would in production.
        const role = `mizan_app_t_${randomBytes(4).toString('hex')}`;
        const dbName = new URL(t.url!).pathname.slice(1);
        await t.database.rawSession(async (s) => {
          await s.exec(`create role ${role} login in role mizan_app; grant connect on database ${dbName} to ${role}`);
        });
        const u = new URL(t.url!);
        u.username = role;
        const pool = new pg.Pool({ connectionString: u.toString(), max: 2 });
        asApp = async (ctx, fn) => {
          const c = await pool.connect();
          try {
            await c.query('begin');
            const me = await c.query<{ current_user: string; rolbypassrls: boolean; rolsuper: boolean }>('select current_user, r.rolbypassrls, r.rolsuper from pg_roles r where r.rolname = current_user');
            assert.equal(me.rows[0]!.current_user, role);
            assert.equal(me.rows[0]!.rolbypassrls, false);
            assert.equal(me.rows[0]!.rolsuper, false);
            await c.query(`select set_config('mizan.user_id', $1, true), set_config('mizan.org_id', $2, true), set_config('mizan.role', $3, true)`, [ctx.userId, ctx.orgId ?? '', ctx.role]);
            return await fn(async (q) => (await c.query(q)).rows);
          } finally {
            await c.query('rollback');
            c.release();
          }
        };
        cleanup = async () => {
          await pool.end();
          await t.database.rawSession((s) => s.exec(`revoke connect on database ${dbName} from ${role}`));
          await t.close();
          const admin = new pg.Client({ connectionString: process.env.MIZAN_TEST_PG_URL });
          await admin.connect();
          await admin.query(`drop role if exists ${role}`);
          await admin.end();
        };
      } else {
        asApp = (ctx, fn) =>
          t.database.rawSession(async (s) => {
            await s.exec('begin');
            try {
              await s.query(`select set_config('mizan.user_id', $1, true), set_config('mizan.org_id', $2, true), set_config('mizan.role', $3, true)`, [ctx.userId, ctx.orgId ?? '', ctx.role]);
              await s.exec('set local role mizan_app');
              const me = await s.query<{ current_user: string }>('select current_user');
              assert.equal(me[0]!.current_user, 'mizan_app');
              return await fn((q) => s.query(q));
            } finally {
              await s.exec('rollback');
            }
          });
        cleanup = () => t.close();
      }
    });
    after(() => cleanup());

    const A = () => w.charities[0]!;
    const ctxA = (): Ctx => ({ userId: A().caseworker.actor.userId, orgId: A().id, role: 'caseworker' });
    const ids_ = (rows: Record<string, unknown>[], col = 'id') => rows.map((r) => String(r[col])).sort();
    const sorted = (xs: string[]) => [...xs].sort();

    test('every table either has row-level security or is on the list of tables without personal data', async () => {
      const rows = await t.database.rawSession((s) =>
        s.query<{ relname: string; relrowsecurity: boolean }>(`select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`),
      );
      const unprotected = rows.filter((r) => !r.relrowsecurity).map((r) => r.relname).filter((n) => !NO_PERSONAL_DATA.has(n));
      assert.deepEqual(unprotected, [], `tables without row-level security that are not declared free of personal data: ${unprotected.join(', ')}`);
      const owner = await t.database.rawSession((s) => s.query<{ n: number }>(`select count(*)::int as n from pg_tables where schemaname = 'public' and tableowner = 'mizan_app'`));
      assert.equal(owner[0]!.n, 0, 'the application role owns no table');
    });

    test('charity A, no WHERE clause: households, members and persons of its own, claimed and aided households only', async () => {
      const visible = [hA, hB1, hB2];
      await asApp(ctxA(), async (q) => {
        assert.deepEqual(ids_(await q('select id from households')), sorted(visible.map((h) => h.householdId)));
        const members = await q('select household_id from household_members');
        assert.equal(members.length, visible.length * 3);
        assert.deepEqual([...new Set(ids_(members, 'household_id'))], sorted(visible.map((h) => h.householdId)));
        assert.deepEqual(ids_(await q('select national_id from persons'), 'national_id'), sorted(visible.flatMap((h) => h.members.map((m) => m.nationalId))));
      });
    });

    test('charity A, no WHERE clause: requests, grants, exceptions, case notes, timeline, notifications', async () => {
      await asApp(ctxA(), async (q) => {
        assert.deepEqual(ids_(await q('select id from aid_requests')), [ids.reqB2!], 'the claimed request, not the open one of a household A cannot see');
        assert.deepEqual(ids_(await q('select id from grants')), sorted([ids.grantAB1!, ids.grantBB1!]), "its own grant and the other grants of a household it may see; not C's");
        assert.deepEqual(ids_(await q('select id from grant_exceptions')), [ids.exA!]);
        const notes = await q('select org_id, notes from request_assessments');
        assert.deepEqual(notes.map((n) => n.org_id), [A().id], "another charity's case notes stay hidden, even on a request A holds");
        assert.deepEqual([...new Set(ids_(await q('select request_id from request_events'), 'request_id'))], [ids.reqB2!], 'the timeline of the claimed request only');
        assert.deepEqual((await q('select recipient_org from notifications')).map((n) => n.recipient_org), [A().id]);
      });
    });

    test('charity A, no WHERE clause: accounts, tokens, sessions and the audit trail of its own organisation only', async () => {
      await asApp(ctxA(), async (q) => {
        const users = await q('select org_id from users');
        assert.ok(users.length >= 3);
        assert.ok(users.every((u) => u.org_id === A().id));
        const tokens = await q('select user_id from api_tokens');
        assert.deepEqual(tokens.map((r) => r.user_id), [A().caseworker.actor.userId], 'a caseworker sees its own tokens');
        assert.deepEqual((await q('select user_id from sessions')).map((r) => r.user_id), [A().caseworker.actor.userId]);
        const audit = await q('select actor_org from audit_log');
        assert.ok(audit.length > 0);
        assert.ok(audit.every((r) => r.actor_org === A().id));
        assert.deepEqual(await q('select * from oidc_logins'), []);
        assert.deepEqual(await q('select * from idp_dev_accounts'), []);
      });
    });

    test('without any acting context the application role sees no personal data at all', async () => {
      await asApp({ userId: '', orgId: null, role: '' }, async (q) => {
        for (const table of ['persons', 'households', 'household_members', 'aid_requests', 'grants', 'grant_exceptions', 'request_assessments', 'users', 'api_tokens', 'sessions', 'audit_log']) {
          assert.deepEqual(await q(`select * from ${table}`), [], table);
        }
      });
    });

    test('the ministry reads across charities; an applicant reads only their own household', async () => {
      const sup = w.supervisor.actor;
      await asApp({ userId: sup.userId, orgId: sup.orgId, role: sup.role }, async (q) => {
        assert.equal((await q('select id from households')).length, 5);
      });
      const applicant = await t.database.db.insertInto('users').values({ org_id: null, role: 'applicant', national_id: hC.members[2]!.nationalId, display_name: 'applicant', phone: null, locale: 'ar' }).returning('id').executeTakeFirstOrThrow();
      await asApp({ userId: applicant.id, orgId: null, role: 'applicant' }, async (q) => {
        assert.deepEqual(ids_(await q('select id from households')), [hC.householdId]);
        assert.deepEqual(ids_(await q('select national_id from persons'), 'national_id'), sorted(hC.members.map((m) => m.nationalId)));
        assert.deepEqual(ids_(await q('select id from grants')), [ids.grantCC!]);
        assert.deepEqual(await q('select * from request_assessments'), []);
      });
    });

    if (engine === 'postgres') {
      test('the server itself runs connected as a login member of mizan_app (MIZAN_APP_DATABASE_URL)', async () => {
        const { openDatabase } = await import('../../src/db/database.js');
        const { buildApp } = await import('../../src/http/app.js');
        const { sealAll, verifyChain } = await import('../../src/modules/audit/audit.chain.js');
        const role = `mizan_app_srv_${randomBytes(4).toString('hex')}`;
        const dbName = new URL(t.url!).pathname.slice(1);
        await t.database.rawSession((s) => s.exec(`create role ${role} login in role mizan_app; grant connect on database ${dbName} to ${role}`));
        const u = new URL(t.url!);
        u.username = role;
        const d = await openDatabase({ url: t.url!, appUrl: u.toString(), poolSize: 2 });
        const app = await buildApp({ db: d.appDb, deployment: t.dep, logger: false, env: {} });
        try {
          const who = await d.appDb.executeQuery<{ u: string }>({ sql: 'select current_user as u', parameters: [], query: { kind: 'RawNode' } as never, queryId: { queryId: 'who' } });
          assert.equal(who.rows[0]!.u, role);
          const call = (url: string, token: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
          const cwA = w.charities[0]!.caseworker.token;
          assert.equal((await call('/api/v1/me', cwA)).statusCode, 200, 'tokens are checked through SECURITY DEFINER functions');
          assert.equal((await call(`/api/v1/households/${hA.householdId}`, cwA)).statusCode, 200);
          assert.ok([403, 404].includes((await call(`/api/v1/households/${hC.householdId}`, cwA)).statusCode));
          assert.equal((await call('/api/v1/audit?limit=5', w.supervisor.token)).statusCode, 200);
          assert.ok((await sealAll(d.appDb)) >= 0, 'the sealer runs as the application role');
          assert.equal((await verifyChain(d.appDb)).ok, true);
          await assert.rejects(d.appDb.deleteFrom('audit_log').execute(), /permission denied/);
          await assert.rejects(d.appDb.executeQuery({ sql: 'select * from rate_limit_counters', parameters: [], query: { kind: 'RawNode' } as never, queryId: { queryId: 'rl' } }), /permission denied/, 'rate-limit counters only through their functions (the requests above were counted)');
          assert.deepEqual(await d.appDb.selectFrom('persons').select('id').execute(), [], 'outside a request transaction (no actor) it sees no one');
        } finally {
          await app.close();
          await d.close();
          await t.database.rawSession((s) => s.exec(`revoke connect on database ${dbName} from ${role}`));
          const admin = new pg.Client({ connectionString: process.env.MIZAN_TEST_PG_URL });
          await admin.connect();
          await admin.query(`drop role if exists ${role}`);
          await admin.end();
        }
      });
    }

    test('charity A cannot write into households it may not see, nor change the audit trail', async () => {
      await asApp(ctxA(), async (q) => {
        const upd = await q(`update households set address = 'x' where id = '${hC.householdId}' returning id`);
        assert.deepEqual(upd, [], 'an UPDATE of an invisible household touches nothing');
        await assert.rejects(q(`insert into household_members (household_id, person_id, relation) select '${hC.householdId}', id, 'other' from persons limit 1`), /row-level security/);
      });
      await asApp(ctxA(), async (q) => {
        await assert.rejects(q('update audit_log set reason = null'), /permission denied/);
      });
      await asApp(ctxA(), async (q) => {
        await assert.rejects(q('delete from audit_log'), /permission denied/);
      });
    });
  });
}
