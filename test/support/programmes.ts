/** A programme made and opened through the programmes' use cases, for tests that need one in place. */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import type { Deployment } from '../../src/deployments/setup.js';
import type { Actor } from '../../src/kernel/actor.js';
import { inTx } from '../../src/kernel/transaction.js';
import { defineProgramme, openProgrammePhase, planProgrammeRegion, setProgrammeStatus } from '../../src/modules/programmes/define-programme.js';
import { publishCriteria, saveCriteria } from '../../src/modules/programmes/criteria.js';

export async function openProgramme(
  db: Kysely<DB>, dep: Deployment, by: Actor,
  p: { code: string; kind?: 'cash' | 'service'; aidTypeCode?: string; funding?: 'general' | 'zakat'; rule: unknown; benefit?: unknown; regions: { code: string; capacity?: number }[] },
): Promise<string> {
  const now = new Date();
  return inTx(db, by, async (trx) => {
    const kind = p.kind ?? 'cash';
    const made = await defineProgramme(trx, by, dep, {
      code: p.code, kind, ...(kind === 'service' ? { serviceKind: 'training' as const } : {}), aidTypeCode: p.aidTypeCode ?? (kind === 'cash' ? 'monthly-benefit' : 'vocational-training'),
      funding: p.funding ?? 'general', names: { en: p.code, ar: p.code, fa: p.code },
    }, now);
    await saveCriteria(trx, by, dep, made.id, { rule: p.rule, ...(p.benefit !== undefined ? { benefit: p.benefit } : {}) }, now);
    await publishCriteria(trx, by, dep, made.id, now);
    for (const r of p.regions) await planProgrammeRegion(trx, by, dep, made.id, r.code, { phase: 1, ...(r.capacity ? { capacityHouseholds: r.capacity } : {}) }, now);
    await openProgrammePhase(trx, by, dep, made.id, 1, now);
    await setProgrammeStatus(trx, by, dep, made.id, 'active', now);
    return made.id;
  });
}
