/**
 * THE ANONYMOUS POOL. An approved charity sees the open, unclaimed requests of the aid types it
 * offers in the regions it serves, with only: aid type, basket, nationality of the head, household
 * size, region (the deployment's anonymous level), submission date, deadline and priority. The SQL
 * view `request_pool` defines it and exposes nothing else; pages are read through
 * request_pool_page(), which returns the view's rows for the acting charity, and the route's
 * response schema admits nothing else. Keyset (cursor) pagination is stable under either sort. The
 * route keeps pages for a moment (pool-cache.ts). A request whose first offer runs (`now` before
 * its offered_until) is on the offered charity's page only: request_pool_page() decides, with the
 * rule the view and request_claim() share (request_offer_excludes.sql), and it says until when
 * (offeredUntil; null on every other page and for every other request).
 */
import type { Deployment } from '../../deployments/setup.js';
import { anonymousRegion } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem, forbidden } from '../../shared/problem.js';
import { sql } from 'kysely';
import type { RequestPoolView } from '../../db/schema.js';
import type { PoolItem } from './requests.contracts.js';

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

/** One request of the pool as its page shows it: exactly the contract's anonymous fields. */
export type { PoolItem };

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

/** The query with its defaults applied and its values in the form the database compares. */
export function normalisePoolQuery(dep: Deployment, q: PoolQuery) {
  return {
    aidType: q.aidType || null,
    basket: q.basket || null,
    region: q.region ? anonymousRegion(dep, q.region) : null,
    nationality: q.nationality ? q.nationality.toUpperCase() : null,
    householdSize: q.householdSize ?? null,
    sort: q.sort ?? 'deadline',
    cursor: q.cursor || null,
    limit: q.limit ?? 50,
  } as const;
}

/** The cache key's part for a query (src/modules/requests/pool-cache.ts): every field, in a fixed order. */
export function poolQueryKey(n: ReturnType<typeof normalisePoolQuery>): (string | number | null)[] {
  return [n.sort, n.limit, n.aidType, n.basket, n.region, n.nationality, n.householdSize, n.cursor];
}

export function assertPoolReader(actor: Actor): asserts actor is Actor & { orgId: string } {
  if (actor.orgKind !== 'charity' || !actor.orgId) throw forbidden('The pool is for charities.');
}

/** A row of the pool: the view's anonymous columns, without the charity it is shown to. */
type PoolRow = Omit<RequestPoolView, 'org_id'> & { offered_until: Date | null };

/**
 * One page of the acting charity's pool, read through request_pool_page() (0007_pool_columns.sql):
 * the charity is the transaction's organisation (mizan.org_id), the page is a walk of one index in
 * the page's order, and only the view's anonymous columns come back.
 */
export async function listPool(trx: Tx, actor: Actor, dep: Deployment, q: PoolQuery, now: Date): Promise<{ items: PoolItem[]; nextCursor: string | null }> {
  assertPoolReader(actor);
  const n = normalisePoolQuery(dep, q);
  const c = n.cursor ? decode(n.cursor, n.sort) : null;
  const { rows } = await sql<PoolRow>`
    select id, aid_type_code, basket_code, nationality, household_size, region_code, submitted_at, deadline_at, priority, offered_until
      from request_pool_page(${n.aidType}::text, ${n.basket}::text, ${n.region}::text, ${n.nationality}::text, ${n.householdSize}::integer,
                             ${n.sort}::text, ${c ? c.p : null}::integer, ${c ? new Date(c.d) : null}::timestamptz, ${c ? c.i : null}::uuid, ${n.limit + 1}::integer, ${now}::timestamptz)`.execute(trx);
  return poolPage(dep, n, rows);
}

/**
 * The ministry's view of the open requests (the priority list): every open request, whoever it is
 * offered to, with the pool's anonymous columns only, in the pool's priority order (priority, then
 * the deadline, then the id). Row-level security lets the ministry read them all; a charity reads
 * its pool through listPool instead.
 */
export async function listOpenForMinistry(trx: Tx, actor: Actor, dep: Deployment, q: Pick<PoolQuery, 'aidType' | 'region' | 'cursor' | 'limit'>): Promise<{ items: PoolItem[]; nextCursor: string | null }> {
  if (actor.orgKind !== 'ministry') throw forbidden('This list is the ministry\'s.');
  const n = normalisePoolQuery(dep, { ...q, sort: 'priority' });
  const c = n.cursor ? decode(n.cursor, n.sort) : null;
  let query = trx
    .selectFrom('aid_requests as r')
    .select(['r.id', 'r.aid_type_code', 'r.pool_basket as basket_code', 'r.pool_nationality as nationality', 'r.pool_household_size as household_size', 'r.pool_anon_region as region_code', 'r.submitted_at', 'r.deadline_at', 'r.priority'])
    .where('r.status', '=', 'open');
  if (n.aidType) query = query.where('r.aid_type_code', '=', n.aidType);
  if (n.region) query = query.where('r.pool_anon_region', '=', n.region);
  if (c) {
    query = query.where((eb) => eb.and([
      eb('r.priority', '<=', c.p),
      eb.or([eb('r.priority', '<', c.p), eb(eb.refTuple('r.deadline_at', 'r.id'), '>', eb.tuple(new Date(c.d), c.i))]),
    ]));
  }
  const rows = await query.orderBy('r.priority', 'desc').orderBy('r.deadline_at').orderBy('r.id').limit(n.limit + 1).execute();
  return poolPage(dep, n, rows.map((r) => ({ ...r, basket_code: r.basket_code ?? '', household_size: r.household_size ?? 0, region_code: r.region_code ?? '', offered_until: null })));
}

function poolPage(dep: Deployment, n: ReturnType<typeof normalisePoolQuery>, rows: PoolRow[]): { items: PoolItem[]; nextCursor: string | null } {
  const page = rows.slice(0, n.limit);
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
      offeredUntil: r.offered_until ? r.offered_until.toISOString() : null,
    })),
    nextCursor: rows.length > n.limit && last ? encode({ s: n.sort, p: last.priority, d: last.deadline_at.toISOString(), i: last.id }) : null,
  };
}
