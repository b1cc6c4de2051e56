/**
 * A grant's date, decided by the database (grant_aid(), 0011_grant_dates.sql), over HTTP, on every
 * engine: not in the future, not before the household (or member) was registered, back-dated at
 * most the deployment's backdate_days unless a supervisor approved that date; and a window that
 * covers the recording day too, so that no typed date puts the same aid twice at the same time.
 * Then the report of older grants these rules would refuse, on a database migrated from 0010.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, registeredSince, type Family, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { migrate } from '../../src/db/migrate.js';
import { householdsRepository } from '../../src/modules/registry/registry.repository.js';
import { compactKey, matchKey } from '../../src/shared/text/fold.js';

const TODAY = '2026-03-01';
const plus = (days: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

for (const engine of engines()) {
  describe(`grant dates (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    const clock = new ManualClock(new Date(`${TODAY}T09:00:00Z`));
    const cw = (i: number) => w.charities[i]!.caseworker.token;

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 5 });
      api = await makeApi(t, clock);
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    async function family(registeredAt = '2025-06-01T09:00:00Z'): Promise<Family> {
      const fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      await registeredSince(t.database.db, fam.householdId, registeredAt);
      return fam;
    }
    const living = (householdId: string, extra: Record<string, unknown> = {}) => ({ householdId, aidTypeCode: 'living-allowance', amount: '100', ...extra });
    const grantsOf = (householdId: string) =>
      t.database.db.selectFrom('grants').select(['id', 'granted_on', 'recorded_on', 'during', 'exception_id', 'backdate_exception_id']).where('household_id', '=', householdId).orderBy('granted_on').execute();

    test('five dates from five charities for one household: only today is accepted', async () => {
      const fam = await family();
      const today = await api.call('POST', '/api/v1/grants', cw(0), living(fam.householdId, { grantedOn: TODAY }));
      assert.equal(today.status, 201, JSON.stringify(today.body));

      for (const [i, date] of [[1, plus(30)], [4, '9999-12-01']] as const) {
        const r = await api.call('POST', '/api/v1/grants', cw(i), living(fam.householdId, { grantedOn: date }));
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.type, '/problems/future-date');
        assert.equal(r.body.field, 'grantedOn');
        assert.equal(r.body.today, TODAY);
        assert.equal(r.body.value, date);
      }
      for (const [i, date] of [[2, plus(-31)], [3, plus(-62)]] as const) {
        const r = await api.call('POST', '/api/v1/grants', cw(i), living(fam.householdId, { grantedOn: date }));
        assert.equal(r.status, 409, JSON.stringify(r.body));
        assert.equal(r.body.type, '/problems/backdate-needs-approval');
        assert.equal(r.body.field, 'grantedOn');
        assert.equal(r.body.limitDays, 30);
        assert.equal(r.body.earliest, plus(-30));
      }
      const rows = await grantsOf(fam.householdId);
      assert.deepEqual(rows.map((g) => [g.granted_on, g.recorded_on]), [[TODAY, TODAY]]);
      assert.equal(rows[0]!.during, `[${TODAY},${plus(30)})`);
    });

    test('0001-01-01 and a date before the household, or the member, was registered are refused', async () => {
      const fam = await family('2026-02-20T09:00:00Z');
      for (const date of ['0001-01-01', '2026-02-19']) {
        const r = await api.call('POST', '/api/v1/grants', cw(1), living(fam.householdId, { grantedOn: date }));
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.type, '/problems/before-registration');
        assert.equal(r.body.field, 'grantedOn');
        assert.equal(r.body.registeredOn, '2026-02-20');
      }
      // The son joined the household later than it was registered: aid to him counts from then.
      const son = fam.members[2]!;
      await t.database.db.updateTable('household_members').set({ joined_at: new Date('2026-02-25T09:00:00Z') }).where('household_id', '=', fam.householdId)
        .where('person_id', '=', (await t.database.db.selectFrom('persons').select('id').where('national_id', '=', son.nationalId).executeTakeFirstOrThrow()).id).execute();
      const toSon = await api.call('POST', '/api/v1/grants', cw(1), { beneficiaryNationalId: son.nationalId, aidTypeCode: 'food-basket', grantedOn: '2026-02-24' });
      assert.equal(toSon.status, 400, JSON.stringify(toSon.body));
      assert.equal(toSon.body.registeredOn, '2026-02-25');
      const toFather = await api.call('POST', '/api/v1/grants', cw(1), { beneficiaryNationalId: fam.members[0]!.nationalId, aidTypeCode: 'food-basket', grantedOn: '2026-02-24' });
      assert.equal(toFather.status, 201, JSON.stringify(toFather.body));
      assert.equal((await grantsOf(fam.householdId)).length, 1);
    });

    test('back-dated within the limit cannot put a second allowance beside today\'s: today-29 and today-30 are duplicate aid', async () => {
      const fam = await family();
      assert.equal((await api.call('POST', '/api/v1/grants', cw(0), living(fam.householdId))).status, 201);
      for (const [i, date] of [[1, plus(-29)], [2, plus(-30)]] as const) {
        const r = await api.call('POST', '/api/v1/grants', cw(i), living(fam.householdId, { grantedOn: date }));
        assert.equal(r.status, 409, `${date}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.type, '/problems/duplicate-aid');
        assert.equal(r.body.conflict.grantedOn, TODAY);
      }
      // And the other way round: the back-dated one first, recorded today, blocks today too.
      const fam2 = await family();
      const back = await api.call('POST', '/api/v1/grants', cw(3), living(fam2.householdId, { grantedOn: plus(-30) }));
      assert.equal(back.status, 201, JSON.stringify(back.body));
      const [row] = await grantsOf(fam2.householdId);
      assert.equal(row!.during, `[${plus(-30)},${plus(30)})`, 'the aid date\'s window merged with the recording day\'s');
      const now = await api.call('POST', '/api/v1/grants', cw(4), living(fam2.householdId));
      assert.equal(now.status, 409);
      assert.equal(now.body.conflict.grantedOn, plus(-30));
      assert.equal(now.body.conflict.blockedUntil, plus(30));
    });

    test('further back only with a supervisor\'s approval of that date: request, approve, grant citing it', async () => {
      const fam = await family();
      const date = plus(-62);
      const ask = await api.call('POST', '/api/v1/exceptions', cw(1), {
        householdId: fam.householdId, aidTypeCode: 'living-allowance', grantedOn: date,
        reason: 'Allowance paid in cash at the office; the register was down that week.', documentRef: 'RCPT-2025-1229',
      });
      assert.equal(ask.status, 201, JSON.stringify(ask.body));
      assert.equal(ask.body.kind, 'backdate');
      assert.equal(ask.body.grantedOn, date);
      const pending = await api.call('POST', '/api/v1/grants', cw(1), living(fam.householdId, { grantedOn: date, exceptionId: ask.body.id }));
      assert.equal(pending.status, 409);
      assert.equal(pending.body.type, '/problems/invalid-state');
      assert.equal((await api.call('POST', `/api/v1/exceptions/${ask.body.id}/decision`, w.supervisor.token, { decision: 'approved', note: 'Receipt seen' })).status, 200);
      const otherDate = await api.call('POST', '/api/v1/grants', cw(1), living(fam.householdId, { grantedOn: plus(-61), exceptionId: ask.body.id }));
      assert.equal(otherDate.status, 400, 'the approval is for one date');
      assert.equal(otherDate.body.field, 'exceptionId');
      const ok = await api.call('POST', '/api/v1/grants', cw(1), living(fam.householdId, { grantedOn: date, exceptionId: ask.body.id }));
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.grantedOn, date);
      assert.equal(ok.body.exceptionId, null, 'a back-dating approval does not exempt the grant from the no-duplicate rule');
      const [row] = await grantsOf(fam.householdId);
      assert.equal(row!.backdate_exception_id, ask.body.id);
      assert.equal(row!.recorded_on, TODAY);
      assert.equal(row!.during, `[${date},${plus(-32)})`, 'a vouched date blocks its own window only');
      const ex = await t.database.db.selectFrom('grant_exceptions').select('status').where('id', '=', ask.body.id).executeTakeFirstOrThrow();
      assert.equal(ex.status, 'used');
      const used = await api.call('POST', '/api/v1/grants', cw(1), living(fam.householdId, { grantedOn: date, exceptionId: ask.body.id }));
      assert.equal(used.status, 409);
      assert.equal(used.body.type, '/problems/invalid-state');
      const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', row!.id).execute();
      assert.deepEqual(audit.map((a) => a.action), ['grant.create.backdated']);

      // Aid given two months ago does not stop this month's; a second approved date inside its window is still duplicate aid.
      assert.equal((await api.call('POST', '/api/v1/grants', cw(3), living(fam.householdId))).status, 201);
      const ask2 = await api.call('POST', '/api/v1/exceptions', cw(4), {
        householdId: fam.householdId, aidTypeCode: 'living-allowance', grantedOn: plus(-55), reason: 'Second allowance paid at the office that month.', documentRef: 'RCPT-2026-0105',
      });
      await api.call('POST', `/api/v1/exceptions/${ask2.body.id}/decision`, w.supervisor.token, { decision: 'approved' });
      const dup = await api.call('POST', '/api/v1/grants', cw(4), living(fam.householdId, { grantedOn: plus(-55), exceptionId: ask2.body.id }));
      assert.equal(dup.status, 409, JSON.stringify(dup.body));
      assert.equal(dup.body.type, '/problems/duplicate-aid');
      assert.equal(dup.body.conflict.grantedOn, date);
      assert.equal((await grantsOf(fam.householdId)).length, 2);
    });

    test('the limit is the deployment setting backdate_days', async () => {
      const fam = await family();
      await t.database.db.updateTable('deployment').set({ settings: sql`settings || '{"backdate_days": 7}'::jsonb` }).execute();
      try {
        const r = await api.call('POST', '/api/v1/grants', cw(0), living(fam.householdId, { grantedOn: plus(-8) }));
        assert.equal(r.status, 409, JSON.stringify(r.body));
        assert.equal(r.body.limitDays, 7);
        assert.equal(r.body.earliest, plus(-7));
        assert.equal((await api.call('POST', '/api/v1/grants', cw(0), living(fam.householdId, { grantedOn: plus(-7) }))).status, 201);
      } finally {
        await t.database.db.updateTable('deployment').set({ settings: sql`settings - 'backdate_days'` }).execute();
      }
    });

    test('today is the day in the deployment\'s time zone (Kuwait, UTC+3), from the application\'s clock', async () => {
      const fam = await family();
      clock.set('2026-03-01T22:30:00Z'); // 01:30 on 2 March in Kuwait
      try {
        const r = await api.call('POST', '/api/v1/grants', cw(0), living(fam.householdId));
        assert.equal(r.status, 201, JSON.stringify(r.body));
        assert.equal(r.body.grantedOn, '2026-03-02');
        const next = await api.call('POST', '/api/v1/grants', cw(1), { householdId: fam.householdId, aidTypeCode: 'food-basket', grantedOn: '2026-03-03' });
        assert.equal(next.status, 400);
        assert.equal(next.body.today, '2026-03-02');
      } finally {
        clock.set(`${TODAY}T09:00:00Z`);
      }
    });

    test('approving a request records its grant through the same rule (dated and recorded today)', async () => {
      const fam = await family();
      const sub = await api.call('POST', '/api/v1/requests', cw(0), { householdId: fam.householdId, aidTypeCode: 'living-allowance', justification: 'Lost his job last month', amount: '90' });
      assert.equal(sub.status, 201, JSON.stringify(sub.body));
      assert.equal((await api.call('POST', `/api/v1/requests/${sub.body.id}/claim`, cw(1))).status, 200);
      const back = await api.call('POST', '/api/v1/grants', cw(2), living(fam.householdId, { grantedOn: plus(-30) }));
      assert.equal(back.status, 201);
      const approve = await api.call('POST', `/api/v1/requests/${sub.body.id}/approve`, cw(1), {});
      assert.equal(approve.status, 409, 'the back-dated grant recorded today blocks today');
      assert.equal(approve.body.type, '/problems/duplicate-aid');
    });
  });

  describe(`grant date findings after migrating an older database (${engine})`, () => {
    let t: TestDb;
    let api: Api;
    let w: World;
    const ids: Record<string, string> = {};
    const during: Record<string, string> = {};

    before(async () => {
      t = await freshDatabase(engine, { migrateUntil: '0010' });
      // An existing deployment from before the time-zone setting.
      await t.database.db.updateTable('deployment').set({ settings: JSON.stringify({}) }).execute();
      w = await makeWorld(t.database.db, t.dep, { charities: 3 });
      const a = await olderFamily(t, w, w.charities[0]!.id);
      const b = await olderFamily(t, w, w.charities[0]!.id);
      const c = await olderFamily(t, w, w.charities[0]!.id);
      for (const f of [a, b, c]) await registeredSince(t.database.db, f.householdId, '2026-01-01T09:00:00Z');
      const by = (await t.database.db.selectFrom('users').select('id').where('org_id', '=', w.charities[0]!.id).executeTakeFirstOrThrow()).id;
      // Grants as 0008's grant_aid() let them in, written as the owner with the day they were recorded.
      const insert = async (key: string, householdId: string, org: number, grantedOn: string, createdAt: string) => {
        const g = await t.database.db.insertInto('grants').values({
          household_id: householdId, person_id: null, request_id: null, org_id: w.charities[org]!.id, aid_type_code: 'living-allowance', form: 'cash', amount_minor: 100000, currency: 'KWD',
          item: null, quantity: null, granted_on: grantedOn, exception_id: null, revoked_reason: null, created_by: by, created_at: new Date(createdAt),
        }).returning(['id', 'during']).executeTakeFirstOrThrow();
        ids[key] = g.id;
        during[key] = g.during;
      };
      await insert('today', a.householdId, 0, TODAY, `${TODAY}T09:00:00Z`);
      await insert('future', a.householdId, 1, '9999-12-01', `${TODAY}T09:30:00Z`);
      await insert('back31', a.householdId, 2, plus(-31), `${TODAY}T10:00:00Z`);
      await insert('year1', a.householdId, 0, '0001-01-01', `${TODAY}T10:30:00Z`);
      await insert('todayB', b.householdId, 0, TODAY, `${TODAY}T09:00:00Z`);
      await insert('back30', b.householdId, 1, plus(-30), `${TODAY}T11:00:00Z`);
      await insert('oldOk', c.householdId, 2, '2026-01-10', '2026-01-10T09:00:00Z');
      await migrate(t.database);
      api = await makeApi(t, new ManualClock(new Date(`${TODAY}T12:00:00Z`)));
    });
    after(async () => {
      await api?.app.close();
      await t.close();
    });

    test('the ministry reads what the rules would now refuse; nothing was changed', async () => {
      const r = await api.call('GET', '/api/v1/grants/date-findings', w.supervisor.token);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const byGrant = new Map<string, string[]>();
      for (const f of r.body as { grantId: string; finding: string }[]) byGrant.set(f.grantId, [...(byGrant.get(f.grantId) ?? []), f.finding].sort());
      const name = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
      assert.deepEqual(
        Object.fromEntries([...byGrant].map(([id, fs]) => [name.get(id), fs])),
        {
          future: ['future-date', 'overlaps-when-recorded'],
          back31: ['backdate-over-limit', 'overlaps-when-recorded'],
          year1: ['backdate-over-limit', 'before-registration', 'overlaps-when-recorded'],
          back30: ['overlaps-when-recorded'],
        },
      );
      const year1 = (r.body as { grantId: string; finding: string; detail: Record<string, unknown>; recordedOn: string }[]).find((f) => f.grantId === ids.year1 && f.finding === 'before-registration')!;
      assert.equal(year1.detail.registeredOn, '2026-01-01');
      assert.equal(year1.recordedOn, TODAY);
      const filtered = await api.call('GET', '/api/v1/grants/date-findings?finding=future-date', w.ministryAdmin.token);
      assert.deepEqual((filtered.body as { grantId: string }[]).map((f) => f.grantId), [ids.future]);

      const rows = await t.database.db.selectFrom('grants').select(['id', 'during', 'status', 'recorded_on']).execute();
      assert.equal(rows.length, Object.keys(ids).length, 'no grant removed');
      for (const g of rows) {
        assert.equal(g.status, 'active');
        assert.equal(g.recorded_on, null);
        assert.equal(g.during, during[Object.entries(ids).find(([, v]) => v === g.id)![0]], 'stored windows are kept');
      }
      const dep = await t.database.db.selectFrom('deployment').select('settings').executeTakeFirstOrThrow();
      assert.equal((dep.settings as { time_zone?: string }).time_zone, 'Asia/Kuwait');
    });

    test('charities do not read the findings', async () => {
      const r = await api.call('GET', '/api/v1/grants/date-findings', w.charities[0]!.caseworker.token);
      assert.equal(r.status, 403);
    });
  });
}

/**
 * A household as a database at 0010 held it, written as the owner through the registry's
 * repository: today's registration also counts the lookup quota (0014), which such a database
 * does not have yet.
 */
async function olderFamily(t: TestDb, w: World, orgId: string): Promise<{ householdId: string }> {
  const db = t.database.db;
  const region = [...t.dep.regions.values()].find((r) => r.level === 1)!.code;
  const h = await householdsRepository.insertHousehold(db, { regionCode: region, address: null, phone: null, createdByOrg: orgId });
  const fullName = 'محمد عبدالله الكندري';
  const p = await householdsRepository.insertPerson(db, {
    idScheme: t.dep.idScheme, nationalId: w.nextId('1975-01-20'), fullName, nameKey: matchKey(fullName), compactKey: compactKey(fullName),
    birthDate: '1975-01-20', sex: 'M', nationality: t.dep.country, phone: null,
  });
  await householdsRepository.insertMember(db, { householdId: h.id, personId: p.id, relation: 'head' });
  return { householdId: h.id };
}
