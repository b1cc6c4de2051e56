/**
 * The charity acting: the donations module's use cases that write in a charity's books ask it here
 * (the routes' permissions already keep other roles out; this keeps a use case called from
 * elsewhere — the demo, a command — from writing for no charity).
 */
import type { Actor } from '../../kernel/actor.js';
import { forbidden } from '../../shared/problem.js';

export function actingCharity(actor: Actor, what: string): string {
  if (actor.orgKind !== 'charity' || !actor.orgId) throw forbidden(`Only a charity's staff ${what}.`);
  return actor.orgId;
}
