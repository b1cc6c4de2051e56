/**
 * A donor's restriction, checked before it is stored: a basket, an aid type, a region or a
 * programme that exists (through their owners' published reads), and zakat when the donor chose it
 * or the kind of gift is zakat. Whether a lot may pay a service is decided in one place, the SQL
 * function donations_lot_allows(); this only says the restriction names something real.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import { Problem } from '../../shared/problem.js';
import { readCatalogue } from '../catalogue/catalogue.service.js';
import { readProgramme } from '../programmes/define-programme.js';
import type { Restriction } from './donations.repository.js';
import type { RestrictionKind } from '../../db/schema.js';

export interface RestrictionInput {
  kind: RestrictionKind;
  code?: string | null | undefined;
  zakat?: boolean | undefined;
}

export async function checkedRestriction(db: Executor, dep: Deployment, input: RestrictionInput, giftIsZakat: boolean): Promise<Restriction> {
  const zakat = giftIsZakat || input.zakat === true;
  if (input.kind === 'general') return { kind: 'general', code: null, zakat };
  const code = input.code ?? '';
  const unknown = () => new Problem('unknown-reference', `Unknown ${input.kind.replace('_', ' ')} "${code}" in the restriction.`, { field: 'restriction.code', value: code });
  if (!code) throw new Problem('validation', 'A restriction other than general names what it is for (restriction.code).', { field: 'restriction.code' });
  switch (input.kind) {
    case 'basket':
    case 'aid_type': {
      const cat = await readCatalogue(db);
      const known = input.kind === 'basket' ? cat.baskets.some((b) => b.code === code) : cat.aidTypes.some((t) => t.code === code);
      if (!known) throw unknown();
      break;
    }
    case 'region':
      if (!dep.regions.has(code)) throw unknown();
      break;
    case 'programme':
      if (!/^[0-9a-f-]{36}$/i.test(code)) throw unknown();
      await readProgramme(db, dep, code).catch(() => {
        throw unknown();
      });
      break;
  }
  return { kind: input.kind, code, zakat };
}
