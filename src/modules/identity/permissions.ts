/**
 * Who may do what, in one table. Every HTTP route names one permission (or 'public'); the route
 * table is checked against this map when the server starts and by the authorisation matrix test.
 * Row-level rules (which household, which organisation) live in the services and in PostgreSQL.
 */
import type { Role } from '../../db/schema.js';

export const ROLES: Role[] = ['ministry_admin', 'ministry_supervisor', 'charity_admin', 'caseworker', 'field_visitor', 'applicant', 'donor'];
export const MINISTRY_ROLES: Role[] = ['ministry_admin', 'ministry_supervisor'];
export const CHARITY_ROLES: Role[] = ['charity_admin', 'caseworker', 'field_visitor'];
const STAFF: Role[] = [...MINISTRY_ROLES, ...CHARITY_ROLES];

export const PERMISSIONS = {
  /** Anyone, signed in or not. */
  'public': 'anyone',
  /** Any signed-in user. */
  'self': [...STAFF, 'applicant', 'donor'],
  'catalogue:read': [...STAFF, 'applicant', 'donor'],
  'catalogue:edit': ['ministry_admin'],
  'org:read': STAFF,
  'org:manage': ['ministry_admin'],
  'org:decide': ['ministry_admin', 'ministry_supervisor'],
  'staff:manage': ['ministry_admin', 'charity_admin'],
  'household:create': ['ministry_admin', 'charity_admin', 'caseworker'],
  'household:read': STAFF,
  'household:edit': ['ministry_admin', 'charity_admin', 'caseworker'],
  /** Link two records of one person (the ministry confirms a match). */
  'person:merge': MINISTRY_ROLES,
  /** Review the pairs person matching proposes as one person, and decide them (same: merged; different: remembered). */
  'match:review': MINISTRY_ROLES,
  'request:create': ['ministry_admin', 'charity_admin', 'caseworker', 'applicant'],
  'request:read': [...STAFF, 'applicant'],
  'grant:create': ['charity_admin', 'caseworker'],
  'grant:read': STAFF,
  'grant:revoke': ['ministry_admin', 'ministry_supervisor'],
  'exception:request': ['charity_admin', 'caseworker'],
  'exception:decide': ['ministry_admin', 'ministry_supervisor'],
  'audit:read': ['ministry_admin', 'ministry_supervisor'],
  /** An applicant's own household and who accessed its data. */
  'household:own': ['applicant'],
  'audit:own': ['applicant'],
  /** End another user's sessions: the ministry admin, or a charity admin for their own staff. */
  'session:revoke': ['ministry_admin', 'charity_admin'],
  'request:mine': ['applicant'],
  'pool:read': ['charity_admin', 'caseworker'],
  'request:claim': ['charity_admin', 'caseworker'],
  'request:release': ['charity_admin', 'caseworker'],
  'request:case': [...MINISTRY_ROLES, ...CHARITY_ROLES],
  'request:assess': CHARITY_ROLES,
  'request:decide': ['charity_admin', 'caseworker'],
  'request:queue': CHARITY_ROLES,
  'request:reassign': ['ministry_admin', 'ministry_supervisor'],
  'oversight:read': ['ministry_admin', 'ministry_supervisor'],
  'notification:read': [...STAFF, 'applicant', 'donor'],
  'need-model:read': MINISTRY_ROLES, 'need-model:edit': ['ministry_admin'], 'priority:read': [...MINISTRY_ROLES, 'charity_admin', 'caseworker'],
  'import:create': ['charity_admin', 'caseworker'],
  'import:read': ['charity_admin', 'caseworker'],
  /** The applicant's own self-declaration. */
  'declaration:own': ['applicant'],
  /** Programmes (0029): read them, manage them (the ministry all, a charity's administrator its own), publish criteria. */
  'programme:read': [...STAFF, 'applicant'],
  'programme:manage': ['ministry_admin', 'charity_admin'],
  /** The deployment's phase plan and zakat categories. */
  'rollout:manage': ['ministry_admin'],
  'zakat:manage': ['ministry_admin'],
  /** A policy what-if over the whole registry (counts only). */
  'programme:what-if': [...MINISTRY_ROLES, 'charity_admin'],
  /** The applicant's own applications and appeals. */
  'programme:apply': ['applicant'],
  /** Decide an application by hand, or an appeal (someone who did not decide the case). */
  'application:review': [...MINISTRY_ROLES, 'charity_admin', 'caseworker'],
  'appeal:decide': [...MINISTRY_ROLES, 'charity_admin'],
  /** Benefit cycles: compute a period's entitlements; approve them for payment. */
  'cycle:run': ['ministry_admin', 'charity_admin'],
  'cycle:approve': ['ministry_admin', 'ministry_supervisor', 'charity_admin'],
  /** Record the outcome of a training or employment enrolment. */
  'enrolment:outcome': [...MINISTRY_ROLES, 'charity_admin', 'caseworker'],
  /** A donor's own gifts and what they became (the donations module). */
  'donation:own': ['donor'],
  /** Donations (0031): record gifts and donors; read the charity's gifts and funds; move funds; the ministry's ledger. */
  'donation:record': ['charity_admin', 'caseworker'],
  'donation:read': [...MINISTRY_ROLES, 'charity_admin', 'caseworker'],
  'funds:manage': ['charity_admin'],
  'ledger:read': MINISTRY_ROLES,
} as const satisfies Record<string, 'anyone' | readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Every permission a role has, in the table's order (GET /me tells the web app). */
export function permissionsOf(role: Role | null): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => p !== 'public' && roleHas(role, p));
}

export function roleHas(role: Role | null, permission: Permission): boolean {
  const allowed = PERMISSIONS[permission];
  if (allowed === 'anyone') return true;
  return role !== null && (allowed as readonly Role[]).includes(role);
}
