/**
 * Donations end to end over HTTP, on both engines: a donor pledges cash restricted to education
 * and five refrigerators; the charity receives them (lots, a balanced entry, a receipt whose code
 * anyone can check); the charity opens its books, and from then on a grant is funded by the lots
 * its donors allowed (first in, first out, or the lots the caseworker chose) or refused with the
 * reason; the donor sees what the gifts became (aid type, basket, region, day) and nothing of the
 * household; a revoked grant's funding goes back; transfers, allocations and refunds move money
 * only as far as a fund holds; bad input is a clear 4xx with nothing written; random grants and
 * gifts trace both ways to the mil; the reconciliation holds.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { declaredFacts, donorAccount, makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';

for (const engine of engines()) {
  describe(`donations (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let api: Api;
    let donor: { userId: string; token: string };
    let fam: Family;
    let far: Family;
    let province: string;
    let otherProvince: string;
    let warehouseId: string;
    let educationGift: string;
    let fridgeGift: string;
    let generalGift: string;
    const A = () => w.charities[0]!;
    const B = () => w.charities[1]!;
    const count = async (q: string) => Number((await sql<{ n: string }>`${sql.raw(q)}`.execute(t.database.db)).rows[0]!.n);
    const ledgerRows = () => count('select (select count(*) from journal_entries) + (select count(*) from journal_lines) + (select count(*) from donation_lots) as n');

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      api = await makeApi(t);
      const level1 = [...t.dep.regions.values()].filter((r) => r.level === 1);
      province = level1[0]!.code;
      otherProvince = level1[1]!.code;
      fam = await registerFamily(t.database.db, t.dep, w, A().caseworker.actor, province);
      far = await registerFamily(t.database.db, t.dep, w, A().caseworker.actor, otherProvince);
      donor = await donorAccount(t.database.db, w, w.nextId('1970-02-02'), 'Nasser');
      const wh = await api.call('POST', '/api/v1/funds/warehouses', A().admin.token, { name: 'Main store', regionCode: province });
      assert.equal(wh.status, 201, JSON.stringify(wh.body));
      warehouseId = wh.body.id;
    });
    after(async () => {
      await api.app.close();
      await t.close();
    });

    test('a donor pledges, the charity receives: lots, a balanced entry, a receipt anyone can check', async () => {
      const cat = await api.call('GET', '/api/v1/donations/catalogue');
      assert.equal(cat.status, 200);
      assert.ok(cat.body.items.some((i: { code: string }) => i.code === 'refrigerator'));
      assert.ok(cat.body.charities.some((c: { id: string }) => c.id === A().id));

      const cash = await api.call('POST', '/api/v1/donor/gifts', donor.token, { orgId: A().id, form: 'cash', giftKind: 'sadaqa', restriction: { kind: 'basket', code: 'education' }, amount: '250.500', paymentReference: 'TRX-1' });
      assert.equal(cash.status, 201, JSON.stringify(cash.body));
      assert.equal(cash.body.status, 'pledged');
      assert.equal(cash.body.amountMinor, 250_500);
      educationGift = cash.body.id;
      const fridges = await api.call('POST', '/api/v1/donor/gifts', donor.token, { orgId: A().id, form: 'in_kind', giftKind: 'general', restriction: { kind: 'general' }, items: [{ itemCode: 'refrigerator', quantity: 5, unitValue: '120' }] });
      assert.equal(fridges.status, 201, JSON.stringify(fridges.body));
      fridgeGift = fridges.body.id;

      // Charity B may not receive what was given to A.
      assert.equal((await api.call('POST', `/api/v1/donations/${educationGift}/receive`, B().caseworker.token, {})).status, 404);
      // Items need a warehouse.
      assert.equal((await api.call('POST', `/api/v1/donations/${fridgeGift}/receive`, A().caseworker.token, {})).status, 400);
      const got = await api.call('POST', `/api/v1/donations/${educationGift}/receive`, A().caseworker.token, {});
      assert.equal(got.status, 200, JSON.stringify(got.body));
      assert.equal(got.body.status, 'received');
      assert.match(got.body.verificationCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      assert.equal((await api.call('POST', `/api/v1/donations/${educationGift}/receive`, A().caseworker.token, {})).status, 409, 'received once');
      const gotItems = await api.call('POST', `/api/v1/donations/${fridgeGift}/receive`, A().caseworker.token, { warehouseId });
      assert.equal(gotItems.status, 200, JSON.stringify(gotItems.body));

      const check = await api.call('GET', `/api/v1/receipts/${got.body.verificationCode.toLowerCase()}`);
      assert.equal(check.status, 200, JSON.stringify(check.body));
      assert.equal(check.body.amountMinor, 250_500);
      assert.equal(check.body.charity, A().name);
      assert.equal(check.body.donor, null, 'not named without consent');
      assert.equal((await api.call('PATCH', '/api/v1/donor/me', donor.token, { publicName: true })).status, 200);
      assert.equal((await api.call('GET', `/api/v1/receipts/${got.body.verificationCode}`)).body.donor, 'Nasser');
      assert.equal((await api.call('GET', '/api/v1/receipts/AAAA-BBBB-CCCC')).status, 404);

      const pdf = await api.call('GET', `/api/v1/donor/gifts/${fridgeGift}/receipt`, donor.token);
      assert.equal(pdf.status, 200);
      assert.match(String(pdf.headers['content-type']), /application\/pdf/);
      assert.ok(String(pdf.body).startsWith('%PDF-'));

      const books = await api.call('GET', '/api/v1/funds', A().caseworker.token);
      assert.equal(books.status, 200);
      assert.deepEqual(books.body.funds.map((f: { restrictionKind: string; restrictionCode: string; balanceMinor: number }) => [f.restrictionKind, f.restrictionCode, f.balanceMinor]), [['basket', 'education', 250_500]]);
      assert.deepEqual(books.body.stock.map((s: { itemCode: string; quantity: number; valueMinor: number }) => [s.itemCode, s.quantity, s.valueMinor]), [['refrigerator', 5, 600_000]]);
      const recon = await api.call('GET', '/api/v1/ledger/reconciliation', w.ministryAdmin.token);
      assert.equal(recon.body.ok, true, JSON.stringify(recon.body));
      assert.equal(recon.body.counts.entries, 2);
    });

    test('with its books open, a grant is funded by what the donors allowed, or refused with the reason', async () => {
      // Before the books are open, a grant is not funded (and not refused).
      const before = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: far.householdId, aidTypeCode: 'medical-aid', amount: '10' });
      assert.equal(before.status, 201, JSON.stringify(before.body));
      assert.equal((await api.call('GET', `/api/v1/grants/${before.body.id}/funding`, A().caseworker.token)).body.funded, false);

      assert.equal((await api.call('POST', '/api/v1/funds/books', A().admin.token)).body.booksOpen, true);
      // Education money may not pay medical aid: restricted.
      const med = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: fam.householdId, aidTypeCode: 'medical-aid', amount: '20' });
      assert.equal(med.status, 409, JSON.stringify(med.body));
      assert.equal(med.body.type, '/problems/not-funded');
      assert.equal(med.body.reason, 'restricted');
      // More than the education fund holds: insufficient, with what it holds.
      const big = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: fam.householdId, aidTypeCode: 'student-fees', amount: '300' });
      assert.equal(big.status, 409);
      assert.equal(big.body.reason, 'insufficient');
      assert.equal(big.body.availableMinor, 250_500);
      const fees = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: fam.householdId, aidTypeCode: 'student-fees', amount: '100.250' });
      assert.equal(fees.status, 201, JSON.stringify(fees.body));
      const funding = await api.call('GET', `/api/v1/grants/${fees.body.id}/funding`, A().caseworker.token);
      assert.deepEqual(funding.body.donations.map((d: { donationId: string; amountMinor: number }) => [d.donationId, d.amountMinor]), [[educationGift, 100_250]]);
      // A refrigerator from stock.
      const fridge = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: fam.householdId, aidTypeCode: 'refrigerator' });
      assert.equal(fridge.status, 201, JSON.stringify(fridge.body));
      const fridgeFunding = await api.call('GET', `/api/v1/grants/${fridge.body.id}/funding`, A().caseworker.token);
      assert.deepEqual(fridgeFunding.body.donations.map((d: { donationId: string; quantity: number; amountMinor: number }) => [d.donationId, d.quantity, d.amountMinor]), [[fridgeGift, 1, 120_000]]);
      // No stock of washing machines.
      const wm = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: far.householdId, aidTypeCode: 'washing-machine' });
      assert.equal(wm.status, 409);
      assert.equal(wm.body.type, '/problems/not-funded');
      const recon = await api.call('GET', '/api/v1/ledger/reconciliation', w.ministryAdmin.token);
      assert.equal(recon.body.ok, true, JSON.stringify(recon.body));
    });

    test('the donor sees what the gifts became and what is left, never who received them', async () => {
      const mine = await api.call('GET', '/api/v1/donor/gifts', donor.token);
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      const fr = mine.body.gifts.find((g: { donation: { id: string } }) => g.donation.id === fridgeGift);
      assert.deepEqual(fr.services.map((s: { aidTypeCode: string; basketCode: string; regionCode: string; quantity: number }) => [s.aidTypeCode, s.basketCode, s.regionCode, s.quantity]), [['refrigerator', 'durable-goods', province, 1]]);
      assert.equal(fr.totals.givenQuantity, 5);
      assert.equal(fr.totals.leftQuantity, 4);
      const ed = mine.body.gifts.find((g: { donation: { id: string } }) => g.donation.id === educationGift);
      assert.equal(ed.totals.grantedMinor, 100_250);
      assert.equal(ed.totals.leftMinor, 150_250);
      assert.equal(mine.body.totals.givenMinor, 250_500 + 600_000);
      const text = JSON.stringify(mine.body);
      assert.ok(!text.includes(fam.householdId), 'no household ID');
      for (const m of fam.members) {
        assert.ok(!text.includes(m.nationalId), 'no national ID');
        assert.ok(!text.includes(m.fullName), 'no name');
      }
      // Another donor reads nothing of these gifts.
      const other = await donorAccount(t.database.db, w, w.nextId('1971-03-03'));
      assert.equal((await api.call('GET', '/api/v1/donor/gifts', other.token)).body.gifts.length, 0);
      assert.equal((await api.call('GET', `/api/v1/donor/gifts/${fridgeGift}`, other.token)).status, 404);
      // A donor reads no household.
      assert.equal((await api.call('GET', `/api/v1/households/${fam.householdId}`, donor.token)).status, 403);
    });

    test('a revoked grant gives its funding back to the lots that paid it', async () => {
      const g = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: far.householdId, aidTypeCode: 'student-fees', amount: '50' });
      assert.equal(g.status, 201, JSON.stringify(g.body));
      const leftBefore = (await api.call('GET', '/api/v1/funds', A().caseworker.token)).body.funds[0].balanceMinor;
      const rv = await api.call('POST', `/api/v1/grants/${g.body.id}/revoke`, w.supervisor.token, { reason: 'Recorded for the wrong household' });
      assert.equal(rv.status, 200, JSON.stringify(rv.body));
      const leftAfter = (await api.call('GET', '/api/v1/funds', A().caseworker.token)).body.funds[0].balanceMinor;
      assert.equal(leftAfter - leftBefore, 50_000);
      assert.equal((await api.call('GET', `/api/v1/grants/${g.body.id}/funding`, A().caseworker.token)).body.funded, false);
      assert.equal((await api.call('GET', '/api/v1/ledger/reconciliation', w.ministryAdmin.token)).body.ok, true);
    });

    test('the kinds of gift and the in-kind items are data the ministry edits', async () => {
      const khums = await api.call('PUT', '/api/v1/donations/gift-kinds/khums', w.ministryAdmin.token, { zakat: false, names: { en: 'Khums', ar: 'خمس', fa: 'خمس' } });
      assert.equal(khums.status, 200, JSON.stringify(khums.body));
      assert.equal((await api.call('PUT', '/api/v1/donations/gift-kinds/khums', A().admin.token, { zakat: false, names: { en: 'x', ar: 'x', fa: 'x' } })).status, 403);
      const heater = await api.call('PUT', '/api/v1/donations/items/oil-heater', w.ministryAdmin.token, { aidTypeCode: 'heater', unit: 'piece', names: { en: 'Oil heater', ar: 'مدفأة زيت', fa: 'بخاری روغنی' } });
      assert.equal(heater.status, 200, JSON.stringify(heater.body));
      const notInKind = await api.call('PUT', '/api/v1/donations/items/rent-voucher', w.ministryAdmin.token, { aidTypeCode: 'rent-assistance', unit: 'piece', names: { en: 'x', ar: 'x', fa: 'x' } });
      assert.equal(notInKind.status, 400);
      const cat = (await api.call('GET', '/api/v1/donations/catalogue')).body;
      assert.ok(cat.giftKinds.some((k: { code: string }) => k.code === 'khums'));
      assert.ok(cat.items.some((i: { code: string; aidTypeCode: string }) => i.code === 'oil-heater' && i.aidTypeCode === 'heater'));
      assert.ok(!cat.items.some((i: { code: string }) => i.code === 'rent-voucher'));
      const gift = await api.call('POST', '/api/v1/donor/gifts', donor.token, { orgId: A().id, form: 'in_kind', giftKind: 'khums', restriction: { kind: 'general' }, items: [{ itemCode: 'oil-heater', quantity: 2, unitValue: '15' }] });
      assert.equal(gift.status, 201, JSON.stringify(gift.body));
      assert.equal(gift.body.giftKind, 'khums');
      assert.equal((await api.call('POST', `/api/v1/donations/${gift.body.id}/decline`, A().caseworker.token, { note: 'We have no store for heaters this winter' })).status, 200);
    });

    test('bad input is a clear 4xx and writes nothing', async () => {
      const before = await ledgerRows();
      const donations = await count('select count(*) as n from donations');
      const gift = { orgId: A().id, form: 'cash', giftKind: 'general', restriction: { kind: 'general' } };
      for (const [body, type] of [
        [{ ...gift, amount: '-5' }, 'invalid-amount'],
        [{ ...gift, amount: '1.2345' }, 'invalid-amount'],
        [{ ...gift, amount: '0' }, 'invalid-amount'],
        [{ ...gift, form: 'in_kind', items: [{ itemCode: 'spaceship', quantity: 1, unitValue: '1' }] }, 'unknown-reference'],
        [{ ...gift, amount: '1', restriction: { kind: 'basket', code: 'no-such-basket' } }, 'unknown-reference'],
        [{ ...gift, amount: '1', giftKind: 'tithe' }, 'unknown-reference'],
      ] as const) {
        const r = await api.call('POST', '/api/v1/donor/gifts', donor.token, body);
        assert.equal(r.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
        assert.equal(r.body.type, `/problems/${type}`);
      }
      // A transfer larger than the fund.
      const tooMuch = await api.call('POST', '/api/v1/funds/transfers', A().admin.token, { toOrgId: B().id, from: { kind: 'basket', code: 'education' }, amount: '100000' });
      assert.equal(tooMuch.status, 409, JSON.stringify(tooMuch.body));
      assert.equal(tooMuch.body.type, '/problems/insufficient-funds');
      const overPrecise = await api.call('POST', '/api/v1/funds/transfers', A().admin.token, { toOrgId: B().id, from: { kind: 'basket', code: 'education' }, amount: '1.0001' });
      assert.equal(overPrecise.status, 400);
      // Widening a donor's restriction is not an allocation.
      const widen = await api.call('POST', '/api/v1/funds/allocations', A().admin.token, { from: { kind: 'basket', code: 'education' }, to: { kind: 'general' }, amount: '1' });
      assert.equal(widen.status, 409);
      assert.equal(widen.body.type, '/problems/restriction-not-narrower');
      // A caseworker may not move funds.
      assert.equal((await api.call('POST', '/api/v1/funds/transfers', A().caseworker.token, { toOrgId: B().id, from: { kind: 'basket', code: 'education' }, amount: '1' })).status, 403);
      assert.equal(await ledgerRows(), before);
      assert.equal(await count('select count(*) as n from donations'), donations);
    });

    test('a transfer, an allocation and a refund move only what a fund holds, and keep the trace', async () => {
      const tr = await api.call('POST', '/api/v1/funds/transfers', A().admin.token, { toOrgId: B().id, from: { kind: 'basket', code: 'education' }, amount: '40' });
      assert.equal(tr.status, 201, JSON.stringify(tr.body));
      const bBooks = (await api.call('GET', '/api/v1/funds', B().caseworker.token)).body;
      assert.deepEqual(bBooks.funds.map((f: { restrictionCode: string; balanceMinor: number }) => [f.restrictionCode, f.balanceMinor]), [['education', 40_000]]);
      const trace = (await api.call('GET', `/api/v1/donor/gifts/${educationGift}`, donor.token)).body;
      assert.deepEqual(trace.transfers.map((x: { toOrgId: string; amountMinor: number }) => [x.toOrgId, x.amountMinor]), [[B().id, 40_000]]);
      // A general gift recorded in person, allocated in part to a region, then refunded in part.
      const company = await api.call('POST', '/api/v1/donors', A().caseworker.token, { kind: 'company', displayName: 'Gulf Trading Co.', registrationNo: 'CR-881' });
      assert.equal(company.status, 201, JSON.stringify(company.body));
      const rec = await api.call('POST', '/api/v1/donations', A().caseworker.token, { donorId: company.body.id, form: 'cash', giftKind: 'general', restriction: { kind: 'general' }, amount: '500' });
      assert.equal(rec.status, 201, JSON.stringify(rec.body));
      assert.equal(rec.body.status, 'received');
      generalGift = rec.body.id;
      const al = await api.call('POST', '/api/v1/funds/allocations', A().admin.token, { from: { kind: 'general' }, to: { kind: 'region', code: otherProvince }, amount: '200' });
      assert.equal(al.status, 201, JSON.stringify(al.body));
      // The region's money pays a household there, not one elsewhere.
      const here = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: fam.householdId, aidTypeCode: 'rent-assistance', amount: '350', fundingLots: [await lotOf(generalGift, 'region')] });
      assert.equal(here.status, 409);
      assert.equal(here.body.reason, 'restricted');
      const there = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: far.householdId, aidTypeCode: 'rent-assistance', amount: '150', fundingLots: [await lotOf(generalGift, 'region')] });
      assert.equal(there.status, 201, JSON.stringify(there.body));
      const rf = await api.call('POST', `/api/v1/donations/${generalGift}/refund`, A().admin.token, { amount: '100', memo: 'Asked back by the donor' });
      assert.equal(rf.status, 201, JSON.stringify(rf.body));
      const g = (await api.call('GET', `/api/v1/donations/${generalGift}`, A().caseworker.token)).body;
      assert.deepEqual([g.totals.givenMinor, g.totals.grantedMinor, g.totals.refundedMinor, g.totals.leftMinor], [500_000, 150_000, 100_000, 250_000]);
      const recon = await api.call('GET', '/api/v1/ledger/reconciliation', w.ministryAdmin.token);
      assert.equal(recon.body.ok, true, JSON.stringify(recon.body));
      const flows = await api.call('GET', '/api/v1/ledger/flows?from=2000-01-01', w.ministryAdmin.token);
      assert.equal(flows.status, 200);
      const inflowA = flows.body.rows.filter((r: { orgId: string; account: string }) => r.orgId === A().id && r.account === 'gifts').reduce((s: number, r: { amountMinor: number }) => s + r.amountMinor, 0);
      assert.equal(inflowA, 250_500 + 600_000 + 500_000);
    });

    async function lotOf(donationId: string, kind: string) {
      const rows = (await sql<{ id: string; restriction_kind: string }>`select id, restriction_kind from donation_lots where donation_id = ${donationId} order by created_at`.execute(t.database.db)).rows;
      return rows.find((r) => r.restriction_kind === kind)!.id;
    }

    test('zakat pays only households in the zakat categories', async () => {
      const zakat = await api.call('PUT', '/api/v1/zakat/categories', w.ministryAdmin.token, { rule: { '<': [{ var: 'incomePerMemberMinor' }, 50_000] }, note: 'The poor and the needy' });
      assert.equal(zakat.status, 200, JSON.stringify(zakat.body));
      await declaredFacts(t.database.db, w, fam.householdId, { monthlyIncomeMinor: 60_000, members: 3 });
      await declaredFacts(t.database.db, w, far.householdId, { monthlyIncomeMinor: 600_000, members: 3 });
      const company = (await api.call('GET', '/api/v1/donors', A().caseworker.token)).body.find((d: { kind: string }) => d.kind === 'company');
      const zg = await api.call('POST', '/api/v1/donations', A().caseworker.token, { donorId: company.id, form: 'cash', giftKind: 'zakat', restriction: { kind: 'aid_type', code: 'living-allowance' }, amount: '80' });
      assert.equal(zg.status, 201, JSON.stringify(zg.body));
      const rich = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: far.householdId, aidTypeCode: 'living-allowance', amount: '80', fundingLots: [await lotOf(zg.body.id, 'aid_type')] });
      assert.equal(rich.status, 409, JSON.stringify(rich.body));
      assert.equal(rich.body.reason, 'zakat-not-entitled');
      const poor = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: fam.householdId, aidTypeCode: 'living-allowance', amount: '80', fundingLots: [await lotOf(zg.body.id, 'aid_type')] });
      assert.equal(poor.status, 201, JSON.stringify(poor.body));
    });

    test('random grants trace to their donations, and random donations to their services, to the mil', async () => {
      // Ten small general gifts, then random grants drawing on them first in, first out.
      const company = (await api.call('GET', '/api/v1/donors', A().caseworker.token)).body.find((d: { kind: string }) => d.kind === 'company');
      const gifts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const r = await api.call('POST', '/api/v1/donations', A().caseworker.token, { donorId: company.id, form: 'cash', giftKind: 'general', restriction: { kind: 'general' }, amount: `${7 + i}.${String(i * 37).padStart(3, '0')}` });
        assert.equal(r.status, 201);
        gifts.push(r.body.id);
      }
      const types = ['rent-assistance', 'medical-aid', 'student-fees', 'vocational-training'];
      const families: Family[] = [];
      for (let i = 0; i < 5; i++) families.push(await registerFamily(t.database.db, t.dep, w, A().caseworker.actor, province));
      const grants: { id: string; amountMinor: number }[] = [];
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 9_999 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }), async (minor, f, ty) => {
          const r = await api.call('POST', '/api/v1/grants', A().caseworker.token, { householdId: families[f]!.householdId, aidTypeCode: types[ty], amount: `${Math.floor(minor / 1000)}.${String(minor % 1000).padStart(3, '0')}` });
          if (r.status === 201) {
            grants.push({ id: r.body.id, amountMinor: minor });
            const funding = (await api.call('GET', `/api/v1/grants/${r.body.id}/funding`, A().caseworker.token)).body;
            assert.equal(funding.donations.reduce((s: number, d: { amountMinor: number }) => s + d.amountMinor, 0), minor, 'a grant is paid to the mil');
          } else {
            assert.ok([409].includes(r.status), JSON.stringify(r.body));
          }
        }),
        { numRuns: 25, seed: 16 },
      );
      assert.ok(grants.length > 0);
      // Each donation, as the charity sees it: given = granted + refunded + left here + sent to other charities.
      for (const id of [...gifts, educationGift, generalGift]) {
        const d = (await api.call('GET', `/api/v1/donations/${id}`, A().caseworker.token)).body;
        const sent = d.transfers.reduce((s: number, x: { amountMinor: number }) => s + x.amountMinor, 0);
        assert.equal(d.totals.givenMinor, d.totals.grantedMinor + d.totals.refundedMinor + d.totals.leftMinor + sent, JSON.stringify(d.totals));
        assert.equal(d.services.reduce((s: number, x: { amountMinor: number }) => s + x.amountMinor, 0), d.totals.grantedMinor);
      }
      const recon = await api.call('GET', '/api/v1/ledger/reconciliation', w.ministryAdmin.token);
      assert.equal(recon.body.ok, true, JSON.stringify(recon.body));
    });
  });
}
