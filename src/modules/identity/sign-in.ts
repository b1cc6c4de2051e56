/**
 * Who a national identity is in Mizan. Staff are linked to a national ID and an organisation;
 * applicants are matched to their person record (persons.national_id) and get an applicant account
 * on their first sign-in. Refused: a failed required claim (e.g. not resident), an ID that is
 * neither staff nor a registered household member, an inactive account, an unapproved charity.
 *
 * A person invited by a charity (invitations module) has no household yet: the sign-in started
 * from their link carries the invitation (its ID), and when the signed-in national ID is the
 * invited one and the invitation is usable, the applicant account is created and the invitation
 * redeemed, once (invitations_redeem(): one conditional UPDATE). Someone else's link is refused.
 * Such an applicant may sign in again without the link until their household is registered (their
 * first declaration does that), as long as the invitation was not opted out of.
 *
 * A sign-in started as a donor (/auth/login?as=donor, oidc_logins.purpose 'donor') is always the
 * donor account of that national ID, created on the first one: anyone may give, so no national ID
 * is refused for being unknown, and a staff member or an applicant signing in as a donor gets their
 * donor account, never the other one (users_one_donor_per_national_id keeps it one).
 * Every sign-in and every refusal is audited (never with the national ID).
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import type { Locale, Role, SignInPurpose } from '../../db/schema.js';
import { Problem } from '../../shared/problem.js';
import { validateNationalId } from '../../shared/identity/national-id.js';
import { audit } from '../audit/audit.service.js';
import { householdsRepository } from '../registry/registry.repository.js';
import { invitationById, invitationOfNationalId, redeemInvitation } from '../invitations/invitations.service.js';
import { identityRepository } from './identity.repository.js';
import { staffAccountsOf } from './staff.js';
import { createSession } from './sessions.js';
import type { OidcSettings } from './oidc-client.js';
import type { FailedReason } from './sign-in-pages.js';


export type RefusalReason = 'requirement-not-met' | 'no-national-id' | 'unknown-national-id' | 'account-inactive' | 'organisation-not-approved'
  | 'invitation-other-person' | 'invitation-used' | 'invitation-expired';

const REFUSALS: Record<RefusalReason, string> = {
  'requirement-not-met': 'Your national identity does not meet the condition for using Mizan here (for example, being present in the country).',
  'no-national-id': 'The identity provider did not send a valid national ID.',
  'unknown-national-id': 'This national ID is neither a staff account nor a member of a registered household. Ask a charity or the ministry to register your household first.',
  'account-inactive': 'Your account is deactivated. Ask your organisation.',
  'organisation-not-approved': 'Your organisation is not approved yet.',
  'invitation-other-person': 'This invitation was sent to someone else. Sign in with the national identity of the person it was sent to, or ask the charity that invited you for your own link.',
  'invitation-used': 'This invitation link has already been used. If it was you, sign in again from Mizan without the link; otherwise ask the charity that invited you.',
  'invitation-expired': 'This invitation link has expired. Ask the charity that invited you to send a new link.',
};

export function refusal(reason: RefusalReason) {
  return new Problem('sign-in-refused', REFUSALS[reason], { reason });
}

/** A sign-in that could not be completed (not a refusal of the person): the reason picks the page's sentence (sign-in-pages.ts). */
export function signInFailed(reason: FailedReason, detail: string) {
  return new Problem('sign-in-failed', detail, { reason });
}

// The transaction of a refused sign-in rolls back; the route audits the refusal in its own.
async function refuse(_trx: Tx, reason: RefusalReason, _now: Date): Promise<never> {
  throw refusal(reason);
}

/** How a sign-in was started: from an invitation's link, as a donor, in the visitor's language. */
export interface SignInStart {
  invitationId?: string | null;
  purpose?: SignInPurpose | null;
  /** The language the visitor saw before signing in (the lang cookie): a new donor account's. */
  locale?: Locale | null;
}

/** Resolves the claims to an account and opens a session (in the caller's system transaction). */
export async function signIn(trx: Tx, dep: Deployment, settings: OidcSettings, claims: Record<string, unknown>, now: Date, start: SignInStart = {}) {
  const invitationId = start.invitationId ?? null;
  if (settings.requiredClaim) {
    const v = claims[settings.requiredClaim];
    const ok = Array.isArray(v) ? v.map(String).includes(settings.requiredValue ?? '') : String(v ?? '') === (settings.requiredValue ?? '');
    if (!ok) return refuse(trx, 'requirement-not-met', now);
  }
  const raw = claims[settings.nationalIdClaim];
  const check = typeof raw === 'string' || typeof raw === 'number' ? validateNationalId(dep.idScheme, String(raw)) : null;
  if (!check || !check.valid) return refuse(trx, 'no-national-id', now);
  const nationalId = check.normalized;

  let user: { id: string; orgId: string | null; orgKind: 'ministry' | 'charity' | null; role: Role; locale: Actor['locale']; displayName: string };
  const staff = start.purpose === 'donor' ? [] : await staffAccountsOf(trx, nationalId);
  const first = staff[0];
  if (start.purpose === 'donor') {
    const account = await donorAccount(trx, nationalId, claims, start.locale ?? dep.defaultLocale, now);
    if (!account.active) return refuse(trx, 'account-inactive', now);
    user = { id: account.id, orgId: null, orgKind: null, role: 'donor', locale: account.locale, displayName: account.display_name };
  } else if (first) {
    if (!first.active) return refuse(trx, 'account-inactive', now);
    if (first.org_kind === 'charity' && first.org_status !== 'approved') return refuse(trx, 'organisation-not-approved', now);
    user = { id: first.id, orgId: first.org_id, orgKind: first.org_kind, role: first.role, locale: first.locale, displayName: first.display_name };
  } else {
    const member = await householdsRepository.activeMemberByNationalId(trx, dep.idScheme, nationalId);
    let account = await identityRepository.applicantByNationalId(trx, nationalId);
    if (account && !account.active) return refuse(trx, 'account-inactive', now);
    if (member) {
      if (!account) account = await createApplicant(trx, { nationalId, displayName: member.full_name, phone: member.phone, locale: dep.defaultLocale }, member.household_id, null, now);
    } else {
      account = await invitedApplicant(trx, nationalId, account, invitationId, claims, now);
    }
    user = { id: account.id, orgId: null, orgKind: null, role: 'applicant', locale: account.locale, displayName: account.display_name };
  }
  const session = await createSession(trx, user.id, now);
  const actor: Actor = { userId: user.id, orgId: user.orgId, orgKind: user.orgKind, role: user.role, locale: user.locale, nationalId, displayName: user.displayName };
  await audit(trx, actor, { action: 'auth.sign_in', subjectType: 'session', subjectId: session.id, details: { method: 'oidc', builtInProvider: settings.builtIn }, at: now });
  return { actor, session };
}

type ApplicantAccount = NonNullable<Awaited<ReturnType<typeof identityRepository.applicantByNationalId>>>;

async function createApplicant(trx: Tx, a: Parameters<typeof identityRepository.insertApplicant>[1], householdId: string | null, invitationId: string | null, now: Date): Promise<ApplicantAccount> {
  const account = await identityRepository.insertApplicant(trx, a);
  await audit(trx, { userId: account.id, orgId: null, orgKind: null, role: 'applicant', locale: account.locale, nationalId: a.nationalId }, {
    action: 'account.create', subjectType: 'user', subjectId: account.id, householdId, details: { role: 'applicant', ...(invitationId ? { invitationId } : {}) }, at: now,
  });
  return account;
}

type DonorAccount = NonNullable<Awaited<ReturnType<typeof identityRepository.donorByNationalId>>>;

/**
 * The donor account of this national ID, created (and audited) on the first sign-in as a donor.
 * Two first sign-ins at once make one account: the insert does nothing against the winner's row
 * (users_one_donor_per_national_id) and the winner's is read.
 */
async function donorAccount(trx: Tx, nationalId: string, claims: Record<string, unknown>, locale: Locale, now: Date): Promise<DonorAccount> {
  const known = await identityRepository.donorByNationalId(trx, nationalId);
  if (known) return known;
  const created = await identityRepository.insertDonor(trx, { nationalId, displayName: claimedName(claims, NEUTRAL_DONOR_NAME), locale });
  if (!created) {
    const winner = await identityRepository.donorByNationalId(trx, nationalId);
    if (!winner) throw new Error('The donor account was neither created nor found.');
    return winner;
  }
  await audit(trx, { userId: created.id, orgId: null, orgKind: null, role: 'donor', locale: created.locale, nationalId }, {
    action: 'account.create', subjectType: 'user', subjectId: created.id, details: { role: 'donor' }, at: now,
  });
  return created;
}

/** The account name of an invited person whose identity provider gave no name (the declaration names them). */
export const NEUTRAL_APPLICANT_NAME = 'Applicant';
/** The account name of a donor whose identity provider gave no name. */
export const NEUTRAL_DONOR_NAME = 'Donor';

/** The name the provider gives (the `name` claim), else the neutral one. */
function claimedName(claims: Record<string, unknown>, neutral = NEUTRAL_APPLICANT_NAME): string {
  const name = typeof claims.name === 'string' ? claims.name.normalize('NFC').trim() : '';
  return name && name.length <= 200 ? name : neutral;
}

/**
 * A national ID with no household: an invited person. With an invitation carried by this sign-in,
 * it must be theirs and usable (then the account is created if need be and the invitation
 * redeemed, once); without one, an existing applicant account comes back while its invitation
 * stands (any state but opted-out) and the household is not registered yet.
 */
async function invitedApplicant(trx: Tx, nationalId: string, account: ApplicantAccount | undefined, invitationId: string | null, claims: Record<string, unknown>, now: Date): Promise<ApplicantAccount> {
  const invitation = invitationId ? await invitationById(trx, invitationId, now) : null;
  if (invitation) {
    if (invitation.nationalId !== nationalId) return refuse(trx, 'invitation-other-person', now);
    if (invitation.state === 'usable' || invitation.state === 'opted-out') {
      const a = account ?? (await createApplicant(trx, { nationalId, displayName: claimedName(claims), phone: invitation.phone, locale: invitation.locale }, null, invitation.id, now));
      if (!(await redeemInvitation(trx, invitation.id, a.id, now))) return refuse(trx, 'invitation-used', now);
      return a;
    }
    // the person who redeemed it comes back through the same link
    if (account && invitation.usedByUserId === account.id) return account;
    return refuse(trx, invitation.state === 'used' ? 'invitation-used' : 'invitation-expired', now);
  }
  if (account && (await invitationOfNationalId(trx, nationalId))) return account;
  return refuse(trx, 'unknown-national-id', now);
}
