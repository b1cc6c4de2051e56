/**
 * The ministry's search of the audit trail: the entries (audit), newest first, each acting
 * organisation named (registry), each staff member named (identity; an applicant is never named),
 * the household and the request by their short references; `before` pages by seq.
 *
 * A search by a person's national ID is itself a lookup of personal data: it finds the person's
 * household (registry) and writes an audit entry (`audit.search_person`, the person and the
 * household, never the ID) in the same transaction, before any entry is read; the entry is the
 * first of its own answer.
 */
import type { Static } from 'typebox';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { auditRepository } from '../audit/audit.repository.js';
import { audit } from '../audit/audit.service.js';
import { identityRepository } from '../identity/identity.repository.js';
import { requireValidId } from '../registry/national-ids.js';
import { householdsRepository, organisationsRepository } from '../registry/registry.repository.js';
import { requestRef } from '../requests/timeline.js';
import { shortRef as householdRef } from '../../shared/short-ref.js';
import type { AuditQuery as AuditQuerySchema } from './oversight.contracts.js';

export type AuditQuery = Static<typeof AuditQuerySchema>;

export const AUDIT_SEARCH_PERSON = 'audit.search_person';

// A household's short reference has the form of a request's (as the kardex gives it).

export async function searchAudit(trx: Tx, actor: Actor, dep: Deployment, q: AuditQuery) {
  const limit = q.limit ?? 100;
  let householdId = q.householdId;
  let person: { found: boolean; householdId: string | null; householdRef: string | null } | null = null;
  if (q.nationalId !== undefined) {
    const nationalId = requireValidId(dep.idScheme, q.nationalId, 'nationalId');
    const hit = await householdsRepository.householdOfNationalId(trx, dep.idScheme, nationalId);
    // Only the first page is a new lookup; the next pages of the same answer are not traced again.
    if (q.before === undefined) {
      await audit(trx, actor, { action: AUDIT_SEARCH_PERSON, subjectType: 'person', subjectId: hit?.person_id ?? null, householdId: hit?.household_id ?? null, reason: 'audit search by national ID' });
    }
    person = { found: !!hit, householdId: hit?.household_id ?? null, householdRef: hit ? householdRef(hit.household_id) : null };
    if (!hit || (householdId !== undefined && householdId !== hit.household_id)) return { items: [], nextCursor: null, person };
    householdId = hit.household_id;
  }
  const { nationalId: _, ...filters } = q;
  const rows = await auditRepository.search(trx, { ...filters, householdId, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const orgs = new Map((await organisationsRepository.byIds(trx, page.flatMap((r) => (r.actor_org ? [r.actor_org] : [])))).map((o) => [o.id, o]));
  const names = new Map((await identityRepository.staffNames(trx, page.flatMap((r) => (r.actor_user && r.actor_role !== 'applicant' ? [r.actor_user] : [])))).map((u) => [u.id, u.display_name]));
  return {
    items: page.map((r) => {
      const o = r.actor_org ? orgs.get(r.actor_org) : undefined;
      const requestId = requestOf(r);
      return {
        seq: r.seq, at: r.at, action: r.action,
        actor: { userId: r.actor_user, orgId: r.actor_org, orgName: o?.name ?? null, orgKind: o?.kind ?? null, role: r.actor_role, name: r.actor_user ? names.get(r.actor_user) ?? null : null },
        subject: { type: r.subject_type, id: r.subject_id }, householdId: r.household_id, reason: r.reason, details: r.details, sealed: r.chain_pos !== null,
        householdRef: r.household_id ? householdRef(r.household_id) : null,
        requestId, requestRef: requestId ? requestRef(requestId) : null,
      };
    }),
    nextCursor: rows.length > limit ? page[page.length - 1]!.seq : null,
    person,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request an entry is about: its subject, or the request its details name (a grant given for one). */
function requestOf(r: { subject_type: string; subject_id: string | null; details: unknown }): string | null {
  if (r.subject_type === 'request' && r.subject_id && UUID.test(r.subject_id)) return r.subject_id;
  const d = r.details as { requestId?: unknown } | null;
  return d && typeof d.requestId === 'string' && UUID.test(d.requestId) ? d.requestId : null;
}
