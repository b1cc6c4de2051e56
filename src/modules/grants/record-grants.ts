/**
 * RECORDING GRANTS: the one use case every grant goes through — the HTTP route (through the
 * batcher), approving a request, the demo and the benchmark.
 *
 * `recordGrants` takes the caller's transaction and the prepared grants of one or many actors and
 * answers, for each at its position, the grant or its refusal. grant_aid() decides each grant in
 * turn under its own actor (the checks, the beneficiary, the insert that the exclusion constraint
 * `grants_no_duplicate_aid` arbitrates — also against the grants before it in the same list — and
 * the audit entry); a refusal writes nothing and raises nothing, so the others stand and the
 * transaction stays usable. Each refusal is then explained under its own actor (grant-outcome.ts:
 * the one mapping; a duplicate names the blocking grant as grants_find_blocking() shows it to that
 * organisation). A refusal of a grant by national ID after the beneficiary was looked up says
 * whether the ID is registered, so it is an answer to a lookup (registry/lookups.ts): within the
 * actor's quota (else 429, nothing written) and traced with the purpose 'aid-delivery' in this
 * transaction. It comes back as Refused, not thrown, so that the transaction commits the trace; the
 * caller throws it once committed (afterCommit).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Clock } from '../../kernel/clock.js';
import { inTx, setActor, type Tx } from '../../kernel/transaction.js';
import { Problem, forbidden } from '../../shared/problem.js';
import { Refused, afterCommit, assertLookupQuota, traceLookup } from '../registry/lookups.js';
import { GroupCommit, type GroupCommitOptions, type GroupCommitStats } from './grant-batcher.js';
import { BEFORE_BENEFICIARY, noBeneficiaryGiven, refusalProblem, type GrantRefusalOutcome } from './grant-outcome.js';
import { grantsRepository, type GrantItem, type GrantRow } from './grants.repository.js';
import { parseAmount } from '../../shared/money.js';
import { requireValidId } from '../registry/national-ids.js';

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
  /** The donation lots that fund it, drawn in this order (a charity that keeps its books in Mizan); absent: first in, first out. */
  fundingLots?: string[] | undefined;
}

/**
 * What can be checked before the database: the actor is charity staff, the national ID has a valid
 * check digit (normalised: Persian and Arabic-Indic digits, spaces, dashes), the amount has the
 * currency's minor units. The rest is checked by grant_aid() in the database.
 */
export function prepareGrant(actor: Actor, dep: Deployment, clock: Clock, input: GrantInput): GrantItem {
  if (actor.orgKind !== 'charity' || !actor.orgId) throw forbidden('Only charity staff record grants.');
  const nationalId = input.beneficiaryNationalId ? requireValidId(dep.idScheme, input.beneficiaryNationalId, 'beneficiaryNationalId') : undefined;
  if (!nationalId && !input.householdId) throw noBeneficiaryGiven();
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
    fundingLots: input.fundingLots,
    at: clock.now().toISOString(),
  };
}

/** A grant checked by prepareGrant, with the actor who records it. */
export interface PreparedGrant {
  actor: Actor;
  item: GrantItem;
}

/** The grant made, or the refusal to throw once the transaction has committed. */
export type GrantResult = GrantRow | Refused;

const sameContext = (a: Actor, b: Actor) => a.userId === b.userId && a.orgId === b.orgId && a.role === b.role;

export async function recordGrants(trx: Tx, dep: Deployment, grants: readonly PreparedGrant[]): Promise<GrantResult[]> {
  if (grants.length === 0) return [];
  const outcomes = await grantsRepository.grantMany(trx, grants.map((g) => g.item));
  // grant_aid() leaves the acting context of the last grant it decided.
  let acting = grants[grants.length - 1]!.actor;
  const results: GrantResult[] = new Array(grants.length);
  const refused: number[] = [];
  for (const [i, o] of outcomes.entries()) {
    if (o.outcome === 'granted') results[i] = o.grant;
    else refused.push(i);
  }
  // Refusals in the order of their users: a traced one takes its user's lookup lock until commit
  // (registry_lookups_used), and two batches taking the locks of the same users in one order
  // cannot deadlock on them.
  refused.sort((a, b) => (grants[a]!.actor.userId < grants[b]!.actor.userId ? -1 : grants[a]!.actor.userId > grants[b]!.actor.userId ? 1 : a - b));
  for (const i of refused) {
    const g = grants[i]!;
    if (!sameContext(acting, g.actor)) {
      await setActor(trx, g.actor);
      acting = g.actor;
    }
    results[i] = await refusal(trx, dep, g, outcomes[i] as GrantRefusalOutcome);
  }
  return results;
}

/** A refusal explained (and, when it answered a lookup, traced) under the grant's own actor. */
async function refusal(trx: Tx, dep: Deployment, g: PreparedGrant, o: GrantRefusalOutcome): Promise<Refused> {
  const { actor, item } = g;
  try {
    if (item.nationalId && !BEFORE_BENEFICIARY.has(o.outcome)) {
      const at = new Date(item.at);
      await assertLookupQuota(trx, actor, at);
      // grant_aid names the household once the beneficiary matched; one found in another household than the one given is asked again.
      const hit = o.outcome === 'unknown-beneficiary' ? { householdId: null, personId: null }
        : o.householdId ? { householdId: o.householdId, personId: null }
          : await grantsRepository.beneficiary(trx, dep.idScheme, { nationalId: item.nationalId });
      await traceLookup(trx, actor, { purpose: 'aid-delivery', via: 'grant', householdId: hit.householdId, personId: hit.personId, at });
    }
    const blocking = o.outcome === 'refused' ? await grantsRepository.findBlocking(trx, o.householdId, item.aidTypeCode, o.during) : undefined;
    return new Refused(refusalProblem(o, { actor, aidTypeCode: item.aidTypeCode, cites: Boolean(item.requestId || item.exceptionId), blocking }));
  } catch (e) {
    // Over the lookup quota: refused before anything was revealed or written.
    if (e instanceof Problem) return new Refused(e);
    throw e;
  }
}

/** One grant inside the caller's transaction, its refusal thrown (approving a request records it on the timeline). */
export async function grantAid(trx: Tx, actor: Actor, dep: Deployment, clock: Clock, input: GrantInput): Promise<GrantRow> {
  const [result] = await recordGrants(trx, dep, [{ actor, item: prepareGrant(actor, dep, clock, input) }]);
  return afterCommit(result!);
}

/**
 * `POST /grants`: grants recorded at the same moment share one transaction (GroupCommit), each
 * under its own actor, through recordGrants. Resolves with the grant once committed, or rejects
 * with the problem that explains why not (its lookup trace committed).
 */
export class GrantBatcher {
  private readonly queue: GroupCommit<PreparedGrant, GrantResult>;

  constructor(db: Kysely<DB>, private readonly dep: Deployment, private readonly clock: Clock, opts: GroupCommitOptions = {}) {
    // The batch's transaction opens as its first actor; recordGrants sets each grant's own.
    this.queue = new GroupCommit((batch) => inTx(db, batch[0]!.actor, (trx) => recordGrants(trx, dep, batch)), opts);
  }

  get stats(): GroupCommitStats {
    return this.queue.stats;
  }

  async grant(actor: Actor, input: GrantInput): Promise<GrantRow> {
    const item = prepareGrant(actor, this.dep, this.clock, input);
    return afterCommit(await this.queue.submit({ actor, item }));
  }
}
