/**
 * SQL for donations: donors, gifts and their items, lots and the journal (0031_donations.sql).
 * Every function takes the caller's executor; row-level security decides what it sees. Lots are
 * drawn by donations_pick_lots() (the grant path's own picker, first in, first out under row
 * locks); a balance is never written here: the journal's trigger derives it.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DonationForm, DonorKind, JournalAccount, JournalKind, Locale, RestrictionKind, StockUnit } from '../../db/schema.js';

export interface Restriction {
  kind: RestrictionKind;
  code: string | null;
  zakat: boolean;
}

export interface NewLot {
  donationId: string;
  donorId: string;
  orgId: string;
  parentLotId: string | null;
  form: DonationForm;
  restriction: Restriction;
  itemCode: string | null;
  warehouseId: string | null;
  unitValueMinor: number | null;
  expiresOn: string | null;
  receivedAt: Date;
  at: Date;
}

export interface NewLine {
  account: JournalAccount;
  lotId: string;
  amountMinor: number;
  quantity: number;
}

export interface NewEntry {
  kind: JournalKind;
  orgId: string;
  at: Date;
  donationId?: string | null;
  reverses?: string | null;
  counterpartyOrg?: string | null;
  grantId?: string | null;
  aidTypeCode?: string | null;
  basketCode?: string | null;
  regionCode?: string | null;
  serviceOn?: string | null;
  memo?: string | null;
  by: string | null;
}

/** What donations_pick_lots() answers. */
export type Pick =
  | { outcome: 'ok'; lots: { lot: string; amount: number; quantity: number }[] }
  | { outcome: 'not-funded'; reason: 'insufficient' | 'restricted' | 'zakat-not-entitled' | 'unknown-lot'; neededMinor: number | null; neededQuantity: number | null; availableMinor: number | null; availableQuantity: number | null };

export const donationsRepository = {
  giftKinds: (db: Executor) => db.selectFrom('gift_kinds').selectAll().orderBy('position').execute(),
  stockItems: (db: Executor) => db.selectFrom('stock_items').selectAll().orderBy('aid_type_code').orderBy('code').execute(),
  upsertGiftKind: (db: Executor, k: { code: string; zakat: boolean; position: number; names: { en: string; ar: string; fa: string } }) =>
    db.insertInto('gift_kinds').values({ code: k.code, zakat: k.zakat, position: k.position, name_en: k.names.en, name_ar: k.names.ar, name_fa: k.names.fa })
      .onConflict((oc) => oc.column('code').doUpdateSet({ zakat: k.zakat, position: k.position, name_en: k.names.en, name_ar: k.names.ar, name_fa: k.names.fa })).execute(),
  upsertStockItem: (db: Executor, i: { code: string; aidTypeCode: string; unit: StockUnit; perishable: boolean; names: { en: string; ar: string; fa: string } }) =>
    db.insertInto('stock_items').values({ code: i.code, aid_type_code: i.aidTypeCode, unit: i.unit, perishable: i.perishable, name_en: i.names.en, name_ar: i.names.ar, name_fa: i.names.fa })
      .onConflict((oc) => oc.column('code').doUpdateSet({ aid_type_code: i.aidTypeCode, unit: i.unit, perishable: i.perishable, name_en: i.names.en, name_ar: i.names.ar, name_fa: i.names.fa })).execute(),

  donorOfUser: (db: Executor, userId: string) => db.selectFrom('donors').selectAll().where('user_id', '=', userId).executeTakeFirst(),
  donor: (db: Executor, id: string) => db.selectFrom('donors').selectAll().where('id', '=', id).executeTakeFirst(),
  insertDonor(db: Executor, d: { kind: DonorKind; userId: string | null; displayName: string; nationalId: string | null; registrationNo: string | null; phone: string | null; locale: Locale; publicName: boolean; orgId: string | null; at: Date; by: string | null }) {
    return db
      .insertInto('donors')
      .values({ kind: d.kind, user_id: d.userId, display_name: d.displayName, national_id: d.nationalId, registration_no: d.registrationNo, phone: d.phone, locale: d.locale, public_name: d.publicName, registered_by_org: d.orgId, created_at: d.at, created_by: d.by })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  updateDonor(db: Executor, id: string, d: { displayName?: string | undefined; publicName?: boolean | undefined; locale?: Locale | undefined }) {
    return db
      .updateTable('donors')
      .set({ ...(d.displayName !== undefined ? { display_name: d.displayName } : {}), ...(d.publicName !== undefined ? { public_name: d.publicName } : {}), ...(d.locale !== undefined ? { locale: d.locale } : {}) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },
  /** The donors a charity knows (registered, or who gave to it), newest first. */
  donorsOfOrg: (db: Executor, orgId: string, limit: number) =>
    db.selectFrom('donors').selectAll()
      .where((eb) => eb.or([eb('registered_by_org', '=', orgId), eb.exists(eb.selectFrom('donations').select('donations.id').whereRef('donations.donor_id', '=', 'donors.id').where('donations.org_id', '=', orgId))]))
      .orderBy('created_at', 'desc').limit(limit).execute(),

  warehouses: (db: Executor, orgId: string) => db.selectFrom('warehouses').selectAll().where('org_id', '=', orgId).orderBy('name').execute(),
  warehouse: (db: Executor, id: string) => db.selectFrom('warehouses').selectAll().where('id', '=', id).executeTakeFirst(),
  insertWarehouse: (db: Executor, w: { orgId: string; name: string; regionCode: string; at: Date }) =>
    db.insertInto('warehouses').values({ org_id: w.orgId, name: w.name, region_code: w.regionCode, created_at: w.at }).onConflict((oc) => oc.columns(['org_id', 'name']).doNothing()).returningAll().executeTakeFirst(),

  booksOpen: async (db: Executor, orgId: string) => Boolean(await db.selectFrom('donation_books').select('org_id').where('org_id', '=', orgId).executeTakeFirst()),
  openBooks: (db: Executor, orgId: string, at: Date, by: string | null) =>
    db.insertInto('donation_books').values({ org_id: orgId, opened_at: at, opened_by: by }).onConflict((oc) => oc.column('org_id').doNothing()).execute(),

  insertDonation(db: Executor, d: { orgId: string; donorId: string; form: DonationForm; giftKind: string; restriction: Restriction; currency: string; amountMinor: number | null; paymentReference: string | null; note: string | null; at: Date; by: string | null }) {
    return db
      .insertInto('donations')
      .values({
        org_id: d.orgId, donor_id: d.donorId, form: d.form, gift_kind: d.giftKind, restriction_kind: d.restriction.kind, restriction_code: d.restriction.code,
        zakat: d.restriction.zakat, currency: d.currency, amount_minor: d.amountMinor, payment_reference: d.paymentReference, status: 'pledged', note: d.note, pledged_at: d.at, created_by: d.by,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  insertItems: (db: Executor, donationId: string, items: { itemCode: string; quantity: number; unitValueMinor: number; expiresOn: string | null }[]) =>
    items.length === 0 ? Promise.resolve() : db.insertInto('donation_items').values(items.map((i, n) => ({ donation_id: donationId, line: n + 1, item_code: i.itemCode, quantity: i.quantity, unit_value_minor: i.unitValueMinor, expires_on: i.expiresOn }))).execute().then(() => undefined),
  donation: (db: Executor, id: string) => db.selectFrom('donations').selectAll().where('id', '=', id).executeTakeFirst(),
  /** One donation, locked: a pledge is received (or declined) once. */
  donationForUpdate: (db: Executor, id: string) => db.selectFrom('donations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  items: (db: Executor, donationIds: readonly string[]) =>
    donationIds.length === 0 ? Promise.resolve([]) : db.selectFrom('donation_items').selectAll().where('donation_id', 'in', donationIds).orderBy('donation_id').orderBy('line').execute(),
  markReceived(db: Executor, id: string, r: { at: Date; by: string | null; receiptNumber: string; verificationCode: string }) {
    return db.updateTable('donations').set({ status: 'received', received_at: r.at, received_by: r.by, receipt_number: r.receiptNumber, verification_code: r.verificationCode })
      .where('id', '=', id).where('status', '=', 'pledged').returningAll().executeTakeFirst();
  },
  markDeclined: (db: Executor, id: string, note: string) =>
    db.updateTable('donations').set({ status: 'declined', note }).where('id', '=', id).where('status', '=', 'pledged').returningAll().executeTakeFirst(),
  nextReceiptSeq: async (db: Executor) => Number((await sql<{ n: string }>`select nextval('donation_receipt_seq') as n`.execute(db)).rows[0]!.n),
  /** A received donation by its receipt's verification code (read as the system: anyone may check a receipt). */
  byVerificationCode: (db: Executor, code: string) =>
    db.selectFrom('donations').innerJoin('donors', 'donors.id', 'donations.donor_id')
      .select(['donations.id', 'donations.org_id', 'donations.form', 'donations.gift_kind', 'donations.restriction_kind', 'donations.restriction_code', 'donations.zakat', 'donations.currency', 'donations.amount_minor', 'donations.received_at', 'donations.receipt_number', 'donors.display_name', 'donors.public_name', 'donors.locale'])
      .where('donations.verification_code', '=', code).where('donations.status', '=', 'received').executeTakeFirst(),

  /** The donations a list shows: a donor's (RLS: their own) or a charity's, newest first. */
  donations(db: Executor, f: { donorId?: string | undefined; orgId?: string | undefined; status?: string | undefined; before?: Date | undefined; limit: number }) {
    let q = db.selectFrom('donations').selectAll();
    if (f.donorId) q = q.where('donor_id', '=', f.donorId);
    if (f.orgId) q = q.where('org_id', '=', f.orgId);
    if (f.status) q = q.where('status', '=', f.status as 'pledged');
    if (f.before) q = q.where('pledged_at', '<', f.before);
    return q.orderBy('pledged_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  },

  /**
   * New lots, their IDs made here: a transfer writes lots at the charity it sends to, which the
   * sender may not read back (an INSERT … RETURNING would need that).
   */
  async insertLots(db: Executor, lots: NewLot[]): Promise<{ id: string }[]> {
    const ids = lots.map(() => ({ id: randomUUID() }));
    await db
      .insertInto('donation_lots')
      .values(lots.map((l, i) => ({
        id: ids[i]!.id,
        donation_id: l.donationId, donor_id: l.donorId, org_id: l.orgId, parent_lot_id: l.parentLotId, form: l.form, restriction_kind: l.restriction.kind, restriction_code: l.restriction.code,
        zakat: l.restriction.zakat, item_code: l.itemCode, warehouse_id: l.warehouseId, unit_value_minor: l.unitValueMinor, expires_on: l.expiresOn, received_at: l.receivedAt, created_at: l.at,
      })))
      .execute();
    return ids;
  },
  lots: (db: Executor, ids: readonly string[]) => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('donation_lots').selectAll().where('id', 'in', ids).execute()),

  /** One balanced entry and its lines, in the caller's transaction (checked at commit by journal_entries_balanced). */
  async post(db: Executor, e: NewEntry, lines: NewLine[]): Promise<string> {
    const entry = await db
      .insertInto('journal_entries')
      .values({
        kind: e.kind, org_id: e.orgId, at: e.at, donation_id: e.donationId ?? null, reverses: e.reverses ?? null, counterparty_org: e.counterpartyOrg ?? null, grant_id: e.grantId ?? null,
        aid_type_code: e.aidTypeCode ?? null, basket_code: e.basketCode ?? null, region_code: e.regionCode ?? null, service_on: e.serviceOn ?? null, memo: e.memo ?? null, created_by: e.by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('journal_lines').values(lines.map((l, i) => ({ entry_id: entry.id, line: i + 1, account: l.account, lot_id: l.lotId, amount_minor: l.amountMinor, quantity: l.quantity }))).execute();
    return entry.id;
  },

  /** The lots that pay a need, locked until the transaction ends (donations_pick_lots). */
  async pick(db: Executor, p: { orgId: string; form: DonationForm; amountMinor: number | null; quantity: number | null; chosen: string[] | null; on: string; fits: Record<string, unknown> }): Promise<Pick> {
    const r = await sql<{ p: Pick }>`
      select donations_pick_lots(${p.orgId}::uuid, ${p.form}, null, ${p.amountMinor}::bigint, ${p.quantity}::integer,
                                 ${p.chosen ? sql`${p.chosen}::uuid[]` : sql`null::uuid[]`}, ${p.on}::date, ${JSON.stringify(p.fits)}::jsonb) as p`.execute(db);
    return r.rows[0]!.p;
  },

  /** What each of the given donations became, account by account (every lot of it, at every charity). */
  sumsByDonation: (db: Executor, donationIds: readonly string[]) =>
    donationIds.length === 0 ? Promise.resolve([]) : db.selectFrom('journal_lines').select(['donation_id', 'account', sql<number>`sum(amount_minor)::bigint`.as('amount'), sql<number>`sum(quantity)::bigint`.as('quantity')])
      .where('donation_id', 'in', donationIds).groupBy(['donation_id', 'account']).execute(),
  /** A donor's totals, account by account (journal_lines_donor). */
  sumsOfDonor: (db: Executor, donorId: string) =>
    db.selectFrom('journal_lines').select(['account', sql<number>`sum(amount_minor)::bigint`.as('amount'), sql<number>`sum(quantity)::bigint`.as('quantity')])
      .where('donor_id', '=', donorId).groupBy('account').execute(),
  /** The services the given donations became: aid type, basket, first-level region and day (never the household). */
  servicesOf: (db: Executor, donationIds: readonly string[]) =>
    donationIds.length === 0 ? Promise.resolve([]) : db.selectFrom('journal_lines as l').innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
      .select(['l.donation_id', 'e.aid_type_code', 'e.basket_code', 'e.region_code', 'e.service_on', sql<number>`sum(l.amount_minor)::bigint`.as('amount'), sql<number>`sum(l.quantity)::bigint`.as('quantity')])
      .where('l.donation_id', 'in', donationIds).where('l.account', '=', 'granted')
      .groupBy(['l.donation_id', 'e.aid_type_code', 'e.basket_code', 'e.region_code', 'e.service_on'])
      .having((eb) => eb.or([eb(sql`sum(l.amount_minor)`, '<>', 0), eb(sql`sum(l.quantity)`, '<>', 0)]))
      .orderBy('e.service_on', 'desc').execute(),
  /** The transfers out of the given donations' lots: to which charity, how much (read from the sender's lines, which the sender, the donor and the ministry see). */
  transfersOf: (db: Executor, donationIds: readonly string[]) =>
    donationIds.length === 0 ? Promise.resolve([]) : db.selectFrom('journal_lines as l').innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
      .select(['l.donation_id', 'e.org_id as from_org', 'e.counterparty_org as to_org', 'e.at', sql<number>`-sum(l.amount_minor)::bigint`.as('amount'), sql<number>`-sum(l.quantity)::bigint`.as('quantity')])
      .where('l.donation_id', 'in', donationIds).where('e.kind', '=', 'transfer').whereRef('l.org_id', '=', 'e.org_id')
      .groupBy(['l.donation_id', 'e.id', 'e.org_id', 'e.counterparty_org', 'e.at']).orderBy('e.at').execute(),

  /** The donations that paid a grant, with what each gave to it. */
  fundingOfGrant: (db: Executor, grantId: string) =>
    db.selectFrom('journal_lines as l').innerJoin('journal_entries as e', 'e.id', 'l.entry_id').innerJoin('donation_lots as t', 't.id', 'l.lot_id')
      .select(['l.donation_id', 'l.lot_id', 't.item_code', sql<number>`sum(l.amount_minor)::bigint`.as('amount'), sql<number>`sum(l.quantity)::bigint`.as('quantity')])
      .where('e.grant_id', '=', grantId).where('l.account', '=', 'granted')
      .groupBy(['l.donation_id', 'l.lot_id', 't.item_code']).having((eb) => eb.or([eb(sql`sum(l.amount_minor)`, '<>', 0), eb(sql`sum(l.quantity)`, '<>', 0)])).execute(),

  /** A charity's lots with what is left of each (the funds and the stock are their sums). */
  lotsOfOrg: (db: Executor, orgId: string) =>
    // (not joined to donations: a lot transferred here belongs to a gift made to another charity)
    db.selectFrom('donation_lots as l').innerJoin('lot_balances as b', 'b.lot_id', 'l.id')
      .select(['l.id', 'l.donation_id', 'l.parent_lot_id', 'l.form', 'l.restriction_kind', 'l.restriction_code', 'l.zakat', 'l.item_code', 'l.warehouse_id', 'l.unit_value_minor', 'l.expires_on', 'l.received_at', 'b.amount_minor', 'b.quantity'])
      .where('l.org_id', '=', orgId).orderBy('l.received_at').orderBy('l.id').execute(),

  /** Each charity's inflows and outflows by month (the ministry's view). */
  flows: (db: Executor, from: string) =>
    db.selectFrom('journal_lines as l').innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
      .select(['l.org_id', 'e.kind', 'l.account', sql<string>`to_char(e.at, 'YYYY-MM')`.as('month'), sql<number>`sum(l.amount_minor)::bigint`.as('amount'), sql<number>`sum(l.quantity)::bigint`.as('quantity'), sql<number>`count(distinct e.id)::int`.as('entries')])
      .where('e.at', '>=', new Date(from)).where('l.account', 'in', ['gifts', 'granted', 'refunded'])
      .groupBy(['l.org_id', 'e.kind', 'l.account', sql`to_char(e.at, 'YYYY-MM')`]).orderBy('month').execute(),

  /** The reconciliation's checks, each a count that should be zero (donations_reconcile(), read as the ministry). */
  async reconcile(db: Executor) {
    const r = await sql<{ journal_sum: number; unbalanced_entries: number; balance_mismatches: number; negative_balances: number; unfunded_grants: number; funding_mismatches: number; entries: number; lots: number; books: number }>`
      select * from donations_reconcile()`.execute(db);
    return r.rows[0]!;
  },
};
