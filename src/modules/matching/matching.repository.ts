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
  /** A person's keys written (again) and the person marked indexed now; keys already there are kept (the primary key). */
  async index(db: Executor, personId: string, keys: readonly MatchKey[], at: Date) {
    await db.deleteFrom('person_match_keys').where('person_id', '=', personId).execute();
    if (keys.length) await db.insertInto('person_match_keys').values(keys.map((k) => ({ person_id: personId, kind: k.kind, value: k.value }))).onConflict((c) => c.doNothing()).execute();
    await db.insertInto('person_match_indexed').values({ person_id: personId, indexed_at: at }).onConflict((c) => c.column('person_id').doUpdateSet({ indexed_at: at })).execute();
  },
  /** A record merged into another is no longer a candidate: its keys go (it stays marked indexed, so it is not indexed again). */
  forgetKeys(db: Executor, personId: string) {
    return db.deleteFrom('person_match_keys').where('person_id', '=', personId).execute();
  },
  /**
   * The persons holding any of these keys, except keys held by more than `maxBlock` persons (a
   * tribe's family phone, the commonest name and region): those are skipped, as blocking.ts skips
   * them in memory, and counted. One statement: the keys' sizes, then their holders.
   */
  async holders(db: Executor, keys: readonly MatchKey[], maxBlock: number): Promise<{ personIds: string[]; skippedKeys: number }> {
    if (keys.length === 0) return { personIds: [], skippedKeys: 0 };
    const kinds = keys.map((k) => k.kind);
    const values = keys.map((k) => k.value);
    const r = await sql<{ person_id: string | null; skipped: boolean }>`
      with wanted as (select distinct kind, value from unnest(${kinds}::text[], ${values}::text[]) as w (kind, value)),
           sized as (select w.kind, w.value, (select count(*) from person_match_keys k where k.kind = w.kind and k.value = w.value) as n from wanted w)
      select distinct k.person_id, false as skipped
        from sized s join person_match_keys k on k.kind = s.kind and k.value = s.value
       where s.n <= ${maxBlock}
      union all
      select null, true from sized s where s.n > ${maxBlock}`.execute(db);
    return { personIds: [...new Set(r.rows.flatMap((x) => (x.person_id ? [x.person_id] : [])))], skippedKeys: r.rows.filter((x) => x.skipped).length };
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
