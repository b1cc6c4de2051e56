/** The HTTP API of the registry and grants: happy paths, refusals as problem+json, nothing written on bad input. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';

const toPersian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
const toArabicIndic = (s: string) => s.replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);

for (const engine of engines()) {
  describe(`registry API (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    const region = 'KW-HA';
    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep);
      api = await makeApi(t);
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    const counts = async () => {
      const [p, h, g] = await Promise.all(['persons', 'households', 'grants'].map((tb) => t.database.db.selectFrom(tb as 'persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()));
      return [Number(p!.n), Number(h!.n), Number(g!.n)];
    };
    // Each family other people: the same names, birth dates and phone twice would be one person
    // registered twice, which registration warns of (likely-persons.test.ts).
    const HEADS = ['خالد سعد العتيبي', 'ماجد ناصر الدوسري', 'بدر فيصل الهاجري', 'سلمان عادل المري', 'طلال حمد السبيعي', 'وليد جاسم الفضلي', 'حسن علي البناي', 'مشعل راشد الخالدي'];
    const WIVES = ['نورة محمد الشمري', 'هيا سالم العازمي', 'مريم يوسف الرشيدي', 'دانة خليفة الصباح', 'شيخة مبارك العنزي', 'لطيفة عيسى القلاف', 'منى جابر البلوشي', 'عبير حمود الظفيري'];
    let families = 0;
    const family = () => {
      const n = families++;
      const [fatherBorn, wifeBorn] = [`1970-02-${String(2 + n).padStart(2, '0')}`, `1975-03-${String(3 + n).padStart(2, '0')}`];
      const father = w.nextId(fatherBorn);
      const wife = w.nextId(wifeBorn);
      return {
        father,
        wife,
        body: {
          regionCode: region,
          phone: `+965555123${String(10 + n)}`,
          members: [
            { nationalId: father, fullName: HEADS[n % HEADS.length]!, birthDate: fatherBorn, sex: 'M', relation: 'head' },
            { nationalId: wife, fullName: WIVES[n % WIVES.length]!, birthDate: wifeBorn, sex: 'F', relation: 'spouse' },
          ],
        },
      };
    };

    test('register a household with IDs typed in Persian and Arabic-Indic digits; they are stored normalised', async () => {
      const f = family();
      f.body.members[0]!.nationalId = toPersian(f.father);
      f.body.members[1]!.nationalId = toArabicIndic(f.wife.slice(0, 4)) + ' - ' + f.wife.slice(4);
      const cw = w.charities[0]!.caseworker.token;
      const res = await api.call('POST', '/api/v1/households', cw, f.body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const view = await api.call('GET', `/api/v1/households/${res.body.id}`, cw);
      assert.equal(view.status, 200);
      assert.deepEqual(view.body.members.map((m: { nationalId: string }) => m.nationalId).sort(), [f.father, f.wife].sort());
    });

    test('a person already in a household cannot join another; the household is named to staff who may see it', async () => {
      const f = family();
      const mine = await api.call('POST', '/api/v1/households', w.charities[0]!.caseworker.token, f.body);
      assert.equal(mine.status, 201);
      const before = await counts();
      const again = { regionCode: region, members: [{ nationalId: f.wife, fullName: 'نوره الشمري', birthDate: f.body.members[1]!.birthDate, relation: 'head' }] };
      const own = await api.call('POST', '/api/v1/households', w.charities[0]!.caseworker.token, again);
      assert.equal(own.status, 409);
      assert.equal(own.body.type, '/problems/member-of-other-household');
      assert.equal(own.body.householdId, mine.body.id);
      const other = await api.call('POST', '/api/v1/households', w.charities[1]!.caseworker.token, again);
      assert.equal(other.status, 409);
      assert.equal(other.body.householdId, undefined, 'a charity that may not see the household is not told which it is');
      assert.doesNotMatch(JSON.stringify(other.body), new RegExp(mine.body.id));
      assert.deepEqual(await counts(), before);
    });

    test('bad input: 4xx problem+json with a stable type, and nothing written', async () => {
      const cw = w.charities[0]!.caseworker.token;
      const before = await counts();
      const bad = family();
      bad.body.members[0]!.nationalId = bad.father.slice(0, 11) + String((Number(bad.father[11]) + 1) % 10);
      const cases: [string, string, unknown, number, string][] = [
        ['POST', '/api/v1/households', bad.body, 400, 'invalid-national-id'],
        ['POST', '/api/v1/households', { ...family().body, regionCode: 'XX-NOPE' }, 400, 'unknown-reference'],
        ['POST', '/api/v1/households', { ...family().body, members: [] }, 400, 'validation'],
        ['POST', '/api/v1/households', '{"regionCode": ', 400, 'validation'],
        ['POST', '/api/v1/grants', { householdId: '00000000-0000-4000-8000-000000000000', aidTypeCode: 'no-such-type', amount: '1' }, 400, 'unknown-reference'],
        ['POST', '/api/v1/households', { ...family().body, address: 'x'.repeat(300 * 1024) }, 413, 'payload-too-large'],
      ];
      for (const [method, url, body, status, type] of cases) {
        const res = await api.call(method, url, cw, body);
        assert.equal(res.status, status, `${url}: ${JSON.stringify(res.body).slice(0, 300)}`);
        assert.equal(res.body.type, `/problems/${type}`);
        assert.match(String(res.headers['content-type']), /application\/problem\+json/);
        assert.equal(typeof res.body.title, 'string');
        assert.equal(res.body.status, status);
      }
      assert.deepEqual(await counts(), before);
    });

    test('grants over HTTP: 201, then 409 duplicate-aid for the wife from another charity; amounts validated', async () => {
      const f = family();
      const h = await api.call('POST', '/api/v1/households', w.charities[0]!.caseworker.token, f.body);
      const first = await api.call('POST', '/api/v1/grants', w.charities[0]!.caseworker.token, { beneficiaryNationalId: f.father, aidTypeCode: 'refrigerator' });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.householdId, h.body.id);
      const second = await api.call('POST', '/api/v1/grants', w.charities[1]!.caseworker.token, { beneficiaryNationalId: toPersian(f.wife), aidTypeCode: 'fridge-freezer' });
      assert.equal(second.status, 409);
      assert.equal(second.body.type, '/problems/duplicate-aid');
      assert.equal(second.body.conflict.aidType, 'refrigerator');
      assert.equal(second.body.conflict.organisationKind, 'charity');
      assert.equal(typeof second.body.conflict.grantedOn, 'string');
      for (const amount of ['-3', '1.2345', 'abc']) {
        const r = await api.call('POST', '/api/v1/grants', w.charities[1]!.caseworker.token, { householdId: h.body.id, aidTypeCode: 'living-allowance', amount });
        assert.equal(r.status, 400, amount);
        assert.equal(r.body.type, '/problems/invalid-amount');
      }
      const ok = await api.call('POST', '/api/v1/grants', w.charities[1]!.caseworker.token, { householdId: h.body.id, aidTypeCode: 'living-allowance', amount: '150.5' });
      assert.equal(ok.status, 201);
      assert.equal(ok.body.amountMinor, 150500);
      assert.equal(ok.body.amount, '150.500');
    });

    test('the kardex shows every request and grant across charities; other charities are anonymised', async () => {
      const f = family();
      const h = await api.call('POST', '/api/v1/households', w.charities[0]!.caseworker.token, f.body);
      await api.call('POST', '/api/v1/grants', w.charities[0]!.caseworker.token, { householdId: h.body.id, aidTypeCode: 'washing-machine' });
      await api.call('POST', '/api/v1/grants', w.charities[1]!.caseworker.token, { beneficiaryNationalId: f.wife, aidTypeCode: 'medical-aid', amount: '20' });
      const asB = await api.call('GET', `/api/v1/households/${h.body.id}/history`, w.charities[1]!.caseworker.token);
      assert.equal(asB.status, 200);
      assert.equal(asB.body.grants.length, 2);
      const fromA = asB.body.grants.find((g: { aidType: string }) => g.aidType === 'washing-machine');
      assert.equal(fromA.givenBy.name, null);
      assert.equal(fromA.givenBy.kind, 'charity');
      const asMinistry = await api.call('GET', `/api/v1/households/${h.body.id}/history`, w.supervisor.token);
      assert.equal(asMinistry.body.grants.find((g: { aidType: string }) => g.aidType === 'washing-machine').givenBy.name, 'Charity A');
      const asC = await api.call('GET', `/api/v1/households/${h.body.id}/history`, w.charities[2]!.caseworker.token);
      assert.equal(asC.status, 403);
    });

    test('policies are data the ministry edits; a caseworker may not', async () => {
      const denied = await api.call('PATCH', '/api/v1/catalogue/groups/rent', w.charities[0]!.caseworker.token, { windowKind: 'days', windowDays: 180 });
      assert.equal(denied.status, 403);
      const ok = await api.call('PATCH', '/api/v1/catalogue/groups/rent', w.ministryAdmin.token, { windowKind: 'days', windowDays: 180 });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const cat = await api.call('GET', '/api/v1/catalogue', w.charities[0]!.caseworker.token);
      assert.equal(cat.body.groups.find((g: { code: string }) => g.code === 'rent').windowDays, 180);
    });

    test('authentication: no token is 401, a bad token is 401, the OpenAPI document lists the routes', async () => {
      assert.equal((await api.call('GET', '/api/v1/me')).status, 401);
      assert.equal((await api.call('GET', '/api/v1/me', 'mzn_nope')).status, 401);
      const doc = await api.call('GET', '/api/openapi.json');
      assert.equal(doc.status, 200);
      assert.equal(doc.body.openapi, '3.1.0');
      for (const p of ['/api/v1/households', '/api/v1/grants', '/api/v1/exceptions/{id}/decision', '/api/v1/households/{id}/history']) {
        assert.ok(doc.body.paths[p], `${p} is documented`);
      }
    });

    test('no personal data in the server log', async () => {
      const f = family();
      await api.call('POST', '/api/v1/households', w.charities[0]!.caseworker.token, f.body);
      await api.call('GET', `/api/v1/households/lookup?nationalId=${f.father}&purpose=aid-check`, w.charities[0]!.caseworker.token);
      const log = api.logs.join('');
      assert.ok(log.length > 0);
      for (const secret of [f.father, f.wife, 'خالد', '+96555512345', w.charities[0]!.caseworker.token]) {
        assert.ok(!log.includes(secret), `log contains ${secret}`);
      }
    });
  });
}
