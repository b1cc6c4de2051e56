/**
 * `mizan import FILE --org <id|name> [--map nationalId=1,phone=2,...] [--lang ar|fa|en]
 * [--report FILE] [--detach]`: a charity's list of people imported from the command line, as its
 * administrator, through the same use cases as the web page (createImport, setMapping, the import
 * job). The job runs here, in this process, with the worker's own handlers, while a progress bar
 * shows rows read, accepted, refused, waiting, the rate and the time left; then the verdicts are
 * counted and the report is written next to the file. `--detach` only starts the import and leaves
 * it to the server's worker.
 *
 * The same file again is the same import: nothing is added a second time, and an import that was
 * stopped (Ctrl-C, a killed process) is resumed where its last chunk committed.
 * Exit 0 when the import is done, 1 when it is refused or failed, 2 on wrong use.
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { inTx } from '../../kernel/transaction.js';
import type { Clock } from '../../kernel/clock.js';
import { Problem } from '../../shared/problem.js';
import { cliMessage, type CliLocale, type CliMessage } from '../../cli-messages.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import { identityRepository } from '../identity/identity.repository.js';
import { createImport } from './create-import.js';
import { rememberedMapping, setMapping, suggestMapping } from './set-mapping.js';
import { importProgress } from './import-progress.js';
import { intakeRepository } from './intake.repository.js';
import type { IntakeSettings } from './intake-settings.js';
import type { ColumnMapping } from './judge-row.js';
import { VERDICTS, verdictTexts, type Verdict } from './verdicts.js';
import { writeReport, type ReportFormat, type ReportRow } from './report.js';
import { ProgressPrinter, parseMap, type ShownProgress } from './cli-progress.js';

export const IMPORT_USAGE = `Usage: mizan import FILE --org <id|name> [--map nationalId=1,phone=2,...] [--lang ar|fa|en] [--report FILE] [--detach]

Imports a charity's list of people (CSV in UTF-8, UTF-16 or Windows-1256, or XLSX) as the charity's
administrator: every row is judged (accepted, already registered, already invited, duplicate,
invalid national ID or phone, missing field) and each new person is invited. Columns by --map
(positions from 1, or header names); without it, the charity's last mapping or the headers decide.
The report (default FILE.report.csv; .xlsx by its name) is in --lang (default: the operator's language).
By default (--wait) the import runs here to its end; --detach starts it and leaves it to the
server's worker. The same file again adds nothing;
an interrupted import is resumed by running the same command again.`;

/** What the command needs from the process that runs it (src/cli.ts). */
export interface ImportCommandDeps {
  db: Kysely<DB>;
  dep: Deployment;
  settings: IntakeSettings;
  clock: Clock;
  /** Runs at most one due job of the queue, with every handler the worker has (src/cli.ts makeWorker). */
  runOneJob(): Promise<{ done: number; failed: number }>;
  publicUrl: string;
  locale: CliLocale;
  out: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  err: { write(s: string): unknown };
  /** How long to wait when no job was due (the server's worker may hold the chunk). */
  idleMs?: number;
}

const UNITS = { mb: { en: 'MB', ar: 'ميغابايت', fa: 'مگابایت' }, rows: { en: 'rows', ar: 'سطر', fa: 'ردیف' } } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function importCommand(args: string[], d: ImportCommandDeps): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { org: { type: 'string' }, map: { type: 'string' }, lang: { type: 'string' }, report: { type: 'string' }, detach: { type: 'boolean' }, wait: { type: 'boolean' }, help: { type: 'boolean' } },
    }));
  } catch (e) {
    d.err.write(`${(e as Error).message}\n\n${IMPORT_USAGE}\n`);
    return 2;
  }
  if (values.help === true) {
    d.out.write(`${IMPORT_USAGE}\n`);
    return 0;
  }
  const say = (key: CliMessage, params: Record<string, string | number> = {}) => cliMessage(key, params, d.locale);
  const file = positionals[0];
  const org = typeof values.org === 'string' ? values.org.trim() : '';
  const lang = values.lang === undefined ? d.locale : values.lang;
  if (!file || !org || (lang !== 'ar' && lang !== 'fa' && lang !== 'en')) {
    d.err.write(`${IMPORT_USAGE}\n`);
    return 2;
  }
  const path = resolve(file);
  if (!existsSync(path)) {
    d.err.write(`${say('import-no-file', { file })}\n`);
    return 1;
  }

  const charity = await findCharity(d.db, org);
  if (!charity) {
    d.err.write(`${say('import-no-org', { org })}\n`);
    return 1;
  }
  const actor = await adminOf(d.db, charity.id);
  if (!actor) {
    d.err.write(`${say('import-no-admin', { org: charity.name })}\n`);
    return 1;
  }

  // The import takes its file into the intake's folder: it gets a copy, the operator's file stays.
  await mkdir(d.settings.dir, { recursive: true });
  const copy = join(d.settings.dir, `.incoming-${randomUUID()}`);
  await copyFile(path, copy);
  let created;
  try {
    created = await createImport(d.db, d.dep, actor, copy, basename(path), d.settings, d.clock.now());
  } catch (e) {
    await rm(copy, { force: true });
    if (e instanceof Problem && (e.slug === 'import-too-large' || e.slug === 'import-unreadable' || e.slug === 'import-empty')) {
      // The limit a file went over: its size in megabytes, or its rows.
      const over = e.extensions.limit;
      const limit = over === d.settings.maxBytes ? `${Math.floor(d.settings.maxBytes / 1024 / 1024)} ${UNITS.mb[d.locale]}` : over === d.settings.maxRows ? `${d.settings.maxRows} ${UNITS.rows[d.locale]}` : String(over ?? '');
      d.err.write(`${say('import-refused', { file, reason: say(e.slug, { limit }) })}\n`);
      return 1;
    }
    throw e;
  }
  if (created.duplicate) await rm(copy, { force: true });
  let imp = created.import;
  if (created.duplicate) d.out.write(`${say('import-again', { id: imp.id })}\n`);

  if (imp.status === 'mapping') {
    const columns = imp.columns;
    let mapping: Partial<ColumnMapping>;
    if (typeof values.map === 'string') {
      const parsed = parseMap(values.map, columns);
      if ('wrong' in parsed) {
        d.err.write(`${say('import-bad-map', { part: parsed.wrong, columns: numbered(columns) })}\n`);
        return 2;
      }
      mapping = parsed.mapping;
    } else {
      const remembered = await inTx(d.db, actor, (trx) => rememberedMapping(trx, actor));
      mapping = suggestMapping(columns, remembered?.mapping ?? null);
    }
    if (mapping.nationalId === undefined || mapping.phone === undefined) {
      d.err.write(`${say('import-needs-map', { columns: numbered(columns) })}\n`);
      return 1;
    }
    const chosen = mapping as ColumnMapping;
    imp = await inTx(d.db, actor, (trx) => setMapping(trx, actor, imp.id, chosen, d.clock.now()));
  }
  const importId = imp.id;
  if (imp.status !== 'done' && imp.status !== 'failed') d.out.write(`${say('import-started', { id: importId, file: basename(path) })}\n`);
  if (values.detach === true) return 0;

  // The import's chunks are jobs: run them here until the import has ended, showing its progress.
  const printer = new ProgressPrinter(d.out, d.locale);
  const progressOf = async () => {
    const view = await importProgress(d.db, actor, importId, d.clock.now());
    return { status: view.status, shown: view.progress satisfies ShownProgress };
  };
  let state = await progressOf();
  while (state.status !== 'done' && state.status !== 'failed') {
    printer.show(state.shown);
    const ran = await d.runOneJob();
    if (ran.done + ran.failed === 0) await new Promise((r) => setTimeout(r, d.idleMs ?? 250));
    state = await progressOf();
  }
  printer.done(state.shown);
  if (state.status === 'failed') {
    d.err.write(`${say('import-failed', { id: importId })}\n`);
    return 1;
  }

  // The verdicts counted and the report written, in the language asked for.
  const counts = new Map<string, number>();
  const reportPath = resolve(typeof values.report === 'string' ? values.report : `${path.slice(0, path.length - extname(path).length)}.report.csv`);
  const format: ReportFormat = extname(reportPath).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv';
  await inTx(d.db, actor, async (trx) => {
    async function* rows(): AsyncIterable<ReportRow> {
      let after = 0;
      for (;;) {
        const page = await intakeRepository.rows(trx, importId, { after, limit: 5000 });
        for (const r of page) {
          counts.set(r.verdict ?? '', (counts.get(r.verdict ?? '') ?? 0) + 1);
          yield { rowNo: r.row_no, verdict: r.verdict as Verdict | null, reason: r.reason, field: r.field, nationalId: r.national_id, phone: r.phone, name: r.name, likelyScore: r.likely_score };
        }
        if (page.length < 5000) return;
        after = page[page.length - 1]!.row_no;
      }
    }
    const out = createWriteStream(reportPath);
    await writeReport(rows(), format, lang, out);
    if (!out.writableFinished) await finished(out);
  });
  const texts = verdictTexts(lang);
  for (const v of VERDICTS) {
    const n = counts.get(v);
    if (n) d.out.write(`  ${String(n).padStart(9)}  ${texts[v]}\n`);
  }
  const p = state.shown;
  d.out.write(`${say('import-done', { id: importId, accepted: p.accepted, refused: p.refused, waiting: p.waiting, report: reportPath, url: `${d.publicUrl}/charity/imports/${importId}` })}\n`);
  return 0;
}

/** "1: National ID, 2: Phone, …": the columns as --map counts them. */
function numbered(columns: readonly string[]): string {
  return columns.map((c, i) => `${i + 1}: ${c || '—'}`).join(', ');
}

/** The approved charity by its id, or by its name (case and surrounding spaces ignored). */
async function findCharity(db: Kysely<DB>, org: string): Promise<{ id: string; name: string } | null> {
  const charities = await organisationsRepository.approvedCharities(db);
  if (UUID.test(org)) return charities.find((c) => c.id === org.toLowerCase()) ?? null;
  const wanted = org.normalize('NFC').toLowerCase();
  return charities.find((c) => c.name.normalize('NFC').trim().toLowerCase() === wanted) ?? null;
}

/** The charity's first active administrator, as the actor of the import. */
async function adminOf(db: Kysely<DB>, orgId: string): Promise<Actor | null> {
  const admin = (await identityRepository.listByOrg(db, orgId)).find((u) => u.role === 'charity_admin' && u.active);
  if (!admin) return null;
  return { userId: admin.id, orgId, orgKind: 'charity', role: 'charity_admin', locale: admin.locale, nationalId: admin.national_id, displayName: admin.display_name };
}
