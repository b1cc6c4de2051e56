/**
 * The outcomes of request_claim() as TypeScript knows them (CLAIM_OUTCOMES) are the ones its
 * current definition answers, and each refusal maps to its Problem once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLAIM_OUTCOMES, claimRefusalProblem, type ClaimRefusal } from '../../src/modules/requests/claim-outcome.js';

const text = readFileSync(fileURLToPath(new URL('../../src/db/definitions/functions/request_claim.sql', import.meta.url)), 'utf8');

test('request_claim() answers exactly the outcomes of CLAIM_OUTCOMES', () => {
  // Every answer is a `return query select <outcome>, <status>`: a literal or a case between two literals.
  const answers = [...text.matchAll(/return query select (.+?), [^,]+;/g)].map((m) => m[1]!);
  assert.ok(answers.length >= 6, 'the answers were read out of request_claim.sql');
  const sqlOutcomes = new Set(answers.flatMap((a) => [...a.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!)));
  assert.deepEqual([...sqlOutcomes].sort(), [...CLAIM_OUTCOMES].sort());
});

test('each refused claim maps to its problem type, status and extensions', () => {
  const cases: { o: ClaimRefusal; type: string; status: number; ext?: Record<string, unknown> }[] = [
    { o: 'not-found', type: 'not-found', status: 404 },
    { o: 'mine', type: 'already-claimed', status: 409, ext: { claimedByYou: true } },
    { o: 'taken', type: 'already-claimed', status: 409, ext: { claimedByYou: false } },
    { o: 'invalid-state', type: 'invalid-state', status: 409, ext: { requestStatus: 'decided' } },
    { o: 'not-in-pool', type: 'forbidden', status: 403 },
    { o: 'offered', type: 'forbidden', status: 403, ext: { firstOffer: true } },
  ];
  assert.deepEqual(cases.map((c) => c.o).sort(), CLAIM_OUTCOMES.filter((o) => o !== 'claimed').sort(), 'every refusal has a case');
  for (const c of cases) {
    const p = claimRefusalProblem(c.o, 'decided');
    assert.equal(p.slug, c.type, c.o);
    assert.equal(p.status, c.status, c.o);
    for (const [k, v] of Object.entries(c.ext ?? {})) assert.equal(p.extensions[k], v, `${c.o}: ${k}`);
  }
});
