/**
 * THE NO-DUPLICATE-AID RULE, explained.
 *
 * A household may not receive aid of one exclusivity group twice inside the group's window, from
 * any organisation, through any member — unless a ministry supervisor approved a documented
 * exception for that household and group. PostgreSQL enforces it: the exclusion constraint
 * `grants_no_duplicate_aid` (see migrations/0001_registry.sql) refuses an overlapping window for
 * the same (household, group); two concurrent inserts of conflicting grants serialise on the
 * constraint's index and the second inserts nothing (INSERT … ON CONFLICT DO NOTHING: the second
 * waits for the first and, once it commits, skips). This service never checks first and inserts
 * second (that would race); it inserts and, when the database refused, explains the refusal by
 * reading the grant that blocked it. No error is raised inside the transaction, so no savepoint is
 * needed and the caller's transaction stays usable (approving a request records the refusal).
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../db/database.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { parseAmount } from '../../shared/money.js';
import { audit } from '../audit/audit.service.js';
import { householdsRepository } from '../registry/registry.repository.js';
import { requireValidId } from '../registry/national-ids.js';
import { Refused, afterCommit, assertLookupQuota, refusedAfterTrace, traceLookup } from '../registry/lookups.js';
import { grantsRepository, type GrantItem, type GrantOutcome, type GrantRow } from './grants.repository.js';

export interface GrantInput {
  householdId?: string | undefined;
  /** Alternatively, the national ID of the member who receives the aid. */
  beneficiaryNationalId?: string | undefined;
  personId?: string | undefined;
  requestId?: string | undefined;
  aidTypeCode: string;
  /** Decimal string in the deployment's currency, e.g. "150.500" KWD. Cash aid only. */
  amount?: string | undefined;
  item?: string | undefined;
  quantity?: number | undefined;
  /**
   * Defaults to today. grant_aid() refuses a date after today, before the household (or member)
   * was registered, or further back than the deployment's backdate_days without an approval.
   */
  grantedOn?: string | undefined;
  exceptionId?: string | undefined;
}

export async function loadAidType(db: Executor, code: string) {
  const t = await db.selectFrom('aid_types').selectAll().where('code', '=', code).executeTakeFirst();
  if (!t || !t.active) throw new Problem('unknown-reference', `Unknown aid type "${code}".`, { field: 'aidTypeCode', value: code });
  return t;
}

/** Resolve the household (and member) that receives aid, from a household ID or a member's national ID. */
export async function resolveBeneficiary(db: Executor, dep: Deployment, input: { householdId?: string | undefined; beneficiaryNationalId?: string | undefined; personId?: string | undefined }) {
  if (input.beneficiaryNationalId) {
    const nationalId = requireValidId(dep.idScheme, input.beneficiaryNationalId, 'beneficiaryNationalId');
    const hit = await householdsRepository.householdOfNationalId(db, dep.idScheme, nationalId);
    if (!hit) throw new Problem('unknown-reference', 'No registered household has a member with this national ID.', { field: 'beneficiaryNationalId' });
    if (input.householdId && input.householdId !== hit.household_id) {
      throw new Problem('validation', 'The beneficiary is not a member of the given household.', { field: 'beneficiaryNationalId' });
    }
    return { householdId: hit.household_id, personId: hit.person_id };
  }
  if (!input.householdId) throw new Problem('validation', 'Give householdId or beneficiaryNationalId.', { field: 'householdId' });
  // Aid may go to any registered household, also one the charity cannot see yet (it sees it once it gave aid).
  if (!(await householdsRepository.householdExists(db, input.householdId))) throw new Problem('unknown-reference', 'The household does not exist.', { field: 'householdId' });
  if (input.personId) {
    const members = await householdsRepository.activeMemberships(db, [input.personId]);
    if (!members.some((m) => m.household_id === input.householdId)) throw new Problem('validation', 'The person is not an active member of the household.', { field: 'personId' });
  }
  return { householdId: input.householdId, personId: input.personId ?? null };
}

/**
 * What can be checked before the database: the actor is charity staff, the national ID has a valid
 * check digit (normalised: Persian and Arabic-Indic digits, spaces, dashes), the amount has the
 * currency's minor units. The rest is checked by grant_aid() in the database.
 */
export function prepareGrant(actor: Actor, dep: Deployment, clock: Clock, input: GrantInput): GrantItem {
  if (actor.orgKind !== 'charity' || !actor.orgId) throw forbidden('Only charity staff record grants.');
  const nationalId = input.beneficiaryNationalId ? requireValidId(dep.idScheme, input.beneficiaryNationalId, 'beneficiaryNationalId') : undefined;
  if (!nationalId && !input.householdId) throw new Problem('validation', 'Give householdId or beneficiaryNationalId.', { field: 'householdId' });
  const amountMinor = input.amount === undefined ? undefined : parseAmount(input.amount, dep.currency);
  return {
    userId: actor.userId,
    orgId: actor.orgId,
    role: actor.role,
    aidTypeCode: input.aidTypeCode,
    nationalId,
    householdId: input.householdId,
    personId: nationalId ? undefined : input.personId,
    requestId: input.requestId,
    exceptionId: input.exceptionId,
    amountMinor,
    currency: dep.currency.code,
    item: input.item,
    quantity: input.quantity,
    grantedOn: input.grantedOn,
    at: clock.now().toISOString(),
  };
}

/**
 * The grant, or the problem that explains why not. A refusal by the database is explained by
 * reading the grant that blocked it (duplicateAidProblem), in `db` (a transaction of the actor).
 */
export async function settleGrant(db: Executor, actor: Actor, item: GrantItem, o: GrantOutcome): Promise<GrantRow> {
  const code = item.aidTypeCode;
  switch (o.outcome) {
    case 'granted':
      return o.grant;
    case 'org-not-approved':
      throw forbidden('Your organisation is not approved.');
    case 'unknown-aid-type':
      throw new Problem('unknown-reference', `Unknown aid type "${code}".`, { field: 'aidTypeCode', value: code });
    case 'not-offered':
      throw forbidden(`Your organisation does not offer the aid type "${code}".`);
    case 'unknown-beneficiary':
      throw new Problem('unknown-reference', 'No registered household has a member with this national ID.', { field: 'beneficiaryNationalId' });
    case 'beneficiary-not-in-household':
      throw new Problem('validation', 'The beneficiary is not a member of the given household.', { field: 'beneficiaryNationalId' });
    case 'unknown-household':
      throw new Problem('unknown-reference', 'The household does not exist.', { field: 'householdId' });
    case 'person-not-member':
      throw new Problem('validation', 'The person is not an active member of the household.', { field: 'personId' });
    case 'amount-required':
      throw new Problem('validation', 'Cash aid needs an amount.', { field: 'amount' });
    case 'exception-missing':
      throw new Problem('unknown-reference', 'The exception does not exist.', { field: 'exceptionId' });
    case 'exception-mismatch':
      throw new Problem('validation', 'The exception was approved for another household, aid group or date.', { field: 'exceptionId' });
    case 'exception-not-approved':
      throw new Problem('invalid-state', `The exception is ${o.exceptionStatus}, not approved.`, { field: 'exceptionId', exceptionStatus: o.exceptionStatus });
    case 'future-date':
      throw new Problem('future-date', `The grant's date ${o.detail.grantedOn} is after today (${o.detail.today}).`, { field: 'grantedOn', value: o.detail.grantedOn, today: o.detail.today });
    case 'before-registration':
      throw new Problem('before-registration', `The grant's date ${o.detail.grantedOn} is before the household (or the member) was registered, on ${o.detail.registeredOn}.`, {
        field: 'grantedOn', value: o.detail.grantedOn, registeredOn: o.detail.registeredOn,
      });
    case 'backdate-needs-approval':
      throw new Problem(
        'backdate-needs-approval',
        `The grant's date ${o.detail.grantedOn} is more than ${o.detail.limitDays} days before today (${o.detail.today}); the earliest date without a supervisor's approval is ${o.detail.earliest}. Ask for a back-dating exception (POST /exceptions with grantedOn) and cite it.`,
        { field: 'grantedOn', value: o.detail.grantedOn, today: o.detail.today, limitDays: o.detail.limitDays, earliest: o.detail.earliest },
      );
    case 'refused': {
      const problem = await duplicateAidProblem(db, actor, o.householdId, code, o.during);
      // Nothing blocks in the group's window, so a unique key refused: the request or exception already has its grant.
      if (problem.extensions.conflict === undefined && (item.requestId || item.exceptionId)) {
        throw new Problem('conflict', 'A grant was already recorded for this request or exception.');
      }
      throw problem;
    }
  }
}

/** Outcomes decided before the beneficiary was looked up: they say nothing about the national ID. */
const BEFORE_BENEFICIARY = new Set<GrantOutcome['outcome']>(['granted', 'org-not-approved', 'unknown-aid-type', 'not-offered']);

/**
 * settleGrant for a grant by a beneficiary's national ID: a refusal after the beneficiary was
 * looked up says whether the ID is registered, so it is an answer to a lookup (registry/lookups.ts):
 * given within the actor's lookup quota (else 429; the grant wrote nothing) and traced with the
 * purpose 'aid-delivery'. The refusal comes back as Refused so that `db` commits the trace; the
 * caller throws it once committed. A grant made is traced by its own audit entry (grant.create).
 */
export async function settleGrantTraced(db: Executor, actor: Actor, item: GrantItem, o: GrantOutcome): Promise<GrantRow | Refused> {
  if (item.nationalId && !BEFORE_BENEFICIARY.has(o.outcome)) {
    const at = new Date(item.at);
    await assertLookupQuota(db, actor, at);
    // grant_aid names the household once the beneficiary matched; a beneficiary found in another household than the one given is read again.
    const hit = o.outcome === 'unknown-beneficiary' ? undefined
      : o.householdId ? { household_id: o.householdId, person_id: null }
        : await householdsRepository.householdOfNationalId(db, (await db.selectFrom('deployment').select('id_scheme').executeTakeFirstOrThrow()).id_scheme, item.nationalId);
    await traceLookup(db, actor, { purpose: 'aid-delivery', via: 'grant', householdId: hit?.household_id ?? null, personId: hit?.person_id ?? null, at });
  }
  try {
    return await settleGrant(db, actor, item, o);
  } catch (e) {
    if (e instanceof Problem) return new Refused(e);
    throw e;
  }
}

/** One grant, inside the caller's transaction (approving a request records the refusal in it). */
export async function grantAid(trx: Tx, actor: Actor, dep: Deployment, clock: Clock, input: GrantInput): Promise<GrantRow> {
  const item = prepareGrant(actor, dep, clock, input);
  const [outcome] = await grantsRepository.grantMany(trx, [item]);
  return settleGrant(trx, actor, item, outcome!);
}

/** The 409 that names the earlier grant: its aid type, date and the kind of organisation (`during`: the window the refused grant would have blocked). */
export async function duplicateAidProblem(db: Executor, actor: Actor, householdId: string, aidTypeCode: string, during: string) {
  const b = await grantsRepository.findBlocking(db, householdId, aidTypeCode, during);
  if (!b) return new Problem('duplicate-aid', 'The household already received this type of aid inside the policy window.');
  const same = b.org_id === actor.orgId;
  const who = same ? 'your organisation' : b.org_kind === 'ministry' ? 'the ministry' : 'another charity';
  const until = b.window_end ? `until ${b.window_end}` : 'again (the policy allows it once per household)';
  return new Problem(
    'duplicate-aid',
    `This household received "${b.name_en}" on ${b.granted_on} from ${who}. Aid of the same kind cannot be given ${until} without a supervisor-approved exception documenting a new need.`,
    {
      conflict: {
        aidType: b.aid_type_code,
        aidTypeName: { en: b.name_en, ar: b.name_ar, fa: b.name_fa },
        group: b.group_code,
        grantedOn: b.granted_on,
        organisationKind: b.org_kind,
        sameOrganisation: same,
        blockedUntil: b.window_end,
        ...(same || actor.orgKind === 'ministry' ? { grantId: b.id } : {}),
      },
      householdId,
    },
  );
}

// Documented exceptions --------------------------------------------------------------------------

type ExceptionInput = { householdId?: string; beneficiaryNationalId?: string; aidTypeCode: string; reason: string; documentRef: string; grantedOn?: string | undefined };

/**
 * Asks for an exception: a supervisor's decision on either a repeat inside the window (a new need)
 * or, with `grantedOn`, on recording aid given on that date further back than the deployment's
 * backdate_days allow (whether the date is allowed at all is decided when the grant cites it). By a beneficiary's national ID the answer says whether the ID is
 * registered, so it is an answer to a lookup (registry/lookups.ts): within the actor's quota and
 * traced with the purpose 'exception-request'; a refusal comes back as Refused so that the
 * transaction commits the trace, and the route throws it once committed.
 */
export async function requestExceptionTraced(trx: Tx, actor: Actor, dep: Deployment, input: ExceptionInput, now: Date = new Date()) {
  if (!actor.orgId) throw forbidden();
  const type = await loadAidType(trx, input.aidTypeCode);
  if (!input.beneficiaryNationalId) return insertException(trx, actor, type, (await resolveBeneficiary(trx, dep, input)).householdId, input);
  const nationalId = requireValidId(dep.idScheme, input.beneficiaryNationalId, 'beneficiaryNationalId');
  await assertLookupQuota(trx, actor, now);
  const hit = await householdsRepository.householdOfNationalId(trx, dep.idScheme, nationalId);
  await traceLookup(trx, actor, { purpose: 'exception-request', via: 'exception', householdId: hit?.household_id ?? null, personId: hit?.person_id ?? null, at: now });
  return refusedAfterTrace(trx, async () => insertException(trx, actor, type, (await resolveBeneficiary(trx, dep, input)).householdId, input));
}

export async function requestException(trx: Tx, actor: Actor, dep: Deployment, input: ExceptionInput, now?: Date) {
  return afterCommit(await requestExceptionTraced(trx, actor, dep, input, now));
}

async function insertException(trx: Tx, actor: Actor, type: { group_code: string }, householdId: string, input: ExceptionInput) {
  if (!actor.orgId) throw forbidden();
  const ex = await grantsRepository.insertException(trx, {
    householdId,
    groupCode: type.group_code,
    reason: input.reason.trim(),
    documentRef: input.documentRef.trim(),
    requestedBy: actor.userId,
    requestedByOrg: actor.orgId,
    grantedOn: input.grantedOn,
  });
  await audit(trx, actor, { action: 'exception.request', subjectType: 'exception', subjectId: ex.id, householdId, details: { group: type.group_code, kind: ex.kind, grantedOn: ex.granted_on } });
  return ex;
}

export async function decideException(trx: Tx, actor: Actor, clock: Clock, id: string, decision: 'approved' | 'rejected', note: string | null) {
  const ex = await grantsRepository.findExceptionForUpdate(trx, id);
  if (!ex) throw notFound('The exception');
  if (ex.status !== 'pending') throw new Problem('invalid-state', `The exception is already ${ex.status}.`);
  const updated = await grantsRepository.decideException(trx, id, decision, actor.userId, note, clock.now());
  await audit(trx, actor, { action: `exception.${decision}`, subjectType: 'exception', subjectId: id, householdId: ex.household_id, reason: note });
  return updated!;
}

export async function revokeGrant(trx: Tx, actor: Actor, id: string, reason: string) {
  const g = await grantsRepository.revoke(trx, id, reason);
  if (!g) throw notFound('An active grant with this ID');
  await audit(trx, actor, { action: 'grant.revoke', subjectType: 'grant', subjectId: id, householdId: g.household_id, reason });
  return g;
}
