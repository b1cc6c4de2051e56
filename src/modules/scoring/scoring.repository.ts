/**
 * SQL of the scoring module: the versions of the ministry's model (need_models), the scores
 * (need_scores) and which requests each score opened (need_score_requests). SQL only.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Contribution, NeedModel } from './need-score.js';

type StoredModel = Omit<NeedModel, 'version'>;

export const scoringRepository = {
  /** The active model: the highest version. */
  async activeModel(db: Executor): Promise<{ version: number; model: StoredModel; createdAt: Date; createdBy: string | null } | undefined> {
    const r = await db.selectFrom('need_models').select(['version', 'model', 'created_at', 'created_by']).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return r && { version: r.version, model: r.model as unknown as StoredModel, createdAt: r.created_at, createdBy: r.created_by };
  },
  /**
   * A new version. Two edits made from the same version collide on the primary key (23505
   * need_models_pkey): the later one is refused, never silently merged.
   */
  insertModel(db: Executor, m: { version: number; model: StoredModel; at: Date; by: string | null; note: string | null }) {
    return db.insertInto('need_models').values({ version: m.version, model: JSON.stringify(m.model), created_at: m.at, created_by: m.by, note: m.note }).execute();
  },
  /** The first version, once (a second caller's insert does nothing). */
  async insertFirstModel(db: Executor, model: StoredModel, at: Date) {
    await sql`insert into need_models (version, model, created_at) values (1, ${JSON.stringify(model)}::jsonb, ${at}::timestamptz) on conflict (version) do nothing`.execute(db);
  },
  versions(db: Executor, limit: number) {
    return db.selectFrom('need_models').select(['version', 'created_at', 'created_by', 'note']).orderBy('version', 'desc').limit(limit).execute();
  },
  insertScore(db: Executor, s: { householdId: string; declarationVersionId: string; modelVersion: number; score: number; priority: number; contributions: Contribution[]; at: Date; by: string | null }) {
    return db
      .insertInto('need_scores')
      .values({
        household_id: s.householdId, declaration_version_id: s.declarationVersionId, model_version: s.modelVersion, score: s.score, priority: s.priority,
        contributions: JSON.stringify(s.contributions), created_at: s.at, created_by: s.by,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
  },
  linkRequests(db: Executor, scoreId: string, requestIds: string[]) {
    if (requestIds.length === 0) return Promise.resolve();
    return db.insertInto('need_score_requests').values(requestIds.map((id) => ({ request_id: id, need_score_id: scoreId }))).execute();
  },
  /** The explanations the actor may be shown for these requests (need_score_explanations(), SECURITY DEFINER). */
  async explanations(db: Executor, requestIds: string[], at: Date): Promise<Map<string, { score: number; modelVersion: number; contributions: Contribution[]; offeredUntil: Date | null }>> {
    if (requestIds.length === 0) return new Map();
    const { rows } = await sql<{ request_id: string; score: string; model_version: number; contributions: Contribution[]; offered_until: Date | null }>`
      select request_id, score, model_version, contributions, offered_until from need_score_explanations(${requestIds}::uuid[], ${at}::timestamptz)`.execute(db);
    return new Map(rows.map((r) => [r.request_id, { score: Number(r.score), modelVersion: r.model_version, contributions: r.contributions, offeredUntil: r.offered_until }]));
  },
  /** The score of one declaration version (as row-level security shows it) and the requests it opened. */
  async ofDeclarationVersion(db: Executor, versionId: string) {
    const s = await db.selectFrom('need_scores').select(['id', 'score', 'priority', 'contributions', 'model_version']).where('declaration_version_id', '=', versionId).executeTakeFirst();
    if (!s) return undefined;
    const links = await db.selectFrom('need_score_requests').select('request_id').where('need_score_id', '=', s.id).execute();
    return { score: Number(s.score), priority: s.priority, contributions: s.contributions as unknown as Contribution[], modelVersion: s.model_version, requestIds: links.map((l) => l.request_id) };
  },
};
