/**
 * The domain's transaction (src/kernel/transaction.ts), on every engine: effects registered with
 * afterCommit run once the transaction has committed and never when it rolled back; the system
 * actor sets the context 'system' with no user and no organisation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines, freshDatabase, type TestDb } from '../support/db.js';
import { SYSTEM_ACTOR } from '../../src/kernel/actor.js';
import { afterCommit, inTx } from '../../src/kernel/transaction.js';

for (const engine of engines()) {
  describe(`the domain's transaction (${engine})`, () => {
    let t: TestDb;
    before(async () => {
      t = await freshDatabase(engine);
    });
    after(() => t.close());

    test('an effect registered on a transaction runs once it has committed, not before', async () => {
      const seen: string[] = [];
      const value = await inTx(t.database.db, SYSTEM_ACTOR, async (trx) => {
        afterCommit(trx, () => seen.push('first'));
        afterCommit(trx, () => seen.push('second'));
        await sql`select 1`.execute(trx);
        assert.deepEqual(seen, [], 'nothing runs while the transaction is open');
        return 42;
      });
      assert.equal(value, 42);
      assert.deepEqual(seen, ['first', 'second']);
    });

    test('an effect registered on a transaction that rolled back never runs', async () => {
      const seen: string[] = [];
      await assert.rejects(
        inTx(t.database.db, SYSTEM_ACTOR, async (trx) => {
          afterCommit(trx, () => seen.push('effect'));
          throw new Error('refused');
        }),
        /refused/,
      );
      assert.deepEqual(seen, []);
    });

    // Two transactions at once need two connections: PGlite has one.
    if (engine === 'postgres') test('a transaction opened inside another runs its effects at its own commit; the outer keeps its own', async () => {
      const seen: string[] = [];
      await inTx(t.database.db, SYSTEM_ACTOR, async (outer) => {
        afterCommit(outer, () => seen.push('outer'));
        await inTx(t.database.db, SYSTEM_ACTOR, async (inner) => {
          afterCommit(inner, () => seen.push('inner'));
        });
        assert.deepEqual(seen, ['inner']);
      });
      assert.deepEqual(seen, ['inner', 'outer']);
    });

    test('outside a transaction the statement has committed already: the effect runs at once', () => {
      const seen: string[] = [];
      afterCommit(t.database.db, () => seen.push('now'));
      assert.deepEqual(seen, ['now']);
    });

    test('the system actor acts with the role system, no user and no organisation', async () => {
      const r = await inTx(t.database.db, SYSTEM_ACTOR, (trx) =>
        sql<{ user_id: string; org_id: string; role: string }>`select current_setting('mizan.user_id') as user_id, current_setting('mizan.org_id') as org_id, current_setting('mizan.role') as role`.execute(trx),
      );
      assert.deepEqual(r.rows[0], { user_id: '', org_id: '', role: 'system' });
    });
  });
}
