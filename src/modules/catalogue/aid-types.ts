/**
 * The catalogue's published reads of aid types: other modules ask here, never the aid_types table.
 */
import type { Executor } from '../../db/database.js';
import type { AidForm } from '../../db/schema.js';
import { Problem } from '../../shared/problem.js';

export interface AidType {
  code: string;
  basketCode: string;
  groupCode: string;
  form: AidForm;
  names: { en: string; ar: string; fa: string };
  deadlineDays: number | null;
  active: boolean;
}

const COLUMNS = ['code', 'basket_code', 'group_code', 'form', 'name_en', 'name_ar', 'name_fa', 'deadline_days', 'active'] as const;

const toAidType = (t: { code: string; basket_code: string; group_code: string; form: AidForm; name_en: string; name_ar: string; name_fa: string; deadline_days: number | null; active: boolean }): AidType => ({
  code: t.code,
  basketCode: t.basket_code,
  groupCode: t.group_code,
  form: t.form,
  names: { en: t.name_en, ar: t.name_ar, fa: t.name_fa },
  deadlineDays: t.deadline_days,
  active: t.active,
});

/** One aid type, active or not; undefined when there is none with this code. */
export async function findAidType(db: Executor, code: string): Promise<AidType | undefined> {
  const t = await db.selectFrom('aid_types').select(COLUMNS).where('code', '=', code).executeTakeFirst();
  return t && toAidType(t);
}

/** An active aid type, or 400 unknown-reference naming the field. */
export async function requireActiveAidType(db: Executor, code: string, field = 'aidTypeCode'): Promise<AidType> {
  const t = await findAidType(db, code);
  if (!t || !t.active) throw new Problem('unknown-reference', `Unknown aid type "${code}".`, { field, value: code });
  return t;
}

/** The aid types with these codes (any order; unknown codes are left out). */
export async function findAidTypes(db: Executor, codes: readonly string[]): Promise<Map<string, AidType>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('aid_types').select(COLUMNS).where('code', 'in', [...new Set(codes)]).execute();
  return new Map(rows.map((t) => [t.code, toAidType(t)]));
}

/** The first of these codes that names no aid type, or undefined when all do. */
export async function firstUnknownAidType(db: Executor, codes: readonly string[]): Promise<string | undefined> {
  const known = await findAidTypes(db, codes);
  return codes.find((c) => !known.has(c));
}
