/**
 * The stock items a new deployment starts with: one per in-kind aid type of the starting catalogue
 * (a refrigerator given is the aid type "refrigerator"), with the unit it is counted in. The
 * ministry adds others later.
 */
import type { Executor } from '../../db/database.js';
import type { StockUnit } from '../../db/schema.js';
import { AID_TYPES } from '../catalogue/default-catalogue.js';

const UNITS: Record<string, StockUnit> = { 'food-basket': 'basket', 'school-supplies': 'pack', 'medication': 'box' };
const PERISHABLE = new Set(['food-basket', 'medication']);

export const DEFAULT_STOCK_ITEMS = AID_TYPES.filter((t) => t.form === 'in_kind').map((t) => ({
  code: t.code, aidTypeCode: t.code, unit: UNITS[t.code] ?? 'piece', perishable: PERISHABLE.has(t.code), names: { en: t.en, ar: t.ar, fa: t.fa },
}));

/** Writes the starting items once (a deployment's setup). */
export async function ensureStockItems(db: Executor): Promise<void> {
  await db
    .insertInto('stock_items')
    .values(DEFAULT_STOCK_ITEMS.map((i) => ({ code: i.code, aid_type_code: i.aidTypeCode, unit: i.unit, perishable: i.perishable, name_en: i.names.en, name_ar: i.names.ar, name_fa: i.names.fa })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
