/**
 * Who acts. A person signed in through a session or an API token is an `Actor`; background work
 * (jobs, sign-in before anyone is known, the audit chain's walk, bulk loads) acts as the system,
 * `SYSTEM_ACTOR`: no user, no organisation, role 'system' for row-level security. Anything that
 * records or scopes an act takes `Acting`, which is either.
 */
import type { OrgKind, Role, Locale } from '../db/schema.js';

export interface Actor {
  userId: string;
  orgId: string | null;
  orgKind: OrgKind | null;
  role: Role;
  locale: Locale;
  nationalId: string | null;
  /** Set for signed-in users (sessions and API tokens). */
  displayName?: string;
  /** How the actor authenticated: a browser session (CSRF-checked) or an API token with scopes. */
  via?: { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string; scopes: string[] };
}

/** The system: recorded in the audit trail and the transaction settings as no user ('' / null). */
export interface SystemActor {
  readonly userId: null;
  readonly orgId: null;
  readonly orgKind: null;
  readonly role: 'system';
  readonly locale: 'en';
  readonly nationalId: null;
}

export type Acting = Actor | SystemActor;

export const SYSTEM_ACTOR: SystemActor = Object.freeze({ userId: null, orgId: null, orgKind: null, role: 'system', locale: 'en', nationalId: null });

export const isSystem = (a: Acting): a is SystemActor => a.role === 'system';
/** A donor signed in with their own donor account (0030): no organisation, a national ID, sees no household. */
export const isDonor = (a: Acting): a is Actor & { role: 'donor'; orgId: null; nationalId: string } => a.role === 'donor';
