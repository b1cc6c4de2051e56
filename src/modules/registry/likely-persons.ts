/**
 * "THIS MAY BE SOMEONE ALREADY REGISTERED", explained.
 *
 * A caseworker registering a household or adding a member types a national ID. When that ID is
 * registered, the registration lands on that person (registerHousehold, insertNewMember). When it
 * is not — a new person, or a known person under a mistyped ID — person matching is asked which
 * registered persons the member may be, before any record is made:
 *
 * - registry cannot import matching (matching reads the registry), so matching's search reaches
 *   the registry through this port, PersonMatching, which the application gives the registry's
 *   routes (src/http/app.ts: matching/likely-persons.ts implements it);
 * - a member the search names a person for, and for whom the caseworker has not decided, refuses
 *   the registration with 409 `possible-duplicate-person` and, per member, the persons it may be:
 *   the name as registered, the birth year, the last three digits of the ID and the region, each
 *   shown person traced as a lookup (purpose household-registration, via likely-match: the person
 *   sees it in "who viewed my data"); nothing else is written;
 * - the caseworker then says per member either `sameAs` (this is that person: the member is that
 *   record, its data kept as registered, never a second record) or `notSameAs` (not these persons:
 *   the member is registered as typed, and the daily sweep may still propose the pair to the
 *   ministry). A `sameAs` is taken only when the search names that person for the member again, so
 *   the field can't attach any record one knows the id of;
 * - the new and updated persons' blocking keys are written in the same transaction (`index`), so
 *   the next registration finds them without waiting for the sweep.
 */
import type { Executor } from '../../db/database.js';
import type { IdScheme } from '../../shared/identity/national-id.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem } from '../../shared/problem.js';
import { Refused, traceLookup } from './lookups.js';

/** A member as typed, to be searched for. */
export interface PersonProbe {
  idScheme: IdScheme;
  nationalId: string;
  fullName: string;
  birthDate: string | null;
  sex: 'F' | 'M' | null;
  phone: string | null;
  regionCode: string | null;
}

/** A registered person a probe may be, as the caseworker is shown them. */
export interface LikelyPerson {
  personId: string;
  householdId: string | null;
  score: number;
  fullName: string;
  birthYear: number | null;
  nationalIdEnd: string;
  regionCode: string | null;
}

export interface PersonMatching {
  /** For each probe, the registered persons it may be, best first (at most three). Searches the whole registry. */
  likely(db: Executor, actor: Actor, probes: readonly PersonProbe[]): Promise<LikelyPerson[][]>;
  /** These persons' blocking keys written now (again when they changed). */
  index(db: Executor, actor: Actor, personIds: readonly string[], at: Date): Promise<void>;
}

/** A member's decision about the persons the search named. */
export interface LikelyDecision {
  sameAs?: string | null | undefined;
  notSameAs?: readonly string[] | undefined;
}

/**
 * Searches the members not registered under the ID typed. Answers the refusal to return (the
 * traces of the persons shown are written), or, per member index, the registered person a
 * `sameAs` was confirmed for.
 */
export async function checkLikelyPersons(
  db: Executor,
  actor: Actor,
  matching: PersonMatching,
  members: readonly { probe: PersonProbe; decision: LikelyDecision; registered: boolean; field: string }[],
  t: { at: Date },
): Promise<Refused | Map<number, LikelyPerson>> {
  const asked = members.map((m, i) => ({ ...m, i })).filter((m) => !m.registered);
  const linked = new Map<number, LikelyPerson>();
  if (asked.length === 0) return linked;
  const found = await matching.likely(db, actor, asked.map((m) => m.probe));
  const warnings: { field: string; member: number; candidates: LikelyPerson[] }[] = [];
  for (const [k, m] of asked.entries()) {
    const candidates = found[k] ?? [];
    const sameAs = m.decision.sameAs;
    if (sameAs) {
      const person = candidates.find((c) => c.personId === sameAs);
      if (!person) {
        const field = m.field.replace(/nationalId$/, 'sameAs');
        throw new Problem('validation', `${field} is not a registered person this member may be. Register again to see whom the member may be.`, { field });
      }
      linked.set(m.i, person);
      continue;
    }
    const open = candidates.filter((c) => !(m.decision.notSameAs ?? []).includes(c.personId));
    if (open.length) warnings.push({ field: m.field, member: m.i, candidates: open });
  }
  if (warnings.length === 0) return linked;
  for (const w of warnings) {
    for (const c of w.candidates) await traceLookup(db, actor, { purpose: 'household-registration', via: 'likely-match', householdId: c.householdId, personId: c.personId, at: t.at });
  }
  const n = warnings.length;
  return new Refused(
    new Problem(
      'possible-duplicate-person',
      `${n === 1 ? 'A member' : `${n} members`} may be already registered under another national ID. For each, say whether it is the person shown (sameAs) or not (notSameAs), then register again.`,
      { matches: warnings.map((w) => ({ field: w.field, member: w.member, candidates: w.candidates.map(({ householdId, ...shown }) => ({ ...shown, inHousehold: householdId !== null })) })) },
    ),
  );
}
