/**
 * One current definition of every database object, and the schema snapshot.
 *
 * - A fresh database built by the migrations and src/db/definitions is exactly
 *   src/db/schema.snapshot.sql, on both engines (else a readable diff and the command that regenerates it).
 * - A migration after 0014 that defines a function, view, trigger or policy is refused by the runner:
 *   the definitions are applied after the migrations, so such an edit would be silently overwritten
 *   on the next re-application; the lint makes it an error instead, naming the definitions file.
 *   Run outside the runner, the same edit is what the snapshot comparison reports.
 * - The definitions are applied again only when a migration was applied or a file's recorded
 *   checksum differs, and then bring back what was replaced.
 * - The audit checkpoints accept a change of the audit definitions explained by this build's
 *   definitions files as recorded by the runner, and not otherwise.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { LAST_DEFINING_MIGRATION, lintMigration, listDefinitions, listMigrations, migrate } from '../../src/db/migrate.js';
import { committedSnapshot, schemaSnapshot, snapshotDiff } from '../../src/db/schema-snapshot.js';
import { auditDefinitions, definitionsVerdict, type Checkpoint } from '../../src/modules/audit/audit.checkpoints.js';

/** A migration of the future that replaces a function's body without touching its definitions file. */
const SCRATCH = {
  name: '0099_scratch.sql',
  sql: `create or replace function mizan_ctx_org() returns uuid language sql stable as $$ select null::uuid $$;`,
  checksum: 'scratch',
};

const REGENERATE = 'node bin/mizan.js schema dump > src/db/schema.snapshot.sql';

describe('migrations keep only table changes after 0014 (the lint)', () => {
  test('a function, view, trigger or policy defined in a later migration is named with its definitions file', () => {
    assert.deepEqual(lintMigration(SCRATCH), [
      `Migration 0099_scratch.sql defines the function mizan_ctx_org; migrations after ${LAST_DEFINING_MIGRATION} keep only table changes and data moves, and its current text belongs in src/db/definitions/functions/mizan_ctx_org.sql.`,
    ]);
    const more = lintMigration({
      name: '0100_more.sql',
      sql: `CREATE VIEW public.v AS select 1;\ncreate policy p on grants for select using (true);\nalter policy q on grants using (false);\ncreate trigger t before insert on grants for each row execute function f();\nalter function public.grant_aid(jsonb) security definer;`,
    });
    assert.deepEqual(more.map((m) => m.split(';')[0]), [
      'Migration 0100_more.sql defines the view v',
      'Migration 0100_more.sql defines the policy p',
      'Migration 0100_more.sql defines the policy q',
      'Migration 0100_more.sql defines the trigger t',
      'Migration 0100_more.sql defines the function grant_aid',
    ]);
  });

  test('table changes, data moves, and the words in comments or strings pass; migrations up to 0014 are history', () => {
    assert.deepEqual(lintMigration({
      name: '0099_table.sql',
      sql: `-- create function comes later\nalter table grants add column note text;\n/* create policy x */\ninsert into jobs (kind) values ('create view y');\ndrop function if exists old_thing(int);`,
    }), []);
    assert.deepEqual(listMigrations().flatMap(lintMigration), []);
    assert.ok(listMigrations().some((m) => /create or replace function/i.test(m.sql)), 'the history does define functions');
  });
});

for (const engine of engines()) {
  describe(`the schema snapshot (${engine})`, () => {
    let t: TestDb;
    before(async () => {
      t = await freshDatabase(engine, { poolSize: 2 });
    });
    after(async () => {
      await t?.close();
    });
    const snapshot = () => t.database.rawSession(schemaSnapshot);

    test('a fresh database is src/db/schema.snapshot.sql', async () => {
      const diff = snapshotDiff(committedSnapshot(), await snapshot());
      assert.equal(diff, '', `The schema of a fresh database differs from src/db/schema.snapshot.sql (if the change is meant, regenerate it: ${REGENERATE}):\n${diff}`);
    });

    test('the snapshot holds the full current text of functions, and the policies, triggers, views and privileges', () => {
      const s = committedSnapshot();
      for (const d of listDefinitions().filter((x) => x.name.startsWith('functions/'))) {
        const name = d.name.slice('functions/'.length, -'.sql'.length);
        assert.match(s, new RegExp(`CREATE OR REPLACE FUNCTION public\\.${name}\\(`), name);
      }
      assert.match(s, /policy households_read on households permissive for select/);
      assert.match(s, /CREATE TRIGGER grants_set_window /);
      assert.match(s, /view request_pool /);
      assert.match(s, /table audit_log rls true .* acl .*mizan_app=ar\//);
    });

    test('a migration that edits a function only is refused, and the same edit run by hand is what the snapshot reports', async () => {
      await assert.rejects(migrate(t.database, { extra: [SCRATCH] }), /Migration 0099_scratch\.sql defines the function mizan_ctx_org; .* src\/db\/definitions\/functions\/mizan_ctx_org\.sql/);
      const scratchApplied = await t.database.rawSession((s) => s.query(`select 1 from schema_migrations where name = $1`, [SCRATCH.name]));
      assert.equal(scratchApplied.length, 0, 'nothing of it was applied');
      await t.database.rawSession((s) => s.exec(SCRATCH.sql));
      try {
        const diff = snapshotDiff(committedSnapshot(), await snapshot());
        assert.match(diff, /^@@ -- mizan_ctx_org\(\) acl /m);
        assert.match(diff, /^\+ .*select null::uuid/m, 'the new body');
        assert.match(diff, /^- .*current_setting\('mizan\.org_id'/m, 'the body it replaced');
        assert.doesNotMatch(diff, /grant_aid/, 'only the edited function');
      } finally {
        // The definitions bring it back once their record says they must be applied again.
        await t.database.rawSession((s) => s.exec(`delete from schema_definitions where name = 'functions/mizan_ctx_org.sql'`));
        assert.equal((await migrate(t.database)).definitions, listDefinitions().length);
      }
      assert.equal(snapshotDiff(committedSnapshot(), await snapshot()), '');
    });

    test('unchanged definitions are not applied again at a start; a changed record applies them all', async () => {
      assert.deepEqual(await migrate(t.database), { applied: [], definitions: 0 });
      await t.database.rawSession((s) => s.exec(`update schema_definitions set checksum = 'old' where name = 'policies/households.sql'`));
      assert.deepEqual(await migrate(t.database), { applied: [], definitions: listDefinitions().length });
      const rows = await t.database.rawSession((s) => s.query<{ name: string; checksum: string }>('select name, checksum from schema_definitions order by name'));
      assert.deepEqual(rows, listDefinitions().map((d) => ({ name: d.name, checksum: d.checksum })).sort((a, b) => (a.name < b.name ? -1 : 1)));
    });

    test('the audit checkpoints: a change explained by this build\'s definitions files is accepted, by hand it is not', async () => {
      const current = await auditDefinitions(t.database.db);
      const newest = listMigrations().at(-1)!.name;
      assert.match(current.migration ?? '', new RegExp(`^${newest.replace('.', '\\.')} \\+ definitions [0-9a-f]{16}$`));
      assert.equal(current.migrationKnown, true);
      const last: Checkpoint = { v: 1, number: 2, time: '2026-04-01T08:00:00.000Z', position: 1, hash: '0'.repeat(64), definitions: current.definitions, migration: current.migration, previous: null, keyId: 'k', signature: '' };
      const changed = { ...current, definitions: 'f'.repeat(64) };
      assert.match(definitionsVerdict(changed, last) ?? '', /no newer migration or definitions file of Mizan explains it/, 'same build: by hand');
      assert.equal(definitionsVerdict(changed, { ...last, migration: `${newest} + definitions ${'a'.repeat(16)}` }), null, 'other definitions files before');
      assert.equal(definitionsVerdict(changed, { ...last, migration: newest }), null, 'before the definitions files existed');
      assert.match(definitionsVerdict({ ...changed, migrationKnown: false }, { ...last, migration: `${newest} + definitions ${'a'.repeat(16)}` }) ?? '', /replaced by hand/, 'not this build\'s files');
      // A record that is not this build's files (as if a hand had written it) is not known.
      await sql`update schema_definitions set checksum = 'forged' where name = 'functions/audit_seal.sql'`.execute(t.database.db);
      try {
        assert.equal((await auditDefinitions(t.database.db)).migrationKnown, false);
      } finally {
        await migrate(t.database);
      }
      assert.equal((await auditDefinitions(t.database.db)).migrationKnown, true);
    });
  });
}
