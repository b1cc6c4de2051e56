/**
 * The column mapping: which column holds the national ID and the phone (required) and the
 * optional fields. Set once, from 'mapping' to 'queued' (one conditional UPDATE: a second mapping
 * is 409), remembered for the charity by header names, and the import job scheduled (its first
 * chunk, key import:<id>:0). suggestMapping offers the remembered mapping, else the columns whose
 * header names say what they hold.
 */
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { intakeRepository, type ImportRow } from './intake.repository.js';
import type { ColumnMapping } from './judge-row.js';
import { ROW_FIELDS, type RowField } from './verdicts.js';
import { requireCharityStaff } from './create-import.js';
import { importJob } from './import-job.js';

export async function requireImport(trx: Tx, actor: Actor, id: string): Promise<ImportRow> {
  requireCharityStaff(actor);
  const imp = await intakeRepository.byId(trx, id);
  if (!imp) throw notFound('The import');
  return imp;
}

export async function setMapping(trx: Tx, actor: Actor, importId: string, mapping: ColumnMapping, now: Date): Promise<ImportRow> {
  const orgId = requireCharityStaff(actor);
  const imp = await requireImport(trx, actor, importId);
  const columns = imp.columns;
  const used = new Map<number, RowField>();
  const clean: Record<string, number> = {};
  for (const field of ROW_FIELDS) {
    const col = mapping[field];
    if (col === undefined) continue;
    if (!Number.isInteger(col) || col < 0 || col >= columns.length) throw new Problem('validation', `The file has no column ${col}.`, { field });
    if (used.has(col)) throw new Problem('validation', `Column ${col} is already mapped to ${used.get(col)}.`, { field });
    used.set(col, field);
    clean[field] = col;
  }
  const set = await intakeRepository.setMapping(trx, importId, clean);
  if (!set) throw new Problem('invalid-state', `The import is ${imp.status}: its columns are mapped already.`, { importStatus: imp.status });
  await intakeRepository.rememberMapping(trx, orgId, Object.fromEntries(Object.entries(clean).map(([f, c]) => [f, columns[c]!])), now);
  await importJob.schedule(trx, { key: `import:${importId}:0`, payload: { importId, chunk: 0 }, runAt: now }, now);
  await audit(trx, actor, { action: 'import.map', subjectType: 'import', subjectId: importId, details: { fields: Object.keys(clean) }, at: now });
  return set;
}

/** The charity's last mapping, by header names. */
export async function rememberedMapping(trx: Tx, actor: Actor): Promise<{ mapping: Record<string, string>; updatedAt: Date } | null> {
  const orgId = requireCharityStaff(actor);
  const r = await intakeRepository.rememberedMapping(trx, orgId);
  return r ? { mapping: r.mapping, updatedAt: r.updated_at } : null;
}

const HINTS: Record<RowField, RegExp> = {
  nationalId: /national|civil|\bid\b|iqama|ملی|ملي|هوية|هويه|مدني|شناسه ملی|کدملی|رقم الهوية/i,
  phone: /phone|mobile|tel|تلفن|موبایل|همراه|هاتف|جوال|موبايل/i,
  name: /name|نام|اسم/i,
  birthDate: /birth|تولد|ميلاد|میلاد/i,
  region: /region|province|city|منطقه|استان|شهر|منطقة|محافظة/i,
  householdRef: /household|family|خانوار|خانواده|أسرة|اسرة|عائلة/i,
  language: /lang|زبان|لغة/i,
};

/** A mapping to offer: the remembered one where its header names are in this file, else by the headers' words. */
export function suggestMapping(columns: string[], remembered: Record<string, string> | null): Partial<Record<RowField, number>> {
  const out: Partial<Record<RowField, number>> = {};
  const taken = new Set<number>();
  for (const field of ROW_FIELDS) {
    const name = remembered?.[field];
    const i = name === undefined ? -1 : columns.indexOf(name);
    if (i >= 0 && !taken.has(i)) { out[field] = i; taken.add(i); }
  }
  for (const field of ROW_FIELDS) {
    if (out[field] !== undefined) continue;
    const i = columns.findIndex((c, k) => !taken.has(k) && HINTS[field].test(c));
    if (i >= 0) { out[field] = i; taken.add(i); }
  }
  return out;
}
