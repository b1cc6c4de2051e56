/**
 * On a real PostgreSQL server, the fund ledger under concurrency and against direct writes: fifty
 * grants of one charity at the same instant, on fifty connections, against a fund that pays ten of
 * them — exactly ten granted, forty refused not-funded (donations_pick_lots locks the lot FOR
 * UPDATE and reads its balance again; the CHECK lot_balances_not_negative is the last word), the
 * lot at zero, the journal summing to zero; the same through the grant batcher, grants sharing
 * transactions. Then the journal's own rules, written past the application as its role: an
 * unbalanced entry refused at commit (journal_entries_balanced), lines never updated or deleted
 * (journal_append_only), balances never written (lot_balances is revoked from mizan_app); and a
 * zakat lot that pays only the zakat categories, whether through grant_aid() or a line written by
 * hand (journal_lines_check).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { allAtOnce, postgresSuite } from '../support/postgres.js';
import { registerFamily } from '../support/fixtures.js';
import { inTx, setActor } from '../../src/kernel/transaction.js';
import type { Actor } from '../../src/kernel/actor.js';
import { grantAid } from '../../src/modules/grants/grants.service.js';
import { GrantBatcher } from '../../src/modules/grants/record-grants.js';
import { registerDonor } from '../../src/modules/donations/donors.js';
import { recordGift } from '../../src/modules/donations/record-donation.js';
import { openBooks } from '../../src/modules/donations/funds.js';
import { Problem } from '../../src/shared/problem.js';

const AMOUNT = '25.000';
const AMOUNT_MINOR = 25_000;

describe('the fund ledger at the same instant (PostgreSQL)', () => {
  const pg = postgresSuite({ poolSize: 60, charities: 4 });
  const num = async (q: ReturnType<typeof sql<{ n: string }>>) => Number((await q.execute(pg.db)).rows[0]!.n);

  /** A charity's books opened, with one gift (a lot) of `amount` of the given kind; the lot's id. */
  const fundedCharity = async (charity: number, amount: string, giftKind = 'general'): Promise<{ actor: Actor; lotId: string }> => {
    const actor = pg.w.charities[charity]!.caseworker.actor;
    const admin = pg.w.charities[charity]!.admin.actor;
    await inTx(pg.db, admin, (trx) => openBooks(trx, admin, new Date()));
    const donation = await inTx(pg.db, admin, async (trx) => {
      const donor = await registerDonor(trx, admin, { kind: 'company', displayName: `Donor of ${charity}`, registrationNo: `REG-${charity}` }, new Date());
      return recordGift(trx, pg.dep, admin, donor.id, { form: 'cash', giftKind, restriction: { kind: 'general' }, amount }, {}, new Date());
    });
    const lot = await pg.db.selectFrom('donation_lots').select('id').where('donation_id', '=', donation.id).executeTakeFirstOrThrow();
    return { actor, lotId: lot.id };
  };

  /** The charity's ledger after the race: its lot's balance, its disbursements, what its journal sums to. */
  const ledgerOf = async (orgId: string, lotId: string) => ({
    balance: await num(sql<{ n: string }>`select amount_minor as n from lot_balances where lot_id = ${lotId}`),
    disbursements: await num(sql<{ n: string }>`select count(*) as n from journal_entries where org_id = ${orgId} and kind = 'disbursement'`),
    journalSum: await num(sql<{ n: string }>`select coalesce(sum(l.amount_minor), 0) as n from journal_lines l join journal_entries e on e.id = l.entry_id where e.org_id = ${orgId}`),
    unbalancedEntries: await num(sql<{ n: string }>`
      select count(*) as n from (select e.id from journal_entries e join journal_lines l on l.entry_id = e.id where e.org_id = ${orgId}
                                  group by e.id having sum(l.amount_minor) <> 0 or sum(l.quantity) <> 0) x`),
    grants: await num(sql<{ n: string }>`select count(*) as n from grants where org_id = ${orgId} and aid_type_code = 'medical-aid'`),
    grantedFromLot: await num(sql<{ n: string }>`select coalesce(sum(amount_minor), 0) as n from journal_lines where lot_id = ${lotId} and account = 'granted'`),
  });

  const assertTenOfFifty = async (outcomes: ({ ok: true; v: unknown } | { ok: false; e: unknown })[], orgId: string, lotId: string) => {
    assert.equal(outcomes.filter((o) => o.ok).length, 10, JSON.stringify(outcomes.filter((o) => !o.ok).slice(0, 3).map((o) => !o.ok && String(o.e))));
    const refused = outcomes.filter((o) => !o.ok);
    assert.equal(refused.length, 40);
    for (const r of refused) {
      assert.ok(!r.ok && r.e instanceof Problem && r.e.slug === 'not-funded', String(!r.ok && r.e));
      assert.equal((r.e as Problem).extensions.reason, 'insufficient', JSON.stringify(r.e));
    }
    const l = await ledgerOf(orgId, lotId);
    assert.deepEqual(l, { balance: 0, disbursements: 10, journalSum: 0, unbalancedEntries: 0, grants: 10, grantedFromLot: 10 * AMOUNT_MINOR });
    // Never negative: the CHECK holds every balance of the database.
    assert.equal(await num(sql<{ n: string }>`select count(*) as n from lot_balances where amount_minor < 0 or quantity < 0`), 0);
  };

  const households = async (n: number, by: Actor) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await registerFamily(pg.db, pg.dep, pg.w, by)).members[0]!.nationalId);
    return out;
  };

  test('50 grants of 25 against a fund of 250, each in its own transaction: 10 granted, 40 not-funded (insufficient), the lot at 0, the journal at 0', async () => {
    const { actor, lotId } = await fundedCharity(0, String(10 * 25) + '.000');
    const ids = await households(50, actor);
    const outcomes = await allAtOnce(ids.map((id) => () => inTx(pg.db, actor, (trx) => grantAid(trx, actor, pg.dep, pg.clock, { beneficiaryNationalId: id, aidTypeCode: 'medical-aid', amount: AMOUNT }))));
    await assertTenOfFifty(outcomes, actor.orgId!, lotId);
  });

  test('50 grants through the grant batcher (grants sharing transactions): 10 granted, 40 not-funded, the lot at 0', async () => {
    const { actor, lotId } = await fundedCharity(1, '250.000');
    const ids = await households(50, actor);
    const batcher = new GrantBatcher(pg.db, pg.dep, pg.clock);
    const outcomes = await allAtOnce(ids.map((id) => () => batcher.grant(actor, { beneficiaryNationalId: id, aidTypeCode: 'medical-aid', amount: AMOUNT })));
    await assertTenOfFifty(outcomes, actor.orgId!, lotId);
  });

  /** Runs `f` as the application role with the charity's acting context, as src/kernel/transaction.ts opens a transaction. */
  const asApp = (actor: Actor, f: (trx: Kysely<DB>) => Promise<unknown>) =>
    pg.db.transaction().execute(async (trx) => {
      await setActor(trx, actor);
      await f(trx);
    });
  const refusedWith = async (p: Promise<unknown>, pattern: RegExp) => {
    await assert.rejects(p, (e: Error & { constraint?: string }) => {
      assert.match(`${e.message} ${e.constraint ?? ''}`, pattern);
      return true;
    });
  };

  test('the database refuses an unbalanced entry at commit, an update or delete of a line, and a balance written by hand', async () => {
    const { actor, lotId } = await fundedCharity(2, '100.000');
    const lot = await pg.db.selectFrom('donation_lots').selectAll().where('id', '=', lotId).executeTakeFirstOrThrow();
    const before = await num(sql<{ n: string }>`select count(*) as n from journal_entries`);
    // One line of 5, nothing against it: refused when the transaction commits.
    await refusedWith(asApp(actor, async (trx) => {
      const e = await sql<{ id: string }>`insert into journal_entries (kind, org_id, at, donation_id) values ('donation', ${actor.orgId}, now(), ${lot.donation_id}) returning id`.execute(trx);
      await sql`insert into journal_lines (entry_id, line, account, org_id, lot_id, donation_id, donor_id, amount_minor)
                values (${e.rows[0]!.id}, 1, 'held', ${actor.orgId}, ${lotId}, ${lot.donation_id}, ${lot.donor_id}, 5000)`.execute(trx);
    }), /journal_entries_balanced/);
    assert.equal(await num(sql<{ n: string }>`select count(*) as n from journal_entries`), before);
    assert.equal(await num(sql<{ n: string }>`select amount_minor as n from lot_balances where lot_id = ${lotId}`), 100_000);
    // Lines are never rewritten nor removed (the role has no such grant; the trigger refuses even the owner).
    await refusedWith(asApp(actor, (trx) => sql`update journal_lines set amount_minor = amount_minor + 1 where lot_id = ${lotId}`.execute(trx)), /permission denied|append-only/);
    await refusedWith(asApp(actor, (trx) => sql`delete from journal_lines where lot_id = ${lotId}`.execute(trx)), /permission denied|append-only/);
    await refusedWith(sql`update journal_lines set amount_minor = amount_minor + 1 where lot_id = ${lotId}`.execute(pg.db), /append-only/);
    await refusedWith(sql`delete from journal_lines where lot_id = ${lotId}`.execute(pg.db), /append-only/);
    // A balance is the journal's: the application may not write it.
    await refusedWith(asApp(actor, (trx) => sql`update lot_balances set amount_minor = 1000000000 where lot_id = ${lotId}`.execute(trx)), /permission denied/);
    await refusedWith(asApp(actor, (trx) => sql`insert into lot_balances (lot_id, org_id, amount_minor) values (${lotId}, ${actor.orgId}, 1)`.execute(trx)), /permission denied/);
    assert.equal(await num(sql<{ n: string }>`select amount_minor as n from lot_balances where lot_id = ${lotId}`), 100_000);
    assert.equal(await num(sql<{ n: string }>`select count(*) as n from journal_lines where lot_id = ${lotId}`), 2);
  });

  test('a zakat lot does not pay a household outside the zakat categories: grant_aid refuses not-funded (zakat-not-entitled), and so does a line written by hand', async () => {
    const { actor, lotId } = await fundedCharity(3, '500.000', 'zakat');
    const lot = await pg.db.selectFrom('donation_lots').selectAll().where('id', '=', lotId).executeTakeFirstOrThrow();
    assert.equal(lot.zakat, true);
    const fam = await registerFamily(pg.db, pg.dep, pg.w, actor);
    const entitled = await sql<{ entitled: boolean }>`select entitled from zakat_entitled(${fam.householdId})`.execute(pg.db);
    assert.equal(entitled.rows[0]!.entitled, false);
    await assert.rejects(
      inTx(pg.db, actor, (trx) => grantAid(trx, actor, pg.dep, pg.clock, { beneficiaryNationalId: fam.members[0]!.nationalId, aidTypeCode: 'medical-aid', amount: AMOUNT })),
      (e: unknown) => {
        assert.ok(e instanceof Problem && e.slug === 'not-funded', String(e));
        assert.equal((e.extensions as { reason?: string } | undefined)?.reason, 'zakat-not-entitled', JSON.stringify(e));
        return true;
      },
    );
    assert.equal(await num(sql<{ n: string }>`select count(*) as n from grants where household_id = ${fam.householdId}`), 0);
    // The same household paid from the zakat lot by hand: a grant (books closed for the moment, so
    // grant_aid() does not fund it), then its disbursement entry written straight to the journal.
    const grantId = await inTx(pg.db, actor, async (trx) => {
      await sql`delete from donation_books where org_id = ${actor.orgId}`.execute(pg.db);
      const g = await grantAid(trx, actor, pg.dep, pg.clock, { beneficiaryNationalId: fam.members[0]!.nationalId, aidTypeCode: 'medical-aid', amount: AMOUNT });
      return g.id;
    });
    await refusedWith(asApp(actor, async (trx) => {
      const e = await sql<{ id: string }>`insert into journal_entries (kind, org_id, at, grant_id, aid_type_code, service_on)
                                          values ('disbursement', ${actor.orgId}, now(), ${grantId}, 'medical-aid', current_date) returning id`.execute(trx);
      await sql`insert into journal_lines (entry_id, line, account, org_id, lot_id, donation_id, donor_id, amount_minor)
                values (${e.rows[0]!.id}, 1, 'held', ${actor.orgId}, ${lotId}, ${lot.donation_id}, ${lot.donor_id}, ${-AMOUNT_MINOR}),
                       (${e.rows[0]!.id}, 2, 'granted', ${actor.orgId}, ${lotId}, ${lot.donation_id}, ${lot.donor_id}, ${AMOUNT_MINOR})`.execute(trx);
    }), /journal_lines_lot_allows|may not pay/);
    assert.equal(await num(sql<{ n: string }>`select amount_minor as n from lot_balances where lot_id = ${lotId}`), 500_000);
    assert.equal(await num(sql<{ n: string }>`select count(*) as n from journal_entries where grant_id = ${grantId}`), 0);
  });
});
