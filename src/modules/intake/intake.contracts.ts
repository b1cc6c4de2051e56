/** The intake's API contract: request and response schemas, their types, and the mappers. */
import { Type, type Static } from 'typebox';
import { Moment, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';
import type { ImportRow } from './intake.repository.js';
import { VERDICTS, type Verdict } from './verdicts.js';

const ColumnIndex = Type.Integer({ minimum: 0, maximum: 1000 });

export const MappingBody = Strict({
  nationalId: ColumnIndex,
  phone: ColumnIndex,
  name: Type.Optional(ColumnIndex),
  birthDate: Type.Optional(ColumnIndex),
  region: Type.Optional(ColumnIndex),
  householdRef: Type.Optional(ColumnIndex),
  language: Type.Optional(ColumnIndex),
});

const SuggestedMapping = Strict({
  nationalId: Type.Optional(Type.Integer()),
  phone: Type.Optional(Type.Integer()),
  name: Type.Optional(Type.Integer()),
  birthDate: Type.Optional(Type.Integer()),
  region: Type.Optional(Type.Integer()),
  householdRef: Type.Optional(Type.Integer()),
  language: Type.Optional(Type.Integer()),
});

export const ImportProgress = Named('ImportProgress', {
  rowsRead: Type.Integer(),
  rowsApplied: Type.Integer(),
  accepted: Type.Integer(),
  refused: Type.Integer(),
  waiting: Type.Integer(),
  total: Nullable(Type.Integer()),
  ratePerSecond: Type.Number(),
  secondsLeft: Nullable(Type.Number()),
});

export const Import = Named('Import', {
  id: Uuid,
  status: Type.Unsafe<ImportRow['status']>(Type.Union(['mapping', 'queued', 'staging', 'applying', 'done', 'failed'].map((s) => Type.Literal(s)))),
  fileName: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  encoding: Type.String(),
  columns: Type.Array(Type.String()),
  preview: Type.Array(Type.Array(Type.String())),
  mapping: Nullable(SuggestedMapping),
  suggestedMapping: SuggestedMapping,
  progress: Ref(ImportProgress),
  failure: Nullable(Type.String({ description: 'The problem type that failed the import' })),
  createdAt: Moment,
  finishedAt: Nullable(Moment),
  duplicateOf: Nullable(Uuid),
});
export type ImportView = Static<typeof Import>;

export const Imports = Strict({ items: Type.Array(Ref(Import)) });

export const RememberedMapping = Strict({
  mapping: Nullable(Type.Record(Type.String(), Type.String(), { description: 'Field → header name' })),
  updatedAt: Nullable(Moment),
});

const VerdictSchema = Type.Unsafe<Verdict>(Type.Union(VERDICTS.map((v) => Type.Literal(v))));

export const ImportRowView = Named('ImportRow', {
  rowNo: Type.Integer(),
  verdict: Nullable(VerdictSchema),
  reason: Nullable(Type.String()),
  field: Nullable(Type.String()),
  nationalId: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  name: Nullable(Type.String()),
  likelyScore: Nullable(Type.Number({ description: 'A waiting row: the score of the registered person the registry search found it may be (nothing of that person is shown)' })),
});

export const ImportRows = Strict({ items: Type.Array(Ref(ImportRowView)), next: Nullable(Type.String()) });

export const RowsQuery = Type.Object({
  verdict: Type.Optional(Type.Unsafe<Verdict | 'waiting'>(Type.Union([...VERDICTS, 'waiting'].map((v) => Type.Literal(v))))),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const ReportQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('ar'), Type.Literal('fa'), Type.Literal('en')])) });

export const RowParams = Type.Object({ id: Uuid, rowNo: Type.Integer({ minimum: 1, maximum: 100_000_000 }) });

export const RowFixBody = Strict({
  nationalId: Type.Optional(Type.String({ maxLength: 40 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  linkLikelyPerson: Type.Optional(Type.Literal(true, { description: 'Link a waiting row to the registered person the search found it may be (not with nationalId or phone)' })),
});

export const INTAKE_SCHEMAS = [ImportProgress, Import, ImportRowView];

/** The import as the API shows it; progress's rate and time left from its start to `now`. */
export function importView(imp: ImportRow, suggested: Static<typeof SuggestedMapping>, now: Date, duplicateOf: string | null = null): ImportView {
  const total = imp.total_rows;
  // Each row is staged, then applied: the work is 2 × total steps.
  const work = imp.rows_staged + imp.rows_applied;
  const end = imp.finished_at ?? now;
  const seconds = imp.started_at ? Math.max(0.001, (end.getTime() - imp.started_at.getTime()) / 1000) : 0;
  const rate = seconds > 0 ? work / 2 / seconds : 0;
  const secondsLeft = imp.status === 'done' ? 0 : total !== null && rate > 0 ? Math.round(((2 * total - work) / 2 / rate) * 10) / 10 : null;
  return {
    id: imp.id,
    status: imp.status,
    fileName: imp.file_name,
    format: imp.format,
    encoding: imp.encoding,
    columns: imp.columns,
    preview: imp.preview,
    mapping: imp.mapping,
    suggestedMapping: suggested,
    progress: {
      rowsRead: imp.rows_staged,
      rowsApplied: imp.rows_applied,
      accepted: imp.accepted,
      refused: imp.refused,
      waiting: imp.waiting,
      total,
      ratePerSecond: Math.round(rate),
      secondsLeft,
    },
    failure: imp.failure,
    createdAt: imp.created_at,
    finishedAt: imp.finished_at,
    duplicateOf,
  };
}

/** The limits of one upload (GET /imports/limits; the deployment's settings). */
export const ImportLimitsView = Strict({ maxBytes: Type.Integer({ minimum: 1 }), maxRows: Type.Integer({ minimum: 1 }) });
