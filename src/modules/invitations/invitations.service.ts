/**
 * Invitations: each person a charity refers gets ONE invitation, ever (the unique national ID in
 * the table; a second charity's referral of the same person adds no invitation), sent as an SMS in
 * the person's language with a short link `${publicUrl}/i/<token>`. The token is 128 random bits,
 * stored only as its SHA-256, and expires (MIZAN_INVITATION_DAYS, default 14); a resend issues a
 * new one. The sign-in uses it once (invitations_redeem(): one conditional UPDATE). The
 * invitation's status follows its SMS: sent, delivered, failed, opted-out (a STOP reply).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import type { Tx } from '../../kernel/transaction.js';
import type { Actor } from '../../kernel/actor.js';
import { forbidden, notFound } from '../../shared/problem.js';
import { readDeploymentRow } from '../../deployments/settings.js';
import { defineJob, type JobHandler } from '../jobs/define-job.js';
import { audit } from '../audit/audit.service.js';
import { queueSms, type SmsHooks } from '../sms/sms.service.js';
import { invitationsRepository, type InviteLocale } from './invitations.repository.js';
import { invitationText } from './messages.js';

export interface InviteItem { nationalId: string; phone: string /* E.164 */; locale: 'ar' | 'fa' | 'en'; orgId: string }

/** Invitations the send job takes in one transaction (the rest in the next job). */
export const SEND_BATCH = 200;

export interface InvitationDeps {
  /** Where people reach Mizan: the link is `${publicUrl}/i/<token>`. */
  publicUrl: string;
  /** How long a link stays usable. */
  invitationDays: number;
}

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

async function idScheme(trx: Tx): Promise<string> {
  const row = await readDeploymentRow(trx);
  if (!row) throw new Error('The deployment is not set up.');
  return row.idScheme;
}

/** The expiry sweep: links past their time, unused, become expired (invitationsRepository.expireDue). */
export const invitationExpireJob = defineJob({
  kind: 'invitations.expire',
  payload: Type.Object({}, { additionalProperties: false }),
  async run(trx, _payload, { now }: { now: Date }) {
    await invitationsRepository.expireDue(trx, now);
  },
});

/**
 * The send job: takes the invitations waiting for their SMS, gives each a fresh token and queues
 * its SMS (sms module), at most SEND_BATCH in one transaction; when more wait, it schedules the
 * next batch. Skips rows another worker holds (SKIP LOCKED), so two workers never send one twice.
 */
export const invitationSendJob = defineJob({
  kind: 'invitations.send',
  payload: Type.Object({ batch: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
  async run(trx, { batch }, { now, deps }: { now: Date; deps: InvitationDeps }) {
    const rows = await invitationsRepository.takeToSend(trx, SEND_BATCH);
    const expiresAt = new Date(now.getTime() + deps.invitationDays * 86_400_000);
    for (const r of rows) {
      const token = randomBytes(16).toString('base64url');
      const link = `${deps.publicUrl.replace(/\/+$/, '')}/i/${token}`;
      const sms = await queueSms(trx, { to: r.phone, text: invitationText(r.locale, link), purpose: 'invitation', ref: r.id, orgId: r.first_org_id, secret: token }, now);
      await invitationsRepository.setToken(trx, r.id, tokenHash(token), expiresAt, sms.id, now);
      if (sms.state === 'rejected') await invitationsRepository.followSms(trx, r.id, sms.id, 'opted-out', now);
    }
    // the sweep that marks these links expired, one job per minute of expiry (the key dedupes)
    if (rows.length > 0) {
      const sweepAt = new Date(Math.ceil(expiresAt.getTime() / 60_000) * 60_000);
      await invitationExpireJob.schedule(trx, { key: `invitations-expire:${sweepAt.toISOString()}`, payload: {}, runAt: sweepAt }, now);
    }
    if (rows.length === SEND_BATCH) await invitationSendJob.schedule(trx, { key: `invitations-send:${batch}:${rows[rows.length - 1]!.id}`, payload: { batch }, runAt: now }, now);
  },
});

/**
 * Set-based: one invitation per national ID (ON CONFLICT DO NOTHING); schedules the sending
 * (jobs). Returns how many were new. Called by intake for each applied chunk (up to 50k items).
 */
export async function inviteMany(trx: Tx, items: InviteItem[], now: Date): Promise<number> {
  const ids = await invitationsRepository.insertMany(trx, await idScheme(trx), items, now);
  if (ids.length > 0) await invitationSendJob.schedule(trx, { key: `invitations-send:${ids[0]}`, payload: { batch: ids[0]! }, runAt: now }, now);
  return ids.length;
}

/** Looks up a presented token (never stored in clear): the invitation if usable now. */
export async function invitationByToken(trx: Tx, token: string, now: Date):
  Promise<{ id: string; nationalId: string; orgId: string; locale: 'ar' | 'fa' | 'en'; state: 'usable' | 'used' | 'expired' } | null> {
  if (!TOKEN.test(token)) return null;
  const r = await invitationsRepository.byTokenHash(trx, tokenHash(token));
  if (!r) return null;
  const state = r.status === 'used' ? 'used' : r.status === 'expired' || (r.token_expires_at !== null && r.token_expires_at.getTime() <= now.getTime()) ? 'expired' : 'usable';
  return { id: r.id, nationalId: r.national_id, orgId: r.org_id, locale: r.locale, state };
}

/** Marks it used by this user, once (one conditional UPDATE); false when already used/expired. */
export async function redeemInvitation(trx: Tx, invitationId: string, userId: string, now: Date): Promise<boolean> {
  return invitationsRepository.redeem(trx, invitationId, userId, now);
}

/** For the sign-in: is there an invitation (any state but opted-out) for this national ID? */
export async function invitationOfNationalId(trx: Tx, nationalId: string): Promise<{ id: string; orgId: string; locale: 'ar' | 'fa' | 'en' } | null> {
  const r = await invitationsRepository.ofNationalId(trx, await idScheme(trx), nationalId);
  return r ? { id: r.id, orgId: r.org_id, locale: r.locale } : null;
}

/** The public page's answer: the state and the language, nothing personal. */
export async function invitationStatus(trx: Tx, token: string, now: Date): Promise<{ state: 'usable' | 'used' | 'expired'; locale: InviteLocale }> {
  const r = await invitationByToken(trx, token, now);
  if (!r) throw notFound('The invitation');
  return { state: r.state, locale: r.locale };
}

/** Sends an invitation again with a new link (the charity that referred first, or the ministry). */
export async function resendInvitation(trx: Tx, actor: Actor, id: string, now: Date): Promise<void> {
  if (actor.orgKind !== 'charity' && actor.orgKind !== 'ministry') throw forbidden('Only staff resend invitations.');
  const r = await invitationsRepository.requestResend(trx, id, now);
  if (!r) throw notFound('The invitation');
  await audit(trx, actor, { action: 'invitation.resend', subjectType: 'invitation', subjectId: id, at: now });
  await invitationSendJob.schedule(trx, { key: `invitations-send:resend:${id}:${now.getTime()}`, payload: { batch: `resend:${id}` }, runAt: now }, now);
}

/** What the SMS module tells an invitation: its status follows its message; a STOP opts it out. */
export const invitationSmsHooks: SmsHooks = {
  async stateChanged(trx, change, now) {
    if (change.purpose !== 'invitation' || !change.ref) return;
    const status = change.state === 'submitted' ? 'sent' : change.state === 'delivered' ? 'delivered' : change.state === 'failed' ? 'failed' : change.state === 'rejected' ? (change.reason === 'opted-out' ? 'opted-out' : 'failed') : null;
    if (status) await invitationsRepository.followSms(trx, change.ref, change.id, status, now);
  },
  async optedOut(trx, phone, now) {
    await invitationsRepository.optOutPhone(trx, phone, now);
  },
};

export function invitationJobHandlers(deps: InvitationDeps): Record<string, JobHandler> {
  return { [invitationSendJob.kind]: invitationSendJob.handler(deps), [invitationExpireJob.kind]: invitationExpireJob.handler(undefined) };
}

/**
 * One invitation by its ID (the sign-in keeps the ID, never the token; the applicant's declaration
 * names the inviting charity and the phone it uploaded). Its state as invitationByToken gives it;
 * 'opted-out' when the person answered STOP.
 */
export async function invitationById(trx: Tx, id: string, now: Date):
  Promise<{ id: string; nationalId: string; orgId: string; locale: InviteLocale; phone: string; usedByUserId: string | null; state: 'usable' | 'used' | 'expired' | 'opted-out' } | null> {
  const r = await invitationsRepository.byId(trx, id);
  if (!r) return null;
  const state = r.status === 'used' ? 'used'
    : r.status === 'opted-out' ? 'opted-out'
      : r.status === 'expired' || (r.token_expires_at !== null && r.token_expires_at.getTime() <= now.getTime()) ? 'expired' : 'usable';
  return { id: r.id, nationalId: r.national_id, orgId: r.org_id, locale: r.locale, phone: r.phone, usedByUserId: r.used_by_user_id, state };
}
