/**
 * The self-declaration end to end over HTTP, on a real listening server with the built-in OpenID
 * Connect provider: a charity invites a person (inviteMany; the send job puts the link in the SMS),
 * the person signs in from the link (/auth/login?invitation=<token>), someone else with the same
 * link and a used or expired link are refused with their own sentence; the person saves a draft
 * and reads it back, checks members' IDs (invalid → the reason; in another household → refused),
 * submits (incomplete → 422 with the paths), and the first submit registers the household of four
 * (counted in SQL), version 1 with its facts and their provenance, a need score, one open request
 * per need with the score's priority, offered first to the inviting charity; a second submit after
 * a change is version 2 with what changed; staff who may see the household read it (audited);
 * another applicant never reads this declaration.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import { buildApp, type App } from '../../src/http/app.js';
import { loggerOptions } from '../../src/http/logging.js';
import { inTx } from '../../src/kernel/transaction.js';
import { systemClock } from '../../src/kernel/clock.js';
import { JobWorker } from '../../src/modules/jobs/worker.js';
import { inviteMany, invitationJobHandlers } from '../../src/modules/invitations/invitations.service.js';
import { CookieBrowser } from '../support/cookie-browser.js';

/** The test's browser (test/support/cookie-browser.ts), sending the CSRF token as the web app does. */
class Browser extends CookieBrowser {
  constructor(base: string) {
    super(base, { csrf: true });
  }

  /** Signs in from an invitation link, as the given national ID on the provider's page. */
  signInInvited(token: string | null, nationalId: string) {
    const q = token ? `invitation=${encodeURIComponent(token)}&` : '';
    return this.signInFrom(`${q}lang=fa&keepLang=true&returnTo=/me/declaration`, nationalId, 'KW');
  }

  api(method: string, path: string, json?: unknown) {
    return this.request(method, `/api/v1${path}`, { ...(json !== undefined ? { json } : {}), accept: 'application/json' });
  }
}

for (const engine of engines()) {
  describe(`self-declaration over HTTP (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let app: App;
    let base: string;
    let worker: JobWorker;
    let other: Family;
    let n = 0;
    const phone = () => `+9656${String(1_000_000 + ++n).slice(1)}`;
    const region = () => [...t.dep.regions.values()].find((r) => r.level === 1)!.code;

    /** Charity `c` invites a person; the send job writes the SMS; the link's token is read from it. */
    const invite = async (c: number, nationalId: string): Promise<{ token: string; invitationId: string }> => {
      const actor = w.charities[c]!.caseworker.actor;
      await inTx(t.database.db, actor, (trx) => inviteMany(trx, [{ nationalId, phone: phone(), locale: 'fa', orgId: actor.orgId! }], systemClock.now()));
      await worker.runDue();
      const row = (await sql<{ id: string; text: string }>`
        select i.id, s.text from invitations i join sms_messages s on s.id = i.sms_message_id where i.national_id = ${nationalId}`.execute(t.database.db)).rows[0]!;
      return { invitationId: row.id, token: /\/i\/([A-Za-z0-9_-]{22})/.exec(row.text)![1]! };
    };
    const count = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(t.database.db)).rows[0]!.n);

    before(async () => {
      t = await freshDatabase(engine);
      w = await makeWorld(t.database.db, t.dep, { charities: 2 });
      other = await registerFamily(t.database.db, t.dep, w, w.charities[1]!.caseworker.actor);
      mkdirSync('test-output/logs', { recursive: true });
      app = await buildApp({ db: t.database.db, deployment: t.dep, logger: loggerOptions('info', createWriteStream(`test-output/logs/declarations-${engine}-${process.pid}.log`)), env: {}, checkResponses: true });
      await app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      worker = new JobWorker(t.database.db, { clock: systemClock, handlers: invitationJobHandlers({ publicUrl: 'https://mizan.test', invitationDays: 14 }) });
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    test('an invited person signs in with the link; another person, a used and an expired link are refused', async () => {
      const invited = w.nextId('1984-02-02');
      const { token, invitationId } = await invite(0, invited);

      const stranger = new Browser(base);
      const refused = await stranger.signInInvited(token, w.nextId('1990-05-05'));
      assert.equal(refused.status, 403, refused.hops.join(", ") + refused.text);
      assert.match(refused.text, /data-problem="sign-in-refused"/);
      assert.match(refused.text, /برای شخص دیگری فرستاده شده/, 'the Persian sentence: sent to someone else');
      assert.equal(stranger.cookies.has('mizan_session'), false);
      const stored = (await sql<{ invitation_id: string | null }>`select invitation_id from oidc_logins`.execute(t.database.db)).rows;
      assert.ok(stored.every((r) => r.invitation_id === null || r.invitation_id === invitationId), 'a pending sign-in keeps the invitation ID');

      const b = new Browser(base);
      const done = await b.signInInvited(token, invited);
      assert.equal(done.url.pathname, '/me/declaration', done.hops.join(', '));
      assert.ok(b.cookies.get('mizan_session'));
      const me = (await b.api('GET', '/me')).json();
      assert.equal(me.role, 'applicant');
      assert.equal(me.locale, 'fa', 'the language chosen on the invitation page is kept');
      assert.equal((await sql<{ status: string }>`select status from invitations where id = ${invitationId}`.execute(t.database.db)).rows[0]!.status, 'used');

      // The link once used: refused at /auth/login with its own sentence; the person comes back without it.
      const again = await new Browser(base).signInInvited(token, invited);
      assert.equal(again.status, 403);
      assert.match(again.text, /پیش‌تر استفاده شده/);
      const back = new Browser(base);
      const returned = await back.signInInvited(null, invited);
      assert.equal(returned.url.pathname, '/me/declaration', `an invited applicant without a household yet signs in again without the link: ${returned.hops.join(', ')}`);

      // An expired link.
      const late = w.nextId('1970-07-07');
      const expired = await invite(0, late);
      await sql`update invitations set token_expires_at = now() - interval '1 minute' where id = ${expired.invitationId}`.execute(t.database.db);
      const page = await new Browser(base).signInInvited(expired.token, late);
      assert.equal(page.status, 403);
      assert.match(page.text, /منقضی شده/);
      // An unknown link.
      const unknown = await new Browser(base).signInInvited('AAAAAAAAAAAAAAAAAAAAAA', late);
      assert.equal(unknown.status, 400);
      assert.match(unknown.text, /data-problem="sign-in-failed"/);
      // Without an invitation, an unknown national ID is still refused.
      const nobody = await new Browser(base).signInInvited(null, late);
      assert.equal(nobody.status, 403);
    });

    test('draft, member checks, completeness, then a household of four: registered, scored and referred; version 2 lists its changes', async () => {
      const head = w.nextId('1980-01-01');
      const { token, invitationId } = await invite(0, head);
      const b = new Browser(base);
      await b.signInInvited(token, head);

      const fresh = (await b.api('GET', '/me/declaration')).json();
      assert.equal(fresh.status, 'new');
      assert.equal(fresh.draft.members[0].nationalId, head, 'the applicant starts as the head');
      assert.deepEqual(fresh.invitedBy, { orgName: w.charities[0]!.name });
      assert.match(fresh.applicant.phone, /^\+9656/, 'the phone the charity uploaded');

      // Incomplete is fine for a draft; the submit names what is missing.
      const partial = { members: [{ nationalId: head, fullName: 'رضا احمدی', relation: 'head', disability: false, chronicIllness: false }] };
      const saved = await b.api('PUT', '/me/declaration/draft', partial);
      assert.equal(saved.status, 200, saved.text);
      const missing = await b.api('POST', '/me/declaration/submit');
      assert.equal(missing.status, 422, missing.text);
      assert.equal(missing.json().type, '/problems/declaration-incomplete');
      assert.deepEqual(missing.json().fields, ['/regionCode', '/incomes', '/housing', '/debts', '/needs']);
      assert.equal((await b.api('GET', '/me/declaration')).json().status, 'draft', 'a refused submit leaves the draft a draft');
      assert.equal((await b.api('PUT', '/me/declaration/draft', { members: [{ nationalId: 'x', fullName: 'y', relation: 'cousin', disability: false, chronicIllness: false }] })).status, 400, 'the shape is checked');

      // Member checks: an invalid ID says why; a member of another household is refused.
      const bad = await b.api('POST', '/me/declaration/members/check', { nationalId: head.slice(0, -1) + String((Number(head.at(-1)) + 1) % 10) });
      assert.equal(bad.json().type, '/problems/invalid-national-id');
      assert.equal(bad.json().reason, 'check_digit');
      assert.equal((await b.api('POST', '/me/declaration/members/check', { nationalId: '12' })).json().reason, 'length');
      const taken = await b.api('POST', '/me/declaration/members/check', { nationalId: other.members[1]!.nationalId });
      assert.equal(taken.status, 409);
      assert.equal(taken.json().type, '/problems/member-in-other-household');
      assert.equal(taken.json().householdId, undefined, 'the other household is not named');
      const spouse = w.nextId('1982-03-04');
      const persian = [...spouse].map((d) => String.fromCharCode(0x06f0 + Number(d))).join('');
      const ok = await b.api('POST', '/me/declaration/members/check', { nationalId: persian });
      assert.deepEqual([ok.status, ok.json()], [200, { nationalId: spouse }], 'Persian digits are read');

      const child1 = w.nextId('2012-05-06');
      const child2 = w.nextId('2016-07-08');
      const full = {
        regionCode: region(),
        members: [
          { nationalId: head, fullName: 'رضا احمدی', birthDate: '1980-01-01', relation: 'head', disability: false, chronicIllness: true },
          { nationalId: persian, fullName: 'مریم کریمی', birthDate: '1982-03-04', relation: 'spouse', disability: false, chronicIllness: false },
          { nationalId: child1, fullName: 'علی احمدی', birthDate: '2012-05-06', relation: 'child', disability: true, chronicIllness: false },
          { nationalId: child2, fullName: 'زهرا احمدی', birthDate: '2016-07-08', relation: 'child', disability: false, chronicIllness: false },
        ],
        incomes: [{ source: 'work', monthlyAmountMinor: 150_000 }, { source: 'benefit', monthlyAmountMinor: 50_500 }],
        housing: { tenure: 'rented', monthlyRentMinor: 120_000 },
        debts: [{ kind: 'rent-arrears', totalMinor: 360_000, monthlyRepaymentMinor: 30_000 }],
        needs: ['food-basket', 'rent-assistance'],
      };
      // A member of another household in the declaration: 409 with the member's path, nothing registered.
      const withTaken = { ...full, members: [...full.members, { nationalId: other.members[2]!.nationalId, fullName: 'x', relation: 'other', disability: false, chronicIllness: false }] };
      assert.equal((await b.api('PUT', '/me/declaration/draft', withTaken)).status, 200);
      const refusedSubmit = await b.api('POST', '/me/declaration/submit');
      assert.equal(refusedSubmit.status, 409, refusedSubmit.text);
      assert.equal(refusedSubmit.json().type, '/problems/member-in-other-household');
      assert.equal(refusedSubmit.json().path, '/members/4/nationalId');
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from household_members m join persons p on p.id = m.person_id where p.national_id = ${head}`), 0);

      assert.equal((await b.api('PUT', '/me/declaration/draft', full)).status, 200);
      assert.deepEqual((await b.api('GET', '/me/declaration')).json().draft, full, 'the draft reads back as saved');
      const submitted = await b.api('POST', '/me/declaration/submit');
      assert.equal(submitted.status, 200, submitted.text);
      const s = submitted.json();
      assert.equal(s.version, 1);
      assert.equal(s.requestIds.length, 2);

      const hh = (await sql<{ household_id: string }>`select household_id from declarations d join users u on u.id = d.user_id where u.national_id = ${head}`.execute(t.database.db)).rows[0]!.household_id;
      assert.ok(hh, 'the declaration names its household');
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from household_members where household_id = ${hh} and active`), 4, 'four members');
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from persons where national_id in (${head}, ${spouse}, ${child1}, ${child2})`), 4, 'one person each');
      const facts = (await sql<{ path: string; source: string; value: unknown }>`
        select f.path, f.source, f.value from declaration_facts f join declaration_versions v on v.id = f.version_id where v.household_id = ${hh} and v.version = 1`.execute(t.database.db)).rows;
      assert.equal(facts.find((f) => f.path === '/members/1/nationalId')?.value, spouse, 'the stored ID is normalised');
      assert.equal(facts.find((f) => f.path === '/members/1/nationalId')?.source, 'declared');
      assert.equal(facts.find((f) => f.path === '/members/0/phone')?.source, 'uploaded', "the charity's phone is an uploaded fact");
      assert.equal(facts.find((f) => f.path === '/incomes/1/monthlyAmountMinor')?.value, 50_500);
      const score = (await sql<{ priority: number; id: string }>`select s.priority, s.id from need_scores s join declaration_versions v on v.id = s.declaration_version_id where v.household_id = ${hh}`.execute(t.database.db)).rows;
      assert.equal(score.length, 1);
      assert.equal(score[0]!.priority, s.score.priority);
      const requests = (await sql<{ id: string; aid_type_code: string; priority: number; status: string; offered_to_org_id: string | null }>`
        select id, aid_type_code, priority, status, offered_to_org_id from aid_requests where household_id = ${hh} order by aid_type_code`.execute(t.database.db)).rows;
      assert.deepEqual(requests.map((r) => r.aid_type_code), ['food-basket', 'rent-assistance']);
      assert.ok(requests.every((r) => r.status === 'open' && r.priority === s.score.priority && r.offered_to_org_id === w.charities[0]!.id), JSON.stringify(requests));
      assert.deepEqual(new Set(s.requestIds), new Set(requests.map((r) => r.id)));
      void invitationId;

      const view = (await b.api('GET', '/me/declaration')).json();
      assert.equal(view.status, 'submitted');
      assert.deepEqual(view.versions.map((v: { version: number }) => v.version), [1]);
      assert.equal(view.score.score, s.score.score);
      assert.deepEqual(new Set(view.requests.map((r: { id: string }) => r.id)), new Set(s.requestIds));

      // Submitting again with nothing changed is refused; after a change it is version 2 with the change listed.
      assert.equal((await b.api('POST', '/me/declaration/submit')).status, 409);
      const changed = { ...full, incomes: [{ source: 'work', monthlyAmountMinor: 90_000 }, full.incomes[1]], members: full.members.slice(0, 3) };
      assert.equal((await b.api('PUT', '/me/declaration/draft', changed)).status, 200);
      const second = await b.api('POST', '/me/declaration/submit');
      assert.equal(second.status, 200, second.text);
      assert.equal(second.json().version, 2);
      assert.deepEqual(second.json().skipped.map((x: { aidTypeCode: string }) => x.aidTypeCode).sort(), ['food-basket', 'rent-assistance'], 'needs already open are skipped, not doubled');
      const v2 = (await b.api('GET', '/me/declaration')).json().versions[0];
      assert.equal(v2.version, 2);
      assert.ok(v2.changes.some((c: { path: string; before: unknown; after: unknown }) => c.path === '/incomes/0/monthlyAmountMinor' && c.before === 150_000 && c.after === 90_000), JSON.stringify(v2.changes));
      assert.ok(v2.changes.some((c: { path: string; after: unknown }) => c.path === '/members/3/nationalId' && c.after === null));
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from household_members where household_id = ${hh} and active`), 3, 'the member no longer declared left');

      // Staff who may see the household read what it declared, with provenance; each read is audited.
      const staffRead = (token: string) => fetch(`${base}/api/v1/households/${hh}/declaration`, { headers: { authorization: `Bearer ${token}` } });
      const reads = () => count(sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'personal_data.read' and household_id = ${hh} and reason = 'declaration'`);
      const before = await reads();
      const byMinistry = await staffRead(w.ministryAdmin.token);
      assert.equal(byMinistry.status, 200);
      const declared = await byMinistry.json() as { latest: { version: number; facts: { path: string; source: string }[] }; versions: unknown[] };
      assert.equal(declared.latest.version, 2);
      assert.equal(declared.versions.length, 2);
      assert.equal(declared.latest.facts.find((f) => f.path === '/members/0/phone')?.source, 'uploaded');
      assert.equal(await reads(), before + 1, 'the reveal is audited');
      assert.equal((await staffRead(w.charities[1]!.caseworker.token)).status, 403, 'a charity with no claim on the household does not');
      assert.equal(await reads(), before + 1);

      // Another applicant reads only their own declaration (none yet), never this one.
      const stranger = w.nextId('1991-09-09');
      const inv = await invite(1, stranger);
      const c = new Browser(base);
      await c.signInInvited(inv.token, stranger);
      const theirs = (await c.api('GET', '/me/declaration')).json();
      assert.equal(theirs.status, 'new');
      assert.deepEqual(theirs.versions, []);
      const uid = (await sql<{ id: string }>`select id from users where national_id = ${stranger} and role = 'applicant'`.execute(t.database.db)).rows[0]!.id;
      const seen = await inTx(t.database.db, { userId: uid, orgId: null, orgKind: null, role: 'applicant', locale: 'en', nationalId: stranger }, async (trx) => ({
        declarations: Number((await sql<{ n: number }>`select count(*)::int as n from declarations`.execute(trx)).rows[0]!.n),
        versions: Number((await sql<{ n: number }>`select count(*)::int as n from declaration_versions`.execute(trx)).rows[0]!.n),
        facts: Number((await sql<{ n: number }>`select count(*)::int as n from declaration_facts`.execute(trx)).rows[0]!.n),
      }));
      assert.deepEqual(seen, { declarations: 0, versions: 0, facts: 0 }, 'row-level security hides the other declaration');
      // Staff do not use the applicant's routes.
      assert.equal((await fetch(`${base}/api/v1/me/declaration`, { headers: { authorization: `Bearer ${w.charities[0]!.caseworker.token}` } })).status, 403);
    });
  });
}
