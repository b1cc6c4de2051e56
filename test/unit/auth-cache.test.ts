/** The in-process cache of verified API tokens (src/kernel/auth-cache.ts): lifetime, size, eviction. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authCache, type TokenCache } from '../../src/kernel/auth-cache.js';

function withCache(options: { ttlMs: number; maxEntries: number }, fn: (c: TokenCache<string>) => void) {
  const c = authCache.create<string>(options);
  try {
    fn(c);
  } finally {
    authCache.release(c as TokenCache<unknown>);
  }
}

test('an entry lives for the TTL, never past the token expiry', () => {
  withCache({ ttlMs: 5_000, maxEntries: 10 }, (c) => {
    c.set('a', 'A', 1_000, null, authCache.generation);
    assert.equal(c.get('a', 5_999), 'A');
    assert.equal(c.get('a', 6_000), undefined, 'gone at now + TTL');
    c.set('b', 'B', 1_000, 3_000, authCache.generation);
    assert.equal(c.get('b', 2_999), 'B');
    assert.equal(c.get('b', 3_000), undefined, 'gone when the token expires, before the TTL');
    c.set('c', 'C', 1_000, 1_000, authCache.generation);
    assert.equal(c.get('c', 1_000), undefined, 'an already expired token is not kept');
  });
});

test('the cache is bounded; the least recently used entry goes first', () => {
  withCache({ ttlMs: 5_000, maxEntries: 3 }, (c) => {
    for (const k of ['a', 'b', 'c']) c.set(k, k.toUpperCase(), 0, null, authCache.generation);
    assert.equal(c.get('a', 1), 'A'); // a is now the most recently used
    c.set('d', 'D', 1, null, authCache.generation);
    assert.equal(c.size, 3);
    assert.equal(c.get('b', 2), undefined, 'b was the least recently used');
    assert.deepEqual(['a', 'c', 'd'].map((k) => c.get(k, 2)), ['A', 'C', 'D']);
  });
});

test('clear() empties every cache of the process, and a lookup that began before it stores nothing', () => {
  withCache({ ttlMs: 5_000, maxEntries: 10 }, (one) =>
    withCache({ ttlMs: 5_000, maxEntries: 10 }, (two) => {
      one.set('a', 'A', 0, null, authCache.generation);
      two.set('a', 'A2', 0, null, authCache.generation);
      const before = authCache.generation;
      authCache.clear();
      assert.equal(one.get('a', 1), undefined);
      assert.equal(two.get('a', 1), undefined);
      one.set('b', 'B', 1, null, before);
      assert.equal(one.get('b', 2), undefined, 'read before the clear: possibly what the clear was for');
      one.set('b', 'B', 1, null, authCache.generation);
      assert.equal(one.get('b', 2), 'B');
    }),
  );
});

test('a TTL of 0 turns the cache off', () => {
  withCache({ ttlMs: 0, maxEntries: 10 }, (c) => {
    c.set('a', 'A', 0, null, authCache.generation);
    assert.equal(c.get('a', 0), undefined);
    assert.equal(c.size, 0);
  });
});
