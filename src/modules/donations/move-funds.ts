/**
 * Money and stock moved inside the ledger, never edited: a transfer to another charity, an
 * allocation to a narrower restriction and a refund to the donor (a revoked grant's funding is
 * reversed by the trigger grants_reverse_funding). Each draws lots with donations_pick_lots()
 * (first in, first out, under row locks) and writes one balanced entry; a transfer or an allocation makes child lots that keep the
 * donation, the donor, the zakat mark and the day the gift was received, so every lot still leads
 * back to its gift. Asking for more than the fund holds is refused, nothing written.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { formatMinor, parseAmount } from '../../shared/money.js';
import { Problem, notFound } from '../../shared/problem.js';
import { actingCharity } from './acting-charity.js';
import { audit } from '../audit/audit.service.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import { donationsRepository, type NewLine, type Restriction } from './donations.repository.js';
import { checkedRestriction, type RestrictionInput } from './restriction.js';

export interface MoveInput {
  /** The fund drawn on: its restriction (zakat included). */
  from: RestrictionInput;
  amount?: string | undefined;
  itemCode?: string | undefined;
  quantity?: number | undefined;
  memo?: string | undefined;
}


/** The lots that pay a move, or 409 insufficient-funds with what the fund holds. */
async function draw(db: Executor, dep: Deployment, orgId: string, fund: Restriction, m: MoveInput, today: string, donationId?: string) {
  const form = m.itemCode ? 'in_kind' : 'cash';
  if (form === 'cash' && m.amount === undefined) throw new Problem('validation', 'Say how much (amount), or which item and how many (itemCode, quantity).', { field: 'amount' });
  if (form === 'in_kind' && !(await donationsRepository.stockItems(db)).some((i) => i.code === m.itemCode)) {
    throw new Problem('unknown-reference', `Unknown item "${m.itemCode}".`, { field: 'itemCode', value: m.itemCode });
  }
  const amountMinor = form === 'cash' ? parseAmount(m.amount!, dep.currency) : null;
  const pick = await donationsRepository.pick(db, {
    orgId, form, amountMinor, quantity: form === 'in_kind' ? (m.quantity ?? 1) : null, chosen: null, on: today,
    fits: donationId ? { donation: donationId, ...(m.itemCode ? { item: m.itemCode } : {}) } : { fund: fund, ...(m.itemCode ? { item: m.itemCode } : {}) },
  });
  if (pick.outcome !== 'ok') {
    throw new Problem('insufficient-funds', form === 'cash'
      ? `The fund holds ${pick.availableMinor ?? 0} (minor units) of the ${pick.neededMinor} asked for.`
      : `The stock holds ${pick.availableQuantity ?? 0} of the ${pick.neededQuantity} asked for.`, {
      field: form === 'cash' ? 'amount' : 'quantity', neededMinor: pick.neededMinor, availableMinor: pick.availableMinor, neededQuantity: pick.neededQuantity, availableQuantity: pick.availableQuantity,
    });
  }
  return pick.lots;
}

/** Child lots at `toOrg` under `restriction` for what was drawn, and the lines that move it. */
async function moveInto(db: Executor, drawn: { lot: string; amount: number; quantity: number }[], toOrg: string, restriction: ((r: Restriction) => Restriction), now: Date) {
  const sources = new Map((await donationsRepository.lots(db, drawn.map((d) => d.lot))).map((l) => [l.id, l]));
  const children = await donationsRepository.insertLots(db, drawn.map((d) => {
    const s = sources.get(d.lot)!;
    return {
      donationId: s.donation_id, donorId: s.donor_id, orgId: toOrg, parentLotId: s.id, form: s.form, restriction: restriction({ kind: s.restriction_kind, code: s.restriction_code, zakat: s.zakat }),
      itemCode: s.item_code, warehouseId: s.warehouse_id, unitValueMinor: s.unit_value_minor === null ? null : Number(s.unit_value_minor), expiresOn: s.expires_on, receivedAt: s.received_at, at: now,
    };
  }));
  const lines: NewLine[] = drawn.flatMap((d, i) => [
    { account: 'held', lotId: d.lot, amountMinor: -d.amount, quantity: -d.quantity },
    { account: 'held', lotId: children[i]!.id, amountMinor: d.amount, quantity: d.quantity },
  ]);
  return lines;
}

/** A transfer of part of a fund (or stock) to another approved charity, under the same restriction. */
export async function transferFunds(db: Executor, dep: Deployment, actor: Actor, toOrg: string, m: MoveInput, now: Date, today: string) {
  const orgId = actingCharity(actor, 'move its funds');
  if (toOrg === orgId) throw new Problem('validation', 'A transfer goes to another charity.', { field: 'toOrgId' });
  if (!(await organisationsRepository.approvedCharities(db)).some((c) => c.id === toOrg)) throw new Problem('unknown-reference', 'The charity does not exist or is not approved.', { field: 'toOrgId', value: toOrg });
  // A warehouse is the sender's: stock would arrive without one of the receiver's, so only cash is transferred.
  if (m.itemCode) throw new Problem('validation', 'Stock moves between charities with the items: transfer cash only.', { field: 'itemCode' });
  const fund = await checkedRestriction(db, dep, m.from, false);
  const drawn = await draw(db, dep, orgId, fund, m, today);
  const lines = await moveInto(db, drawn, toOrg, (r) => r, now);
  const entry = await donationsRepository.post(db, { kind: 'transfer', orgId, counterpartyOrg: toOrg, at: now, memo: m.memo ?? null, by: actor.userId }, lines);
  await audit(db, actor, { action: 'funds.transfer', subjectType: 'journal_entry', subjectId: entry, details: { toOrg, lots: drawn.length }, at: now });
  return { entryId: entry, lots: drawn.length };
}

/** An allocation: part of a fund narrowed to a restriction within it (general to a basket, say). The donor's restriction is never widened. */
export async function allocateFunds(db: Executor, dep: Deployment, actor: Actor, to: RestrictionInput, m: MoveInput, now: Date, today: string) {
  const orgId = actingCharity(actor, 'move its funds');
  const fund = await checkedRestriction(db, dep, m.from, false);
  const target = await checkedRestriction(db, dep, to, fund.zakat);
  if (fund.kind !== 'general' || target.kind === 'general' || (fund.zakat && !target.zakat)) {
    throw new Problem('restriction-not-narrower', 'Only a general fund is allocated, to a basket, an aid type, a region or a programme; zakat stays zakat.', { field: 'to' });
  }
  const drawn = await draw(db, dep, orgId, fund, m, today);
  const lines = await moveInto(db, drawn, orgId, () => target, now);
  const entry = await donationsRepository.post(db, { kind: 'allocation', orgId, at: now, memo: m.memo ?? null, by: actor.userId }, lines);
  await audit(db, actor, { action: 'funds.allocate', subjectType: 'journal_entry', subjectId: entry, details: { to: target, lots: drawn.length }, at: now });
  return { entryId: entry, lots: drawn.length };
}

/** A refund to the donor of what is left of one gift (all of it, or the amount asked). */
export async function refundGift(db: Executor, dep: Deployment, actor: Actor, donationId: string, m: { amount?: string | undefined; memo: string }, now: Date, today: string) {
  const orgId = actingCharity(actor, 'move its funds');
  const d = await donationsRepository.donation(db, donationId);
  if (!d || d.org_id !== orgId) throw notFound('The donation');
  if (d.form !== 'cash') throw new Problem('validation', 'Items are given back outside the ledger; refund a cash gift.', { field: 'donationId' });
  const left = (await donationsRepository.sumsByDonation(db, [donationId])).filter((s) => s.account === 'held').reduce((a, s) => a + Number(s.amount), 0);
  if (left <= 0) throw new Problem('insufficient-funds', 'Nothing is left of this gift to refund.', { field: 'amount', availableMinor: 0 });
  const amount = m.amount ?? formatMinor(left, dep.currency);
  const drawn = await draw(db, dep, orgId, { kind: 'general', code: null, zakat: false }, { from: { kind: 'general' }, amount }, today, donationId);
  const lines: NewLine[] = drawn.flatMap((x) => [
    { account: 'held', lotId: x.lot, amountMinor: -x.amount, quantity: 0 },
    { account: 'refunded', lotId: x.lot, amountMinor: x.amount, quantity: 0 },
  ]);
  const entry = await donationsRepository.post(db, { kind: 'refund', orgId, donationId, at: now, memo: m.memo, by: actor.userId }, lines);
  await audit(db, actor, { action: 'donation.refund', subjectType: 'donation', subjectId: donationId, reason: m.memo, details: { entry }, at: now });
  return { entryId: entry, lots: drawn.length };
}
