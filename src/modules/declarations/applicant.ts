/** The declaration is the applicant's own: who may act on it, and the refusals every use case shares. */
import type { Actor } from '../../kernel/actor.js';
import { Problem, forbidden } from '../../shared/problem.js';

/** The applicant and their national ID (a self-declaration is never made for someone else). */
export function requireApplicant(actor: Actor): Actor & { nationalId: string } {
  if (actor.role !== 'applicant' || !actor.nationalId) throw forbidden('Only the applicant declares their own household.');
  return actor as Actor & { nationalId: string };
}

/** A member already in another household: refused, never duplicated; the other household is not named. */
export function memberInOtherHousehold(path?: string) {
  return new Problem(
    'member-in-other-household',
    'This person is already a member of another household. They cannot be added here; the charity or the ministry can move them.',
    path ? { path, fields: [path] } : {},
  );
}
