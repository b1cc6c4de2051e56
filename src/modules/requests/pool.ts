/**
 * THE ANONYMOUS POOL. An approved charity sees the open, unclaimed requests of the aid types it
 * offers in the regions it serves, with only: aid type, basket, nationality of the head, household
 * size, region (the deployment's anonymous level), submission date, deadline and priority. It is
 * read from the SQL view `request_pool`, which exposes nothing else, and the route's response
 * schema admits nothing else. Keyset (cursor) pagination is stable under either sort.
 */
import type { Deployment } from '../../deployments/setup.js';
import { anonymousRegion } from '../../deployments/setup.js';
import type { Actor, Tx } from '../../http/context.js';
import { Problem, forbidden } from '../../shared/problem.js';

export type PoolSort = 'deadline' | 'priority';

export interface PoolQuery {
  aidType?: string | undefined;
  basket?: string | undefined;
  region?: string | undefined;
  nationality?: string | undefined;
  householdSize?: number | undefined;
  sort?: PoolSort | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface PoolItem {
  id: string;
  aidType: string;
  basket: string;
  nationality: string | null;
  householdSize: number;
  region: string;
  submittedAt: string;
  deadlineAt: string;
  priority: number;
}

type Cursor = { s: PoolSort; p: number; d: string; i: string };

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(text: string, sort: PoolSort): Cursor {
  let c: Cursor;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw new Problem('validation', 'The cursor is not valid.', { field: 'cursor' });
  }
  if (!c || c.s !== sort || typeof c.p !== 'number' || typeof c.d !== 'string' || Number.isNaN(new Date(c.d).getTime()) || typeof c.i !== 'string' || !/^[0-9a-f-]{36}$/.test(c.i)) {
    throw new Problem('validation', 'The cursor is not valid for this sort.', { field: 'cursor' });
  }
  return c;
}

export async function listPool(trx: Tx, actor: Actor, dep: Deployment, q: PoolQuery): Promise<{ items: PoolItem[]; nextCursor: string | null }> {
  if (actor.orgKind !== 'charity' || !actor.orgId) throw forbidden('The pool is for charities.');
  const sort = q.sort ?? 'deadline';
  const limit = q.limit ?? 50;
  let sel = trx
    .selectFrom('request_pool')
    .select(['id', 'aid_type_code', 'basket_code', 'nationality', 'household_size', 'region_code', 'submitted_at', 'deadline_at', 'priority'])
    .where('org_id', '=', actor.orgId);
  if (q.aidType) sel = sel.where('aid_type_code', '=', q.aidType);
  if (q.basket) sel = sel.where('basket_code', '=', q.basket);
  if (q.region) sel = sel.where('region_code', '=', anonymousRegion(dep, q.region));
  if (q.nationality) sel = sel.where('nationality', '=', q.nationality.toUpperCase());
  if (q.householdSize !== undefined) sel = sel.where('household_size', '=', q.householdSize);
  if (q.cursor) {
    const c = decode(q.cursor, sort);
    const d = new Date(c.d);
    sel = sort === 'deadline'
      ? sel.where((eb) => eb.or([eb('deadline_at', '>', d), eb.and([eb('deadline_at', '=', d), eb('id', '>', c.i)])]))
      : sel.where((eb) =>
          eb.or([
            eb('priority', '<', c.p),
            eb.and([eb('priority', '=', c.p), eb('deadline_at', '>', d)]),
            eb.and([eb('priority', '=', c.p), eb('deadline_at', '=', d), eb('id', '>', c.i)]),
          ]));
  }
  if (sort === 'priority') sel = sel.orderBy('priority', 'desc');
  const rows = await sel.orderBy('deadline_at').orderBy('id').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      aidType: r.aid_type_code,
      basket: r.basket_code,
      nationality: r.nationality,
      householdSize: r.household_size,
      region: anonymousRegion(dep, r.region_code),
      submittedAt: r.submitted_at.toISOString(),
      deadlineAt: r.deadline_at.toISOString(),
      priority: r.priority,
    })),
    nextCursor: rows.length > limit && last ? encode({ s: sort, p: last.priority, d: last.deadline_at.toISOString(), i: last.id }) : null,
  };
}
