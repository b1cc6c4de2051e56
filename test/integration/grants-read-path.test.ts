/**
 * The aid a household received, read through grants_of_household (0006_read_paths.sql), which
 * decides the household-level part of the grants_read policy once per call: on every engine, for
 * every kind of actor, it answers exactly what a plain read of the grants table under row-level
 * security answers — the ministry and background jobs everything, a charity that may see the
 * household everything, a charity that may not only the grants it gave itself (also one that lost
 * the household when a request passed its deadline, 0005), the applicant their own household's,
 * an anonymous caller nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type Family, type World } from '../support/fixtures.js';
import type { Actor } from '../../src/kernel/actor.js';
import { inTx, type Tx } from '../../src/kernel/transaction.js';
import type { Role } from '../../src/db/schema.js';
import { grantsRepository } from '../../src/modules/grants/grants.repository.js';

/** The read listForHousehold made before 0006: the grants table itself, filtered by the policy. */
function plainPolicyRead(trx: Tx, householdId: string) {
  return trx
    .selectFrom('grants as g')
    .innerJoin('organisations as o', 'o.id', 'g.org_id')
    .innerJoin('aid_types as t', 't.code', 'g.aid_type_code')
    .select([
      'g.id', 'g.aid_type_code', 't.basket_code', 'g.group_code', 'g.form', 'g.amount_minor', 'g.currency', 'g.item', 'g.quantity',
      'g.granted_on', 'g.status', 'g.exception_id', 'g.request_id', 'g.person_id', 'g.org_id', 'o.kind as org_kind', 'o.name as org_name',
    ])
    .where('g.household_id', '=', householdId)
    .orderBy('g.granted_on', 'desc')
    .orderBy('g.created_at', 'desc')
    .execute();
}

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

for (const engine of engines()) {
  describe(`grants_of_household answers what row-level security answers (${engine})`, () => {
    let t: TestDb;
    let w: World;
    let home: Family; // registered by charity A
    let other: Family; // registered by charity C
    const grantIds: Record<string, string[]> = {};
    let applicantHome: Actor;
    let applicantOther: Actor;

    const charity = (i: number) => w.charities[i]!;
    const mayOrgSee = async (i: number, householdId: string) =>
      (await sql<{ ok: boolean }>`select mizan_org_may_see_household(${charity(i).id}::uuid, ${householdId}::uuid) as ok`.execute(t.database.db)).rows[0]!.ok;

    /** A grant written as the owner (the rule that decides it is not under test here). */
    async function grant(householdId: string, orgI: number, aidTypeCode: string, grantedOn: string, extra: { status?: 'active' | 'revoked'; amountMinor?: number } = {}) {
      const c = charity(orgI);
      const type = await t.database.db.selectFrom('aid_types').select(['form']).where('code', '=', aidTypeCode).executeTakeFirstOrThrow();
      const amount = extra.amountMinor ?? (type.form === 'cash' ? 25_000 : null);
      const g = await t.database.db
        .insertInto('grants')
        .values({
          household_id: householdId, person_id: null, request_id: null, org_id: c.id, aid_type_code: aidTypeCode, form: type.form,
          amount_minor: amount, currency: amount === null ? null : t.dep.currency.code, item: type.form === 'in_kind' ? 'item' : null, quantity: type.form === 'in_kind' ? 1 : null,
          granted_on: grantedOn, exception_id: null, status: extra.status ?? 'active', revoked_reason: extra.status === 'revoked' ? 'entered twice' : null, created_by: c.caseworker.actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      (grantIds[`${householdId}:${orgI}`] ??= []).push(g.id);
      return g.id;
    }

    async function applicant(fam: Family): Promise<Actor> {
      const head = fam.members[0]!;
      const u = await t.database.db.insertInto('users').values({ org_id: null, role: 'applicant', national_id: head.nationalId, display_name: head.fullName, phone: null, locale: 'ar' }).returning('id').executeTakeFirstOrThrow();
      return { userId: u.id, orgId: null, orgKind: null, role: 'applicant', locale: 'ar', nationalId: head.nationalId };
    }

    before(async () => {
      t = await freshDatabase(engine);
      // A registered the household; B gave it aid, then let a request of it pass its deadline; C has
      // nothing to do with it (and registered another); D gave it aid and still sees it.
      w = await makeWorld(t.database.db, t.dep, { charities: 4 });
      home = await registerFamily(t.database.db, t.dep, w, charity(0).caseworker.actor);
      other = await registerFamily(t.database.db, t.dep, w, charity(2).caseworker.actor);

      await grant(home.householdId, 0, 'food-basket', '2026-01-10');
      await grant(home.householdId, 0, 'living-allowance', '2026-01-10');
      await grant(home.householdId, 1, 'refrigerator', '2025-11-02');
      await grant(home.householdId, 1, 'student-fees', '2025-09-01', { status: 'revoked' });
      await grant(home.householdId, 3, 'medical-aid', '2026-02-20');
      await grant(home.householdId, 3, 'rent-assistance', '2026-01-10');
      await grant(other.householdId, 2, 'food-basket', '2026-02-01');
      await grant(other.householdId, 2, 'washing-machine', '2025-12-24');

      // B let a request of the household pass its deadline: escalated away from it (0005).
      const db = t.database.db;
      const req = await db
        .insertInto('aid_requests')
        .values({
          household_id: home.householdId, person_id: null, aid_type_code: 'vocational-training', group_code: sql<string>`(select group_code from aid_types where code = 'vocational-training')`,
          amount_minor: null, item: null, quantity: null, justification: 'Wants to learn a trade.', status: 'escalated', submitted_by: null, submitted_by_org: null,
          deadline_at: new Date('2026-02-01T00:00:00Z'), claimed_by_org: null, claimed_at: null, decided_at: null, decided_by: null, decision_reason: null, grant_id: null,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('request_events').values({ request_id: req.id, at: new Date('2026-02-01T00:00:00Z'), event: 'escalated', actor_user: null, actor_org: null, actor_role: 'system', org_id: charity(1).id, reason: null } as never).execute();

      applicantHome = await applicant(home);
      applicantOther = await applicant(other);
    });
    after(async () => {
      await t.close();
    });

    test('the states under test are what they claim to be', async () => {
      assert.equal(await mayOrgSee(0, home.householdId), true, 'A registered the household');
      assert.equal(await mayOrgSee(1, home.householdId), false, 'B gave aid but lost the household at a deadline');
      assert.equal(await mayOrgSee(2, home.householdId), false, 'C never had anything to do with it');
      assert.equal(await mayOrgSee(3, home.householdId), true, 'D gave aid');
      assert.equal(await mayOrgSee(0, other.householdId), false);
    });

    test('for every actor and household, the function returns exactly the rows (and columns) the policy lets through, newest first', async () => {
      const system: Actor = { userId: w.ministryAdmin.actor.userId, orgId: null, orgKind: null, role: 'system' as Role, locale: 'en', nationalId: null };
      const actors: [string, Actor | null][] = [
        ['ministry admin', w.ministryAdmin.actor],
        ['ministry supervisor', w.supervisor.actor],
        ['system', system],
        ['charity A caseworker (registered it)', charity(0).caseworker.actor],
        ['charity A field visitor', charity(0).visitor.actor],
        ['charity B caseworker (lost it at a deadline)', charity(1).caseworker.actor],
        ['charity C admin (no relation)', charity(2).admin.actor],
        ['charity D caseworker (gave aid)', charity(3).caseworker.actor],
        ['applicant of the household', applicantHome],
        ['applicant of another household', applicantOther],
        ['anonymous', null],
      ];
      const households = [home.householdId, other.householdId, '00000000-0000-4000-8000-000000000000'];
      const seen: Record<string, number[]> = {};
      for (const [label, actor] of actors) {
        for (const h of households) {
          const [viaFunction, viaPolicy] = await inTx(t.database.db, actor, async (trx) => [await grantsRepository.listForHousehold(trx, h), await plainPolicyRead(trx, h)] as const);
          assert.deepEqual(byId(viaFunction), byId(viaPolicy), `${label}, household ${h}`);
          for (let i = 1; i < viaFunction.length; i++) assert.ok(viaFunction[i - 1]!.granted_on >= viaFunction[i]!.granted_on, 'newest first');
          (seen[label] ??= []).push(viaFunction.length);
        }
      }
      // And the policy lets through what the rules say (so the comparison is not between two empty lists).
      assert.deepEqual(seen['ministry admin'], [6, 2, 0]);
      assert.deepEqual(seen['system'], [6, 2, 0]);
      assert.deepEqual(seen['charity A caseworker (registered it)'], [6, 0, 0]);
      assert.deepEqual(seen['charity B caseworker (lost it at a deadline)'], [2, 0, 0], 'only its own two grants');
      assert.deepEqual(seen['charity C admin (no relation)'], [0, 2, 0]);
      assert.deepEqual(seen['charity D caseworker (gave aid)'], [6, 0, 0]);
      assert.deepEqual(seen['applicant of the household'], [6, 0, 0]);
      assert.deepEqual(seen['applicant of another household'], [0, 2, 0]);
      assert.deepEqual(seen['anonymous'], [0, 0, 0]);
      const bOwn = await inTx(t.database.db, charity(1).caseworker.actor, (trx) => grantsRepository.listForHousehold(trx, home.householdId));
      assert.deepEqual(bOwn.map((g) => g.id).sort(), [...grantIds[`${home.householdId}:1`]!].sort());
      assert.ok(bOwn.every((g) => g.org_id === charity(1).id));
    });

    test('the columns are typed as before: numbers, dates as YYYY-MM-DD, the kind and name of the organisation', async () => {
      const rows = await inTx(t.database.db, w.ministryAdmin.actor, (trx) => grantsRepository.listForHousehold(trx, home.householdId));
      const cash = rows.find((g) => g.aid_type_code === 'living-allowance')!;
      assert.equal(cash.amount_minor, 25_000);
      assert.equal(cash.currency, t.dep.currency.code);
      assert.equal(cash.granted_on, '2026-01-10');
      assert.equal(cash.org_kind, 'charity');
      assert.equal(cash.org_name, charity(0).name);
      assert.equal(typeof cash.basket_code, 'string');
      assert.equal(rows.find((g) => g.aid_type_code === 'student-fees')!.status, 'revoked');
      assert.deepEqual(rows.map((g) => g.granted_on), ['2026-02-20', '2026-01-10', '2026-01-10', '2026-01-10', '2025-11-02', '2025-09-01']);
    });
  });
}
