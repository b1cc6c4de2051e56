/**
 * SQL of the intake module (tables imports, import_rows, import_mappings, intake_referrals;
 * migration 0017). Row-level security keeps each charity to its own imports (policies/imports.sql
 * and neighbours); what crosses charities is intake_apply_rows() and intake_link_likely_person()
 * (SECURITY DEFINER; 0028 adds the rows' likely person and the import's matched_through).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { ImportsTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import type { JudgedRow } from './judge-row.js';
import { copyRows } from '../../db/copy.js';

const STAGE_COLUMNS = ['row_no', 'national_id', 'phone', 'name', 'birth_date', 'region', 'household_ref', 'language', 'own_verdict', 'reason', 'field'];

export type ImportRow = Selectable<ImportsTable>;
export type ImportStatus = ImportRow['status'];

export interface NewImport {
  id: string;
  org_id: string;
  created_by: string | null;
  file_name: string;
  file_sha256: Buffer;
  file_bytes: number;
  format: 'csv' | 'xlsx';
  encoding: string;
  delimiter: string | null;
  columns: string[];
  preview: string[][];
  total_rows: number;
  created_at: Date;
}

export interface KindCounts { accepted: number; refused: number; waiting: number }

/** What intake_link_likely_person() answers, listed once (test/unit/intake-link-outcome.test.ts reads the SQL). */
export const LINK_OUTCOMES = ['linked', 'not-found', 'not-waiting', 'no-likely-person'] as const;
export type LinkOutcome = (typeof LINK_OUTCOMES)[number];

export const intakeRepository = {
  /**
   * Records an upload unless this charity already uploaded the same file (imports_one_per_file,
   * ON CONFLICT DO NOTHING: two simultaneous uploads of one file make one import). Undefined when
   * it was there already.
   */
  async insert(db: Executor, imp: NewImport): Promise<ImportRow | undefined> {
    return db
      .insertInto('imports')
      .values({ ...imp, columns: JSON.stringify(imp.columns), preview: JSON.stringify(imp.preview), mapping: null, failure: null, started_at: null, finished_at: null })
      .onConflict((oc) => oc.constraint('imports_one_per_file').doNothing())
      .returningAll()
      .executeTakeFirst();
  },

  bySha(db: Executor, orgId: string, sha: Buffer) {
    return db.selectFrom('imports').selectAll().where('org_id', '=', orgId).where('file_sha256', '=', sha).executeTakeFirst();
  },

  byId(db: Executor, id: string) {
    return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  },

  forUpdate(db: Executor, id: string) {
    return db.selectFrom('imports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  /** The charity's imports, newest first (row-level security: only its own). */
  list(db: Executor, orgId: string, limit: number) {
    return db.selectFrom('imports').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  },

  /** The mapping is set once: one conditional UPDATE from 'mapping' to 'queued' (undefined when it was not in 'mapping'). */
  setMapping(db: Executor, id: string, mapping: Record<string, number>) {
    return db.updateTable('imports').set({ mapping: JSON.stringify(mapping), status: 'queued' }).where('id', '=', id).where('status', '=', 'mapping').returningAll().executeTakeFirst();
  },

  rememberMapping(db: Executor, orgId: string, byName: Record<string, string>, now: Date) {
    return db
      .insertInto('import_mappings')
      .values({ org_id: orgId, mapping: JSON.stringify(byName), updated_at: now })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ mapping: JSON.stringify(byName), updated_at: now }))
      .execute();
  },

  rememberedMapping(db: Executor, orgId: string) {
    return db.selectFrom('import_mappings').select(['mapping', 'updated_at']).where('org_id', '=', orgId).executeTakeFirst();
  },

  /**
   * Stages judged rows numbered from `firstRowNo`, set-based: COPY into a temporary table of the
   * transaction (COPY FROM does not take a table with row-level security), then one INSERT … SELECT.
   * A row already staged is left as it is (primary key (import_id, row_no), ON CONFLICT DO NOTHING):
   * a chunk taken again writes nothing twice.
   */
  async stage(db: Executor, importId: string, orgId: string, firstRowNo: number, rows: JudgedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await sql`create temp table if not exists intake_stage (row_no integer, national_id text, phone text, name text, birth_date text, region text, household_ref text, language text, own_verdict text, reason text, field text) on commit delete rows`.execute(db);
    await copyRows(db, 'intake_stage', STAGE_COLUMNS, rows.map((r, i) => [firstRowNo + i, r.nationalId, r.phone, r.name, r.birthDate, r.region, r.householdRef, r.language, r.ownVerdict, r.reason, r.field]));
    await sql`
      insert into import_rows (import_id, org_id, row_no, national_id, phone, name, birth_date, region, household_ref, language, own_verdict, reason, field)
      select ${importId}::uuid, ${orgId}::uuid, s.row_no, s.national_id, s.phone, s.name, s.birth_date, s.region, s.household_ref, s.language, s.own_verdict, s.reason, s.field
        from intake_stage s
      on conflict (import_id, row_no) do nothing`.execute(db);
    await sql`delete from intake_stage`.execute(db);
  },

  /**
   * The next range of valid staged national IDs after `after` (null: from the first): about `size`
   * rows (all the rows of its last ID with them), null when none is left. Read along the partial
   * index import_rows_by_national_id.
   */
  async nextIds(db: Executor, importId: string, after: string | null, size: number): Promise<{ from: string; through: string } | null> {
    const r = await sql<{ from: string | null; through: string | null }>`
      select min(s.national_id) as "from", max(s.national_id) as "through"
        from (select national_id from import_rows
               where import_id = ${importId}::uuid and own_verdict is null and national_id > ${after ?? ''}
               order by national_id limit ${size}::int) s`.execute(db);
    const row = r.rows[0];
    return row?.from && row.through ? { from: row.from, through: row.through } : null;
  },

  /**
   * Decides, set-based (intake_apply_rows(): verdicts, referrals), the undecided rows whose valid
   * national ID is in [from, through] (none when null) and, with `own`, the rows that judged themselves.
   */
  async apply(db: Executor, importId: string, ids: { from: string; through: string } | null, own: boolean): Promise<KindCounts> {
    const r = await sql<KindCounts>`select accepted, refused, waiting from intake_apply_rows(${importId}::uuid, ${ids?.from ?? null}::text, ${ids?.through ?? null}::text, ${own}::boolean)`.execute(db);
    return r.rows[0] ?? { accepted: 0, refused: 0, waiting: 0 };
  },

  /**
   * The rows of national IDs in [from, through] whose person is to be invited (new, or registered
   * and linked), in the order of their IDs: two imports inviting the same registered people insert
   * their invitations (unique per person) in one order, so they wait for each other without a deadlock.
   */
  toInvite(db: Executor, importId: string, ids: { from: string; through: string }) {
    return db
      .selectFrom('import_rows')
      .select(['row_no', 'national_id', 'phone', 'language'])
      .where('import_id', '=', importId)
      .where('own_verdict', 'is', null)
      .where('national_id', '>=', ids.from)
      .where('national_id', '<=', ids.through)
      .where('verdict', 'in', ['accepted', 'already-registered'])
      .orderBy('national_id')
      .orderBy('row_no')
      .execute();
  },

  /**
   * The next `size` waiting rows (no valid national ID: intake_verdict_kind) that have a name, after
   * row `after`, in row order along the primary key: the import's search of the registry takes them
   * a batch at a time and records the last row searched (imports.matched_through).
   */
  toSearch(db: Executor, importId: string, after: number, size: number) {
    return db
      .selectFrom('import_rows')
      .select(['row_no', 'national_id', 'phone', 'name', 'birth_date', 'region'])
      .where('import_id', '=', importId)
      .where('row_no', '>', after)
      .where(sql<boolean>`intake_verdict_kind(verdict, field) = 'waiting'`)
      .where('name', 'is not', null)
      .orderBy('row_no')
      .limit(size)
      .execute();
  },

  /** The likely registry person of each searched row that has one, in one statement. */
  async setLikely(db: Executor, importId: string, found: readonly { rowNo: number; personId: string; score: number }[]) {
    if (found.length === 0) return;
    await sql`
      update import_rows r set likely_person = f.person_id, likely_score = f.score
        from unnest(${found.map((f) => f.rowNo)}::int[], ${found.map((f) => f.personId)}::uuid[], ${found.map((f) => f.score)}::real[]) as f (row_no, person_id, score)
       where r.import_id = ${importId}::uuid and r.row_no = f.row_no`.execute(db);
  },

  /**
   * Links a waiting row to the registry person the search proposed for it: intake_link_likely_person()
   * (SECURITY DEFINER: it reads persons, which the charity may not; only a row of the caller's own
   * import), the row "already registered" and the charity a referrer of that person. Answers the
   * outcome (LINK_OUTCOMES) and, when linked, the person, their national ID and household.
   */
  async linkLikely(db: Executor, importId: string, rowNo: number): Promise<{ outcome: LinkOutcome; person_id: string | null; national_id: string | null; household_id: string | null }> {
    const r = await sql<{ outcome: LinkOutcome; person_id: string | null; national_id: string | null; household_id: string | null }>`
      select outcome, person_id, national_id, household_id from intake_link_likely_person(${importId}::uuid, ${rowNo}::int)`.execute(db);
    return r.rows[0]!;
  },

  progress(db: Executor, id: string, set: Partial<Pick<ImportRow, 'status' | 'rows_staged' | 'applied_through' | 'matched_through' | 'started_at' | 'finished_at' | 'failure'>>, add: Partial<KindCounts> = {}) {
    return db
      .updateTable('imports')
      .set((eb) => ({
        ...set,
        accepted: eb('accepted', '+', add.accepted ?? 0),
        refused: eb('refused', '+', add.refused ?? 0),
        waiting: eb('waiting', '+', add.waiting ?? 0),
        // every row decided counts once, whatever its kind
        rows_applied: eb('rows_applied', '+', (add.accepted ?? 0) + (add.refused ?? 0) + (add.waiting ?? 0)),
      }))
      .where('id', '=', id)
      .execute();
  },

  /** A page of an import's rows in order, optionally of one verdict ('waiting': the kind). */
  rows(db: Executor, importId: string, opts: { verdict?: string | undefined; after: number; limit: number }) {
    let q = db
      .selectFrom('import_rows')
      .select(['row_no', 'verdict', 'reason', 'field', 'national_id', 'phone', 'name'])
      // The likely person's score while the row waits (intake_verdict_kind): a row decided otherwise proposes nobody.
      .select(sql<number | null>`case when intake_verdict_kind(verdict, field) = 'waiting' then likely_score end`.as('likely_score'))
      .where('import_id', '=', importId)
      .where('row_no', '>', opts.after);
    if (opts.verdict === 'waiting') q = q.where(sql<boolean>`intake_verdict_kind(verdict, field) = 'waiting'`);
    else if (opts.verdict) q = q.where('verdict', '=', opts.verdict);
    return q.orderBy('row_no').limit(opts.limit).execute();
  },

  row(db: Executor, importId: string, rowNo: number) {
    return db.selectFrom('import_rows').selectAll().where('import_id', '=', importId).where('row_no', '=', rowNo).forUpdate().executeTakeFirst();
  },

  /**
   * A row fixed by hand: its new fields and own verdict, its final verdict cleared for
   * intake_apply_rows(); answers what the old verdict counted as (intake_verdict_kind), so the
   * import's counts move by one. Only a row that did not count as accepted is fixed.
   */
  async rejudge(db: Executor, importId: string, rowNo: number, r: JudgedRow): Promise<'accepted' | 'refused' | 'waiting' | null | undefined> {
    const res = await sql<{ old_kind: 'accepted' | 'refused' | 'waiting' | null }>`
      with old as (select intake_verdict_kind(verdict, field) as kind from import_rows where import_id = ${importId}::uuid and row_no = ${rowNo}::int)
      update import_rows set national_id = ${r.nationalId}, phone = ${r.phone}, own_verdict = ${r.ownVerdict}, reason = ${r.reason}, field = ${r.field}, verdict = null, person_id = null
       where import_id = ${importId}::uuid and row_no = ${rowNo}::int and intake_verdict_kind(verdict, field) is distinct from 'accepted'
      returning (select kind from old) as old_kind`.execute(db);
    return res.rows[0] ? res.rows[0].old_kind : undefined;
  },

  /** How many rows an import has staged, by verdict (tests and the report's totals). */
  verdictCounts(db: Executor, importId: string) {
    return db.selectFrom('import_rows').select(['verdict', (eb) => eb.fn.countAll<number>().as('n')]).where('import_id', '=', importId).groupBy('verdict').execute();
  },
};
