/** Every step of a request is a row on its timeline (request_events). */
import type { Executor } from '../../db/database.js';
import type { Acting } from '../../kernel/actor.js';
import { requestsRepository } from './requests.repository.js';
import { shortRef } from '../../shared/short-ref.js';

export type RequestEvent =
  | 'submitted' | 'claimed' | 'revealed' | 'released' | 'assessed' | 'approved' | 'rejected'
  | 'decision-refused' | 'reminder' | 'escalated' | 'reassigned';

export function recordEvent(
  db: Executor,
  actor: Acting,
  requestId: string,
  event: RequestEvent,
  e: { at: Date; orgId?: string | null; reason?: string | null; details?: Record<string, unknown> },
) {
  return requestsRepository.insertEvent(db, {
    requestId,
    event,
    at: e.at,
    actorUser: actor.userId,
    actorOrg: actor.orgId,
    actorRole: actor.role,
    orgId: e.orgId ?? null,
    reason: e.reason ?? null,
    details: e.details ?? {},
  });
}

/** The short reference used in messages (never personal data). */
export const requestRef = shortRef;

export const daysLeft = (deadline: Date, now: Date) => Math.max(0, Math.ceil((deadline.getTime() - now.getTime()) / 86_400_000));

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Timestamps leave the API as ISO 8601 strings. */
export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d === null ? null : d.toISOString());
