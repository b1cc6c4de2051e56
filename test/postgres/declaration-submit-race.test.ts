/**
 * On a real PostgreSQL server: submits at the same instant. Two submits of one declaration make
 * one version 1 and one household (the conditional UPDATE of the declaration's row serialises
 * them; the second finds it submitted: 409 invalid-state). Two applicants declaring the same
 * member at once: exactly one household gets that person (the registry's unique index
 * household_members_one_active), the other submit is refused with the member's path and leaves
 * nothing behind.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { postgresSuite, allAtOnce } from '../support/postgres.js';
import { applicantAccount } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import type { Actor } from '../../src/kernel/actor.js';
import { Problem } from '../../src/shared/problem.js';
import { saveDraft } from '../../src/modules/declarations/save-draft.js';
import { submitDeclaration } from '../../src/modules/declarations/submit-declaration.js';
import type { DeclarationDraft } from '../../src/modules/declarations/declarations.contracts.js';

describe('declaration submits at the same instant (PostgreSQL)', () => {
  const pg = postgresSuite({ poolSize: 12, charities: 1 });

  const births = new Map<string, string>();
  const applicant = async (birth: string): Promise<Actor & { nationalId: string }> => {
    const nationalId = pg.w.nextId(birth);
    births.set(nationalId, birth);
    const { userId } = await applicantAccount(pg.db, pg.w, { nationalId, fullName: 'Applicant' });
    return { userId, orgId: null, orgKind: null, role: 'applicant', locale: 'en', nationalId };
  };
  const draft = (head: string, others: { nationalId: string; relation: 'spouse' | 'child' | 'other' }[]): DeclarationDraft => ({
    regionCode: [...pg.dep.regions.values()].find((r) => r.level === 1)!.code,
    members: [
      { nationalId: head, fullName: 'سارا رحیمی', birthDate: births.get(head)!, relation: 'head', disability: false, chronicIllness: false },
      ...others.map((o, i) => ({ nationalId: o.nationalId, fullName: `عضو ${i + 1}`, relation: o.relation, disability: false, chronicIllness: false })),
    ],
    incomes: [{ source: 'work', monthlyAmountMinor: 80_000 }],
    housing: { tenure: 'rented', monthlyRentMinor: 60_000 },
    debts: [],
    needs: ['food-basket'],
  });
  const submit = (a: Actor) => () => inTx(pg.db, a, (trx) => submitDeclaration(trx, a, pg.dep, pg.clock.now()));
  const count = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(pg.db)).rows[0]!.n);

  for (const round of [1, 2, 3]) {
    test(`round ${round}: two submits of one declaration → one version 1, one household, the other a clean 409`, async () => {
      const a = await applicant('1985-02-03');
      const child = pg.w.nextId('2015-01-01');
      await inTx(pg.db, a, (trx) => saveDraft(trx, a, pg.dep, draft(a.nationalId, [{ nationalId: child, relation: 'child' }]), pg.clock.now()));
      const outcomes = await allAtOnce([submit(a), submit(a)]);
      const won = outcomes.flatMap((o) => (o.ok ? [o.v.version] : []));
      assert.deepEqual(won, [1]);
      const lost = outcomes.find((o) => !o.ok);
      assert.ok(lost && !lost.ok && lost.e instanceof Problem && lost.e.slug === 'invalid-state' && lost.e.status === 409, String(lost && !lost.ok && lost.e));
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from declaration_versions v join declarations d on d.id = v.declaration_id where d.user_id = ${a.userId}`), 1);
      assert.equal(await count(sql<{ n: number }>`select count(distinct m.household_id)::int as n from household_members m join persons p on p.id = m.person_id where p.national_id = ${a.nationalId}`), 1, 'one household');
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from persons where national_id in (${a.nationalId}, ${child})`), 2, 'one person each');
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from need_scores s join declaration_versions v on v.id = s.declaration_version_id join declarations d on d.id = v.declaration_id where d.user_id = ${a.userId}`), 1, 'scored once');
    });

    test(`round ${round}: two applicants declaring the same member at once → exactly one household gets that person`, async () => {
      const [a, b] = [await applicant('1980-04-04'), await applicant('1979-05-05')];
      const shared = pg.w.nextId('1950-06-06');
      await inTx(pg.db, a, (trx) => saveDraft(trx, a, pg.dep, draft(a.nationalId, [{ nationalId: shared, relation: 'other' }]), pg.clock.now()));
      await inTx(pg.db, b, (trx) => saveDraft(trx, b, pg.dep, draft(b.nationalId, [{ nationalId: shared, relation: 'other' }]), pg.clock.now()));
      const outcomes = await allAtOnce([submit(a), submit(b)]);
      assert.equal(outcomes.filter((o) => o.ok).length, 1, JSON.stringify(outcomes.map((o) => (o.ok ? 'ok' : String(o.e)))));
      const lost = outcomes.find((o) => !o.ok);
      assert.ok(lost && !lost.ok && lost.e instanceof Problem && lost.e.slug === 'member-in-other-household', String(lost && !lost.ok && lost.e));
      assert.equal(lost.e.extensions.path, '/members/1/nationalId');
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from household_members m join persons p on p.id = m.person_id where p.national_id = ${shared} and m.active`), 1, 'one active membership');
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from persons where national_id = ${shared}`), 1, 'one person');
      const loser = outcomes[0]!.ok ? b : a;
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from household_members m join persons p on p.id = m.person_id where p.national_id = ${loser.nationalId}`), 0, 'the refused submit left no household');
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from declaration_versions v join declarations d on d.id = v.declaration_id where d.user_id = ${loser.userId}`), 0);
      // The refused applicant takes the member out and submits: version 1 of their own.
      await inTx(pg.db, loser, (trx) => saveDraft(trx, loser, pg.dep, draft(loser.nationalId, []), pg.clock.now()));
      const again = await submit(loser)();
      assert.equal(again.version, 1);
    });
  }
});
