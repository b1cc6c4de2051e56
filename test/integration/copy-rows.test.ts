/**
 * COPY … FROM STDIN through the query layer (src/db/copy.ts), on every engine: rows with the
 * characters COPY's text format escapes arrive as they were sent, in the caller's transaction as
 * the acting role (mizan_app: the role is the same after the COPY), and go with it when it rolls
 * back; ordinary queries with parameters still pass through.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { inTx } from '../../src/kernel/transaction.js';
import { copyRows, copyValue } from '../../src/db/copy.js';

const awkward: (string | number | null)[][] = [
  [1, 'tab\there', 'line\nbreak'],
  [2, 'back\\slash \\N', 'carriage\rreturn'],
  [3, null, 'محمد‌رضا كريمي'],
  [4, '', '\\.'],
];

for (const engine of engines()) {
  describe(`COPY rows in a transaction (${engine})`, () => {
    let t: TestDb;
    before(async () => {
      t = await freshDatabase(engine);
    });
    after(() => t.close());

    test('rows arrive as sent, as the acting role, and a rollback takes them away', async () => {
      const seen = await inTx(t.database.db, SYSTEM_ACTOR, async (trx) => {
        await sql`create temp table copied (n integer, a text, b text) on commit drop`.execute(trx);
        const before = (await sql<{ role: string }>`select current_user as role`.execute(trx)).rows[0]!.role;
        const n = await copyRows(trx, 'copied', ['n', 'a', 'b'], awkward);
        const role = (await sql<{ role: string }>`select current_user as role`.execute(trx)).rows[0]!.role;
        const rows = (await sql<{ n: number; a: string | null; b: string }>`select n, a, b from copied order by n`.execute(trx)).rows;
        const param = (await sql<{ x: string }>`select ${'still a parameter'}::text as x`.execute(trx)).rows[0]!.x;
        return { n, before, role, rows, param };
      });
      assert.equal(seen.n, awkward.length);
      assert.equal(seen.role, seen.before, 'the acting role is the same after the COPY');
      assert.equal(seen.role, 'mizan_app');
      assert.deepEqual(seen.rows.map((r) => [r.n, r.a, r.b]), awkward);
      assert.equal(seen.param, 'still a parameter');

      await sql`create table copy_kept (n integer)`.execute(t.database.db);
      await assert.rejects(inTx(t.database.db, SYSTEM_ACTOR, async (trx) => {
        await copyRows(trx, 'copy_kept', ['n'], [[1], [2]]);
        throw new Error('rolled back');
      }), /rolled back/);
      const left = (await sql<{ n: number }>`select count(*)::int as n from copy_kept`.execute(t.database.db)).rows[0]!.n;
      assert.equal(left, 0);
    });

    test('a name that is not a plain SQL name is refused before anything is sent', async () => {
      await assert.rejects(inTx(t.database.db, SYSTEM_ACTOR, (trx) => copyRows(trx, 'x; drop table persons', ['n'], [[1]])), /not a plain SQL name/);
    });
  });
}

describe('COPY text values', () => {
  test('NULL, backslash, tab, newline and carriage return are escaped; everything else is as it is', () => {
    assert.equal(copyValue(null), '\\N');
    assert.equal(copyValue('a\tb\nc\rd\\e'), 'a\\tb\\nc\\rd\\\\e');
    assert.equal(copyValue('علی'), 'علی');
    assert.equal(copyValue(12), '12');
  });
});
