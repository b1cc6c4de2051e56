/**
 * On a real PostgreSQL server: two Mizan server PROCESSES on one database, listening on
 * 127.0.0.1, share one rate limit. A user's requests to one server and then the other are counted
 * together; sent to both at once, they are accepted exactly as many times as the limit allows in
 * total; a colleague then finds the charity's limit used by requests through both servers; another
 * charity is unaffected. The grant route is limited the same way.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type World } from '../support/fixtures.js';

const CHILD = fileURLToPath(new URL('./rate-limit-server.child.ts', import.meta.url));
const USER_LIMIT = 25;
const ORG_LIMIT = 40;

function startServer(dbUrl: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const limits = JSON.stringify({ user: USER_LIMIT, organisation: ORG_LIMIT, windowMs: 600_000 });
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbUrl, limits], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ url: JSON.parse(line).url, child });
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

describe('two server processes share one rate limit (PostgreSQL)', () => {
  let t: TestDb;
  let w: World;
  let servers: { url: string; child: ChildProcess }[] = [];

  before(async () => {
    t = await freshDatabase('postgres');
    w = await makeWorld(t.database.db, t.dep, { charities: 3 });
    servers = await Promise.all([startServer(t.url!), startServer(t.url!)]);
  });
  after(async () => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.child.removeAllListeners('exit');
            s.child.once('exit', () => resolve());
            s.child.stdin!.end();
          }),
      ),
    );
    await t.close();
  });

  const get = (server: number, path: string, token: string) => fetch(`${servers[server]!.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  test('one user, one server after the other: the second counts on from the first', async () => {
    const token = w.charities[0]!.caseworker.token;
    const first: number[] = [];
    for (let i = 0; i < 10; i++) first.push((await get(0, '/api/v1/pool', token)).status);
    assert.deepEqual(first, Array(10).fill(200));
    const second: Response[] = [];
    for (let i = 0; i < 20; i++) second.push(await get(1, '/api/v1/pool', token));
    assert.deepEqual(second.map((r) => r.status), [...Array(USER_LIMIT - 10).fill(200), ...Array(30 - USER_LIMIT).fill(429)]);
    assert.equal(second[0]!.headers.get('ratelimit-remaining'), String(USER_LIMIT - 11));
    const refused = second.at(-1)!;
    assert.equal((await refused.json()).limit, 'user');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
  });

  test('one user, both servers at once: the requests accepted by both together equal the limit', async () => {
    const token = w.charities[1]!.caseworker.token;
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => get(i % 2, '/api/v1/pool', token)));
    const byServer = [0, 1].map((s) => responses.filter((r, i) => i % 2 === s && r.status === 200).length);
    const codes = responses.map((r) => r.status);
    assert.equal(codes.filter((c) => c === 200).length, USER_LIMIT, `accepted: ${byServer.join(' + ')}`);
    assert.equal(codes.filter((c) => c === 429).length, 60 - USER_LIMIT);
  });

  test("a colleague finds the charity's limit used through both servers; another charity is unaffected", async () => {
    const colleague = w.charities[0]!.admin.token;
    // The charity has used USER_LIMIT of its ORG_LIMIT (the refused requests did not count).
    const codes: number[] = [];
    for (let i = 0; i < ORG_LIMIT - USER_LIMIT + 2; i++) codes.push((await get(i % 2, '/api/v1/pool', colleague)).status);
    assert.deepEqual(codes, [...Array(ORG_LIMIT - USER_LIMIT).fill(200), 429, 429]);
    const last = await get(1, '/api/v1/pool', colleague);
    assert.equal((await last.json()).limit, 'organisation');
    const other = await Promise.all(Array.from({ length: 10 }, (_, i) => get(i % 2, '/api/v1/pool', w.charities[2]!.caseworker.token)));
    assert.deepEqual(other.map((r) => r.status), Array(10).fill(200));
  });

  test('the grant route: simultaneous grants through both servers, accepted up to the limit', async () => {
    const cw = w.charities[2]!.admin;
    const families = [];
    for (let i = 0; i < 20; i++) families.push(await registerFamily(t.database.db, t.dep, w, cw.actor));
    // A colleague of the caseworker above (10 of the charity's requests used): this user's limit decides.
    const attempts = families.flatMap((f) => [0, 1].map((s) => ({ s, nationalId: f.members[s]!.nationalId })));
    const responses = await Promise.all(
      attempts.map((a) =>
        fetch(`${servers[a.s]!.url}/api/v1/grants`, {
          method: 'POST',
          headers: { authorization: `Bearer ${cw.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ beneficiaryNationalId: a.nationalId, aidTypeCode: a.s ? 'refrigerator' : 'food-basket' }),
        }),
      ),
    );
    const codes = responses.map((r) => r.status);
    assert.deepEqual([...new Set(codes)].sort(), [201, 429]);
    assert.equal(codes.filter((c) => c === 201).length, USER_LIMIT);
    const n = await t.database.db.selectFrom('grants').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', w.charities[2]!.id).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), USER_LIMIT, 'each accepted request wrote its grant, each refused one nothing');
  });
});
