/**
 * THE DEADLINE. A request must be decided within its deadline: submission + the aid type's
 * `deadline_days`, else the deployment's `request_deadline_days` (14). Reminders go out at the
 * days listed in the deployment setting `reminder_days` (default [10]): to the claiming charity,
 * or while unclaimed to every charity whose pool shows the request. At the deadline the request
 * is escalated to the ministry and the claimant loses it; the ministry reassigns it (by hand, or
 * automatically when the setting `auto_reassign` is true), which starts a new round with a new
 * deadline. Reminders and escalations are durable jobs with deterministic keys
 * (reminder:<id>:<day>, escalate:<id>; later rounds add :r<round>), so they happen once.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Tx } from '../../kernel/transaction.js';
import { audit } from '../audit/audit.service.js';
import { jobsRepository } from '../jobs/jobs.repository.js';
import { SYSTEM_ACTOR } from '../../kernel/actor.js';
import type { JobHandler } from '../jobs/worker.js';
import { notifyOrgs } from '../notifications/notifications.service.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import { requestsRepository } from './requests.repository.js';
import { daysLeft, isoDay, recordEvent, requestRef } from './timeline.js';
import { reassignRequest } from './reassign-request.js';

const DAY = 86_400_000;

export interface DeadlineSettings {
  reminderDays: number[];
  autoReassign: boolean;
}

export async function deadlineSettings(db: Executor): Promise<DeadlineSettings> {
  const row = await db.selectFrom('deployment').select('settings').executeTakeFirst();
  const s = (row?.settings ?? {}) as { reminder_days?: unknown; auto_reassign?: unknown };
  const days = Array.isArray(s.reminder_days) ? s.reminder_days.filter((d): d is number => Number.isInteger(d) && d > 0) : [10];
  return { reminderDays: [...new Set(days)].sort((a, b) => a - b), autoReassign: s.auto_reassign === true };
}

/** Days a request (or a reassigned request) has, from the aid type or the deployment. */
export async function deadlineDays(db: Executor, dep: Deployment, aidTypeCode: string): Promise<number> {
  const t = await db.selectFrom('aid_types').select('deadline_days').where('code', '=', aidTypeCode).executeTakeFirst();
  const row = await db.selectFrom('deployment').select('request_deadline_days').executeTakeFirst();
  return t?.deadline_days ?? row?.request_deadline_days ?? dep.requestDeadlineDays;
}

export const reminderKey = (id: string, day: number, round: number) => `reminder:${id}:${day}${round > 0 ? `:r${round}` : ''}`;
export const escalateKey = (id: string, round: number) => `escalate:${id}${round > 0 ? `:r${round}` : ''}`;

/** Schedules the reminders and the escalation of one round (idempotent: keys collide). */
export async function scheduleDeadlineJobs(db: Executor, r: { id: string; deadline_at: Date; assignment_round: number }, roundStart: Date, now: Date) {
  const { reminderDays } = await deadlineSettings(db);
  const round = r.assignment_round;
  for (const day of reminderDays) {
    const at = new Date(roundStart.getTime() + day * DAY);
    if (at >= r.deadline_at) continue;
    await jobsRepository.schedule(db, { key: reminderKey(r.id, day, round), kind: 'request.reminder', payload: { requestId: r.id, round, day }, runAt: at }, now);
  }
  await jobsRepository.schedule(db, { key: escalateKey(r.id, round), kind: 'request.escalate', payload: { requestId: r.id, round }, runAt: r.deadline_at }, now);
}

async function remind(trx: Tx, payload: { requestId: string; round: number; day: number }, now: Date) {
  const r = await requestsRepository.findForUpdate(trx, payload.requestId);
  if (!r || r.assignment_round !== payload.round) return;
  const params = { ref: requestRef(r.id), aidType: r.aid_type_code, deadline: isoDay(r.deadline_at), daysLeft: daysLeft(r.deadline_at, now) };
  if (r.status === 'claimed' && r.claimed_by_org) {
    await notifyOrgs(trx, [r.claimed_by_org], 'request.reminder.claimant', params, { requestId: r.id, at: now });
    await recordEvent(trx, SYSTEM_ACTOR, r.id, 'reminder', { at: now, orgId: r.claimed_by_org, details: { day: payload.day, to: 'claimant', recipients: 1 } });
  } else if (r.status === 'open') {
    const orgs = await requestsRepository.poolOrgs(trx, r.id);
    await notifyOrgs(trx, orgs, 'request.reminder.pool', params, { requestId: r.id, at: now });
    await recordEvent(trx, SYSTEM_ACTOR, r.id, 'reminder', { at: now, details: { day: payload.day, to: 'pool', recipients: orgs.length } });
  }
  // decided or escalated: nothing to remind
}

async function escalate(trx: Tx, dep: Deployment, payload: { requestId: string; round: number }, now: Date) {
  const locked = await requestsRepository.findForUpdate(trx, payload.requestId);
  if (!locked) return;
  const r = await requestsRepository.escalate(trx, payload.requestId, payload.round, now);
  if (!r) return; // decided, or already moved on to another round
  const lost = r.escalated_from_org;
  await recordEvent(trx, SYSTEM_ACTOR, r.id, 'escalated', { at: now, orgId: lost, details: { round: r.assignment_round, claimed: lost !== null } });
  await audit(trx, SYSTEM_ACTOR, { action: 'request.escalate', subjectType: 'request', subjectId: r.id, householdId: r.household_id, details: { fromOrg: lost, round: r.assignment_round }, at: now });
  const params = { ref: requestRef(r.id), aidType: r.aid_type_code, deadline: isoDay(r.deadline_at) };
  const ministry = await organisationsRepository.ministry(trx);
  await notifyOrgs(trx, [ministry.id], 'request.escalated.ministry', params, { requestId: r.id, at: now });
  if (lost) await notifyOrgs(trx, [lost], 'request.escalated.lost', params, { requestId: r.id, at: now });
  if ((await deadlineSettings(trx)).autoReassign) {
    const [best] = await requestsRepository.suggestions(trx, r.id, now);
    if (best) await reassignRequest(trx, SYSTEM_ACTOR, dep, r.id, best.org_id, now, 'automatic');
  }
}

/** The job handlers of the requests module, for the worker. */
export function requestJobHandlers(dep: Deployment): Record<string, JobHandler> {
  return {
    'request.reminder': (trx, job, { now }) => remind(trx, job.payload as { requestId: string; round: number; day: number }, now),
    'request.escalate': (trx, job, { now }) => escalate(trx, dep, job.payload as { requestId: string; round: number }, now),
  };
}
