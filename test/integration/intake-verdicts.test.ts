/**
 * A charity's upload on every engine: every row gets its verdict (accepted, duplicate, already
 * registered and linked, invalid ID with its reason, bad or foreign phone, missing field), a second
 * charity's row of the same person is 'already-invited' and adds it as a referrer, the same file
 * again changes nothing, and a file over the limit is refused with nothing written.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { intakeHarness, type IntakeHarness } from './intake-helpers.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { intakeJobHandlers } from '../../src/modules/intake/import-job.js';

const toArabicIndic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

for (const engine of engines()) {
  describe(`intake verdicts (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let fam: Family;
    let h: IntakeHarness;
    let ids: { a: string; b: string; c: string; d: string; e: string };
    let firstImport = '';
    const count = async (table: 'imports' | 'import_rows' | 'intake_referrals') =>
      Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      fam = await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
      h = await intakeHarness(t, { maxBytes: 64 * 1024, chunkRows: 3 });
      ids = { a: w.nextId(), b: w.nextId(), c: w.nextId(), d: w.nextId(), e: w.nextId() };
    });
    after(async () => {
      await h.close();
      await t.close();
    });

    const badCheckDigit = (id: string) => id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);

    test('a mixed file: each row its verdict, the registered member linked, referrals and invitations for the good rows only', async () => {
      const token = w.charities[0]!.caseworker.token;
      const b = ids.b;
      const csv = [
        'Civil ID,Mobile,Name',
        `${ids.a},99001234,Ali`,
        `${ids.a},99001235,Ali again`,
        `${fam.members[0]!.nationalId},66012345,Father`,
        `${badCheckDigit(ids.c)},99001236,Typo`,
        `"${toArabicIndic(b.slice(0, 4))}-${toArabicIndic(b.slice(4))}",${toArabicIndic('6601 2346')},Arabic digits`,
        `${ids.c},+989121234567,Iranian phone`,
        `${ids.d},123,Short phone`,
        `,99001237,No ID`,
        `${ids.e},,No phone`,
      ].join('\r\n');
      const up = await h.upload(token, 'people.csv', csv);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      firstImport = up.body.id;
      assert.equal(up.body.status, 'mapping');
      assert.deepEqual(up.body.columns, ['Civil ID', 'Mobile', 'Name']);
      assert.equal(up.body.progress.total, 9);
      assert.deepEqual(up.body.suggestedMapping, { nationalId: 0, phone: 1, name: 2 });
      assert.equal(up.body.preview.length, 9);
      const mapped = await h.call('PUT', `/api/v1/imports/${up.body.id}/mapping`, token, { nationalId: 0, phone: 1, name: 2 });
      assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
      assert.equal(mapped.body.status, 'queued');
      const again = await h.call('PUT', `/api/v1/imports/${up.body.id}/mapping`, token, { nationalId: 0, phone: 1 });
      assert.equal(again.status, 409);
      assert.deepEqual((await h.call('GET', '/api/v1/imports/mapping', token)).body.mapping, { nationalId: 'Civil ID', phone: 'Mobile', name: 'Name' });
      assert.ok(existsSync(join(h.settings.dir, up.body.id)));
      await h.runJobs();
      // Every row staged: the uploaded file is gone.
      assert.equal(existsSync(join(h.settings.dir, up.body.id)), false);

      const imp = await h.call('GET', `/api/v1/imports/${up.body.id}`, token);
      assert.equal(imp.body.status, 'done');
      assert.deepEqual({ ...imp.body.progress, ratePerSecond: 0 }, { rowsRead: 9, rowsApplied: 9, accepted: 3, refused: 4, waiting: 2, total: 9, ratePerSecond: 0, secondsLeft: 0 });
      const rows = await h.call('GET', `/api/v1/imports/${up.body.id}/rows?limit=100`, token);
      const verdicts = rows.body.items.map((r: any) => [r.rowNo, r.verdict, r.reason ?? r.field]);
      assert.deepEqual(verdicts, [
        [1, 'accepted', null],
        [2, 'duplicate-in-file', null],
        [3, 'already-registered', null],
        [4, 'invalid-national-id', 'check-digit'],
        [5, 'accepted', null],
        [6, 'foreign-phone', 'phone'],
        [7, 'invalid-phone', 'phone'],
        [8, 'missing-field', 'nationalId'],
        [9, 'missing-field', 'phone'],
      ]);
      // Arabic-Indic digits and a dash became the ID; the phone is E.164.
      assert.equal(rows.body.items[4].nationalId, b);
      assert.equal(rows.body.items[4].phone, '+96566012346');
      // The registered father is linked, not created again.
      const linked = await sql<{ person_id: string }>`select person_id from import_rows where import_id = ${up.body.id} and row_no = 3`.execute(t.database.db);
      const father = await t.database.db.selectFrom('persons').select('id').where('national_id', '=', fam.members[0]!.nationalId).execute();
      assert.equal(father.length, 1);
      assert.equal(linked.rows[0]!.person_id, father[0]!.id);
      assert.equal(await count('intake_referrals'), 3);
      assert.deepEqual(h.invited.map((i) => [i.nationalId, i.phone, i.orgId]).sort(), [
        [ids.a, '+96599001234', w.charities[0]!.id], [b, '+96566012346', w.charities[0]!.id], [fam.members[0]!.nationalId, '+96566012345', w.charities[0]!.id],
      ].sort());
      assert.ok(h.invited.every((i) => i.locale === t.dep.defaultLocale));
      // The waiting rows are listed together.
      const waiting = await h.call('GET', `/api/v1/imports/${up.body.id}/rows?verdict=waiting`, token);
      assert.deepEqual(waiting.body.items.map((r: any) => r.rowNo), [4, 8]);
    });

    test('another charity uploading the same person: already-invited, and it becomes a second referrer', async () => {
      const token = w.charities[1]!.caseworker.token;
      const up = await h.upload(token, 'ours.csv', `national id;phone\n${ids.a};99005555\n`);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      await h.call('PUT', `/api/v1/imports/${up.body.id}/mapping`, token, { nationalId: 0, phone: 1 });
      await h.runJobs();
      const rows = await h.call('GET', `/api/v1/imports/${up.body.id}/rows`, token);
      assert.deepEqual(rows.body.items.map((r: any) => r.verdict), ['already-invited']);
      const refs = await t.database.db.selectFrom('intake_referrals').select('org_id').where('national_id', '=', ids.a).execute();
      assert.deepEqual(refs.map((r) => r.org_id).sort(), [w.charities[0]!.id, w.charities[1]!.id].sort());
      // Charity B does not see charity A's imports.
      const list = await h.call('GET', '/api/v1/imports', token);
      assert.deepEqual(list.body.items.map((i: any) => i.id), [up.body.id]);
      assert.equal((await h.call('GET', `/api/v1/imports/${firstImport}`, token)).status, 404);
    });

    test('the first charity listing the person again in a new file: already-referred, no new referral', async () => {
      const token = w.charities[0]!.admin.token;
      const before = await count('intake_referrals');
      const up = await h.upload(token, 'again.csv', `id,phone\n${ids.a},99001234\n`);
      await h.call('PUT', `/api/v1/imports/${up.body.id}/mapping`, token, { nationalId: 0, phone: 1 });
      await h.runJobs();
      const rows = await h.call('GET', `/api/v1/imports/${up.body.id}/rows`, token);
      assert.deepEqual(rows.body.items.map((r: any) => r.verdict), ['already-referred']);
      assert.equal(await count('intake_referrals'), before);
    });

    test('the same file uploaded again is the earlier import: 200 with duplicateOf, nothing written', async () => {
      const token = w.charities[1]!.caseworker.token;
      const [imports, rows, refs] = [await count('imports'), await count('import_rows'), await count('intake_referrals')];
      const up = await h.upload(token, 'ours (copy).csv', `national id;phone\n${ids.a};99005555\n`);
      assert.equal(up.status, 200);
      assert.equal(up.body.duplicateOf, up.body.id);
      assert.equal(up.body.status, 'done');
      await h.runJobs();
      assert.deepEqual([await count('imports'), await count('import_rows'), await count('intake_referrals')], [imports, rows, refs]);
    });

    test('an XLSX with formulas and a Windows-1256 CSV go through the same job: cached results used, a formula without one is a missing field', async () => {
      const token = w.charities[1]!.admin.token;
      const [p, q] = [w.nextId(), w.nextId()];
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['الرقم المدني', 'الهاتف', 'الاسم']);
      ws.addRow([Number(p), { formula: '"9900"&"7777"', result: '99007777' }, 'سارة']);
      ws.addRow([{ formula: 'A2+0' }, '99007778', 'صيغة']);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const up = await h.upload(token, 'people.xlsx', xlsx);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.equal(up.body.format, 'xlsx');
      assert.deepEqual(up.body.suggestedMapping.phone, 1);
      await h.call('PUT', `/api/v1/imports/${up.body.id}/mapping`, token, { nationalId: 0, phone: 1, name: 2 });
      await h.runJobs();
      const rows = (await h.call('GET', `/api/v1/imports/${up.body.id}/rows`, token)).body.items;
      assert.deepEqual(rows.map((r: any) => [r.verdict, r.field, r.reason]), [['accepted', null, null], ['missing-field', 'nationalId', 'formula']]);
      assert.equal(rows[0].phone, '+96599007777');

      const csv = iconv.encode(`الرقم المدني;الهاتف;الاسم\r\n${q};99008888;عبدالله الكندري\r\n`, 'windows-1256');
      const up2 = await h.upload(token, 'arabic-excel.csv', csv);
      assert.equal(up2.status, 201, JSON.stringify(up2.body));
      assert.equal(up2.body.encoding, 'windows-1256');
      assert.deepEqual(up2.body.columns, ['الرقم المدني', 'الهاتف', 'الاسم']);
      await h.call('PUT', `/api/v1/imports/${up2.body.id}/mapping`, token, { nationalId: 0, phone: 1, name: 2 });
      await h.runJobs();
      const rows2 = (await h.call('GET', `/api/v1/imports/${up2.body.id}/rows`, token)).body.items;
      assert.deepEqual(rows2.map((r: any) => [r.verdict, r.name]), [['accepted', 'عبدالله الكندري']]);
    });

    test('a file over the size limit is 413 import-too-large and leaves nothing behind', async () => {
      const token = w.charities[1]!.caseworker.token;
      const imports = await count('imports');
      const files = readdirSync(h.settings.dir).length;
      const big = 'id,phone\n' + `${ids.e},99001111\n`.repeat(8000);
      const up = await h.upload(token, 'big.csv', big);
      assert.equal(up.status, 413, JSON.stringify(up.body));
      assert.equal(up.body.type, '/problems/import-too-large');
      assert.equal(await count('imports'), imports);
      assert.equal(readdirSync(h.settings.dir).length, files);
    });

    test('an empty file, a header alone and broken quoting are 422 with nothing written', async () => {
      const token = w.charities[1]!.caseworker.token;
      const imports = await count('imports');
      for (const [content, type] of [['', 'import-empty'], ['id,phone\r\n', 'import-empty'], [`id,phone\n"${ids.e},99001111\n`, 'import-unreadable']] as const) {
        const up = await h.upload(token, 'x.csv', content);
        assert.equal(up.status, 422, `${type}: ${JSON.stringify(up.body)}`);
        assert.equal(up.body.type, `/problems/${type}`);
      }
      assert.equal(await count('imports'), imports);
    });

    test('a waiting row fixed by hand is judged again and accepted; the counts move', async () => {
      const token = w.charities[0]!.caseworker.token;
      const first = { id: firstImport };
      const fixed = await h.call('PATCH', `/api/v1/imports/${first.id}/rows/4`, token, { nationalId: ids.c });
      assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
      assert.equal(fixed.body.verdict, 'accepted');
      const imp = await h.call('GET', `/api/v1/imports/${first.id}`, token);
      assert.deepEqual([imp.body.progress.accepted, imp.body.progress.refused, imp.body.progress.waiting], [4, 4, 1]);
      assert.equal(h.invited.at(-1)!.nationalId, ids.c);
      const twice = await h.call('PATCH', `/api/v1/imports/${first.id}/rows/4`, token, { nationalId: ids.d });
      assert.equal(twice.status, 409);
    });

    test('the report lists every row with its reason in the reader language', async () => {
      const token = w.charities[0]!.caseworker.token;
      const first = { id: firstImport };
      const res = await h.call('GET', `/api/v1/imports/${first.id}/report.csv?lang=fa`, token);
      assert.equal(res.status, 200);
      const lines = String(res.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      assert.equal(lines.length, 10);
      assert.match(lines[0]!, /کد ملی/);
      assert.match(lines[2]!, /تکرار/);
      const xlsx = await h.app.inject({ method: 'GET', url: `/api/v1/imports/${first.id}/report.xlsx?lang=ar`, headers: { authorization: `Bearer ${token}` } });
      assert.equal(xlsx.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.equal(ws.rowCount, 10);
      assert.equal(ws.getRow(3).getCell(2).text, 'مكرر لصف سابق في هذا الملف');
    });

    test('rows are decided a range of national IDs at a time, in their order; the repeats of an ID, however far apart, in one range', async () => {
      const token = w.charities[1]!.caseworker.token;
      const fresh = Array.from({ length: 7 }, () => w.nextId());
      const sorted = [...fresh].sort();
      // File order is not ID order; the smallest ID comes again at the end, a bad one in the middle.
      const order = [sorted[5]!, sorted[0]!, sorted[6]!, sorted[2]!, badCheckDigit(sorted[3]!), sorted[4]!, sorted[1]!, sorted[0]!];
      const csv = ['id,phone', ...order.map((id, i) => `${id},9900${String(7000 + i)}`)].join('\n');
      const up = await h.upload(token, 'ranges.csv', csv);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.equal((await h.call('PUT', `/api/v1/imports/${up.body.id}/mapping`, token, { nationalId: 0, phone: 1 })).status, 200);
      const worker = new JobWorker(t.database.db, { clock: h.clock, handlers: intakeJobHandlers({ dep: t.dep, settings: h.settings, onAccepted: async (_trx, items) => items.length, chunkRows: 3 }) });
      const seen: (string | null)[] = [];
      for (;;) {
        const ran = await worker.runDue(1);
        if (ran.done + ran.failed === 0) break;
        const imp = await t.database.db.selectFrom('imports').select(['status', 'applied_through']).where('id', '=', up.body.id).executeTakeFirstOrThrow();
        if (imp.status === 'staging' || imp.status === 'queued') continue;
        seen.push(imp.applied_through);
        // Decided so far: exactly the valid rows whose ID is at or before the last applied one.
        const rows = await sql<{ national_id: string; verdict: string | null; own_verdict: string | null }>`
          select national_id, verdict, own_verdict from import_rows where import_id = ${up.body.id}::uuid order by row_no`.execute(t.database.db);
        for (const r of rows.rows.filter((x) => x.own_verdict === null)) assert.equal(r.verdict !== null, imp.applied_through !== null && r.national_id <= imp.applied_through, r.national_id);
      }
      // Staging ends with nothing applied; then three rows a range: the smallest ID's two rows and
      // the next ID, then three IDs (the bad one is in none), then the last.
      assert.deepEqual(seen.filter((x, i) => x !== seen[i - 1]), [null, sorted[1], sorted[5], sorted[6]]);
      const verdicts = (await sql<{ verdict: string }>`select verdict from import_rows where import_id = ${up.body.id}::uuid order by row_no`.execute(t.database.db)).rows.map((r) => r.verdict);
      assert.deepEqual(verdicts, ['accepted', 'accepted', 'accepted', 'accepted', 'invalid-national-id', 'accepted', 'accepted', 'duplicate-in-file']);
      const imp = await h.call('GET', `/api/v1/imports/${up.body.id}`, token);
      assert.equal(imp.body.status, 'done');
      assert.equal(imp.body.progress.rowsApplied, 8);
    });
  });
}
