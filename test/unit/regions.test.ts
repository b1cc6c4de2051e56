import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadRegions, type Region } from '../../src/deployments/regions/index.js';

const COUNTRIES = ['KW', 'SA', 'IR'] as const;
const EXPECTED_LEVEL1: Record<(typeof COUNTRIES)[number], string[]> = {
  KW: ['KW-AH', 'KW-FA', 'KW-HA', 'KW-JA', 'KW-KU', 'KW-MU'],
  SA: ['SA-01', 'SA-02', 'SA-03', 'SA-04', 'SA-05', 'SA-06', 'SA-07', 'SA-08', 'SA-09', 'SA-10', 'SA-11', 'SA-12', 'SA-14'],
  IR: Array.from({ length: 31 }, (_, i) => `IR-${String(i).padStart(2, '0')}`),
};
const CHILDREN: Record<(typeof COUNTRIES)[number], [number, number]> = { KW: [4, 8], SA: [2, 5], IR: [2, 4] };

for (const country of COUNTRIES) {
  describe(`regions ${country}`, () => {
    const regions: Region[] = loadRegions(country);
    const byCode = new Map(regions.map((r) => [r.code, r]));
    const level1 = regions.filter((r) => r.level === 1);

    it('codes are unique and carry the country prefix', () => {
      assert.equal(byCode.size, regions.length);
      for (const r of regions) assert.match(r.code, new RegExp(`^${country}-[0-9A-Z]+(-[0-9A-Z]+)*$`));
    });
    it('level-1 regions are exactly the ISO 3166-2 subdivisions', () => {
      assert.deepEqual(level1.map((r) => r.code).sort(), [...EXPECTED_LEVEL1[country]].sort());
      assert.equal(level1.length, { KW: 6, SA: 13, IR: 31 }[country]);
      for (const r of level1) assert.equal(r.parent, null);
    });
    it('every parent exists and is level 1; level-2 codes extend the parent code', () => {
      for (const r of regions.filter((x) => x.level === 2)) {
        assert.notEqual(r.parent, null, r.code);
        const p = byCode.get(r.parent!);
        assert.ok(p, `${r.code}: parent ${r.parent} exists`);
        assert.equal(p.level, 1);
        assert.ok(r.code.startsWith(`${r.parent}-`), r.code);
      }
    });
    it(`each level-1 region has ${CHILDREN[country][0]}–${CHILDREN[country][1]} children`, () => {
      for (const p of level1) {
        const n = regions.filter((r) => r.parent === p.code).length;
        assert.ok(n >= 2, `${p.code} has ${n} children`);
        assert.ok(n >= CHILDREN[country][0] && n <= CHILDREN[country][1], `${p.code} has ${n} children`);
      }
    });
    it('names in all three languages are non-empty and in the right script', () => {
      for (const r of regions) {
        const { en, ar, fa } = r.names;
        assert.ok(en.trim().length > 0 && ar.trim().length > 0 && fa.trim().length > 0, r.code);
        assert.match(en, /^[A-Za-z][A-Za-z' -]*$/, r.code);
        assert.match(ar, /^[\u0621-\u064A ]+$/, `${r.code} ar`); // Arabic letters only, no Persian letters
        assert.match(fa, /^[\u0621-\u063A\u0641-\u0648\u067E\u0686\u0698\u06A9\u06AF\u06CC\u200C ]+$/, `${r.code} fa`);
        assert.equal(/[يكة]/.test(fa), false, `${r.code} fa uses ی and ک`);
      }
    });
    it('names are unique among siblings', () => {
      const groups = new Map<string | null, Region[]>();
      for (const r of regions) groups.set(r.parent, [...(groups.get(r.parent) ?? []), r]);
      for (const [, sibs] of groups) {
        for (const lang of ['en', 'ar', 'fa'] as const) {
          const names = sibs.map((s) => s.names[lang]);
          assert.equal(new Set(names).size, names.length, `${lang}: ${names.join(', ')}`);
        }
      }
    });
    it('returns fresh objects', () => {
      const a = loadRegions(country);
      a[0]!.names.en = 'changed';
      assert.notEqual(loadRegions(country)[0]!.names.en, 'changed');
    });
  });
}

it('spot checks', () => {
  const kw = new Map(loadRegions('KW').map((r) => [r.code, r]));
  assert.equal(kw.get('KW-KU')!.names.ar, 'العاصمة');
  assert.equal(kw.get('KW-HA-SALMIYA')!.parent, 'KW-HA');
  const sa = new Map(loadRegions('SA').map((r) => [r.code, r]));
  assert.equal(sa.get('SA-02-JEDDAH')!.parent, 'SA-02');
  assert.equal(sa.has('SA-13'), false);
  const ir = new Map(loadRegions('IR').map((r) => [r.code, r]));
  assert.equal(ir.get('IR-23')!.names.fa, 'تهران');
  assert.equal(ir.get('IR-30')!.names.en, 'Alborz');
  assert.equal(ir.get('IR-09-MASHHAD')!.parent, 'IR-09');
});
