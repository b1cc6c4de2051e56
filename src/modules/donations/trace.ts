/**
 * One to one, both ways. For a donation: what it became (each service: aid type, basket,
 * first-level region, day; never the household), what went to another charity, what was given back
 * and what is left. For a grant: which donations paid it and how much each. All read from the
 * journal (its 'granted', 'held' and 'refunded' lines); a donor reads only their own gifts
 * (row-level security), and the services are read from the disbursement entries, never the grants.
 */
import type { Executor } from '../../db/database.js';
import type { Actor } from '../../kernel/actor.js';
import { notFound } from '../../shared/problem.js';
import { donationsRepository } from './donations.repository.js';
import { ownDonor } from './donors.js';

type DonationRow = NonNullable<Awaited<ReturnType<typeof donationsRepository.donation>>>;

export interface Totals {
  givenMinor: number;
  givenQuantity: number;
  grantedMinor: number;
  grantedQuantity: number;
  refundedMinor: number;
  leftMinor: number;
  leftQuantity: number;
}

const n = (x: unknown) => Number(x ?? 0);

/** The totals of sums by account ('gifts' is the negative of what was given). */
export function totalsOf(sums: { account: string; amount: unknown; quantity: unknown }[]): Totals {
  const by = (a: string) => sums.filter((s) => s.account === a).reduce((t, s) => ({ m: t.m + n(s.amount), q: t.q + n(s.quantity) }), { m: 0, q: 0 });
  const gifts = by('gifts'), granted = by('granted'), refunded = by('refunded'), held = by('held');
  return { givenMinor: -gifts.m, givenQuantity: -gifts.q, grantedMinor: granted.m, grantedQuantity: granted.q, refundedMinor: refunded.m, leftMinor: held.m, leftQuantity: held.q };
}

/** What each of the given donations became: totals, services, transfers and items. */
export async function tracesOf(db: Executor, donations: DonationRow[]) {
  const ids = donations.map((d) => d.id);
  const [sums, services, transfers, items] = await Promise.all([
    donationsRepository.sumsByDonation(db, ids), donationsRepository.servicesOf(db, ids), donationsRepository.transfersOf(db, ids), donationsRepository.items(db, ids),
  ]);
  return donations.map((d) => ({
    donation: d,
    totals: totalsOf(sums.filter((s) => s.donation_id === d.id)),
    services: services.filter((s) => s.donation_id === d.id).map((s) => ({ aidTypeCode: s.aid_type_code!, basketCode: s.basket_code, regionCode: s.region_code, on: s.service_on!, amountMinor: n(s.amount), quantity: n(s.quantity) })),
    transfers: transfers.filter((t) => t.donation_id === d.id).map((t) => ({ fromOrgId: t.from_org, toOrgId: t.to_org!, at: t.at, amountMinor: n(t.amount), quantity: n(t.quantity) })),
    items: items.filter((i) => i.donation_id === d.id).map((i) => ({ itemCode: i.item_code, quantity: i.quantity, unitValueMinor: n(i.unit_value_minor), expiresOn: i.expires_on })),
  }));
}

/** The signed-in donor's gifts, newest first, each with what it became; and their totals over all gifts. */
export async function myGifts(db: Executor, actor: Actor, page: { before?: Date | undefined; limit: number }, now: Date) {
  const donor = await ownDonor(db, actor, now);
  const [donations, sums] = await Promise.all([
    donationsRepository.donations(db, { donorId: donor.id, before: page.before, limit: page.limit }),
    donationsRepository.sumsOfDonor(db, donor.id),
  ]);
  return { donor, totals: totalsOf(sums), gifts: await tracesOf(db, donations) };
}

/** One donation and what it became (its donor, the receiving charity, or the ministry). */
export async function donationTrace(db: Executor, id: string) {
  const d = await donationsRepository.donation(db, id);
  if (!d) throw notFound('The donation');
  const [t] = await tracesOf(db, [d]);
  return t!;
}

/** The donations that paid a grant (the charity that gave it, or the ministry). */
export async function grantFunding(db: Executor, grantId: string) {
  const rows = await donationsRepository.fundingOfGrant(db, grantId);
  return rows.map((r) => ({ donationId: r.donation_id, lotId: r.lot_id, itemCode: r.item_code, amountMinor: n(r.amount), quantity: n(r.quantity) }));
}
