/**
 * Module boundaries (test/support/module-boundaries.ts, ownership in src/modules/ownership.ts):
 * no import cycle between modules, no SQL in one module naming another module's table, and no
 * module importing src/http/ beyond what route files may. The check is shown to fail on made-up
 * trees first, then run on src/modules/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { checkBoundaries, sourceTree, type SourceFile } from '../support/module-boundaries.js';
import { TABLE_OWNERS } from '../../src/modules/ownership.js';

const owners = { households: 'registry', persons: 'registry', aid_types: 'catalogue', grants: 'grants' };
const file = (path: string, text: string): SourceFile => ({ path, text });
const keys = (files: SourceFile[]) => checkBoundaries(files, owners).map((v) => v.key);

const clean = [
  file('src/modules/catalogue/catalogue.service.ts', `export const aidType = (db, code) => db.selectFrom('aid_types').selectAll().where('code', '=', code).executeTakeFirst();`),
  file('src/modules/registry/registry.repository.ts', `export const one = (db, id) => db.selectFrom('households as h').innerJoin('persons as p', 'p.id', 'h.head').where('h.id', '=', id).execute();`),
  file('src/modules/grants/grants.service.ts', [
    `import { aidType } from '../catalogue/catalogue.service.js';`,
    `import type { Tx } from '../../kernel/transaction.js';`,
    `export const record = async (db, g) => { await aidType(db, g.code); return sql\`insert into grants (household_id) values (\${g.householdId})\`.execute(db); };`,
  ].join('\n')),
  file('src/modules/grants/grants.routes.ts', `import type { App } from '../../http/app.js';\nimport { Uuid } from '../../http/schemas.js';`),
];

test('a tree whose modules keep to their own tables, without cycles, passes', () => {
  assert.deepEqual(keys(clean), []);
});

test('a cross-module table read through Kysely fails, naming the file, the table and its owner', () => {
  const bad = [...clean, file('src/modules/grants/grants.repository.ts', `export const kinds = (db) => db.selectFrom('grants').innerJoin('aid_types as t', 't.code', 'grants.aid_type_code').execute();`)];
  assert.deepEqual(keys(bad), ['src/modules/grants/grants.repository.ts names aid_types (catalogue)']);
  for (const call of ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'leftJoin']) {
    assert.deepEqual(keys([file('src/modules/grants/x.ts', `db.${call}('households')`)]), ['src/modules/grants/x.ts names households (registry)'], call);
  }
});

test('a cross-module table named in raw SQL fails', () => {
  const bad = [file('src/modules/grants/grants.repository.ts', 'export const n = (db, id) => sql<{ n: number }>`select count(*) from grants g\n  join persons p on p.id = g.person_id where g.id = ${id}`.execute(db);')];
  assert.deepEqual(keys(bad), ['src/modules/grants/grants.repository.ts names persons (registry)']);
  // a function of the database layer is not a table, even when it carries a table's name
  assert.deepEqual(keys([file('src/modules/grants/y.ts', 'sql`select * from households(${id})`')]), []);
});

test('an import cycle between modules fails, type-only imports included', () => {
  const cyclic = [...clean, file('src/modules/catalogue/usage.ts', `import type { record } from '../grants/grants.service.js';`)];
  assert.deepEqual(keys(cyclic), ['cycle catalogue ↔ grants']);
});

test('a module that imports HTTP fails, except route files taking the schemas and the type App', () => {
  const bad = [file('src/modules/grants/grants.service.ts', `import { inTx } from '../../http/app.js';`), file('src/modules/grants/grants.routes.ts', `import { buildApp } from '../../http/app.js';`)];
  assert.deepEqual(keys(bad), ['src/modules/grants/grants.service.ts imports src/http/app.ts', 'src/modules/grants/grants.routes.ts imports src/http/app.ts']);
});

test('a read model composing other modules passes; a module importing it back makes a cycle, directly or through others', () => {
  const readModel = [
    ...clean,
    file('src/modules/requests/lists.ts', `import { one } from '../registry/registry.repository.js';\nexport const mine = (db, id) => db.selectFrom('aid_requests').where('household_id', '=', id).execute();`),
    file('src/modules/kardex/history.ts', [
      `import { one } from '../registry/registry.repository.js';`,
      `import { record } from '../grants/grants.service.js';`,
      `import { mine } from '../requests/lists.js';`,
      `export const history = async (db, id) => ({ household: await one(db, id), requests: await mine(db, id) });`,
    ].join('\n')),
  ];
  assert.deepEqual(keys(readModel), []);
  // the registry's routes serving the kardex themselves: registry → kardex → registry, and requests
  // (→ registry, ← kardex) is on the way round too; a cycle is named by every module in it
  assert.deepEqual(keys([...readModel, file('src/modules/registry/registry.routes.ts', `import { history } from '../kardex/history.js';`)]), ['cycle kardex ↔ registry ↔ requests']);
  // a longer way round: requests → kardex → requests (and registry, which kardex reads, is not part of it)
  assert.deepEqual(keys([...readModel, file('src/modules/requests/case-view.ts', `import type { history } from '../kardex/history.js';`)]), ['cycle kardex ↔ requests']);
  // the read model reading a table instead of the owner's function
  assert.deepEqual(keys([...readModel, file('src/modules/kardex/grants.ts', 'export const g = (db, id) => sql`select * from grants where household_id = ${id}`.execute(db);')]), ['src/modules/kardex/grants.ts names grants (grants)']);
});

const tree = () => sourceTree(fileURLToPath(new URL('../..', import.meta.url)));

test('on the real tree, a cross-module table read or an import back into the read model is caught', () => {
  const real = tree();
  const owners = TABLE_OWNERS as Record<string, string>;
  const base = new Set(checkBoundaries(real, owners).map((v) => v.key));
  const added = (files: SourceFile[]) => checkBoundaries(files, owners).map((v) => v.key).filter((k) => !base.has(k));
  const history = real.find((f) => f.path === 'src/modules/kardex/household-history.ts');
  assert.ok(history, 'the kardex is src/modules/kardex/household-history.ts');
  const withRead = real.map((f) => (f === history ? { ...f, text: `${f.text}\nexport const direct = (db, id) => db.selectFrom('grants').where('household_id', '=', id).execute();\n` } : f));
  assert.deepEqual(added(withRead), ['src/modules/kardex/household-history.ts names grants (grants)']);
  const withJoin = real.map((f) => (f.path === 'src/modules/requests/requests.repository.ts' ? { ...f, text: `${f.text}\nexport const regions = (db) => db.selectFrom('aid_requests as r').innerJoin('households as h', 'h.id', 'r.household_id').execute();\n` } : f));
  assert.deepEqual(added(withJoin), ['src/modules/requests/requests.repository.ts names households (registry)']);
  const withBackEdge = real.map((f) => (f.path === 'src/modules/registry/registry.service.ts' ? { ...f, text: `import { householdHistory } from '../kardex/household-history.js';\n${f.text}` } : f));
  const cycleThrough = (k: string[], ...mods: string[]) => k.filter((x) => x.startsWith('cycle ') && mods.every((m) => x.split(/ |↔/).includes(m)));
  assert.equal(cycleThrough(added(withBackEdge), 'kardex', 'registry').length, 1, 'registry → kardex closes a cycle');
  const withIdentityEdge = real.map((f) => (f.path === 'src/modules/registry/registry.repository.ts' ? { ...f, text: `import { hashToken } from '../identity/staff.js';\n${f.text}` } : f));
  assert.equal(cycleThrough(added(withIdentityEdge), 'identity', 'registry').length, 1, 'registry → identity closes a cycle');
});

test('src/modules/ crosses no boundary: no import cycle, no SQL naming another module\'s table, no module importing HTTP', () => {
  const found = [...new Set(checkBoundaries(tree(), TABLE_OWNERS).map((v) => v.key))].sort();
  assert.deepEqual(found, []);
});
