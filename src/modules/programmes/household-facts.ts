/**
 * A household's facts, as the eligibility rules read them: the row of household_facts_live (the
 * database's one definition of each fact, src/db/definitions/views/household_facts_live.sql) named
 * by the facts catalogue (rules/facts.ts). Money comes back from PostgreSQL as text or number by
 * driver; it is turned into a number here, once.
 */
import type { Acting } from '../../kernel/actor.js';
import { withSystemReads, type Tx } from '../../kernel/transaction.js';
import { FACTS, FACT_NAMES, type HouseholdFacts } from './rules/facts.js';
import { programmesRepository } from './programmes.repository.js';

export function factsFromRow(row: Record<string, unknown>): HouseholdFacts {
  const out = {} as Record<string, number | string | boolean | null>;
  for (const name of FACT_NAMES) {
    const f = FACTS[name];
    const v = row[f.column];
    if (v === null || v === undefined) out[name] = null;
    else if (f.kind === 'code') out[name] = String(v);
    else if (f.kind === 'boolean') out[name] = Boolean(v);
    else out[name] = Number(v);
  }
  return out as HouseholdFacts;
}

/**
 * The household's facts now, whoever in the household declared them: read with the system's
 * row-level security (withSystemReads), since a decision is about the household, not about what
 * the reader may see. The caller has decided that `actor` may be told of this household (its own
 * household, an application it may read); null when there is no such household.
 */
export async function householdFacts(db: Tx, actor: Acting, householdId: string): Promise<HouseholdFacts | null> {
  const row = await withSystemReads(db, actor, () => programmesRepository.liveFacts(db, householdId));
  return row ? factsFromRow(row as unknown as Record<string, unknown>) : null;
}
