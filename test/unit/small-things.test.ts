import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countryChoices, homePath, NATIONALITIES } from '../../web/src/lib/small.js';

describe('small things of the web app: nationality names, home pages', () => {
  it('the nationality filter offers country names in the reader’s language, the deployment’s country first', () => {
    const ar = countryChoices('ar', 'KW');
    assert.equal(ar.length, NATIONALITIES.length);
    assert.deepEqual(ar[0], { value: 'KW', label: 'الكويت' });
    assert.equal(ar.find((c) => c.value === 'EG')?.label, 'مصر');
    assert.ok(ar.every((c) => c.label !== c.value && !/[A-Za-z]/.test(c.label)), 'every Arabic label is a name, not a code');
    assert.deepEqual(countryChoices('en', 'IR')[0], { value: 'IR', label: 'Iran' });
    assert.equal(countryChoices('fa', 'IR').find((c) => c.value === 'AF')?.label, 'افغانستان');
    const rest = countryChoices('en', 'SA').slice(1).map((c) => c.label);
    assert.deepEqual(rest, [...rest].sort((a, b) => a.localeCompare(b, 'en')), 'after the home country, names in alphabetical order');
    assert.equal(new Set(ar.map((c) => c.value)).size, ar.length, 'no country offered twice');
  });

  it('a field visitor lands on their own page, not on the charity pool they may not open', () => {
    assert.equal(homePath({ role: 'field_visitor', orgKind: 'charity' }), '/field');
    assert.equal(homePath({ role: 'caseworker', orgKind: 'charity' }), '/charity/pool');
    assert.equal(homePath({ role: 'charity_admin', orgKind: 'charity' }), '/charity/pool');
    assert.equal(homePath({ role: 'applicant', orgKind: null }), '/me');
    assert.equal(homePath({ role: 'donor', orgKind: null }), '/donor');
    assert.equal(homePath({ role: 'ministry_admin', orgKind: 'ministry' }), '/ministry/charities');
  });
});
