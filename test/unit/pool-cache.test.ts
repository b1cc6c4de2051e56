/** The in-process cache of pool pages (src/modules/requests/pool-cache.ts): lifetime, generations, size, shared reads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PoolPageCache, poolCache } from '../../src/modules/requests/pool-cache.js';

/** A cache on a clock the test moves, and a read that counts its calls. */
function setup(options: { ttlMs: number; maxEntries: number }) {
  let now = 1_000;
  const cache = new PoolPageCache(options, () => now);
  let reads = 0;
  const read = (body: string) => async () => {
    reads++;
    return body;
  };
  return { cache, read, reads: () => reads, advance: (ms: number) => (now += ms) };
}

test('a page lives for the TTL, counted from when its read began', async () => {
  const { cache, read, reads, advance } = setup({ ttlMs: 1_000, maxEntries: 10 });
  assert.equal(await cache.load('k', read('A')), 'A');
  advance(999);
  assert.equal(cache.get('k'), 'A');
  advance(1);
  assert.equal(cache.get('k'), undefined, 'gone at the TTL');
  assert.equal(reads(), 1);

  // a slow read: its page expires a TTL after the read began, not after it ended
  let finish: (v: string) => void = () => {};
  const slow = cache.load('s', () => new Promise<string>((r) => (finish = r)));
  advance(600);
  finish('S');
  assert.equal(await slow, 'S');
  assert.equal(cache.get('s'), 'S');
  advance(400);
  assert.equal(cache.get('s'), undefined);
});

test('a write to aid_requests in this process makes every page stale, and a read it overlapped is not kept', async () => {
  const { cache, read } = setup({ ttlMs: 60_000, maxEntries: 10 });
  await cache.load('a', read('A'));
  await cache.load('b', read('B'));
  poolCache.changed();
  assert.equal(cache.get('a'), undefined);
  assert.equal(cache.get('b'), undefined);

  // the write happens while the page is being read: the reader gets what it read, nobody else does
  const overlapped = await cache.load('a', async () => {
    poolCache.changed();
    return 'A as it was';
  });
  assert.equal(overlapped, 'A as it was');
  assert.equal(cache.get('a'), undefined, 'not kept');
  assert.equal(cache.size, 0);
});

test('simultaneous misses of one key share one read, unless a write came between them', async () => {
  const { cache } = setup({ ttlMs: 60_000, maxEntries: 10 });
  let n = 0;
  const releases: (() => void)[] = [];
  const read = () => new Promise<string>((r) => releases.push(() => r(`page ${++n}`)));
  const first = cache.load('k', read);
  const second = cache.load('k', read);
  assert.equal(releases.length, 1, 'one read for both');
  poolCache.changed();
  const third = cache.load('k', read);
  assert.equal(releases.length, 2, 'a read begun after the write does not join the earlier one');
  releases[0]!();
  releases[1]!();
  assert.deepEqual(await Promise.all([first, second, third]), ['page 1', 'page 1', 'page 2']);
  assert.equal(cache.get('k'), 'page 2', 'the page read after the write is kept');
});

test('a failed read is not kept, and the next miss reads again', async () => {
  const { cache, read, reads } = setup({ ttlMs: 60_000, maxEntries: 10 });
  await assert.rejects(cache.load('k', async () => {
    throw new Error('bad cursor');
  }), /bad cursor/);
  assert.equal(cache.get('k'), undefined);
  assert.equal(await cache.load('k', read('K')), 'K');
  assert.equal(reads(), 1);
});

test('the cache is bounded; the least recently used page goes first', async () => {
  const { cache, read } = setup({ ttlMs: 60_000, maxEntries: 3 });
  for (const k of ['a', 'b', 'c']) await cache.load(k, read(k.toUpperCase()));
  assert.equal(cache.get('a'), 'A'); // a is now the most recently used
  await cache.load('d', read('D'));
  assert.equal(cache.size, 3);
  assert.equal(cache.get('b'), undefined, 'b was the least recently used');
  assert.deepEqual(['a', 'c', 'd'].map((k) => cache.get(k)), ['A', 'C', 'D']);
});

test('expired and stale pages do not stay: they go as new pages are stored', async () => {
  const { cache, read, advance } = setup({ ttlMs: 1_000, maxEntries: 100 });
  for (const k of ['a', 'b', 'c']) await cache.load(k, read(k));
  advance(1_000);
  await cache.load('d', read('d'));
  assert.equal(cache.size, 1, 'a, b and c had expired');
  poolCache.changed();
  await cache.load('e', read('e'));
  assert.equal(cache.size, 1, 'd was stale');
});

test('a TTL of 0 turns it off: every request reads', async () => {
  const { cache, read, reads } = setup({ ttlMs: 0, maxEntries: 10 });
  assert.equal(cache.enabled, false);
  await cache.load('k', read('1'));
  await cache.load('k', read('2'));
  assert.equal(cache.get('k'), undefined);
  assert.equal(reads(), 2);
});

test('keys: one per organisation and query, whatever the values contain', () => {
  const org = '11111111-1111-4111-8111-111111111111';
  const other = '22222222-2222-4222-8222-222222222222';
  assert.notEqual(PoolPageCache.key(org, ['deadline', 50, null]), PoolPageCache.key(other, ['deadline', 50, null]));
  assert.notEqual(PoolPageCache.key(org, ['a|b', '']), PoolPageCache.key(org, ['a', 'b|']));
  assert.notEqual(PoolPageCache.key(org, ['a', null]), PoolPageCache.key(org, ['a', 'null']));
  assert.equal(PoolPageCache.key(org, ['deadline', 50, 'KW-KU']), PoolPageCache.key(org, ['deadline', 50, 'KW-KU']));
});
