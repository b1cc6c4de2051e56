/**
 * The priority list: the open requests of a region, most urgent first (priority, then the
 * earliest deadline), each with "why this priority" — the points each factor of its need score
 * contributed, without any personal data. The ministry sees every open request; a charity sees
 * exactly what its pool would show (requests/pool.ts listPool, first offers included), anonymously,
 * and until when a request is offered to it first.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { listOpenForMinistry, listPool } from '../requests/pool.js';
import { scoringRepository } from './scoring.repository.js';
import type { PriorityItem } from './scoring.contracts.js';

export async function priorityList(trx: Tx, actor: Actor, dep: Deployment, q: { region?: string | undefined; aidType?: string | undefined; cursor?: string | undefined; limit?: number | undefined }, now: Date): Promise<{ items: PriorityItem[]; nextCursor: string | null }> {
  const page = actor.orgKind === 'ministry'
    ? await listOpenForMinistry(trx, actor, dep, q)
    : await listPool(trx, actor, dep, { ...q, sort: 'priority' }, now);
  const why = await scoringRepository.explanations(trx, page.items.map((i) => i.id), now);
  return {
    items: page.items.map(({ offeredUntil, ...i }) => {
      const e = why.get(i.id);
      return {
        ...i,
        score: e?.score ?? null,
        modelVersion: e?.modelVersion ?? null,
        // a charity's pool says it; for the ministry, the explanation (offered to any charity)
        firstOfferUntil: offeredUntil ?? (e?.offeredUntil ? e.offeredUntil.toISOString() : null),
        why: (e?.contributions ?? []).filter((c) => c.points > 0).sort((a, b) => b.points - a.points),
      };
    }),
    nextCursor: page.nextCursor,
  };
}
