/**
 * The intake's routes: upload (multipart, streamed to the intake's folder within the size limit),
 * the charity's imports, the column mapping, the rows with their verdicts, the report, a row fixed
 * by hand. Thin: the use cases are create-import.ts, set-mapping.ts, fix-row.ts.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { IdParams, Ref, errors } from '../../http/schemas.js';
import { Problem } from '../../shared/problem.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Import, ImportRowView, ImportRows, Imports, MappingBody, RememberedMapping, ReportQuery, RowFixBody, RowParams, RowsQuery, importView } from './intake.contracts.js';
import { createImport } from './create-import.js';
import { intakeRepository, type ImportRow } from './intake.repository.js';
import { rememberedMapping, requireImport, setMapping, suggestMapping } from './set-mapping.js';
import { fixRow } from './fix-row.js';
import { writeReport } from './report.js';
import type { ReportRow, Verdict } from './verdicts.js';

const rowView = (r: { row_no: number; verdict: string | null; reason: string | null; field: string | null; national_id: string | null; phone: string | null; name: string | null; likely_score: number | null }): Required<ReportRow> => ({
  rowNo: r.row_no, verdict: r.verdict as Verdict | null, reason: r.reason, field: r.field, nationalId: r.national_id, phone: r.phone, name: r.name, likelyScore: r.likely_score,
});

export async function intakeRoutes(app: App) {
  const { dep } = app.mizan;
  const { settings, onAccepted } = app.mizan.intake;
  // Multipart only here: the rest of the API takes JSON.
  await app.register(multipart, { limits: { fileSize: settings.maxBytes, files: 1, parts: 3, fields: 2, fieldSize: 1024 }, throwFileSizeLimit: true });

  const view = async (trx: Tx, actor: Actor, imp: ImportRow, duplicateOf: string | null = null) => {
    const remembered = await rememberedMapping(trx, actor);
    return importView(imp, suggestMapping(imp.columns, remembered?.mapping ?? null), app.mizan.clock.now(), duplicateOf);
  };

  app.post(
    '/imports',
    {
      config: { permission: 'import:create' },
      schema: {
        tags: ['imports'],
        summary: 'Upload a CSV or XLSX of people to invite (multipart/form-data, one file in the field "file")',
        consumes: ['multipart/form-data'],
        response: { 200: Ref(Import), 201: Ref(Import), ...errors(400, 401, 403, 413, 415, 422) },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new Problem('unsupported-media-type', 'Send the file as multipart/form-data, in the field "file".');
      await mkdir(settings.dir, { recursive: true });
      const tmp = join(settings.dir, `.upload-${randomUUID()}`);
      try {
        let part;
        try {
          part = await req.file();
          if (!part || part.fieldname !== 'file') throw new Problem('validation', 'Send the file in the field "file".', { field: 'file' });
          await pipeline(part.file, createWriteStream(tmp));
          if (part.file.truncated) throw Object.assign(new Error('truncated'), { code: 'FST_REQ_FILE_TOO_LARGE' });
        } catch (e) {
          if (e instanceof Problem) throw e;
          const code = (e as { code?: string }).code;
          if (code === 'FST_REQ_FILE_TOO_LARGE') throw new Problem('import-too-large', `The file is larger than ${settings.maxBytes} bytes, the most an import takes.`, { limit: settings.maxBytes });
          throw new Problem('validation', 'The upload could not be read as multipart/form-data with one file.', { field: 'file' });
        }
        const r = await createImport(app.mizan.db, dep, req.actor!, tmp, part.filename, settings, app.mizan.clock.now());
        const body = await app.mizan.tx(req, (trx) => view(trx, req.actor!, r.import, r.duplicate ? r.import.id : null));
        return reply.status(r.duplicate ? 200 : 201).send(body);
      } finally {
        await unlink(tmp).catch(() => {});
      }
    },
  );

  app.get(
    '/imports',
    { config: { permission: 'import:read' }, schema: { tags: ['imports'], summary: "The charity's imports, newest first", response: { 200: Imports, ...errors(401, 403) } } },
    async (req) => app.mizan.tx(req, async (trx) => {
      const orgId = (await requireImportsOf(req.actor!));
      const list = await intakeRepository.list(trx, orgId, 200);
      const remembered = await rememberedMapping(trx, req.actor!);
      const now = app.mizan.clock.now();
      return { items: list.map((imp) => importView(imp, suggestMapping(imp.columns, remembered?.mapping ?? null), now)) };
    }),
  );

  app.get(
    '/imports/mapping',
    { config: { permission: 'import:read' }, schema: { tags: ['imports'], summary: "The charity's last column mapping, by header names", response: { 200: RememberedMapping, ...errors(401, 403) } } },
    async (req) => app.mizan.tx(req, async (trx) => {
      const r = await rememberedMapping(trx, req.actor!);
      return { mapping: r?.mapping ?? null, updatedAt: r?.updatedAt ?? null };
    }),
  );

  app.get(
    '/imports/:id',
    { config: { permission: 'import:read' }, schema: { tags: ['imports'], summary: 'One import with its progress', params: IdParams, response: { 200: Ref(Import), ...errors(401, 403, 404) } } },
    async (req) => app.mizan.tx(req, async (trx) => view(trx, req.actor!, await requireImport(trx, req.actor!, req.params.id))),
  );

  app.put(
    '/imports/:id/mapping',
    {
      config: { permission: 'import:create' },
      schema: { tags: ['imports'], summary: 'Say which column is which and start the import', params: IdParams, body: MappingBody, response: { 200: Ref(Import), ...errors(400, 401, 403, 404, 409) } },
    },
    async (req) => app.mizan.tx(req, async (trx) => view(trx, req.actor!, await setMapping(trx, req.actor!, req.params.id, req.body, app.mizan.clock.now()))),
  );

  app.get(
    '/imports/:id/rows',
    {
      config: { permission: 'import:read' },
      schema: { tags: ['imports'], summary: "An import's rows with their verdicts", params: IdParams, querystring: RowsQuery, response: { 200: ImportRows, ...errors(400, 401, 403, 404) } },
    },
    async (req) => app.mizan.tx(req, async (trx) => {
      await requireImport(trx, req.actor!, req.params.id);
      const limit = req.query.limit ?? 100;
      const rows = await intakeRepository.rows(trx, req.params.id, { verdict: req.query.verdict, after: Number(req.query.cursor ?? 0), limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map(rowView), next: rows.length > limit ? String(page[page.length - 1]!.row_no) : null };
    }),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/imports/:id/report.${format}`,
      {
        config: { permission: 'import:read' },
        schema: {
          tags: ['imports'],
          summary: `The import's report (${format.toUpperCase()}), reasons in the reader's language`,
          params: IdParams,
          querystring: ReportQuery,
          response: { 200: Type.Unsafe<unknown>(Type.String({ description: format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })), ...errors(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const locale = (req.query as { lang?: 'ar' | 'fa' | 'en' }).lang ?? req.actor!.locale ?? dep.defaultLocale;
        await app.mizan.tx(req, (trx) => requireImport(trx, req.actor!, id));
        const out = new PassThrough();
        const actor = req.actor!;
        void app.mizan
          .tx(req, async (trx) => {
            async function* pages() {
              let after = 0;
              for (;;) {
                const rows = await intakeRepository.rows(trx, id, { after, limit: 5000 });
                for (const r of rows) yield rowView(r);
                if (rows.length < 5000) return;
                after = rows[rows.length - 1]!.row_no;
              }
            }
            void actor;
            await writeReport(pages(), format, locale, out);
          })
          .then(() => { if (!out.writableEnded) out.end(); }, (e) => out.destroy(e as Error));
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="import-${id}.${format}"`)
          .send(out);
      },
    );
  }

  app.patch(
    '/imports/:id/rows/:rowNo',
    {
      config: { permission: 'import:create' },
      schema: { tags: ['imports'], summary: 'Fix a row by hand (judged again and applied if now valid), or link a waiting row to the registered person the search found', params: RowParams, body: RowFixBody, response: { 200: Ref(ImportRowView), ...errors(400, 401, 403, 404, 409) } },
    },
    async (req) => rowView(await app.mizan.tx(req, (trx) => fixRow(trx, req.actor!, dep, onAccepted, req.params.id, req.params.rowNo, req.body, app.mizan.clock.now()))),
  );
}

async function requireImportsOf(actor: Actor): Promise<string> {
  if (actor.orgKind !== 'charity' || !actor.orgId) throw new Problem('forbidden', 'Only a charity has imports.');
  return actor.orgId;
}
