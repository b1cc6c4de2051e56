/**
 * The applicant follows one request of their household: the request as in their list, and its
 * timeline in the applicant's words — submitted, taken up by a charity, studied, decided, given
 * back to the pool, escalated to the ministry, passed to another charity. Each step names the
 * organisation (as "who viewed my data" does), never a staff member; reads of the case are not
 * steps (they are in the access log), nor are reminders or refused decisions. The reason shown is
 * the rejection's, which was written for the applicant; a release's reason is the charity's own.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { notFound } from '../../shared/problem.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import type { MyRequestStep } from './requests.contracts.js';
import { requestsRepository } from './requests.repository.js';
import { householdRequests, myRequests } from './lists.js';
import { iso, type RequestEvent } from './timeline.js';

/** Which timeline events the applicant reads, and as which step. */
const STEP_OF: Partial<Record<RequestEvent, MyRequestStep>> = {
  submitted: 'submitted', claimed: 'claimed', assessed: 'studied', released: 'released',
  escalated: 'escalated', reassigned: 'reassigned', approved: 'approved', rejected: 'rejected',
};

/** Steps named after no organisation: the applicant's own, and the deadline passing. */
const UNNAMED: ReadonlySet<MyRequestStep> = new Set(['submitted', 'escalated']);

const OPEN = new Set(['open', 'claimed', 'escalated']);

export async function myRequestDetail(trx: Tx, actor: Actor, dep: Deployment, id: string) {
  const mine = await myRequests(trx, actor, dep);
  const request = mine.items.find((r) => r.id === id);
  if (!request || !mine.householdId) throw notFound('The request');
  const events = await requestsRepository.events(trx, id);
  const orgs = new Map((await organisationsRepository.byIds(trx, events.flatMap((e) => (e.org_id ? [e.org_id] : [])))).map((o) => [o.id, o.name]));
  const timeline: { at: string; step: MyRequestStep; organisation: string | null; reason: string | null }[] = [];
  for (const e of events) {
    const step = STEP_OF[e.event as RequestEvent];
    if (!step) continue;
    // A case studied several times (each saved assessment) is one step until something else happens.
    if (step === 'studied' && timeline.at(-1)?.step === 'studied') continue;
    timeline.push({
      at: iso(e.at),
      step,
      organisation: UNNAMED.has(step) || !e.org_id ? null : (orgs.get(e.org_id) ?? null),
      reason: step === 'rejected' ? e.reason : null,
    });
  }
  const rows = await householdRequests(trx, mine.householdId);
  const group = rows.find((r) => r.id === id)!.group_code;
  const mayRequestAgain = !rows.some((r) => r.group_code === group && OPEN.has(r.status));
  return { request, timeline, mayRequestAgain };
}
