/**
 * The ministry's search of the audit trail: the entries (audit), newest first, each acting
 * organisation named (registry); `before` pages by seq.
 */
import type { Static } from 'typebox';
import type { Tx } from '../../kernel/transaction.js';
import { auditRepository } from '../audit/audit.repository.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import type { AuditQuery as AuditQuerySchema } from './oversight.contracts.js';

export type AuditQuery = Static<typeof AuditQuerySchema>;

export async function searchAudit(trx: Tx, q: AuditQuery) {
  const limit = q.limit ?? 100;
  const rows = await auditRepository.search(trx, { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const orgs = new Map((await organisationsRepository.byIds(trx, page.flatMap((r) => (r.actor_org ? [r.actor_org] : [])))).map((o) => [o.id, o]));
  return {
    items: page.map((r) => {
      const o = r.actor_org ? orgs.get(r.actor_org) : undefined;
      return {
        seq: r.seq, at: r.at, action: r.action,
        actor: { userId: r.actor_user, orgId: r.actor_org, orgName: o?.name ?? null, orgKind: o?.kind ?? null, role: r.actor_role },
        subject: { type: r.subject_type, id: r.subject_id }, householdId: r.household_id, reason: r.reason, details: r.details, sealed: r.chain_pos !== null,
      };
    }),
    nextCursor: rows.length > limit ? page[page.length - 1]!.seq : null,
  };
}
