/** SQL of the declarations (tables declarations, declaration_versions, declaration_facts: migration 0021). SQL only. */
import { sql, type Generated, type Kysely } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/schema.js';

export type DeclarationStatus = 'new' | 'draft' | 'submitted';
export type FactSource = 'declared' | 'uploaded' | 'verified-field' | 'verified-agency';

export interface DeclarationsTable {
  id: Generated<string>;
  user_id: string;
  id_scheme: string;
  national_id: string;
  invitation_id: string | null;
  household_id: string | null;
  draft: unknown;
  draft_saved_at: Date | null;
  status: Generated<DeclarationStatus>;
  last_version: Generated<number>;
  created_at: Date;
}
export interface DeclarationVersionsTable {
  id: Generated<string>;
  declaration_id: string;
  version: number;
  household_id: string;
  submitted_at: Date;
  submitted_by: string;
  facts: unknown;
  changes: unknown;
}
export interface DeclarationFactsTable {
  version_id: string;
  path: string;
  value: unknown;
  source: FactSource;
}
export type DeclarationTables = { declarations: DeclarationsTable; declaration_versions: DeclarationVersionsTable; declaration_facts: DeclarationFactsTable };

const q = (db: Executor) => (db as Kysely<DB>).withTables<DeclarationTables>();

export const declarationsRepository = {
  /** The applicant's own declaration (row-level security shows an applicant only theirs). */
  mine(db: Executor, userId: string) {
    return q(db).selectFrom('declarations').selectAll().where('user_id', '=', userId).executeTakeFirst();
  },

  /** Saves the working copy; the declaration is created on the first save (one per applicant: user_id is unique). */
  async saveDraft(db: Executor, d: { userId: string; idScheme: string; nationalId: string; invitationId: string | null; draft: unknown; at: Date }) {
    const r = await sql<{ draft_saved_at: Date }>`
      insert into declarations (user_id, id_scheme, national_id, invitation_id, draft, draft_saved_at, status, created_at)
      values (${d.userId}::uuid, ${d.idScheme}, ${d.nationalId}, ${d.invitationId}::uuid, ${JSON.stringify(d.draft)}::jsonb, ${d.at}::timestamptz, 'draft', ${d.at}::timestamptz)
      on conflict (user_id) do update set draft = excluded.draft, draft_saved_at = excluded.draft_saved_at, status = 'draft'
      returning draft_saved_at`.execute(db);
    return r.rows[0]!;
  },

  /**
   * THE SUBMIT'S GUARANTEE: one conditional UPDATE takes the next version number and marks the
   * declaration submitted, only if it is not submitted already. Two submits of one declaration at
   * once are serialised on its row: the second waits, then finds it submitted and gets nothing.
   * Returns the draft as it stood when the row was taken (what is submitted) and the new number.
   */
  takeForSubmit(db: Executor, userId: string) {
    return q(db)
      .updateTable('declarations')
      .set((eb) => ({ status: 'submitted', last_version: eb('last_version', '+', 1) }))
      .where('user_id', '=', userId)
      .where('status', '<>', 'submitted')
      .returning(['id', 'draft', 'last_version', 'household_id', 'invitation_id', 'national_id'])
      .executeTakeFirst();
  },
  setHousehold(db: Executor, id: string, householdId: string) {
    return q(db).updateTable('declarations').set({ household_id: householdId }).where('id', '=', id).execute();
  },

  insertVersion(db: Executor, v: { declarationId: string; version: number; householdId: string; at: Date; by: string; facts: unknown; changes: unknown }) {
    return q(db)
      .insertInto('declaration_versions')
      .values({ declaration_id: v.declarationId, version: v.version, household_id: v.householdId, submitted_at: v.at, submitted_by: v.by, facts: JSON.stringify(v.facts), changes: JSON.stringify(v.changes) })
      .returning(['id'])
      .executeTakeFirstOrThrow();
  },
  async insertFacts(db: Executor, versionId: string, facts: { path: string; value: unknown; source: FactSource }[]) {
    if (facts.length === 0) return;
    await q(db).insertInto('declaration_facts').values(facts.map((f) => ({ version_id: versionId, path: f.path, value: JSON.stringify(f.value), source: f.source }))).execute();
  },

  versions(db: Executor, declarationId: string) {
    return q(db).selectFrom('declaration_versions').select(['id', 'version', 'submitted_at', 'facts', 'changes']).where('declaration_id', '=', declarationId).orderBy('version', 'desc').execute();
  },
  /** A household's declared versions, newest first (as row-level security shows them). */
  versionsOfHousehold(db: Executor, householdId: string) {
    return q(db).selectFrom('declaration_versions').select(['id', 'version', 'submitted_at', 'changes']).where('household_id', '=', householdId).orderBy('submitted_at', 'desc').orderBy('version', 'desc').execute();
  },
  facts(db: Executor, versionId: string) {
    return q(db).selectFrom('declaration_facts').select(['path', 'value', 'source']).where('version_id', '=', versionId).orderBy('path').execute();
  },
  latestVersion(db: Executor, declarationId: string) {
    return q(db).selectFrom('declaration_versions').select(['id', 'version', 'facts']).where('declaration_id', '=', declarationId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  },
};
