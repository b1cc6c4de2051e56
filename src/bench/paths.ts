/**
 * The paths a benchmark drives, each exactly as the product runs it: one transaction that knows the
 * actor (inTx: the acting user, organisation and role, and the application role under row-level
 * security), the same use cases and repositories as the HTTP routes.
 *
 * - grant: recordGrants (one grant: grantAid; through the batcher: GrantBatcher) — the organisation and aid type checks, the beneficiary found by a member's
 *   national ID, the insert that the no-duplicate-aid exclusion constraint checks, the audit entry.
 * - elsewhere: "aid received elsewhere by this household" — the household found by any member's
 *   national ID, then every grant it received, from any organisation (what the case view shows).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Deployment } from '../deployments/setup.js';
import type { Actor } from '../kernel/actor.js';
import { inTx } from '../kernel/transaction.js';
import type { Clock } from '../kernel/clock.js';
import { findBeneficiary } from '../modules/grants/grants.service.js';
import { grantAid } from '../modules/grants/record-grants.js';
import { grantsRepository } from '../modules/grants/grants.repository.js';
import type { GrantBatcher } from '../modules/grants/record-grants.js';
import { formatMinor } from '../shared/money.js';

export interface GrantCandidate {
  nationalId: string;
  aidTypeCode: string;
  amount?: string;
}

/** Aid types the bench grants: different exclusivity groups, so one household can take each once. */
export const BENCH_AID_TYPES = ['food-basket', 'medication', 'utility-bills', 'living-allowance'];

/** The charity the generator creates first (it offers every aid type everywhere) and one of its caseworkers. */
export async function benchCaseworker(db: Kysely<DB>): Promise<Actor> {
  const u = await db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.org_id', 'u.locale', 'u.national_id'])
    .where('o.registration_number', '=', 'CH-2001')
    .where('u.role', '=', 'caseworker')
    .orderBy('u.id')
    .executeTakeFirstOrThrow();
  return { userId: u.id, orgId: u.org_id, orgKind: 'charity', role: 'caseworker', locale: u.locale, nationalId: u.national_id };
}

/** Caseworkers of the approved charities, `n` of them, taking each charity's in turn (repeating when there are fewer). */
export async function charityCaseworkers(db: Kysely<DB>, n: number): Promise<Actor[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.org_id', 'u.locale', 'u.national_id', 'o.registration_number'])
    .where('o.kind', '=', 'charity')
    .where('o.status', '=', 'approved')
    .where('u.role', '=', 'caseworker')
    .orderBy('o.registration_number')
    .orderBy('u.id')
    .execute();
  const actors = rows.map((u): Actor => ({ userId: u.id, orgId: u.org_id, orgKind: 'charity', role: 'caseworker', locale: u.locale, nationalId: u.national_id }));
  return Array.from({ length: n }, (_, i) => actors[i % actors.length]!);
}

/**
 * Heads of households that may receive each bench aid type today (no grant of its group covers
 * today), interleaved across the types. Read as the owner, outside row-level security.
 */
export async function grantCandidates(db: Kysely<DB>, dep: Deployment, today: string, perType: number): Promise<GrantCandidate[]> {
  const lists: GrantCandidate[][] = [];
  for (const code of BENCH_AID_TYPES) {
    const t = await db.selectFrom('aid_types').select(['group_code', 'form']).where('code', '=', code).executeTakeFirstOrThrow();
    const r = await sql<{ national_id: string }>`
      select p.national_id
        from household_members m
        join persons p on p.id = m.person_id
       where m.active and m.relation = 'head'
         and not exists (select 1 from grants g
                          where g.household_id = m.household_id and g.group_code = ${t.group_code}
                            and g.status = 'active' and g.exception_id is null
                            and g.during && aid_window(${code}, ${today}::date))
       order by m.household_id
       limit ${perType}`.execute(db);
    const amount = t.form === 'cash' ? formatMinor(25 * 10 ** dep.currency.minorUnits, dep.currency) : undefined;
    lists.push(r.rows.map((x) => ({ nationalId: x.national_id, aidTypeCode: code, ...(amount ? { amount } : {}) })));
  }
  const out: GrantCandidate[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

export function grantOnce(db: Kysely<DB>, actor: Actor, dep: Deployment, clock: Clock, c: GrantCandidate) {
  return inTx(db, actor, (trx) =>
    grantAid(trx, actor, dep, clock, { beneficiaryNationalId: c.nationalId, aidTypeCode: c.aidTypeCode, ...(c.amount ? { amount: c.amount } : {}) }),
  );
}

/** The same grant through the grant batcher, as the HTTP route records it (grants at the same moment share a transaction). */
export function grantBatched(batcher: GrantBatcher, actor: Actor, clock: Clock, c: GrantCandidate) {
  return batcher.grant(actor, { beneficiaryNationalId: c.nationalId, aidTypeCode: c.aidTypeCode, ...(c.amount ? { amount: c.amount } : {}) });
}

/** National IDs of members (any member, not only heads) of households the actor's charity may see. */
export async function elsewhereSample(db: Kysely<DB>, orgId: string, n: number): Promise<string[]> {
  const total = Number((await sql<{ n: number }>`select reltuples::bigint as n from pg_class where relname = 'persons'`.execute(db)).rows[0]?.n ?? 0);
  const pct = Math.min(100, Math.max(0.01, (n * 400) / Math.max(1, total)));
  const r = await sql<{ national_id: string }>`
    select p.national_id
      from persons p tablesample bernoulli (${sql.lit(pct)}) repeatable (7)
      join household_members m on m.person_id = p.id and m.active
     where mizan_org_may_see_household(${orgId}::uuid, m.household_id)
     limit ${n}`.execute(db);
  return r.rows.map((x) => x.national_id);
}

/** The aid a household received from anyone, found by a member's national ID. */
export function elsewhereOnce(db: Kysely<DB>, actor: Actor, dep: Deployment, nationalId: string) {
  return inTx(db, actor, async (trx) => {
    const { householdId } = await findBeneficiary(trx, dep, { beneficiaryNationalId: nationalId });
    const grants = await grantsRepository.listForHousehold(trx, householdId);
    return grants.filter((g) => g.status === 'active').map((g) => ({ aidType: g.aid_type_code, date: g.granted_on, amountMinor: g.amount_minor, organisationKind: g.org_kind }));
  });
}
