/**
 * A Map used as a least-recently-used store: `put` makes the key the newest and drops the oldest
 * entries beyond `max` (a Map iterates in insertion order). The in-process caches use it.
 */
export function putBounded<K, V>(entries: Map<K, V>, key: K, value: V, max: number): void {
  entries.delete(key);
  entries.set(key, value);
  while (entries.size > max) {
    const oldest = entries.keys().next();
    if (oldest.done) break;
    entries.delete(oldest.value);
  }
}
