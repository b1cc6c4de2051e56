/**
 * SERVICES BEYOND CASH. A training, employment or empowerment programme enrols households like any
 * other, and runs sessions (a course's dates, a placement's place) with their capacity: its staff
 * place an enrolment in a session (one at a time under the session's lock: never more than it
 * holds), keep the attendance day by day, record how the enrolment ended — completed the course,
 * employed, dropped out — and follow it up three months later. The household's service record (the
 * kardex) shows all of it beside the aid it received.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import type { Executor } from '../../db/database.js';
import { Problem, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { manageableProgramme } from './define-programme.js';
import { programmesRepository } from './programmes.repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const day = (d: Date | string | null) => (d === null ? null : String(d instanceof Date ? d.toISOString() : d).slice(0, 10));

/** Days after a course is completed or a job taken when the enrolment is followed up. */
export const FOLLOW_UP_DAYS = 90;

/** The enrolment, if the actor may manage its programme (the ministry, or staff of the owning charity). */
async function enrolmentToManage(trx: Tx, actor: Actor, enrolmentId: string) {
  const e = await programmesRepository.enrolment(trx, enrolmentId);
  if (!e) throw notFound('The enrolment');
  return { e, p: await manageableProgramme(trx, actor, e.programme_id) };
}

export async function addSession(trx: Tx, actor: Actor, dep: Deployment, programmeId: string, input: { regionCode: string; title: string; place?: string | undefined; startsOn: string; endsOn: string; capacity: number }, now: Date) {
  const p = await manageableProgramme(trx, actor, programmeId);
  if (p.kind !== 'service') throw new Problem('validation', 'Only a training, employment or empowerment programme has sessions.', { field: 'programmeId' });
  if (dep.regions.get(input.regionCode)?.level !== 1) throw new Problem('validation', 'A session is held in a first-level region.', { field: 'regionCode' });
  if (input.endsOn < input.startsOn) throw new Problem('validation', 'A session ends on or after the day it starts.', { field: 'endsOn' });
  const s = await programmesRepository.insertSession(trx, { programmeId, regionCode: input.regionCode, title: input.title, place: input.place ?? null, startsOn: input.startsOn, endsOn: input.endsOn, capacity: input.capacity, at: now, by: actor.userId });
  await audit(trx, actor, { action: 'programme.session.create', subjectType: 'programme_session', subjectId: s.id, details: { programme: p.code, region: s.region_code, capacity: s.capacity }, at: now });
  return sessionView({ ...s, placed: '0' });
}

export const sessionView = (s: { id: string; programme_id: string; region_code: string; title: string; place: string | null; starts_on: string; ends_on: string; capacity: number; placed: string | number | null }) => ({
  id: s.id, programmeId: s.programme_id, regionCode: s.region_code, title: s.title, place: s.place, startsOn: day(s.starts_on)!, endsOn: day(s.ends_on)!, capacity: s.capacity, placed: Number(s.placed ?? 0),
});

export async function listSessions(db: Executor, programmeId: string) {
  return (await programmesRepository.sessions(db, programmeId)).map(sessionView);
}

/** Places an active enrolment in a session of its programme and region, while the session has room (409 session-full). */
export async function placeInSession(trx: Tx, actor: Actor, enrolmentId: string, sessionId: string, now: Date) {
  const { e, p } = await enrolmentToManage(trx, actor, enrolmentId);
  const s = await programmesRepository.session(trx, sessionId, true);
  if (!s || s.programme_id !== e.programme_id) throw new Problem('unknown-reference', 'The session is not one of this programme\'s.', { field: 'sessionId' });
  if (s.region_code !== e.province_code) throw new Problem('validation', 'The session is held in another region than the household\'s.', { field: 'sessionId' });
  if (e.session_id === s.id) return enrolmentView(e);
  if ((await programmesRepository.placedIn(trx, s.id)) >= s.capacity) throw new Problem('session-full', `The session holds ${s.capacity} and is full; choose another session.`, { field: 'sessionId', capacity: s.capacity });
  const placed = await programmesRepository.placeInSession(trx, enrolmentId, sessionId);
  if (!placed) throw new Problem('invalid-state', 'The enrolment has ended.');
  await audit(trx, actor, { action: 'programme.session.place', subjectType: 'enrolment', subjectId: enrolmentId, householdId: e.household_id, details: { programme: p.code, sessionId }, at: now });
  return enrolmentView(placed);
}

export async function recordAttendance(trx: Tx, actor: Actor, enrolmentId: string, input: { onDay: string; present: boolean }, now: Date) {
  const { e } = await enrolmentToManage(trx, actor, enrolmentId);
  if (!e.session_id) throw new Problem('invalid-state', 'Place the enrolment in a session first.');
  const s = (await programmesRepository.session(trx, e.session_id))!;
  if (input.onDay < day(s.starts_on)! || input.onDay > day(s.ends_on)!) throw new Problem('validation', `The session runs from ${day(s.starts_on)} to ${day(s.ends_on)}.`, { field: 'onDay' });
  if (input.onDay > now.toISOString().slice(0, 10)) throw new Problem('future-date', 'Attendance is recorded for a day that has come.', { field: 'onDay' });
  await programmesRepository.recordAttendance(trx, { enrolmentId, onDay: input.onDay, present: input.present, by: actor.userId, at: now });
  const a = (await programmesRepository.attendanceOf(trx, [enrolmentId])).get(enrolmentId) ?? { days: 0, present: 0 };
  return { enrolmentId, days: a.days, present: a.present };
}

export async function followUp(trx: Tx, actor: Actor, enrolmentId: string, note: string, now: Date) {
  const { e, p } = await enrolmentToManage(trx, actor, enrolmentId);
  const done = await programmesRepository.followUp(trx, enrolmentId, note, now);
  if (!done) throw new Problem('invalid-state', 'An enrolment is followed up once it has ended.');
  await audit(trx, actor, { action: 'programme.enrolment.follow-up', subjectType: 'enrolment', subjectId: enrolmentId, householdId: e.household_id, details: { programme: p.code }, at: now });
  return enrolmentView(done);
}

export const enrolmentView = (e: { id: string; programme_id: string; status: string; since: Date | string; ended_at: Date | string | null; session_id: string | null; follow_up_on: string | null; followed_up_at: Date | string | null }) => ({
  id: e.id, programmeId: e.programme_id, status: e.status, since: iso(e.since)!, endedAt: iso(e.ended_at), sessionId: e.session_id, followUpOn: day(e.follow_up_on), followedUpAt: iso(e.followed_up_at),
});

export async function recordOutcome(trx: Tx, actor: Actor, _dep: Deployment, enrolmentId: string, status: 'completed' | 'employed' | 'dropped' | 'ended', now: Date) {
  const { e, p } = await enrolmentToManage(trx, actor, enrolmentId);
  if ((status === 'completed' || status === 'employed') && p.kind !== 'service') throw new Problem('validation', 'Only a training, employment or empowerment programme ends in completed or employed.', { field: 'status' });
  const ended = await programmesRepository.endEnrolment(trx, enrolmentId, status, now);
  if (!ended) throw new Problem('invalid-state', 'The enrolment has already ended.');
  // Completed or employed: followed up three months on (is the job still there, the trade used?).
  if (status === 'completed' || status === 'employed') await programmesRepository.setFollowUpOn(trx, enrolmentId, new Date(now.getTime() + FOLLOW_UP_DAYS * 86_400_000).toISOString().slice(0, 10));
  await audit(trx, actor, { action: 'programme.enrolment.outcome', subjectType: 'enrolment', subjectId: enrolmentId, householdId: e.household_id, details: { programme: p.code, status }, at: now });
  return enrolmentView((await programmesRepository.enrolment(trx, enrolmentId))!);
}

/** A household's enrolments, for its service record (published for the kardex). */
export async function enrolmentsOfHousehold(db: Executor, householdId: string) {
  const rows = await programmesRepository.enrolmentsOfHousehold(db, householdId);
  const attendance = await programmesRepository.attendanceOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, programmeId: r.programme_id, code: r.code, kind: r.kind, serviceKind: r.service_kind,
    names: { en: r.name_en, ar: r.name_ar, fa: r.name_fa }, status: r.status, since: iso(r.since)!, endedAt: iso(r.ended_at),
    session: r.session_title ? { title: r.session_title, startsOn: day(r.session_starts_on)!, endsOn: day(r.session_ends_on)! } : null,
    attendance: attendance.get(r.id) ?? null,
    followUpOn: day(r.follow_up_on), followedUpAt: iso(r.followed_up_at), followUpNote: r.follow_up_note,
  }));
}
