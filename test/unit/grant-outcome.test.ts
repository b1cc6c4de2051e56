/**
 * The outcomes of grant_aid() and registry_beneficiary() as TypeScript knows them are the ones the
 * SQL answers, read out of the current definitions; and each refusal maps to its Problem once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BENEFICIARY_REFUSALS, GRANT_OUTCOMES, beneficiaryProblem, refusalProblem, type BlockingGrant, type GrantRefusalOutcome,
} from '../../src/modules/grants/grant-outcome.js';

const definition = (name: string) => readFileSync(fileURLToPath(new URL(`../../src/db/definitions/functions/${name}.sql`, import.meta.url)), 'utf8');
const assigned = (text: string, variable: string) => [...text.matchAll(new RegExp(`\\b${variable}\\s*:=\\s*'([a-z-]+)'`, 'g'))].map((m) => m[1]!);

test('registry_beneficiary() answers exactly ok and the beneficiary refusals the union lists', () => {
  const sqlOutcomes = new Set(assigned(definition('registry_beneficiary'), 'outcome'));
  assert.deepEqual([...sqlOutcomes].sort(), ['ok', ...BENEFICIARY_REFUSALS].sort());
});

test('grant_aid() answers exactly the outcomes of GRANT_OUTCOMES: its own and, passed through, registry_beneficiary()\'s refusals', () => {
  const text = definition('grant_aid');
  const own = assigned(text, 'r_outcome');
  assert.ok(own.length > 10, 'the outcome strings were read out of grant_aid.sql');
  // The one outcome assigned from a variable is registry_beneficiary()'s refusal, when it is not ok.
  const passed = [...text.matchAll(/\br_outcome\s*:=\s*([a-z_.]+)\s*;/g)].map((m) => m[1]).filter((v) => v !== 'null');
  assert.deepEqual(passed, ['v_bene.outcome']);
  assert.match(text, /if v_bene\.outcome <> 'ok' then\s+r_outcome := v_bene\.outcome;/);
  const sqlOutcomes = new Set([...own, ...assigned(definition('registry_beneficiary'), 'outcome').filter((o) => o !== 'ok')]);
  const known = new Set<string>(GRANT_OUTCOMES);
  assert.deepEqual([...sqlOutcomes].filter((o) => !known.has(o)), [], 'outcomes the SQL answers that the union lacks');
  assert.deepEqual([...known].filter((o) => !sqlOutcomes.has(o)), [], 'outcomes of the union the SQL never answers');
  assert.equal(GRANT_OUTCOMES.length, known.size, 'each outcome listed once');
});

const household = '11111111-1111-4111-8111-111111111111';
const charity = { orgId: '22222222-2222-4222-8222-222222222222', orgKind: 'charity' };
const ctx = { actor: charity, aidTypeCode: 'food-basket', cites: false };
const detail = { grantedOn: '2026-04-01', today: '2026-05-01', registeredOn: '2026-04-10', earliest: '2026-04-01', limitDays: 30 };

/** One example of each refusal, and what its Problem must be: type, status, field. */
const cases: { o: GrantRefusalOutcome; slug: string; status: number; field: string | undefined }[] = [
  { o: { outcome: 'org-not-approved', householdId: null }, slug: 'forbidden', status: 403, field: undefined },
  { o: { outcome: 'unknown-aid-type', householdId: null }, slug: 'unknown-reference', status: 400, field: 'aidTypeCode' },
  { o: { outcome: 'not-offered', householdId: null }, slug: 'forbidden', status: 403, field: undefined },
  { o: { outcome: 'programme-not-active', householdId: null }, slug: 'invalid-state', status: 409, field: 'programmeId' },
  { o: { outcome: 'zakat-not-entitled', householdId: household, zakatVersion: 2 }, slug: 'zakat-not-entitled', status: 409, field: undefined },
  { o: { outcome: 'not-funded', householdId: household, detail: { reason: 'insufficient', form: 'cash', neededMinor: 50_000, neededQuantity: null, availableMinor: 20_000, availableQuantity: null } }, slug: 'not-funded', status: 409, field: undefined },
  { o: { outcome: 'unknown-beneficiary', householdId: null }, slug: 'unknown-reference', status: 400, field: 'beneficiaryNationalId' },
  { o: { outcome: 'beneficiary-not-in-household', householdId: null }, slug: 'validation', status: 400, field: 'beneficiaryNationalId' },
  { o: { outcome: 'unknown-household', householdId: null }, slug: 'unknown-reference', status: 400, field: 'householdId' },
  { o: { outcome: 'person-not-member', householdId: null }, slug: 'validation', status: 400, field: 'personId' },
  { o: { outcome: 'amount-required', householdId: household }, slug: 'validation', status: 400, field: 'amount' },
  { o: { outcome: 'future-date', householdId: household, detail }, slug: 'future-date', status: 400, field: 'grantedOn' },
  { o: { outcome: 'before-registration', householdId: household, detail }, slug: 'before-registration', status: 400, field: 'grantedOn' },
  { o: { outcome: 'exception-missing', householdId: household }, slug: 'unknown-reference', status: 400, field: 'exceptionId' },
  { o: { outcome: 'exception-mismatch', householdId: household }, slug: 'validation', status: 400, field: 'exceptionId' },
  { o: { outcome: 'exception-not-approved', householdId: household, exceptionStatus: 'pending' }, slug: 'invalid-state', status: 409, field: 'exceptionId' },
  { o: { outcome: 'backdate-needs-approval', householdId: household, detail }, slug: 'backdate-needs-approval', status: 409, field: 'grantedOn' },
  { o: { outcome: 'refused', householdId: household, grantedOn: '2026-05-01', during: '[2026-05-01,2026-05-31)' }, slug: 'duplicate-aid', status: 409, field: undefined },
];

test('every refusal of grant_aid() maps to its problem type, status and field', () => {
  assert.deepEqual(cases.map((c) => c.o.outcome).sort(), GRANT_OUTCOMES.filter((o) => o !== 'granted').sort(), 'one case per refusal');
  for (const c of cases) {
    const p = refusalProblem(c.o, ctx);
    assert.equal(p.slug, c.slug, c.o.outcome);
    assert.equal(p.status, c.status, c.o.outcome);
    assert.equal(p.extensions.field, c.field, c.o.outcome);
    assert.ok(p.message.length > 10, `${c.o.outcome} says what happened`);
  }
  // The limits a client can act on travel as extensions.
  assert.equal(refusalProblem(cases.find((c) => c.o.outcome === 'backdate-needs-approval')!.o, ctx).extensions.earliest, '2026-04-01');
  assert.equal(refusalProblem(cases.find((c) => c.o.outcome === 'zakat-not-entitled')!.o, ctx).extensions.zakatVersion, 2);
  const unfunded = refusalProblem(cases.find((c) => c.o.outcome === 'not-funded')!.o, ctx);
  assert.deepEqual([unfunded.extensions.reason, unfunded.extensions.availableMinor, unfunded.extensions.neededMinor], ['insufficient', 20_000, 50_000]);
  assert.equal(refusalProblem(cases.find((c) => c.o.outcome === 'exception-not-approved')!.o, ctx).extensions.exceptionStatus, 'pending');
  assert.equal(refusalProblem(cases[1]!.o, ctx).extensions.value, 'food-basket');
});

test('a beneficiary refusal is the same problem on the grant path and on the exception and request paths', () => {
  for (const outcome of BENEFICIARY_REFUSALS) {
    const viaGrant = refusalProblem({ outcome, householdId: null }, ctx);
    assert.deepEqual(beneficiaryProblem(outcome).toBody(), viaGrant.toBody());
  }
});

test('a duplicate names the blocking grant, its ID only to the organisation that gave it; a refused citation with nothing blocking is a conflict', () => {
  const refused: GrantRefusalOutcome = { outcome: 'refused', householdId: household, grantedOn: '2026-05-01', during: '[2026-05-01,2026-05-31)' };
  const blocking: BlockingGrant = {
    id: null, aid_type_code: 'refrigerator', name_en: 'Refrigerator', name_ar: 'ثلاجة', name_fa: 'یخچال', group_code: 'refrigerator', granted_on: '2026-01-02', org_id: null, org_kind: 'charity', window_end: null,
  };
  const other = refusalProblem(refused, { ...ctx, blocking });
  assert.equal(other.slug, 'duplicate-aid');
  assert.match(other.message, /another charity/);
  const conflict = other.extensions.conflict as Record<string, unknown>;
  assert.equal(conflict.grantedOn, '2026-01-02');
  assert.equal(conflict.sameOrganisation, false);
  assert.equal('grantId' in conflict, false);
  const mine = refusalProblem(refused, { ...ctx, blocking: { ...blocking, id: 'g1', org_id: charity.orgId } });
  assert.equal((mine.extensions.conflict as Record<string, unknown>).grantId, 'g1');
  assert.equal(refusalProblem(refused, { ...ctx, cites: true }).slug, 'conflict');
  assert.equal(refusalProblem(refused, ctx).slug, 'duplicate-aid');
});
