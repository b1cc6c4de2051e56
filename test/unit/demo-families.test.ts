import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_TODAY, syntheticFamily, syntheticNationalId } from '../../src/demo/people.js';
import { validateNationalId, type IdScheme } from '../../src/shared/identity/national-id.js';
import { Rng } from '../../src/shared/random.js';

/** Full years from a birth date to the demo's today. */
function age(birthDate: string, today = DEMO_TODAY): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const t = [today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()] as const;
  return t[0] - y - (t[1] < m || (t[1] === m && t[2] < d) ? 1 : 0);
}

/** Whole years between two birth dates (the elder first). */
function yearsBetween(elder: string, younger: string): number {
  return age(elder, new Date(`${younger}T00:00:00Z`));
}


test("the demo's households have plausible ages and national IDs that agree with the birth dates", () => {
  for (const [lang, scheme] of [['ar', 'KW_CIVIL_ID'], ['ar', 'SA_NATIONAL_ID'], ['fa', 'IR_NATIONAL_CODE']] as const) {
    // The demo's generator and seed (src/demo/demo.ts), many more households than it registers.
    const rng = new Rng(20261122);
    let children = 0;
    for (let h = 0; h < 2000; h++) {
      const family = syntheticFamily(rng, lang);
      const heads = family.filter((m) => m.relation === 'head');
      assert.equal(heads.length, 1, 'one head of household');
      const head = heads[0]!;
      assert.ok(age(head.birthDate) >= 21, `the head is an adult: ${head.birthDate}`);
      const spouses = family.filter((m) => m.relation === 'spouse');
      assert.ok(spouses.length <= 1);
      for (const s of spouses) {
        assert.ok(age(s.birthDate) >= 18, `the spouse is an adult: ${s.birthDate}`);
        assert.ok(Math.abs(age(head.birthDate) - age(s.birthDate)) <= 15, `a plausible age gap: ${head.birthDate} and ${s.birthDate}`);
      }
      const parents = [head, ...spouses];
      for (const c of family.filter((m) => m.relation === 'child')) {
        children++;
        assert.ok(age(c.birthDate) >= 0, `born already: ${c.birthDate}`);
        for (const p of parents) {
          const gap = yearsBetween(p.birthDate, c.birthDate);
          assert.ok(gap >= 16 && gap <= 55, `a child born when its parent was ${gap}: ${p.birthDate}, ${c.birthDate}`);
        }
      }
      for (const m of family) {
        const id = syntheticNationalId(rng, scheme, m.birthDate);
        const check = validateNationalId(scheme, id, { birthDate: m.birthDate });
        assert.ok(check.valid, `${id} for ${m.birthDate}: ${check.valid ? '' : check.reason}`);
        if (scheme === 'KW_CIVIL_ID') assert.equal(check.birthDate, m.birthDate, 'the Civil ID encodes the birth date');
      }
    }
    assert.ok(children > 2000, 'families have children');
  }
});
