/** A use case's refusal in a test: the promise rejects with a Problem of this slug (returned, for more checks). */
import assert from 'node:assert/strict';
import { Problem } from '../../src/shared/problem.js';

export async function refused(p: Promise<unknown>, slug: string): Promise<Problem> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof Problem, `expected a Problem, got ${String(e)}`);
    assert.equal(e.slug, slug, e.message);
    return e;
  }
  assert.fail(`expected ${slug}, but it succeeded`);
}
