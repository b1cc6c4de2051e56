/**
 * Staff accounts and their API tokens: an organisation's staff, activated or not, and the tokens
 * issued to them. The organisation is the registry's (read through its published functions);
 * the account is identity's.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import type { Locale, OrgStatus, Role } from '../../db/schema.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { normalizeDigits } from '../../shared/identity/national-id.js';
import { audit } from '../audit/audit.service.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import { createCharity, organisationView, type OrganisationInput } from '../registry/registry.service.js';
import { requireValidId } from '../registry/national-ids.js';
import { issueApplicationReceipt } from '../registry/applications.js';
import { identityRepository } from './identity.repository.js';
import { CHARITY_ROLES, MINISTRY_ROLES } from './permissions.js';

const isMinistry = (a: Actor) => a.orgKind === 'ministry';

export interface StaffInput {
  role: Role;
  displayName: string;
  nationalId?: string | null;
  phone?: string | null;
  locale?: Locale;
}

export async function createStaff(db: Executor, actor: Actor, dep: Deployment, orgId: string, input: StaffInput) {
  const org = await organisationsRepository.findById(db, orgId);
  if (!org) throw notFound('The organisation');
  if (!isMinistry(actor) && actor.orgId !== orgId) throw forbidden('You may only manage the staff of your own organisation.');
  const allowed = org.kind === 'ministry' ? MINISTRY_ROLES : CHARITY_ROLES;
  if (!allowed.includes(input.role)) {
    throw new Problem('validation', `The role ${input.role} does not exist in a ${org.kind}.`, { field: 'role' });
  }
  const nationalId = input.nationalId ? requireValidId(dep.idScheme, input.nationalId, 'nationalId') : null;
  const user = await identityRepository.insertUser(db, {
    orgId,
    role: input.role,
    nationalId,
    displayName: input.displayName.trim(),
    phone: input.phone ? normalizeDigits(input.phone) : null,
    locale: input.locale ?? dep.defaultLocale,
  });
  await audit(db, actor, { action: 'staff.create', subjectType: 'user', subjectId: user.id, details: { role: input.role, orgId } });
  return user;
}

/**
 * A charity applies to join (pending until the ministry decides), with the account of its first
 * admin. The answer carries the application's receipt, given this once (registry/applications.ts).
 */
export async function applyAsCharity(db: Executor, dep: Deployment, organisation: OrganisationInput, admin: { displayName: string; nationalId: string; phone?: string | null | undefined }) {
  const nationalId = requireValidId(dep.idScheme, admin.nationalId, 'admin.nationalId');
  const org = await createCharity(db, null, dep, organisation, 'pending' satisfies OrgStatus);
  await identityRepository.insertUser(db, {
    orgId: org.id, role: 'charity_admin', nationalId, displayName: admin.displayName, phone: admin.phone ? normalizeDigits(admin.phone) : null, locale: dep.defaultLocale,
  });
  return { ...org, receipt: await issueApplicationReceipt(db, org.id) };
}

/**
 * A charity's application as the ministry reviews it: the organisation with its aid types and
 * regions, and its administrator (name, national ID, phone). Reading the administrator's personal
 * data is an audit entry.
 */
export async function applicationForReview(db: Executor, actor: Actor, orgId: string) {
  if (!isMinistry(actor)) throw forbidden('Only the ministry reviews applications.');
  const org = await organisationView(db, orgId);
  if (org.kind !== 'charity') throw notFound('The charity');
  const admin = (await identityRepository.listByOrg(db, orgId)).find((u) => u.role === 'charity_admin');
  if (admin) await audit(db, actor, { action: 'personal_data.read', subjectType: 'user', subjectId: admin.id, reason: 'application review', details: { orgId } });
  return { ...org, admin: admin ? { displayName: admin.display_name, nationalId: admin.national_id, phone: admin.phone } : null };
}

export async function setStaffActive(db: Executor, actor: Actor, userId: string, active: boolean) {
  const user = await identityRepository.findUserRow(db, userId);
  if (!user || !user.org_id) throw notFound('The staff member');
  if (!isMinistry(actor) && actor.orgId !== user.org_id) throw forbidden('You may only manage the staff of your own organisation.');
  const updated = await identityRepository.setActive(db, userId, active);
  await audit(db, actor, { action: active ? 'staff.activate' : 'staff.deactivate', subjectType: 'user', subjectId: userId });
  return updated!;
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Issues an API token; the plain token is returned once and only its SHA-256 is stored. */
export async function issueToken(db: Executor, actor: Actor, userId: string, name: string, plain?: string) {
  const user = await identityRepository.findUserRow(db, userId);
  if (!user) throw notFound('The user');
  const self = actor.userId === userId;
  const orgAdmin = actor.role === 'charity_admin' && user.org_id === actor.orgId;
  if (!self && !orgAdmin && actor.role !== 'ministry_admin') throw forbidden('You may only issue tokens for yourself or your staff.');
  const token = plain ?? `mzn_${randomBytes(32).toString('base64url')}`;
  const row = await identityRepository.insertDefaultToken(db, { userId, hash: hashToken(token), name, expiresAt: null });
  await audit(db, actor, { action: 'token.issue', subjectType: 'user', subjectId: userId, details: { tokenId: row.id } });
  return { ...row, token };
}

/** An account with its organisation's kind and name (null for an applicant). */
export async function findAccount(db: Executor, userId: string) {
  const u = await identityRepository.findUser(db, userId);
  if (!u) return undefined;
  const [org] = u.org_id ? await organisationsRepository.byIds(db, [u.org_id]) : [];
  return { ...u, org_kind: org?.kind ?? null, org_name: org?.name ?? null };
}

/**
 * The staff accounts of a national ID that belong to an organisation, the one to sign in as
 * first: active before inactive, of an approved organisation before others, the oldest first.
 */
export async function staffAccountsOf(db: Executor, nationalId: string) {
  const users = await identityRepository.staffByNationalId(db, nationalId);
  const orgs = new Map((await organisationsRepository.byIds(db, users.flatMap((u) => (u.org_id ? [u.org_id] : [])))).map((o) => [o.id, o]));
  return users
    .flatMap((u) => {
      const o = u.org_id ? orgs.get(u.org_id) : undefined;
      return o ? [{ ...u, org_kind: o.kind, org_status: o.status }] : [];
    })
    .sort((a, b) => Number(b.active) - Number(a.active) || Number(a.org_status !== 'approved') - Number(b.org_status !== 'approved') || a.created_at.getTime() - b.created_at.getTime());
}
