/**
 * The applicant's "who viewed my data": the audit trail's entries about their household (audit),
 * the acting organisations named (registry). Organisations are named, their staff members are not.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { notFound } from '../../shared/problem.js';
import { auditRepository } from '../audit/audit.repository.js';
import { LOOKUP_ACTION } from '../registry/lookups.js';
import { householdsRepository, organisationsRepository } from '../registry/registry.repository.js';

export async function accessLog(trx: Tx, a: Actor, dep: Deployment, limit: number) {
  const hit = a.nationalId ? await householdsRepository.householdOfNationalId(trx, dep.idScheme, a.nationalId) : undefined;
  if (!hit) throw notFound('Your household');
  const rows = (await auditRepository.listForHousehold(trx, hit.household_id, limit)).filter((r) => r.actor_user !== a.userId);
  const orgs = new Map((await organisationsRepository.byIds(trx, rows.flatMap((r) => (r.actor_org ? [r.actor_org] : [])))).map((o) => [o.id, o]));
  return {
    householdId: hit.household_id,
    items: rows
      // A lookup's reason is its purpose code (registry/lookups.ts), which the reader's language renders.
      .map((r) => {
        const lookup = r.action === LOOKUP_ACTION;
        const o = r.actor_org ? orgs.get(r.actor_org) : undefined;
        return { at: r.at, action: r.action, organisation: o ? { name: o.name, kind: o.kind } : null, role: r.actor_role, reason: lookup ? null : r.reason, purpose: lookup ? r.reason : null };
      }),
  };
}
