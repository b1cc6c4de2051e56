/**
 * The applicant's "who viewed my data": the audit trail's entries about their household (audit),
 * the acting organisations named (registry). Organisations are named, their staff members are not.
 *
 * Newest first, one entry per viewing session: the audit trail keeps every read, and reads of the
 * same file by the same person for the same purpose, each within VIEWING_SESSION_MS of the next, are
 * shown as one entry with the number of views and when the session began (a case reloaded five
 * times is one visit, not five). A purpose is a code (ACCESS_PURPOSES, registry/lookups.ts) that the
 * reader's language renders; an older entry's free-text reason is shown as it was written.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { notFound } from '../../shared/problem.js';
import { auditRepository } from '../audit/audit.repository.js';
import { isAccessPurpose } from '../registry/lookups.js';
import { householdsRepository, organisationsRepository } from '../registry/registry.repository.js';

/** Reads of one file closer together than this belong to one viewing session. */
export const VIEWING_SESSION_MS = 30 * 60_000;

/** The reads that are grouped into viewing sessions. */
const READS = new Set(['personal_data.read']);

/** Free-text reasons written before purposes were codes, by the code they stand for. */
const LEGACY_PURPOSES: Record<string, string> = { 'case study': 'case-study' };

/** How many audit rows are read per entry asked for: several reloads fold into one entry. */
const ROWS_PER_ENTRY = 5;

interface Entry {
  at: Date; firstAt: Date; views: number; action: string; subjectType: string | null;
  organisation: { name: string; kind: 'ministry' | 'charity' } | null; role: string | null; reason: string | null; purpose: string | null;
}

export async function accessLog(trx: Tx, a: Actor, dep: Deployment, limit: number) {
  const hit = a.nationalId ? await householdsRepository.householdOfNationalId(trx, dep.idScheme, a.nationalId) : undefined;
  if (!hit) throw notFound('Your household');
  const rows = (await auditRepository.listForHousehold(trx, hit.household_id, limit * ROWS_PER_ENTRY)).filter((r) => r.actor_user !== a.userId);
  rows.sort((x, y) => y.at.getTime() - x.at.getTime() || y.seq - x.seq);
  const orgs = new Map((await organisationsRepository.byIds(trx, rows.flatMap((r) => (r.actor_org ? [r.actor_org] : [])))).map((o) => [o.id, o]));
  const items: Entry[] = [];
  // The open session of each reader, file and purpose: the entry its next older read may join.
  const open = new Map<string, Entry>();
  for (const r of rows) {
    const code = r.reason === null ? null : (LEGACY_PURPOSES[r.reason] ?? r.reason);
    const purpose = isAccessPurpose(code) ? code : null;
    const key = READS.has(r.action) ? JSON.stringify([r.actor_user, r.actor_org, r.action, r.subject_type, r.subject_id, r.reason]) : null;
    const session = key ? open.get(key) : undefined;
    if (session && session.firstAt.getTime() - r.at.getTime() <= VIEWING_SESSION_MS) {
      session.firstAt = r.at;
      session.views += 1;
      continue;
    }
    const o = r.actor_org ? orgs.get(r.actor_org) : undefined;
    const entry: Entry = {
      at: r.at, firstAt: r.at, views: 1, action: r.action, subjectType: r.subject_type,
      organisation: o ? { name: o.name, kind: o.kind } : null, role: r.actor_role,
      reason: purpose ? null : r.reason, purpose,
    };
    items.push(entry);
    if (key) open.set(key, entry);
  }
  return { householdId: hit.household_id, items: items.slice(0, limit) };
}
