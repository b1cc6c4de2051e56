/**
 * Donors: an individual who signs in (role donor) has a donor record made on first use, from the
 * account; a charity records the donors who give to it in person (individuals, companies,
 * endowments, government bodies). public_name is the donor's consent to be named publicly: without
 * it the public (a receipt's check) reads "anonymous donor", while the charity still knows who gave.
 */
import type { Executor } from '../../db/database.js';
import type { DonorKind, Locale } from '../../db/schema.js';
import { isDonor, type Actor } from '../../kernel/actor.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { actingCharity } from './acting-charity.js';
import { audit } from '../audit/audit.service.js';
import { donationsRepository } from './donations.repository.js';

export type DonorRow = NonNullable<Awaited<ReturnType<typeof donationsRepository.donor>>>;

/** The signed-in donor's record, made on first use. */
export async function ownDonor(db: Executor, actor: Actor, now: Date): Promise<DonorRow> {
  if (!isDonor(actor)) throw forbidden('Only a donor signed in through the national identity has gifts of their own.');
  const found = await donationsRepository.donorOfUser(db, actor.userId);
  if (found) return found;
  const d = await donationsRepository.insertDonor(db, {
    kind: 'individual', userId: actor.userId, displayName: actor.displayName ?? 'Donor', nationalId: actor.nationalId, registrationNo: null, phone: null,
    locale: actor.locale, publicName: false, orgId: null, at: now, by: actor.userId,
  });
  await audit(db, actor, { action: 'donor.create', subjectType: 'donor', subjectId: d.id, at: now });
  return d;
}

export async function updateOwnDonor(db: Executor, actor: Actor, input: { displayName?: string | undefined; publicName?: boolean | undefined; locale?: Locale | undefined }, now: Date) {
  const d = await ownDonor(db, actor, now);
  const updated = await donationsRepository.updateDonor(db, d.id, input);
  await audit(db, actor, { action: 'donor.update', subjectType: 'donor', subjectId: d.id, details: { publicName: updated!.public_name }, at: now });
  return updated!;
}

export interface DonorInput {
  kind: DonorKind;
  displayName: string;
  nationalId?: string | undefined;
  registrationNo?: string | undefined;
  phone?: string | undefined;
  locale?: Locale | undefined;
  publicName?: boolean | undefined;
}

/** A donor the charity records (one who gives in person, or an organisation). */
export async function registerDonor(db: Executor, actor: Actor, input: DonorInput, now: Date) {
  const orgId = actingCharity(actor, 'record donors');
  if (input.kind !== 'individual' && input.nationalId) throw new Problem('validation', 'An organisation is recorded by its registration number, not a national ID.', { field: 'nationalId' });
  const d = await donationsRepository.insertDonor(db, {
    kind: input.kind, userId: null, displayName: input.displayName, nationalId: input.nationalId ?? null, registrationNo: input.registrationNo ?? null, phone: input.phone ?? null,
    locale: input.locale ?? actor.locale, publicName: input.publicName ?? false, orgId, at: now, by: actor.userId,
  });
  await audit(db, actor, { action: 'donor.create', subjectType: 'donor', subjectId: d.id, details: { kind: d.kind }, at: now });
  return d;
}

/** A donor the actor may name in a donation: the signed-in donor themself, or one the charity knows. */
export async function donorForGift(db: Executor, id: string) {
  const d = await donationsRepository.donor(db, id);
  if (!d) throw notFound('The donor');
  return d;
}
