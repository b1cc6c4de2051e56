/**
 * The registry's PersonMatching (registry/likely-persons.ts) as matching gives it: at a
 * registration, the registered persons a member typed under an unknown ID may be, and the
 * blocking keys of the persons the registration wrote.
 *
 * The caseworker's charity may not read the persons of other charities' households, nor the
 * match index (person_match_keys is the ministry's and the sweep's), yet the question is about the
 * whole registry. So both run with the system's reads inside the caller's transaction
 * (withSystemReads) and give the transaction back to the caller; what leaves here is only what the
 * caseworker is shown (the name as registered, the birth year, the ID's last three digits, the
 * region) plus ids, and the registry traces each person shown.
 *
 * The search is the sweep's (findCandidatesOfMany, at reviewThreshold: the review threshold for
 * the indexed registry's size): a member is warned about a person the ministry would be asked to review.
 */
import type { Executor } from '../../db/database.js';
import type { Actor } from '../../kernel/actor.js';
import { withSystemReads } from '../../kernel/transaction.js';
import type { LikelyPerson, PersonMatching, PersonProbe } from '../registry/likely-persons.js';
import { personsForMatching } from '../registry/registry.service.js';
import { findCandidatesOfMany, indexKeys, preparePerson, prepareTyped, reviewThreshold } from './find-candidates.js';
import { matchingRepository } from './matching.repository.js';

/** How many registered persons a member is shown at most. */
export const LIKELY_SHOWN = 3;

async function likely(db: Executor, actor: Actor, probes: readonly PersonProbe[]): Promise<LikelyPerson[][]> {
  if (probes.length === 0) return [];
  return withSystemReads(db, actor, async () => {
    const found = await findCandidatesOfMany(db, probes.map((p, i) => prepareTyped(`probe:${i}`, p)), { threshold: await reviewThreshold(db) });
    const shown = found.map((f) => f.candidates.slice(0, LIKELY_SHOWN));
    const persons = new Map((await personsForMatching(db, shown.flat().map((c) => c.personId))).map((p) => [p.id, p]));
    return shown.map((list) =>
      list.flatMap((c) => {
        const p = persons.get(c.personId);
        if (!p) return [];
        return [{
          personId: p.id,
          householdId: p.household_id,
          score: Math.round(c.score * 10) / 10,
          fullName: p.full_name,
          birthYear: p.birth_date ? Number(p.birth_date.slice(0, 4)) : null,
          nationalIdEnd: p.national_id.slice(-3),
          regionCode: p.region_code,
        }];
      }),
    );
  });
}

async function index(db: Executor, actor: Actor, personIds: readonly string[], at: Date): Promise<void> {
  if (personIds.length === 0) return;
  await withSystemReads(db, actor, async () => {
    const persons = (await personsForMatching(db, personIds)).filter((p) => p.merged_into === null).map(preparePerson);
    await matchingRepository.index(db, persons.map((r) => ({ personId: r.id, keys: indexKeys(r) })), at);
  });
}

export const personMatching: PersonMatching = { likely, index };
