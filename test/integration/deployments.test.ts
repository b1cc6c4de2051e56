/** The three deployment profiles: ID scheme, currency minor units, calendar and regions, end to end. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase } from '../support/db.js';
import { makeWorld, registerFamily } from '../support/fixtures.js';
import { inTx } from '../../src/kernel/transaction.js';
import { grantAid } from '../../src/modules/grants/grants.service.js';
import { registerHousehold } from '../../src/modules/registry/registry.service.js';
import { Problem } from '../../src/shared/problem.js';
import { ManualClock } from '../../src/kernel/clock.js';

const cases = [
  { country: 'KW', currency: 'KWD', minor: 3, calendar: 'gregory', level1: 6, ok: '10.125', tooPrecise: '10.1255', idOfOtherCountry: '0499370899' },
  { country: 'SA', currency: 'SAR', minor: 2, calendar: 'islamic-umalqura', level1: 13, ok: '10.25', tooPrecise: '10.125', idOfOtherCountry: '288020122596' },
  { country: 'IR', currency: 'IRR', minor: 0, calendar: 'persian', level1: 31, ok: '1500000', tooPrecise: '1500000.5', idOfOtherCountry: '1000000008' },
] as const;

for (const c of cases) {
  describe(`deployment ${c.country} (pglite)`, () => {
    test('profile, regions, currency minor units and the national ID scheme', async () => {
      const t = await freshDatabase('pglite', { country: c.country });
      try {
        assert.equal(t.dep.currency.code, c.currency);
        assert.equal(t.dep.currency.minorUnits, c.minor);
        assert.equal(t.dep.calendar, c.calendar);
        assert.equal([...t.dep.regions.values()].filter((r) => r.level === 1).length, c.level1);
        const w = await makeWorld(t.database.db, t.dep);
        const cw = w.charities[0]!.caseworker.actor;
        const fam = await registerFamily(t.database.db, t.dep, w, cw);
        const clock = new ManualClock();
        const g = await inTx(t.database.db, cw, (trx) => grantAid(trx, cw, t.dep, clock, { householdId: fam.householdId, aidTypeCode: 'living-allowance', amount: c.ok }));
        assert.equal(g.currency, c.currency);
        assert.equal(g.amount_minor, Number(c.ok.replace('.', '')));
        await assert.rejects(
          inTx(t.database.db, cw, (trx) => grantAid(trx, cw, t.dep, clock, { householdId: fam.householdId, aidTypeCode: 'medical-aid', amount: c.tooPrecise })),
          (e) => e instanceof Problem && e.slug === 'invalid-amount',
        );
        // A valid ID of another country's scheme is refused by this deployment.
        await assert.rejects(
          inTx(t.database.db, cw, (trx) => registerHousehold(trx, cw, t.dep, { regionCode: [...t.dep.regions.keys()][0]!, members: [{ nationalId: c.idOfOtherCountry, fullName: 'Test', relation: 'head' }] })),
          (e) => e instanceof Problem && e.slug === 'invalid-national-id',
        );
      } finally {
        await t.close();
      }
    });
  });
}
