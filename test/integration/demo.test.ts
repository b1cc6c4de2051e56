/**
 * The demo deployment `npm start` loads on the embedded database: every capability shows up in it.
 * Here: the bulk upload (a Windows-1256 CSV) with every kind of verdict, its new people invited
 * (their SMS queued for the server's worker), and the invitees listed by the built-in identity
 * provider so a newcomer can follow a link and declare; one person registered twice, proposed to
 * the ministry by person matching; one who moved out, whom registering again under the mistyped ID
 * the demo prints names before a second record is made; programmes with a phase plan, the zakat
 * categories, applications (eligible, refused and appealing), a cycle awaiting the supervisor, and
 * a draft whose what-if shows who would gain; donations to a charity that keeps its books in Mizan
 * (cash under every kind of restriction, stock expiring soon, a pledge waiting), grants they funded,
 * a transfer, and a signed-in donor who sees what their gifts became.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { freshDatabase, type TestDb } from '../support/db.js';
import { systemClock } from '../../src/kernel/clock.js';
import { loadDemo } from '../../src/demo/demo.js';
import { DEMO_NEW_PEOPLE } from '../../src/demo/demo-intake.js';
import { intakeDefaults } from '../../src/modules/intake/intake-settings.js';
import { makeApi } from '../support/http.js';

describe('the demo deployment (embedded database)', () => {
  let t: TestDb;
  let dir: string;
  let demo: Awaited<ReturnType<typeof loadDemo>>;
  before(async () => {
    t = await freshDatabase('pglite');
    dir = await mkdtemp(join(tmpdir(), 'mizan-demo-test-'));
    demo = await loadDemo(t.database.db, t.dep, systemClock, { intake: intakeDefaults(dir) });
  });
  after(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a charity has uploaded its list: a finished import with every kind of verdict', async () => {
    const db = t.database.db;
    const imports = await db.selectFrom('imports').select(['id', 'status', 'encoding', 'total_rows']).execute();
    assert.equal(imports.length, 1);
    assert.equal(imports[0]!.status, 'done');
    assert.equal(imports[0]!.encoding, 'windows-1256');
    const verdicts = (await sql<{ verdict: string; n: number }>`select verdict, count(*)::int as n from import_rows group by verdict order by verdict`.execute(db)).rows;
    const count = Object.fromEntries(verdicts.map((v) => [v.verdict, v.n]));
    assert.equal(count['accepted'], DEMO_NEW_PEOPLE, JSON.stringify(count));
    assert.equal(count['already-registered'], 3, JSON.stringify(count));
    assert.equal(count['duplicate-in-file'], 1, JSON.stringify(count));
    assert.equal(count['invalid-national-id'], 2, JSON.stringify(count));
    assert.equal(count['foreign-phone'], 1, JSON.stringify(count));
    assert.equal(imports[0]!.total_rows, DEMO_NEW_PEOPLE + 7);
    // The registered person typed with a wrong check digit is proposed as who they may be; the stranger is not.
    const waiting = await db.selectFrom('import_rows as r').leftJoin('persons as p', 'p.id', 'r.likely_person').select(['r.name', 'r.likely_score', 'p.full_name']).where('r.verdict', '=', 'invalid-national-id').orderBy('r.row_no').execute();
    assert.equal(waiting.length, 2);
    assert.equal(waiting[0]!.full_name, null, 'an unknown person: nobody proposed');
    assert.ok(waiting[1]!.full_name !== null && waiting[1]!.likely_score! > 0, JSON.stringify(waiting[1]));
  });

  test('its new people are invited once each, their SMS waiting for the server\'s worker, and the identity provider lists some', async () => {
    const db = t.database.db;
    assert.equal(demo.invited.length, DEMO_NEW_PEOPLE);
    const inv = (await sql<{ n: number }>`select count(*)::int as n from invitations where national_id = any(${demo.invited.map((p) => p.nationalId)}::text[])`.execute(db)).rows[0]!.n;
    assert.equal(inv, DEMO_NEW_PEOPLE);
    const send = await db.selectFrom('jobs').select(['kind', 'status']).where('kind', '=', 'invitations.send').execute();
    assert.ok(send.length >= 1 && send.every((j) => j.status === 'pending'), 'the send job waits for the server');
    const listed = await db.selectFrom('idp_dev_accounts').select(['national_id', 'label']).where('national_id', 'in', demo.invited.map((p) => p.nationalId)).execute();
    assert.ok(listed.length >= 1, 'a newcomer can sign in as an invited person');
    // the label names the SMS (its phone masked as the local SMSC prints it), so the link and the person match
    for (const l of listed) {
      const phone = demo.invited.find((p) => p.nationalId === l.national_id)!.phone;
      assert.ok(l.label.includes(`${phone.slice(0, phone.length - 7)}****${phone.slice(-3)}`), l.label);
    }
  });

  test('one invited person has declared a household of four: a version, its score, and requests offered first to the inviting charity', async () => {
    const db = t.database.db;
    const v = (await sql<{ version: number; household_id: string; members: number }>`
      select v.version, v.household_id, (select count(*)::int from household_members m where m.household_id = v.household_id and m.active) as members
        from declaration_versions v join declarations d on d.id = v.declaration_id where d.national_id = ${demo.invited[3]!.nationalId}`.execute(db)).rows;
    assert.equal(v.length, 1);
    assert.equal(v[0]!.version, 1);
    assert.equal(v[0]!.members, 4);
    const score = (await sql<{ score: number; priority: number }>`select score::float8 as score, priority from need_scores where household_id = ${v[0]!.household_id}`.execute(db)).rows;
    assert.equal(score.length, 1);
    assert.ok(score[0]!.score > 0);
    const reqs = (await sql<{ priority: number; offered: string | null; invited_by: string }>`
      select r.priority, r.offered_to_org_id as offered, i.first_org_id as invited_by
        from aid_requests r join invitations i on i.national_id = ${demo.invited[3]!.nationalId}
       where r.household_id = ${v[0]!.household_id} and r.status = 'open'`.execute(db)).rows;
    assert.equal(reqs.length, 2);
    for (const r of reqs) {
      assert.equal(r.priority, score[0]!.priority);
      assert.equal(r.offered, r.invited_by);
    }
  });

  test('the person registered twice by two charities is among the ministry\'s match proposals, pending', async () => {
    const db = t.database.db;
    const rows = (await sql<{ a: string; b: string; ida: string; idb: string; status: string }>`
      select p.status, a.full_name as a, b.full_name as b, a.national_id as ida, b.national_id as idb
        from match_proposals p join persons a on a.id = p.person_a join persons b on b.id = p.person_b`.execute(db)).rows;
    const twice = rows.filter((r) => r.ida.slice(0, 7) === r.idb.slice(0, 7) && r.a !== r.b && r.a.split(' ').length === r.b.split(' ').length);
    assert.ok(twice.length >= 1, `the planted pair is proposed (${rows.length} proposals)`);
    assert.ok(twice.every((r) => r.status === 'pending'));
    // The household declared after the sweep is indexed by tomorrow's, which waits for the server's worker.
    const next = (await sql<{ status: string }>`select status from jobs where kind = 'matching.sweep' and status = 'pending'`.execute(db)).rows;
    assert.equal(next.length, 1, 'tomorrow\'s sweep is scheduled');
  });

  test('the member who moved out: registering them under the ID the demo prints names their record, and "this is them" links it', async () => {
    const known = demo.known!;
    assert.ok(known, 'the demo has one');
    const api = await makeApi(t);
    try {
      const region = [...t.dep.regions.values()].find((r) => r.level === 1)!.code;
      const member = { nationalId: known.typedId, fullName: known.fullName, birthDate: known.birthDate, relation: 'head' };
      const warned = await api.call('POST', '/api/v1/households', 'mzn_demo_rahma_caseworker', { regionCode: region, members: [member] });
      assert.equal(warned.status, 409, JSON.stringify(warned.body));
      assert.equal(warned.body.type, '/problems/possible-duplicate-person');
      const candidate = warned.body.matches[0].candidates[0];
      assert.equal(candidate.fullName, known.fullName);
      assert.equal(candidate.inHousehold, false, 'in no household: linking is possible');
      const linked = await api.call('POST', '/api/v1/households', 'mzn_demo_rahma_caseworker', { regionCode: region, members: [{ ...member, sameAs: candidate.personId }] });
      assert.equal(linked.status, 201, JSON.stringify(linked.body));
      const typed = await t.database.db.selectFrom('persons').select('id').where('national_id', '=', known.typedId).execute();
      assert.equal(typed.length, 0, 'no record under the mistyped ID');
    } finally {
      await api.app.close();
    }
  });

  test('programmes: three active, applications decided, an appeal waiting, this month\'s cycle awaiting approval, a draft the what-if weighs', async () => {
    const db = t.database.db;
    const programmes = (await sql<{ code: string; status: string }>`select code, status from programmes order by code`.execute(db)).rows;
    assert.deepEqual(programmes, [{ code: 'monthly-cash', status: 'active' }, { code: 'tailoring-course', status: 'active' }, { code: 'zakat-relief', status: 'active' }]);
    const statuses = new Set(demo.programmes.applicants.map((a) => a.status));
    assert.ok(statuses.has('eligible') && statuses.has('appealed'), JSON.stringify(demo.programmes.applicants));
    assert.ok(demo.programmes.outsidePhase1, 'a head in a region not open yet');
    const cycle = (await sql<{ status: string; households: number }>`select status, households from benefit_cycles`.execute(db)).rows;
    assert.equal(cycle.length, 1);
    assert.equal(cycle[0]!.status, 'preview');
    assert.ok(cycle[0]!.households > 0);
    const api = await makeApi(t);
    try {
      const w = await api.call('POST', `/api/v1/programmes/${demo.programmes.monthlyId}/what-if`, 'mzn_demo_ministry_admin', {});
      assert.equal(w.status, 200, JSON.stringify(w.body));
      assert.ok(w.body.gain === null || w.body.gain > 0, 'raising the limit gains households');
      assert.equal(w.body.lose, 0);
      const appeals = await api.call('GET', '/api/v1/appeals?status=open', 'mzn_demo_ministry_supervisor');
      assert.equal(appeals.body.length, 1);
      const outside = await api.call('GET', '/api/v1/me/programmes', 'mzn_demo_ministry_admin');
      assert.equal(outside.status, 403, 'an applicant\'s page');
    } finally {
      await api.app.close();
    }
  });

  test('donations: the books reconcile, the signed-in donor sees what their gifts became, the charity its funds and what expires soon', async () => {
    const api = await makeApi(t);
    try {
      const rec = await api.call('GET', '/api/v1/ledger/reconciliation', 'mzn_demo_ministry_supervisor');
      assert.equal(rec.status, 200, JSON.stringify(rec.body));
      assert.equal(rec.body.ok, true, JSON.stringify(rec.body));
      assert.ok(rec.body.counts.entries > 10 && rec.body.counts.charitiesWithBooks === 1, JSON.stringify(rec.body.counts));

      // the donor: a users row of role donor, a donor record tied to it, named publicly; listed by the identity provider
      const db = t.database.db;
      const user = await db.selectFrom('users').select(['id', 'role']).where('national_id', '=', demo.donations.donor.nationalId).execute();
      assert.deepEqual(user.map((u) => u.role), ['donor']);
      const donor = await db.selectFrom('donors').select(['user_id', 'public_name']).where('id', '=', demo.donations.donor.donorId).executeTakeFirstOrThrow();
      assert.equal(donor.user_id, user[0]!.id);
      assert.equal(donor.public_name, true);
      const listed = await db.selectFrom('idp_dev_accounts').select('label').where('national_id', '=', demo.donations.donor.nationalId).execute();
      assert.equal(listed.length, 1);
      assert.match(listed[0]!.label, /^Donor/);

      const mine = await api.call('GET', '/api/v1/donor/gifts', 'mzn_demo_donor');
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      const gifts = mine.body.gifts as { donation: { status: string; giftKind: string; restriction: { zakat: boolean } }; services: unknown[]; totals: { grantedMinor: number } }[];
      assert.deepEqual(gifts.map((g) => g.donation.status).sort(), ['pledged', 'received', 'received']);
      const general = gifts.find((g) => g.donation.status === 'received' && !g.donation.restriction.zakat)!;
      assert.ok(general.services.length >= 3, `the general gift paid services (${general.services.length})`);
      assert.ok(general.totals.grantedMinor > 0);
      assert.ok(gifts.some((g) => g.donation.restriction.zakat), 'a zakat gift');
      assert.ok(mine.body.totals.grantedMinor > 0 && mine.body.totals.leftMinor > 0, JSON.stringify(mine.body.totals));

      // the public check: the donor who consented is named, the one who did not is not
      const named = await api.call('GET', `/api/v1/receipts/${demo.donations.namedCode}`);
      assert.equal(named.status, 200, JSON.stringify(named.body));
      assert.equal(named.body.donor, demo.donations.donor.displayName);
      const anonymous = await api.call('GET', `/api/v1/receipts/${demo.donations.anonymousCode}`);
      assert.equal(anonymous.status, 200);
      assert.equal(anonymous.body.donor, null);
      assert.equal(anonymous.body.restriction.kind, 'region');

      // the charity: funds under general, zakat, region; refrigerators and food baskets in stock, the baskets expiring soon
      const books = await api.call('GET', '/api/v1/funds', 'mzn_demo_rahma_caseworker');
      assert.equal(books.status, 200, JSON.stringify(books.body));
      assert.equal(books.body.booksOpen, true);
      const kinds = new Set((books.body.funds as { restrictionKind: string; zakat: boolean }[]).map((f) => `${f.restrictionKind}${f.zakat ? '+zakat' : ''}`));
      for (const k of ['general', 'general+zakat', 'region']) assert.ok(kinds.has(k), `${k} in ${[...kinds]}`);
      assert.deepEqual((books.body.stock as { itemCode: string }[]).map((s) => s.itemCode).sort(), ['food-basket', 'refrigerator']);
      assert.ok((books.body.expiring as { itemCode: string }[]).some((e) => e.itemCode === 'food-basket'), 'food baskets expiring soon');
      const pending = await api.call('GET', '/api/v1/donations?status=pledged', 'mzn_demo_rahma_caseworker');
      assert.equal(pending.status, 200, JSON.stringify(pending.body));
      assert.equal(pending.body.gifts.length, 1, 'one pledge waiting to be received');
      // the education gift went on to the second charity
      const birr = await api.call('GET', '/api/v1/funds', 'mzn_demo_birr_caseworker');
      assert.ok((birr.body.funds as { restrictionKind: string; restrictionCode: string | null; balanceMinor: number }[]).some((f) => f.restrictionKind === 'basket' && f.restrictionCode === 'education' && f.balanceMinor > 0), JSON.stringify(birr.body.funds));

      // the README's tour goes on giving from the first charity: its grants are funded from what is left
      const region = [...t.dep.regions.values()].find((r) => r.level === 1)!.code;
      const head = await api.call('POST', '/api/v1/households', 'mzn_demo_rahma_caseworker', { regionCode: region, members: [{ nationalId: '288020122596', fullName: 'محمد عبدالله الكندري', birthDate: '1988-02-01', relation: 'head' }] });
      assert.equal(head.status, 201, JSON.stringify(head.body));
      for (const body of [{ aidTypeCode: 'refrigerator' }, { aidTypeCode: 'living-allowance', amount: '100' }]) {
        const g = await api.call('POST', '/api/v1/grants', 'mzn_demo_rahma_caseworker', { beneficiaryNationalId: '288020122596', ...body });
        assert.equal(g.status, 201, JSON.stringify(g.body));
        const funding = await api.call('GET', `/api/v1/grants/${g.body.id}/funding`, 'mzn_demo_rahma_caseworker');
        assert.equal(funding.body.funded, true, JSON.stringify(funding.body));
      }
      const after = await api.call('GET', '/api/v1/ledger/reconciliation', 'mzn_demo_ministry_supervisor');
      assert.equal(after.body.ok, true, JSON.stringify(after.body));
    } finally {
      await api.app.close();
    }
  });
});
