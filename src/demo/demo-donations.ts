/**
 * The demo's donations, made through the same use cases as the API: جمعية الرحمة keeps its books in
 * Mizan from today, with a warehouse, and enters the gifts of the last three weeks; donors give to it — a company (cash and
 * refrigerators), an endowment (for the education basket, and food baskets that expire in a few
 * days, so "expiring soon" shows), a person who gives in person without consenting to be named
 * (for a region), and a donor who signs in with the national identity and consents to be named
 * (general cash and zakat pledged online and received, and a pledge the charity has not received yet). The charity's grants are
 * funded from those lots on the grant path (grant_aid() picks them), so the donor's page shows what
 * each gift became; the education gift goes on to جمعية البر, which gives education aid.
 * Every later grant with an amount or an item that جمعية الرحمة records must be funded: the company's
 * general gift and the stock left cover the README's tour.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Deployment } from '../deployments/setup.js';
import { SYSTEM_ACTOR, type Actor } from '../kernel/actor.js';
import { ManualClock, type Clock } from '../kernel/clock.js';
import { inTx } from '../kernel/transaction.js';
import type { Rng } from '../shared/random.js';
import { formatMinor } from '../shared/money.js';
import { Problem } from '../shared/problem.js';
import { signIn } from '../modules/identity/sign-in.js';
import { grantAid, type GrantInput } from '../modules/grants/grants.service.js';
import { ownDonor, registerDonor, updateOwnDonor } from '../modules/donations/donors.js';
import { pledgeGift, receiveGift, recordGift } from '../modules/donations/record-donation.js';
import { transferFunds } from '../modules/donations/move-funds.js';
import { addWarehouse, openBooks } from '../modules/donations/funds.js';
import { donationsRepository } from '../modules/donations/donations.repository.js';
import { syntheticFamily, syntheticNationalId } from './people.js';

/** Whole units of the deployment's currency that the demo's amounts scale by (as demo-programmes.ts). */
const UNIT: Record<Deployment['country'], number> = { KW: 1, SA: 12, IR: 500_000 };
const DAY = 86_400_000;

export interface DemoDonations {
  /** The donor who signs in ("I want to donate" at the development provider). */
  donor: { nationalId: string; displayName: string; userId: string; donorId: string };
  /** The receipts' verification codes: the signed-in donor's (named) and the anonymous giver's. */
  namedCode: string;
  anonymousCode: string;
  /** Grants funded by the gifts. */
  grants: number;
}

const OIDC = { issuer: 'demo', clientId: 'demo', clientSecret: 'demo', nationalIdClaim: 'national_id', requiredClaim: null, requiredValue: null, builtIn: true };

export async function demoDonations(
  db: Kysely<DB>, dep: Deployment, clock: Clock, rng: Rng,
  staff: { admin: Actor; caseworker: Actor; receiver: Actor },
  households: { householdId: string; regionCode: string }[],
): Promise<DemoDonations> {
  const now = clock.now();
  const at = (days: number) => new Date(now.getTime() - days * DAY);
  const dayOf = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: dep.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const money = (units: number) => formatMinor(units * UNIT[dep.country] * 10 ** dep.currency.minorUnits, dep.currency);
  const lang = dep.defaultLocale === 'fa' ? 'fa' : 'ar';
  const { admin, caseworker } = staff;
  const orgId = admin.orgId!;
  const provinceOf = (code: string) => dep.regions.get(code)?.parent ?? code;

  // The books, kept in Mizan from now: the reconciliation counts every grant recorded since as one
  // to fund (grants.created_at), so the earlier demo grants stay outside them.
  await inTx(db, admin, (trx) => openBooks(trx, admin, now));
  const home = households[0]?.regionCode ?? [...dep.regions.values()].find((r) => r.level === 1)!.code;
  const warehouse = await inTx(db, admin, (trx) => addWarehouse(trx, dep, admin, { name: lang === 'fa' ? 'انبار مرکزی' : 'المستودع الرئيسي', regionCode: provinceOf(home) }, at(21)));

  // The donor who signs in: a donor account (users, role donor) made by their first sign-in as a
  // donor, their donor record (donors.user_id), and their consent to be named publicly.
  let nationalId = '';
  for (;;) {
    nationalId = syntheticNationalId(rng, dep.idScheme, '1984-04-12');
    const person = await db.selectFrom('persons').select('id').where('national_id', '=', nationalId).executeTakeFirst();
    const user = await db.selectFrom('users').select('id').where('national_id', '=', nationalId).executeTakeFirst();
    if (!person && !user) break;
  }
  const name = syntheticFamily(rng, lang)[0]!.fullName;
  const { actor: donorActor } = await inTx(db, SYSTEM_ACTOR, (trx) => signIn(trx, dep, OIDC, { national_id: nationalId, name }, at(20), { purpose: 'donor', locale: dep.defaultLocale }));
  const donor = await inTx(db, donorActor, async (trx) => {
    await ownDonor(trx, donorActor, at(20));
    return updateOwnDonor(trx, donorActor, { publicName: true }, at(20));
  });

  // The donors the charity records: a company, an endowment, and a person who gives in person (not named publicly).
  const company = await inTx(db, caseworker, (trx) => registerDonor(trx, caseworker, { kind: 'company', displayName: lang === 'fa' ? 'شرکت بازرگانی البرز' : 'شركة الخليج للتجارة العامة', registrationNo: `CR-${rng.digits(6)}`, publicName: true }, at(19)));
  const endowment = await inTx(db, caseworker, (trx) => registerDonor(trx, caseworker, { kind: 'endowment', displayName: lang === 'fa' ? 'موقوفه خیریه نور' : 'وقف النور الخيري', registrationNo: `WQ-${rng.digits(5)}`, publicName: true }, at(19)));
  const walkIn = await inTx(db, caseworker, (trx) => registerDonor(trx, caseworker, { kind: 'individual', displayName: syntheticFamily(rng, lang)[0]!.fullName, publicName: false }, at(19)));

  const give = (donorId: string, days: number, g: Parameters<typeof recordGift>[4], warehouseId?: string) =>
    inTx(db, caseworker, (trx) => recordGift(trx, dep, caseworker, donorId, g, { warehouseId }, at(days)));
  // The signed-in donor gives online (a pledge with the reference of their transfer), the charity
  // receives it the same day. Their general gift is the oldest, so the grants drawn first in, first
  // out spend it first.
  const pledge = (days: number, g: Omit<Parameters<typeof pledgeGift>[3], 'orgId'>) =>
    inTx(db, donorActor, (trx) => pledgeGift(trx, dep, donorActor, { ...g, orgId }, at(days)));
  const receive = async (days: number, g: Omit<Parameters<typeof pledgeGift>[3], 'orgId'>) => {
    const p = await pledge(days, g);
    return inTx(db, caseworker, (trx) => receiveGift(trx, caseworker, p.id, {}, at(days)));
  };
  const named = await receive(20, { form: 'cash', giftKind: 'sadaqa', restriction: { kind: 'general' }, amount: money(400), paymentReference: `TRF-${rng.digits(8)}` });
  await give(company.id, 18, { form: 'cash', giftKind: 'general', restriction: { kind: 'general' }, amount: money(3000), paymentReference: `CHQ-${rng.digits(6)}` });
  await give(company.id, 18, { form: 'in_kind', giftKind: 'general', restriction: { kind: 'general' }, items: [{ itemCode: 'refrigerator', quantity: 12, unitValue: money(150) }] }, warehouse.id);
  await give(endowment.id, 15, { form: 'cash', giftKind: 'general', restriction: { kind: 'basket', code: 'education' }, amount: money(600), note: 'للرسوم الدراسية' });
  const region = provinceOf(home);
  const anonymous = await give(walkIn.id, 12, { form: 'cash', giftKind: 'sadaqa', restriction: { kind: 'region', code: region }, amount: money(250) });
  await receive(10, { form: 'cash', giftKind: 'zakat', restriction: { kind: 'general' }, amount: money(200), paymentReference: `TRF-${rng.digits(8)}` });
  // Food baskets that expire four days from now: the charity's page shows them as expiring soon.
  const expiresOn = dayOf(new Date(now.getTime() + 4 * DAY));
  await give(endowment.id, 6, { form: 'in_kind', giftKind: 'sadaqa', restriction: { kind: 'general' }, items: [{ itemCode: 'food-basket', quantity: 40, unitValue: money(12), expiresOn }] }, warehouse.id);
  // A pledge the donor made online two days ago: waiting for the charity to receive it.
  await pledge(2, { form: 'cash', giftKind: 'sadaqa', restriction: { kind: 'general' }, amount: money(150), paymentReference: `TRF-${rng.digits(8)}` });

  // What the gifts became: grants recorded by the charity, each funded on the grant path. A household
  // that had the same aid lately is passed over (duplicate-aid); any other refusal is a demo bug.
  const own = [...households];
  let granted = 0;
  const grant = async (days: number, input: Omit<GrantInput, 'householdId'>, fits: (h: { householdId: string; regionCode: string }) => boolean = () => true) => {
    for (const [i, h] of own.entries()) {
      if (!fits(h)) continue;
      const ok = await inTx(db, caseworker, async (trx) => {
        try {
          await grantAid(trx, caseworker, dep, new ManualClock(at(days)), { ...input, householdId: h.householdId });
          return true;
        } catch (e) {
          if (e instanceof Problem && e.slug === 'duplicate-aid') return false;
          throw e;
        }
      });
      if (ok) {
        own.splice(i, 1);
        granted++;
        return;
      }
    }
    throw new Error(`The demo found no household for a grant of ${input.aidTypeCode}.`);
  };
  await grant(16, { aidTypeCode: 'living-allowance', amount: money(150) });
  await grant(14, { aidTypeCode: 'refrigerator', quantity: 1 });
  await grant(13, { aidTypeCode: 'living-allowance', amount: money(150) });
  await grant(12, { aidTypeCode: 'refrigerator', quantity: 1 });
  // The region's gift pays a household of that region (the caseworker chose its lot).
  const regionLot = (await inTx(db, caseworker, (trx) => donationsRepository.lotsOfOrg(trx, orgId))).find((l) => l.donation_id === anonymous.id)!;
  await grant(11, { aidTypeCode: 'rent-assistance', amount: money(120), fundingLots: [regionLot.id] }, (h) => provinceOf(h.regionCode) === region);
  await grant(8, { aidTypeCode: 'utility-bills', amount: money(80) });
  for (const d of [4, 4, 3, 3, 2]) await grant(d, { aidTypeCode: 'food-basket', quantity: 1 });

  // The education gift goes on to جمعية البر, which gives education aid (the restriction goes with it).
  await inTx(db, admin, (trx) => transferFunds(trx, dep, admin, staff.receiver.orgId!, { from: { kind: 'basket', code: 'education' }, amount: money(600), memo: 'للرسوم الدراسية لدى جمعية البر' }, at(5), dayOf(at(5))));

  const codes = await db.selectFrom('donations').select(['id', 'verification_code']).where('id', 'in', [named.id, anonymous.id]).execute();
  const code = (id: string) => codes.find((c) => c.id === id)!.verification_code!;
  return { donor: { nationalId, displayName: donor.display_name, userId: donorActor.userId, donorId: donor.id }, namedCode: code(named.id), anonymousCode: code(anonymous.id), grants: granted };
}
