/**
 * A gift, from pledge to receipt. A donor pledges online (cash with the payment reference of their
 * transfer, or items); a charity records a gift made to it in person. Received, a gift becomes
 * lots (one for cash, one per item line, in the warehouse that took it) and one balanced journal
 * entry: each lot's 'held' goes up, the donor's 'gifts' down by the same amount (and units). The
 * receipt gets its number and a verification code anyone can check (receipts.ts). A pledge is
 * received or declined once (the row is locked, and the update is conditional).
 */
import { randomInt } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import type { DonationForm } from '../../db/schema.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { parseAmount } from '../../shared/money.js';
import { Problem, notFound } from '../../shared/problem.js';
import { actingCharity } from './acting-charity.js';
import { audit } from '../audit/audit.service.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import { donationsRepository, type NewLine } from './donations.repository.js';
import { donorForGift, ownDonor } from './donors.js';
import { checkedRestriction, type RestrictionInput } from './restriction.js';

export interface ItemInput {
  itemCode: string;
  quantity: number;
  /** The estimated value of one, a decimal in the deployment's currency. */
  unitValue: string;
  expiresOn?: string | undefined;
}

export interface GiftInput {
  orgId: string;
  form: DonationForm;
  giftKind: string;
  restriction: RestrictionInput;
  amount?: string | undefined;
  paymentReference?: string | undefined;
  items?: ItemInput[] | undefined;
  note?: string | undefined;
}

/** The gift's amount or items, checked: the currency's precision, known items, a charity that is approved. */
async function checkedGift(db: Executor, dep: Deployment, g: GiftInput) {
  const charities = await organisationsRepository.approvedCharities(db);
  if (!charities.some((c) => c.id === g.orgId)) throw new Problem('unknown-reference', 'The charity does not exist or is not approved.', { field: 'orgId', value: g.orgId });
  const kinds = await donationsRepository.giftKinds(db);
  const kind = kinds.find((k) => k.code === g.giftKind);
  if (!kind) throw new Problem('unknown-reference', `Unknown kind of gift "${g.giftKind}".`, { field: 'giftKind', value: g.giftKind });
  const restriction = await checkedRestriction(db, dep, g.restriction, kind.zakat);
  if (g.form === 'cash') {
    if (g.amount === undefined) throw new Problem('validation', 'A cash gift has an amount.', { field: 'amount' });
    if (g.items?.length) throw new Problem('validation', 'A cash gift has no items.', { field: 'items' });
    return { restriction, amountMinor: parseAmount(g.amount, dep.currency), items: [] };
  }
  if (!g.items?.length) throw new Problem('validation', 'An in-kind gift lists its items.', { field: 'items' });
  if (g.amount !== undefined) throw new Problem('validation', 'An in-kind gift is valued item by item (unitValue), not by an amount.', { field: 'amount' });
  const known = new Set((await donationsRepository.stockItems(db)).map((i) => i.code));
  const items = g.items.map((i, n) => {
    if (!known.has(i.itemCode)) throw new Problem('unknown-reference', `Unknown item "${i.itemCode}".`, { field: `items/${n}/itemCode`, value: i.itemCode });
    const unitValueMinor = parseAmount(i.unitValue, dep.currency, `items/${n}/unitValue`);
    if (!Number.isSafeInteger(unitValueMinor * i.quantity)) throw new Problem('invalid-amount', `The value of line ${n + 1} (quantity × unit value) is too large.`, { field: `items/${n}/unitValue` });
    return { itemCode: i.itemCode, quantity: i.quantity, unitValueMinor, expiresOn: i.expiresOn ?? null };
  });
  return { restriction, amountMinor: null, items };
}

async function insertGift(db: Executor, dep: Deployment, actor: Actor, donorId: string, g: GiftInput, now: Date) {
  const c = await checkedGift(db, dep, g);
  const d = await donationsRepository.insertDonation(db, {
    orgId: g.orgId, donorId, form: g.form, giftKind: g.giftKind, restriction: c.restriction, currency: dep.currency.code, amountMinor: c.amountMinor,
    paymentReference: g.paymentReference ?? null, note: g.note ?? null, at: now, by: actor.userId,
  });
  await donationsRepository.insertItems(db, d.id, c.items);
  return d;
}

/** A donor's pledge to a charity (received when the charity confirms it). */
export async function pledgeGift(db: Executor, dep: Deployment, actor: Actor, g: GiftInput, now: Date) {
  const donor = await ownDonor(db, actor, now);
  const d = await insertGift(db, dep, actor, donor.id, g, now);
  await audit(db, actor, { action: 'donation.pledge', subjectType: 'donation', subjectId: d.id, details: { orgId: d.org_id, form: d.form }, at: now });
  return d;
}

/** A gift made to the charity in person, received at once. */
export async function recordGift(db: Executor, dep: Deployment, actor: Actor, donorId: string, g: Omit<GiftInput, 'orgId'>, receipt: { warehouseId?: string | undefined }, now: Date) {
  const orgId = actingCharity(actor, 'record the gifts it received');
  await donorForGift(db, donorId);
  const d = await insertGift(db, dep, actor, donorId, { ...g, orgId }, now);
  await audit(db, actor, { action: 'donation.record', subjectType: 'donation', subjectId: d.id, details: { form: d.form }, at: now });
  return receiveGift(db, actor, d.id, receipt, now);
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A receipt's verification code: 12 characters of Crockford's base 32 (60 random bits), in three groups. */
export function verificationCode(): string {
  const c = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(32)]).join('');
  return `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}`;
}

/** The charity receives a pledged gift: lots, the journal entry, the receipt. */
export async function receiveGift(db: Executor, actor: Actor, id: string, receipt: { warehouseId?: string | undefined }, now: Date) {
  const orgId = actingCharity(actor, 'confirm the gifts made to it');
  const d = await donationsRepository.donationForUpdate(db, id);
  if (!d || d.org_id !== orgId) throw notFound('The donation');
  if (d.status !== 'pledged') throw new Problem('invalid-state', `The donation is ${d.status} already.`, { status: d.status });
  let warehouseId: string | null = null;
  if (d.form === 'in_kind') {
    if (!receipt.warehouseId) throw new Problem('validation', 'Say which warehouse took the items.', { field: 'warehouseId' });
    const w = await donationsRepository.warehouse(db, receipt.warehouseId);
    if (!w || w.org_id !== orgId) throw new Problem('unknown-reference', 'The warehouse is not your organisation\'s.', { field: 'warehouseId' });
    warehouseId = w.id;
  }
  const items = await donationsRepository.items(db, [d.id]);
  const restriction = { kind: d.restriction_kind, code: d.restriction_code, zakat: d.zakat };
  const base = { donationId: d.id, donorId: d.donor_id, orgId: d.org_id, parentLotId: null, restriction, receivedAt: now, at: now };
  const lots = await donationsRepository.insertLots(db, d.form === 'cash'
    ? [{ ...base, form: 'cash', itemCode: null, warehouseId: null, unitValueMinor: null, expiresOn: null }]
    : items.map((i) => ({ ...base, form: 'in_kind' as const, itemCode: i.item_code, warehouseId, unitValueMinor: Number(i.unit_value_minor), expiresOn: i.expires_on })));
  const lines: NewLine[] = lots.flatMap((lot, n) => {
    const amount = d.form === 'cash' ? Number(d.amount_minor) : items[n]!.quantity * Number(items[n]!.unit_value_minor);
    const quantity = d.form === 'cash' ? 0 : items[n]!.quantity;
    return [{ account: 'held', lotId: lot.id, amountMinor: amount, quantity }, { account: 'gifts', lotId: lot.id, amountMinor: -amount, quantity: -quantity }];
  });
  await donationsRepository.post(db, { kind: 'donation', orgId: d.org_id, at: now, donationId: d.id, by: actor.userId }, lines);
  const seq = await donationsRepository.nextReceiptSeq(db);
  const received = await donationsRepository.markReceived(db, d.id, {
    at: now, by: actor.userId, receiptNumber: `R-${now.getUTCFullYear()}-${String(seq).padStart(6, '0')}`, verificationCode: verificationCode(),
  });
  if (!received) throw new Problem('invalid-state', 'The donation was received or declined meanwhile.');
  await audit(db, actor, { action: 'donation.receive', subjectType: 'donation', subjectId: d.id, details: { lots: lots.length, receipt: received.receipt_number }, at: now });
  return received;
}

export async function declineGift(db: Executor, actor: Actor, id: string, note: string, now: Date) {
  const orgId = actingCharity(actor, 'decline the gifts pledged to it');
  const d = await donationsRepository.donationForUpdate(db, id);
  if (!d || d.org_id !== orgId) throw notFound('The donation');
  const declined = await donationsRepository.markDeclined(db, id, note);
  if (!declined) throw new Problem('invalid-state', `The donation is ${d.status} already.`, { status: d.status });
  await audit(db, actor, { action: 'donation.decline', subjectType: 'donation', subjectId: id, reason: note, at: now });
  return declined;
}
