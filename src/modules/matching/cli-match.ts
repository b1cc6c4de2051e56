/**
 * `mizan match --input F.csv --output clusters.csv [--review review.csv] [--truth COLUMN]`: the
 * person records of a file clustered into people by the matching engine (match-records.ts, the
 * same engine the registry uses), written as `record_id,cluster` (a cluster is named by the
 * record_id of its first record in the file). `--review` writes the pairs between the review and
 * link thresholds (and links refused because they would join two different valid national IDs),
 * with their score and the evidence of each field. `--truth COLUMN` (a labelled file, such as a
 * synthetic one) prints pairwise precision, recall and F1 beside the valid-ID-only baseline.
 *
 * `mizan match --synthetic N [--seed S] --output F.csv` writes a labelled synthetic set
 * (synthetic.ts) in the input format, with its truth in the column `person`.
 *
 * Input columns: record_id, charity, country (KW, SA or IR), national_id, given_name, father_name,
 * grandfather_name, family_name, sex, birth_date (YYYY-MM-DD), region, phone; IDs, phones and
 * dates in any digit script; empty where unknown. Only record_id is required; other columns are
 * ignored. The file is read as a stream (csv-parse).
 * Exit 0 done, 1 when the input cannot be read or is malformed (said in one sentence, with the
 * line), 2 on wrong use.
 */
import { parseArgs } from 'node:util';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { KEY_KINDS } from './blocking.js';
import { matchPrepared } from './match-records.js';
import { prepareRecord, type Country, type PersonRecord, type PreparedRecord } from './person-record.js';
import { syntheticSet } from './synthetic.js';
import { pairwiseScores, validIdBaseline } from './evaluate.js';

export const MATCH_USAGE = `Usage: mizan match --input F.csv --output clusters.csv [--review review.csv] [--truth COLUMN]
       mizan match --synthetic N [--seed S] --output F.csv

Clusters a file of person records into people and writes record_id,cluster. Columns: record_id,
charity, country (KW, SA or IR), national_id, given_name, father_name, grandfather_name,
family_name, sex, birth_date (YYYY-MM-DD), region, phone; any digit script; empty where unknown.
  --review FILE    the pairs to decide by a person ("same person?"), with their score and evidence
  --truth COLUMN   the column holding each record's true person: prints precision, recall and F1
  --synthetic N    write N labelled synthetic records (truth in the column "person") instead`;

export const INPUT_COLUMNS = ['record_id', 'charity', 'country', 'national_id', 'given_name', 'father_name', 'grandfather_name', 'family_name', 'sex', 'birth_date', 'region', 'phone'] as const;

export interface MatchCommandIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** A mistake in the input file, said in one sentence. */
class InputError extends Error {}

const COUNTRIES = new Set<Country>(['KW', 'SA', 'IR']);

function usage(io: MatchCommandIo, message: string): number {
  io.err.write(`${message}\n\n${MATCH_USAGE}\n`);
  return 2;
}

export async function matchCommand(argv: string[], io: MatchCommandIo): Promise<number> {
  let values: { input?: string; output?: string; review?: string; truth?: string; synthetic?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { input: { type: 'string' }, output: { type: 'string' }, review: { type: 'string' }, truth: { type: 'string' }, synthetic: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  if (values.help) {
    io.out.write(`${MATCH_USAGE}\n`);
    return 0;
  }
  if (!values.output) return usage(io, 'Say where to write: --output FILE.');
  if (values.synthetic !== undefined) {
    const n = Number(values.synthetic);
    const seed = Number(values.seed ?? 1);
    if (!Number.isInteger(n) || n < 1 || n > 10_000_000) return usage(io, '--synthetic takes a number of records from 1 to 10000000.');
    if (!Number.isInteger(seed)) return usage(io, '--seed takes a whole number.');
    if (values.input) return usage(io, 'Give either --input or --synthetic, not both.');
    await writeSynthetic(n, seed, values.output);
    io.out.write(`Wrote ${n} synthetic records (seed ${seed}) to ${values.output}; the true person of each is in the column "person".\n`);
    return 0;
  }
  if (!values.input) return usage(io, 'Say which file to match: --input FILE.');
  if (!existsSync(values.input) || !statSync(values.input).isFile()) return usage(io, `There is no file ${values.input}.`);

  const started = performance.now();
  let read: { records: PreparedRecord[]; truth: string[] | null };
  try {
    read = await readRecords(values.input, values.truth);
  } catch (e) {
    if (e instanceof InputError) {
      io.err.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const { records, truth } = read;
  const readSeconds = (performance.now() - started) / 1000;
  const result = matchPrepared(records);
  const matchSeconds = (performance.now() - started) / 1000 - readSeconds;
  const clusterIds = Array.from(result.clusterOf, (root) => records[root]!.id);
  await writeCsv(values.output, ['record_id', 'cluster'], records.map((r, i) => [r.id, clusterIds[i]!]));
  if (values.review) {
    const rows = result.review.map((p) => {
      const e = result.scorer.explain(records[p.a]!, records[p.b]!);
      const evidence = e.parts.filter((x) => x.weight !== 0).map((x) => `${x.field} ${x.level} ${x.weight > 0 ? '+' : ''}${x.weight.toFixed(1)}`).join('; ');
      return [records[p.a]!.id, records[p.b]!.id, p.score.toFixed(1), p.refusedForIds ? 'yes' : 'no', evidence];
    });
    await writeCsv(values.review, ['record_id_a', 'record_id_b', 'score', 'refused_two_valid_ids', 'evidence'], rows);
  }
  const seconds = (performance.now() - started) / 1000;
  const clusters = new Set(clusterIds).size;
  const b = result.blocking;
  const kinds = KEY_KINDS.map((k) => `${k} ${b.pairsByKind[k]}${b.skippedKeys[k] ? ` (${b.skippedKeys[k]} keys over ${b.maxBlock} records skipped)` : ''}`).join(', ');
  io.out.write(
    `Matched ${records.length} records into ${clusters} people: ${result.links} links, ${result.review.length} pairs for review, in ${seconds.toFixed(1)} s (read ${readSeconds.toFixed(1)} s, matched ${matchSeconds.toFixed(1)} s, written ${(seconds - readSeconds - matchSeconds).toFixed(1)} s).\n` +
      `Candidate pairs by key: ${kinds}.\n`,
  );
  if (truth) {
    const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
    const e = pairwiseScores(result.clusterOf, truth);
    const base = pairwiseScores(validIdBaseline(records), truth);
    io.out.write(
      `Against ${values.truth}: precision ${pct(e.precision)}, recall ${pct(e.recall)}, F1 ${pct(e.f1)} (${e.truePairs} true pairs).\n` +
        `Baseline, the same valid national ID only: precision ${pct(base.precision)}, recall ${pct(base.recall)}, F1 ${pct(base.f1)}.\n`,
    );
  }
  return 0;
}

const cell = (row: Record<string, string>, key: string): string | undefined => {
  const v = row[key];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

async function readRecords(file: string, truthColumn: string | undefined): Promise<{ records: PreparedRecord[]; truth: string[] | null }> {
  const parser = createReadStream(file).pipe(
    parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true }),
  );
  const records: PreparedRecord[] = [];
  const truth: string[] | null = truthColumn ? [] : null;
  const seen = new Set<string>();
  let line = 1;
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      line++;
      if (line === 2) {
        if (!('record_id' in row)) throw new InputError(`${file} has no column record_id; the columns are: ${INPUT_COLUMNS.join(', ')}.`);
        if (truthColumn && !(truthColumn in row)) throw new InputError(`${file} has no column ${truthColumn} (given by --truth).`);
      }
      const id = cell(row, 'record_id');
      if (!id) throw new InputError(`${file}, line ${line}: record_id is empty.`);
      if (seen.has(id)) throw new InputError(`${file}, line ${line}: the record_id ${id} appears twice.`);
      seen.add(id);
      const country = cell(row, 'country')?.toUpperCase();
      if (country !== undefined && !COUNTRIES.has(country as Country)) throw new InputError(`${file}, line ${line}: country must be KW, SA or IR.`);
      const rec: PersonRecord = { id };
      if (country) rec.country = country as Country;
      const set = (k: keyof PersonRecord, col: string) => {
        const v = cell(row, col);
        if (v !== undefined) (rec as unknown as Record<string, string>)[k] = v;
      };
      set('charity', 'charity');
      set('nationalId', 'national_id');
      set('givenName', 'given_name');
      set('fatherName', 'father_name');
      set('grandfatherName', 'grandfather_name');
      set('familyName', 'family_name');
      set('sex', 'sex');
      set('birthDate', 'birth_date');
      set('region', 'region');
      set('phone', 'phone');
      records.push(prepareRecord(rec));
      if (truth) truth.push(cell(row, truthColumn!) ?? `\u0000${id}`);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      const at = (e as { lines?: number }).lines;
      throw new InputError(`${file}${at ? `, line ${at}` : ''}: not a well-formed CSV file (${(e as Error).message.replace(/^Invalid Record Length: /, '').replace(/\s+on line \d+$/, '')}).`);
    }
    if (code === 'EACCES' || code === 'EISDIR') throw new InputError(`${file} cannot be read (${code}).`);
    throw e;
  }
  if (records.length === 0) throw new InputError(`${file} holds no records.`);
  return { records, truth };
}

async function writeCsv(file: string, header: string[], rows: Iterable<string[]>): Promise<void> {
  const out = createWriteStream(file);
  const csv = stringify({ header: true, columns: header });
  csv.pipe(out);
  for (const row of rows) {
    if (!csv.write(row)) await new Promise((r) => csv.once('drain', r));
  }
  csv.end();
  await finished(out);
}

async function writeSynthetic(n: number, seed: number, file: string): Promise<void> {
  const set = syntheticSet(seed, n);
  const rows = set.records.map((r, i) => [
    r.id,
    r.charity ?? '',
    r.country ?? '',
    r.nationalId ?? '',
    r.givenName ?? '',
    r.fatherName ?? '',
    r.grandfatherName ?? '',
    r.familyName ?? '',
    r.sex ?? '',
    r.birthDate ?? '',
    r.region ?? '',
    r.phone ?? '',
    set.truth[i]!,
  ]);
  await writeCsv(file, [...INPUT_COLUMNS, 'person'], rows);
}
