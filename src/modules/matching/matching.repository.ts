/**
 * SQL for person matching's own tables (0025): the blocking keys of indexed persons, which persons
 * are indexed, and the proposals the ministry decides. Every method takes the executor; row-level
 * security keeps all three to the ministry and the sweep (src/db/definitions/policies/).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export interface MatchKey {
  kind: string;
  value: string;
}

export const matchingRepository = {
  /** The ids among these that are indexed already. */
  async indexedAmong(db: Executor, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.selectFrom('person_match_indexed').select('person_id').where('person_id', 'in', [...new Set(ids)]).execute();
    return new Set(rows.map((r) => r.person_id));
  },
  async indexedCount(db: Executor): Promise<number> {
    const r = await db.selectFrom('person_match_indexed').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  },
  /** These persons' keys written (again) and the persons marked indexed now, in three statements for the lot; keys already there are kept (the primary key). */
  async index(db: Executor, items: readonly { personId: string; keys: readonly MatchKey[] }[], at: Date) {
    if (items.length === 0) return;
    const ids = items.map((x) => x.personId);
    await db.deleteFrom('person_match_keys').where('person_id', 'in', ids).execute();
    const rows = items.flatMap((x) => x.keys.map((k) => [x.personId, k.kind, k.value] as const));
    if (rows.length) {
      await sql`insert into person_match_keys (person_id, kind, value)
                select * from unnest(${rows.map((r) => r[0])}::uuid[], ${rows.map((r) => r[1])}::text[], ${rows.map((r) => r[2])}::text[])
                on conflict do nothing`.execute(db);
    }
    await sql`insert into person_match_indexed (person_id, indexed_at)
              select p, ${at}::timestamptz from unnest(${ids}::uuid[]) as p
              on conflict (person_id) do update set indexed_at = excluded.indexed_at`.execute(db);
  },
  /**
   * The day's count of the indexed persons' names and phones (0027): person_match_counts replaced
   * by the counts of the keys of `kinds`, and the number indexed as kind '*' (its value a new id of
   * this count, by which a reader knows its copy is current).
   */
  async recount(db: Executor, kinds: readonly string[], at: Date) {
    await db.deleteFrom('person_match_counts').execute();
    await sql`insert into person_match_counts (kind, value, n, counted_at)
              select kind, value, count(*)::int, ${at}::timestamptz from person_match_keys where kind = any (${kinds}::text[]) group by kind, value
              union all
              select '*', gen_random_uuid()::text, count(*)::int, ${at}::timestamptz from person_match_indexed having count(*) > 0`.execute(db);
  },
  /** The last count: its id and the number of persons indexed then (null before the first). */
  async lastCount(db: Executor): Promise<{ id: string; total: number } | null> {
    const r = await db.selectFrom('person_match_counts').select(['value', 'n']).where('kind', '=', '*').executeTakeFirst();
    return r ? { id: r.value, total: Number(r.n) } : null;
  },
  /** The counted (kind, value)s of these kinds held by at least `min` persons. */
  countsAtLeast(db: Executor, kinds: readonly string[], min: number) {
    return db.selectFrom('person_match_counts').select(['kind', 'value', 'n']).where('kind', 'in', [...kinds]).where('n', '>=', min).execute();
  },
  /** The counted number of each of these (kind, value)s that was counted. Keyed by `kind value`. */
  async counts(db: Executor, keys: readonly MatchKey[]): Promise<Map<string, number>> {
    const n = new Map<string, number>();
    if (keys.length === 0) return n;
    const r = await sql<{ kind: string; value: string; n: number }>`
      select c.kind, c.value, c.n from person_match_counts c
        join (select distinct kind, value from unnest(${keys.map((k) => k.kind)}::text[], ${keys.map((k) => k.value)}::text[]) as w (kind, value)) w on w.kind = c.kind and w.value = c.value`.execute(db);
    for (const x of r.rows) n.set(`${x.kind} ${x.value}`, Number(x.n));
    return n;
  },
  /** A record merged into another is no longer a candidate: its keys go (it stays marked indexed, so it is not indexed again). */
  forgetKeys(db: Executor, personId: string) {
    return db.deleteFrom('person_match_keys').where('person_id', '=', personId).execute();
  },
  /**
   * The persons holding each of these keys, except keys held by more than `maxBlock` persons (a
   * tribe's family phone, the commonest name and region): those are skipped, as blocking.ts skips
   * them in memory, and named. One statement for any number of keys (a whole sweep batch's): the
   * keys' sizes, then their holders. A size is counted up to maxBlock + 1 only: beyond that it
   * changes nothing, and counting a common key to the end read most of the index pages of a batch
   * (1M persons: 0.96 s → 0.45 s for 1 000 records' 12 000 keys). Keyed by `kind value`.
   */
  async holders(db: Executor, keys: readonly MatchKey[], maxBlock: number): Promise<{ holders: Map<string, string[]>; skipped: Set<string> }> {
    const holders = new Map<string, string[]>();
    const skipped = new Set<string>();
    if (keys.length === 0) return { holders, skipped };
    const kinds = keys.map((k) => k.kind);
    const values = keys.map((k) => k.value);
    const r = await sql<{ kind: string; value: string; person_id: string | null }>`
      with wanted as (select distinct kind, value from unnest(${kinds}::text[], ${values}::text[]) as w (kind, value)),
           sized as (select w.kind, w.value, (select count(*) from (select from person_match_keys k where k.kind = w.kind and k.value = w.value limit ${maxBlock + 1}) l) as n from wanted w)
      select s.kind, s.value, k.person_id
        from sized s join person_match_keys k on k.kind = s.kind and k.value = s.value
       where s.n <= ${maxBlock}
      union all
      select s.kind, s.value, null from sized s where s.n > ${maxBlock}`.execute(db);
    for (const x of r.rows) {
      const key = `${x.kind} ${x.value}`;
      if (x.person_id === null) skipped.add(key);
      else {
        const list = holders.get(key);
        if (list) list.push(x.person_id);
        else holders.set(key, [x.person_id]);
      }
    }
    return { holders, skipped };
  },
  /**
   * A pending proposal of the pair, unless the pair was proposed before: one proposal per ordered pair
   * (match_proposals_one_per_pair) and ON CONFLICT DO NOTHING, so a pair decided 'different' is never
   * proposed again. True when inserted.
   */
  async propose(db: Executor, p: { personA: string; personB: string; score: number; explanation: unknown; at: Date }): Promise<boolean> {
    const [a, b] = p.personA < p.personB ? [p.personA, p.personB] : [p.personB, p.personA];
    const r = await db
      .insertInto('match_proposals')
      .values({ person_a: a, person_b: b, score: p.score, explanation: JSON.stringify(p.explanation), created_at: p.at })
      .onConflict((c) => c.columns(['person_a', 'person_b']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  },
  list(db: Executor, f: { status: 'pending' | 'same' | 'different'; limit: number }) {
    return db.selectFrom('match_proposals').selectAll().where('status', '=', f.status).orderBy('score', 'desc').orderBy('id').limit(f.limit).execute();
  },
  /** A proposal locked until commit: two decisions of one proposal wait for each other. */
  lock(db: Executor, id: string) {
    return db.selectFrom('match_proposals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  /** The decision, once: a conditional UPDATE of a pending proposal (false when it was decided already). */
  async decide(db: Executor, d: { id: string; status: 'same' | 'different'; by: string; reason: string; at: Date }): Promise<boolean> {
    const r = await db
      .updateTable('match_proposals')
      .set({ status: d.status, decided_by: d.by, decided_at: d.at, reason: d.reason })
      .where('id', '=', d.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};

export type ProposalRow = Awaited<ReturnType<typeof matchingRepository.list>>[number];
