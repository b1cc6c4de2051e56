/** The audit trail: every reveal of personal data and every decision is written here. */
import type { Executor } from '../../db/database.js';
import type { Acting } from '../../kernel/actor.js';
import { auditRepository, type AuditEntry } from './audit.repository.js';

export function audit(db: Executor, actor: Acting | null, entry: AuditEntry): Promise<number> {
  return auditRepository.append(
    db,
    { userId: actor?.userId ?? null, orgId: actor?.orgId ?? null, role: actor?.role ?? null },
    entry,
  );
}
