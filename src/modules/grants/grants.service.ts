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
import type { Actor, Clock, Tx } from '../../http/context.js';
import { isoDate } from '../../http/context.js';
import type { Executor } from '../../db/database.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { parseAmount, formatMinor } from '../../shared/money.js';
import { audit } from '../audit/audit.service.js';
import { householdsRepository } from '../registry/registry.repository.js';
import { requireValidId } from '../registry/national-ids.js';
import { grantsRepository } from './grants.repository.js';

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
  /** Defaults to today. */
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

export async function grantAid(trx: Tx, actor: Actor, dep: Deployment, clock: Clock, input: GrantInput) {
  if (actor.orgKind !== 'charity' || !actor.orgId) throw forbidden('Only charity staff record grants.');
  const ctx = await grantsRepository.grantingContext(trx, actor.orgId, input.aidTypeCode);
  if (!ctx || ctx.org_status !== 'approved') throw forbidden('Your organisation is not approved.');
  if (ctx.code === null || ctx.group_code === null || ctx.form === null || ctx.name_en === null || !ctx.active) {
    throw new Problem('unknown-reference', `Unknown aid type "${input.aidTypeCode}".`, { field: 'aidTypeCode', value: input.aidTypeCode });
  }
  const type = { code: ctx.code, group_code: ctx.group_code, form: ctx.form, name_en: ctx.name_en };
  if (!ctx.offered) throw forbidden(`Your organisation does not offer the aid type "${type.code}".`);
  const { householdId, personId } = await resolveBeneficiary(trx, dep, input);

  let amountMinor: number | null = null;
  if (type.form === 'cash') {
    if (input.amount === undefined) throw new Problem('validation', 'Cash aid needs an amount.', { field: 'amount' });
    amountMinor = parseAmount(input.amount, dep.currency);
  } else if (input.amount !== undefined) {
    amountMinor = parseAmount(input.amount, dep.currency);
  }
  const grantedOn = input.grantedOn ?? isoDate(clock.now());

  let exceptionId: string | null = null;
  if (input.exceptionId) {
    const ex = await grantsRepository.findExceptionForUpdate(trx, input.exceptionId);
    if (!ex) throw new Problem('unknown-reference', 'The exception does not exist.', { field: 'exceptionId' });
    if (ex.household_id !== householdId || ex.group_code !== type.group_code) {
      throw new Problem('validation', 'The exception was approved for another household or aid group.', { field: 'exceptionId' });
    }
    if (ex.status !== 'approved') throw new Problem('invalid-state', `The exception is ${ex.status}, not approved.`, { field: 'exceptionId', exceptionStatus: ex.status });
    await grantsRepository.markExceptionUsed(trx, ex.id);
    exceptionId = ex.id;
  }

  const grant = await grantsRepository.insertUnlessConflict(trx, {
    householdId,
    personId,
    requestId: input.requestId ?? null,
    orgId: actor.orgId,
    aidTypeCode: type.code,
    form: type.form,
    amountMinor,
    currency: amountMinor === null ? null : dep.currency.code,
    item: type.form === 'cash' ? null : (input.item ?? type.name_en),
    quantity: type.form === 'cash' ? null : (input.quantity ?? 1),
    grantedOn,
    exceptionId,
    createdBy: actor.userId,
  });
  if (!grant) {
    const problem = await duplicateAidProblem(trx, actor, householdId, type.code, grantedOn);
    // Nothing blocks in the group's window, so a unique key refused: the request or exception already has its grant.
    if (problem.extensions.conflict === undefined && (input.requestId || exceptionId)) {
      throw new Problem('conflict', 'A grant was already recorded for this request or exception.');
    }
    throw problem;
  }
  await audit(trx, actor, {
    action: exceptionId ? 'grant.create.exception' : 'grant.create',
    subjectType: 'grant',
    subjectId: grant.id,
    householdId,
    details: { aidType: type.code, group: type.group_code, amountMinor, exceptionId, requestId: input.requestId ?? null },
  });
  return grant;
}

/** The 409 that names the earlier grant: its aid type, date and the kind of organisation. */
export async function duplicateAidProblem(db: Executor, actor: Actor, householdId: string, aidTypeCode: string, grantedOn: string) {
  const b = await grantsRepository.findBlocking(db, householdId, aidTypeCode, grantedOn);
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

export async function requestException(trx: Tx, actor: Actor, dep: Deployment, input: { householdId?: string; beneficiaryNationalId?: string; aidTypeCode: string; reason: string; documentRef: string }) {
  if (!actor.orgId) throw forbidden();
  const type = await loadAidType(trx, input.aidTypeCode);
  const { householdId } = await resolveBeneficiary(trx, dep, input);
  const ex = await grantsRepository.insertException(trx, {
    householdId,
    groupCode: type.group_code,
    reason: input.reason.trim(),
    documentRef: input.documentRef.trim(),
    requestedBy: actor.userId,
    requestedByOrg: actor.orgId,
  });
  await audit(trx, actor, { action: 'exception.request', subjectType: 'exception', subjectId: ex.id, householdId, details: { group: type.group_code } });
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

export function grantView(g: { amount_minor: number | null; currency: string | null }, dep: Deployment) {
  return g.amount_minor === null ? null : formatMinor(g.amount_minor, { code: g.currency ?? dep.currency.code, minorUnits: dep.currency.minorUnits });
}
