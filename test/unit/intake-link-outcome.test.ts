/**
 * The outcomes of intake_link_likely_person() as TypeScript knows them (LINK_OUTCOMES) are the ones
 * its current definition answers, so the hand fix's switch (fix-row.ts) meets every one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LINK_OUTCOMES } from '../../src/modules/intake/intake.repository.js';

const text = readFileSync(fileURLToPath(new URL('../../src/db/definitions/functions/intake_link_likely_person.sql', import.meta.url)), 'utf8');

test('intake_link_likely_person() answers exactly the outcomes of LINK_OUTCOMES', () => {
  const answers = [...text.matchAll(/return query select '([a-z-]+)'/g)].map((m) => m[1]!);
  assert.ok(answers.length >= 4, 'the answers were read out of intake_link_likely_person.sql');
  assert.deepEqual([...new Set(answers)].sort(), [...LINK_OUTCOMES].sort());
});
