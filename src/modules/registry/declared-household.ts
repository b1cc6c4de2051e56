/**
 * A household as its applicant declared it (declarations module): registered by the first
 * submitted declaration, its members brought in line by each later one. Published for the
 * declarations module; the registry's one rule still decides: a person is an active member of at
 * most one household (the unique index household_members_one_active, also under concurrency). A
 * national ID already known is linked, never made a second person (its record stays as the
 * registry has it).
 *
 * An applicant may neither create households nor persons under row-level security (those are
 * staff's, scoped to their organisation). The writes below are made as the system ON THE
 * APPLICANT'S BEHALF, inside the applicant's own transaction: the acting context is switched to
 * the system for them and back to the applicant right after, and the audit entry names the
 * applicant ('household.register' / 'household.declared-update', details.via 'declaration'). What
 * may be written is decided before: the household is the applicant's own (or new), the applicant
 * is its head, and the IDs were checked by the caller.
 */
import { sql } from 'kysely';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { SYSTEM_ACTOR } from '../../kernel/actor.js';
import { setActor, type Tx } from '../../kernel/transaction.js';
import type { Relation } from '../../db/schema.js';
import { compactKey, matchKey } from '../../shared/text/fold.js';
import { normalizeDigits } from '../../shared/identity/national-id.js';
import { audit } from '../audit/audit.service.js';
import { assertRegion, endMembership } from './registry.service.js';
import { householdsRepository, organisationsRepository } from './registry.repository.js';

export interface DeclaredMember {
  /** Already normalised and checked (the declaration checked each with its path). */
  nationalId: string;
  fullName: string;
  birthDate: string | null;
  relation: Relation;
}

export interface DeclaredHousehold {
  regionCode: string;
  /** The head's phone (the number the inviting charity uploaded), if known. */
  phone: string | null;
  /** The first is the head: the applicant. */
  members: DeclaredMember[];
}

export type DeclaredOutcome =
  | { ok: true; householdId: string; added: number; removed: number; registered: boolean }
  /** The member at this index is an active member of another household: nothing was changed by this call. */
  | { ok: false; memberIndex: number };

/** The household the applicant is an active member of, if any (their national ID). */
export async function householdOfApplicant(trx: Tx, dep: Deployment, applicant: Actor): Promise<string | null> {
  if (!applicant.nationalId) return null;
  return (await householdsRepository.householdOfNationalId(trx, dep.idScheme, applicant.nationalId))?.household_id ?? null;
}

/**
 * Registers the declared household (householdId null) or brings the applicant's household in line
 * with the declaration: members added, members no longer declared leave, relations and names
 * updated. Refused (an outcome, not a throw) when a member is in another household; the caller
 * turns it into its Problem and its transaction rolls back.
 */
export async function applyDeclaredHousehold(trx: Tx, applicant: Actor, dep: Deployment, householdId: string | null, input: DeclaredHousehold, now: Date): Promise<DeclaredOutcome> {
  if (applicant.role !== 'applicant' || !applicant.nationalId || input.members[0]?.nationalId !== applicant.nationalId || input.members[0].relation !== 'head') {
    throw new Error('A declared household is its applicant\'s, with the applicant as its head.');
  }
  assertRegion(dep, input.regionCode);
  const known = await householdsRepository.findPersonsByNationalIds(trx, dep.idScheme, input.members.map((m) => m.nationalId));
  const byId = new Map(known.map((p) => [p.national_id, p]));
  const elsewhere = input.members.findIndex((m) => {
    const h = byId.get(m.nationalId)?.active_household_id;
    return h !== null && h !== undefined && h !== householdId;
  });
  if (elsewhere >= 0) return { ok: false, memberIndex: elsewhere };

  await setActor(trx, SYSTEM_ACTOR);
  const outcome = await write(trx, dep, householdId, input, byId, now);
  // back to the applicant, also after a refusal (the caller throws it and its transaction rolls back)
  await setActor(trx, applicant);
  if (!outcome.ok) return outcome;
  await audit(trx, applicant, {
    action: outcome.registered ? 'household.register' : 'household.declared-update', subjectType: 'household', subjectId: outcome.householdId, householdId: outcome.householdId,
    details: { via: 'declaration', members: input.members.length, added: outcome.added, removed: outcome.removed }, at: now,
  });
  return outcome;
}

async function write(trx: Tx, dep: Deployment, householdId: string | null, input: DeclaredHousehold, byId: Map<string, { id: string; national_id: string }>, now: Date): Promise<DeclaredOutcome> {
  const registered = householdId === null;
  const id = householdId ?? (await householdsRepository.insertHousehold(trx, { regionCode: input.regionCode, address: null, phone: input.phone ? normalizeDigits(input.phone) : null, createdByOrg: null })).id;
  if (!registered) await householdsRepository.setRegion(trx, id, input.regionCode);
  const current = registered ? [] : await householdsRepository.members(trx, id);
  const declared = new Set(input.members.map((m) => m.nationalId));
  let removed = 0;
  for (const c of current) {
    if (!declared.has(c.national_id)) {
      await endMembership(trx, id, c.person_id, now);
      removed += 1;
    }
  }
  // relations change before anyone becomes head (one head at a time: household_members_one_head)
  const currentById = new Map(current.map((c) => [c.national_id, c]));
  for (const m of [...input.members].sort((a, b) => (a.relation === 'head' ? 1 : 0) - (b.relation === 'head' ? 1 : 0))) {
    const c = currentById.get(m.nationalId);
    if (c && c.relation !== m.relation) await householdsRepository.setRelation(trx, id, c.person_id, m.relation);
  }
  let added = 0;
  for (const [i, m] of input.members.entries()) {
    const person = {
      idScheme: dep.idScheme, nationalId: m.nationalId, fullName: m.fullName.normalize('NFC').trim(), nameKey: matchKey(m.fullName), compactKey: compactKey(m.fullName),
      birthDate: m.birthDate, sex: null, nationality: dep.nationality.toUpperCase(), phone: i === 0 && input.phone ? normalizeDigits(input.phone) : null,
    };
    const prior = byId.get(m.nationalId);
    if (!currentById.has(m.nationalId)) {
      // ONE PERSON PER NATIONAL ID, ONE ACTIVE HOUSEHOLD PER PERSON: the unique indexes decide
      // between two declarations at once (the later waits for the earlier's commit, then collides).
      let personId = prior?.id;
      if (!personId) {
        await sql`savepoint declared_person`.execute(trx);
        try {
          personId = (await householdsRepository.insertPerson(trx, person)).id;
          await sql`release savepoint declared_person`.execute(trx);
        } catch (e) {
          const err = e as { code?: string; constraint?: string };
          if (err.code !== '23505' || err.constraint !== 'persons_id_scheme_national_id_key') throw e;
          await sql`rollback to savepoint declared_person`.execute(trx);
          const [known] = await householdsRepository.findPersonsByNationalIds(trx, dep.idScheme, [m.nationalId]);
          if (!known || (known.active_household_id && known.active_household_id !== id)) return { ok: false, memberIndex: i };
          personId = known.id;
        }
      }
      await sql`savepoint declared_member`.execute(trx);
      try {
        await householdsRepository.insertMember(trx, { householdId: id, personId, relation: m.relation });
      } catch (e) {
        const err = e as { code?: string; constraint?: string };
        if (err.code === '23505' && err.constraint === 'household_members_one_active') {
          await sql`rollback to savepoint declared_member`.execute(trx);
          return { ok: false, memberIndex: i };
        }
        throw e;
      }
      await sql`release savepoint declared_member`.execute(trx);
      added += 1;
    }
  }
  return { ok: true, householdId: id, added, removed, registered };
}

/** The household a national ID is an active member of (registry-wide; its ID only, never shown to the applicant). */
export async function householdOfNationalId(trx: Tx, dep: Deployment, nationalId: string): Promise<string | null> {
  return (await householdsRepository.householdOfNationalId(trx, dep.idScheme, nationalId))?.household_id ?? null;
}

/** An organisation's name (the charity that invited an applicant). */
export async function organisationName(trx: Tx, orgId: string): Promise<string | null> {
  return (await organisationsRepository.findById(trx, orgId))?.name ?? null;
}
