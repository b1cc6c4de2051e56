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
import { Type, type Static } from 'typebox';
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import { deploymentSettings, readDeploymentRow } from '../../deployments/settings.js';
import type { Tx } from '../../kernel/transaction.js';
import { audit } from '../audit/audit.service.js';
import { findAidType } from '../catalogue/aid-types.js';
import { defineJob, type JobHandler } from '../jobs/define-job.js';
import { SYSTEM_ACTOR } from '../../kernel/actor.js';
import { notifyHouseholdApplicants, notifyOrgs } from '../notifications/notifications.service.js';
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
  const s = (await deploymentSettings(db)) as { reminder_days?: unknown; auto_reassign?: unknown };
  const days = Array.isArray(s.reminder_days) ? s.reminder_days.filter((d): d is number => Number.isInteger(d) && d > 0) : [10];
  return { reminderDays: [...new Set(days)].sort((a, b) => a - b), autoReassign: s.auto_reassign === true };
}

/** Days a request (or a reassigned request) has, from the aid type or the deployment. */
export async function deadlineDays(db: Executor, dep: Deployment, aidTypeCode: string): Promise<number> {
  const t = await findAidType(db, aidTypeCode);
  const row = await readDeploymentRow(db);
  return t?.deadlineDays ?? row?.requestDeadlineDays ?? dep.requestDeadlineDays;
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
    await reminderJob.schedule(db, { key: reminderKey(r.id, day, round), payload: { requestId: r.id, round, day }, runAt: at }, now);
  }
  await escalationJob.schedule(db, { key: escalateKey(r.id, round), payload: { requestId: r.id, round }, runAt: r.deadline_at }, now);
}

const ReminderPayload = Type.Object(
  { requestId: Type.String({ format: 'uuid' }), round: Type.Integer({ minimum: 0 }), day: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
const EscalationPayload = Type.Object({ requestId: Type.String({ format: 'uuid' }), round: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

/** A reminder of the request's deadline, on one of the deployment's reminder days of one round. */
export const reminderJob = defineJob({ kind: 'request.reminder', payload: ReminderPayload, run: (trx, payload, { now }) => remind(trx, payload, now) });

/** The escalation at the deadline of one round (its effect needs the deployment, for an automatic reassignment). */
export const escalationJob = defineJob({ kind: 'request.escalate', payload: EscalationPayload, run: (trx, payload, { now, deps }: { now: Date; deps: Deployment }) => escalate(trx, deps, payload, now) });

async function remind(trx: Tx, payload: Static<typeof ReminderPayload>, now: Date) {
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

async function escalate(trx: Tx, dep: Deployment, payload: Static<typeof EscalationPayload>, now: Date) {
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
  await notifyHouseholdApplicants(trx, r.household_id, 'request.escalated.applicant', { aidType: r.aid_type_code }, { requestId: r.id, at: now });
  if ((await deadlineSettings(trx)).autoReassign) {
    const [best] = await requestsRepository.suggestions(trx, r.id, now);
    if (best) await reassignRequest(trx, SYSTEM_ACTOR, dep, r.id, best.org_id, now, 'automatic');
  }
}

/** The job handlers of the requests module, for the worker. */
export function requestJobHandlers(dep: Deployment): Record<string, JobHandler> {
  return { [reminderJob.kind]: reminderJob.handler(undefined), [escalationJob.kind]: escalationJob.handler(dep) };
}
