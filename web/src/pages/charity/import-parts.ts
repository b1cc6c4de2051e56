/**
 * The import pages' logic without React: the fields a column can be mapped to, the mapping the
 * page starts from (the charity's remembered one, else the server's suggestion), how far an import
 * has come, and the upload itself (multipart, with the session's CSRF header).
 */
import { uploadFile } from '../../lib/api';
import type { Schema } from '../../lib/api-types';

/** The import as GET /api/v1/imports/:id answers it, its progress, and one row of its report. */
export type ImportView = Schema<'Import'>;
export type ImportStatus = ImportView['status'];
export type ImportProgress = Schema<'ImportProgress'>;
export type ImportRowView = Schema<'ImportRow'>;

/** The fields of a row, in the order the mapping step offers them; the first two are required. */
export const MAPPING_FIELDS = ['nationalId', 'phone', 'name', 'birthDate', 'region', 'householdRef', 'language'] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];
export const REQUIRED_FIELDS: readonly MappingField[] = ['nationalId', 'phone'];
export type Mapping = Partial<Record<MappingField, number>>;

/** Every verdict a row can get (contracts: verdicts.ts), for the report's filter. */
export const VERDICTS = ['accepted', 'already-registered', 'already-invited', 'already-referred', 'duplicate-in-file', 'invalid-national-id', 'invalid-phone', 'foreign-phone', 'missing-field'] as const;
/** The verdicts a person can fix by hand from the report (the row waits until then). */
export const FIXABLE_VERDICTS: ReadonlySet<string> = new Set(['invalid-national-id', 'invalid-phone', 'foreign-phone', 'missing-field']);

/**
 * A row the charity may link to the registered person the import's registry search found it may be
 * (PATCH linkLikelyPerson): the import is done and the row still waits with a likely person's score.
 */
export function mayLinkLikely(status: ImportStatus, row: Pick<ImportRowView, 'likelyScore'>): boolean {
  return status === 'done' && row.likelyScore !== null;
}

export const RUNNING: ReadonlySet<ImportStatus> = new Set(['queued', 'staging', 'applying']);

/**
 * The mapping the page starts from: the charity's remembered mapping where its column (named by
 * its header) is in this file, else the server's suggestion; never one column for two fields.
 * A remembered entry may name its column by header (GET /imports/mapping) or by position.
 */
export function initialMapping(columns: readonly string[], suggested: ImportView['suggestedMapping'], remembered: Partial<Record<string, string | number | null>> | null | undefined): Mapping {
  const out: Mapping = {};
  const used = new Set<number>();
  const header = (name: string) => {
    const wanted = name.trim().toLowerCase();
    return columns.findIndex((c) => c.trim().toLowerCase() === wanted);
  };
  const take = (field: MappingField, value: string | number | null | undefined) => {
    if (out[field] !== undefined || value === null || value === undefined) return;
    const index = typeof value === 'number' ? value : header(value);
    if (Number.isInteger(index) && index >= 0 && index < columns.length && !used.has(index)) {
      out[field] = index;
      used.add(index);
    }
  };
  for (const field of MAPPING_FIELDS) take(field, remembered?.[field]);
  for (const field of MAPPING_FIELDS) take(field, suggested?.[field]);
  return out;
}

/** The required fields not mapped yet, and the columns chosen for two fields. */
export function mappingProblems(mapping: Mapping): { missing: MappingField[]; twice: MappingField[] } {
  const missing = REQUIRED_FIELDS.filter((f) => mapping[f] === undefined);
  const seen = new Map<number, MappingField>();
  const twice: MappingField[] = [];
  for (const f of MAPPING_FIELDS) {
    const i = mapping[f];
    if (i === undefined) continue;
    if (seen.has(i)) twice.push(f);
    else seen.set(i, f);
  }
  return { missing, twice };
}

/**
 * How far an import has come, 0–100, or null while the number of rows is not known yet. Each row
 * is read (staged), then applied: the work is twice the rows, and only a finished import is 100.
 */
export function percentDone(status: ImportStatus, p: ImportProgress): number | null {
  if (status === 'done') return 100;
  if (!p.total) return null;
  return Math.min(99, Math.floor(((p.rowsRead + p.rowsApplied) / (2 * p.total)) * 100));
}

/** Seconds as hours, minutes and seconds: [h, m, s]. */
export function splitSeconds(seconds: number): [number, number, number] {
  const s = Math.max(0, Math.round(seconds));
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
}

/**
 * Sends a file to POST /api/v1/imports as multipart (one field, `file`): the import it started,
 * or the earlier import of the same file (`duplicateOf`, answered 200). A refusal is an ApiError
 * with the server's problem (413 import-too-large, 422 import-unreadable / import-empty …).
 */
export async function uploadImport(file: File): Promise<{ imported: ImportView; again: boolean }> {
  const { status, data } = await uploadFile('/api/v1/imports', file, '/problems/import-too-large');
  const imported = data as ImportView;
  return { imported, again: status === 200 || !!imported.duplicateOf };
}

/** A size in bytes as megabytes (one decimal below 10). */
export function megabytes(bytes: number): number {
  const mb = bytes / (1024 * 1024);
  return mb < 10 ? Math.round(mb * 10) / 10 : Math.round(mb);
}
