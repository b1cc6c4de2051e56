/**
 * `mizan bench --only match-registry`: issue 14's registry-scale search. N records without
 * reliable IDs (default 100 000) searched for among the persons of a registry (default 1 000 000)
 * through the database, with the published candidate search (find-candidates.ts
 * findCandidatesOfMany, a batch of records at a time), as a charity's list or the intake would.
 *
 * The registry is made of the true persons of matching's labelled generator (synthetic.ts
 * makePeople: families in Kuwait, Saudi Arabia and Iran with twins, sons named after their
 * fathers, the head's father, namesakes in a region), so that truth is known: each registered
 * person with a valid national ID (unique: a person whose ID another has taken is left out), the
 * names as a clerk typed them (typeRecord's name mistakes), the household's region. 5 % of the
 * persons are held out of the registry: the records typed from them have no person to find, and
 * their twins, fathers and namesakes are in the registry (the hard negatives). It loads through
 * COPY into its own database (MIZAN_BENCH_DB_PREFIX_match_<persons>_s<seed>), in about a minute
 * for 1M persons, and is kept for the next run (the database comment records what it holds).
 *
 * Setup, timed and reported apart: the persons' blocking keys are indexed through matching's
 * repository (personsToIndex pages, preparePerson, indexKeys, matchingRepository.index), and the
 * names and phones counted (recountFrequencies), as the daily sweep has done in a running registry. The records to search (typeRecord's copies, 90 %
 * of registered persons, 10 % of held-out ones) are stored beside the registry (bench_tools).
 *
 * The search runs in a child process (./match-registry-search.ts), so that its peak RSS is the
 * search's own, not the generator's.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { ensureDeployment } from '../deployments/setup.js';
import { loadRegions } from '../deployments/regions/index.js';
import { Rng } from '../shared/random.js';
import { compactKey, matchKey } from '../shared/text/fold.js';
import { makePeople, typeRecord, type SyntheticPerson } from '../modules/matching/synthetic.js';
import { SCHEME_OF_COUNTRY } from '../modules/matching/person-record.js';
import { indexKeys, preparePerson } from '../modules/matching/find-candidates.js';
import { recountFrequencies, termKeys } from '../modules/matching/registry-frequencies.js';
import { matchingRepository } from '../modules/matching/matching.repository.js';
import { personsToIndex } from '../modules/registry/registry.service.js';
import { benchDatabasePrefix } from './schema.js';
import { admin, withDatabase } from './datasets.js';
import type { SearchResult } from './match-registry-search.js';

export interface MatchRegistryOptions {
  serverUrl: string;
  persons: number;
  records: number;
  seed: number;
  /** Records per findCandidatesOfMany call. */
  batch: number;
  /** Batches searched at once, each on its own connection. */
  concurrency: number;
  log: (l: string) => void;
  fresh?: boolean;
}

interface Marker {
  matchRegistry: 1;
  persons: number;
  seed: number;
  registered: number;
  heldOut: number;
  households: number;
  records: number;
  loadSeconds: number;
  index?: { seconds: number; persons: number; keys: number; batch: number; at: string; loadAverage: number[]; terms?: { seconds: number; keys: number; countSeconds: number } };
}

const HELD_OUT = 0.05;
const ABSENT_RECORDS = 0.1;
const INDEX_BATCH = 2_000;

const r2 = (x: number) => Math.round(x * 100) / 100;

async function readMarker(serverUrl: string, name: string): Promise<Marker | null | undefined> {
  return admin(serverUrl, async (c) => {
    const r = await c.query<{ comment: string | null }>(`select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`, [name]);
    if (r.rows.length === 0) return undefined;
    try {
      const m = JSON.parse(r.rows[0]!.comment ?? '') as Marker;
      return m.matchRegistry === 1 ? m : null;
    } catch {
      return null;
    }
  });
}

const writeMarker = (serverUrl: string, name: string, m: Marker) =>
  admin(serverUrl, (c) => c.query(`comment on database ${name} is '${JSON.stringify(m).replaceAll("'", "''")}'`));

/** A registry person's full name as the registry holds it: Arabic given father grandfather family, Persian given family. */
function fullName(p: SyntheticPerson, typed: { givenName?: string; fatherName?: string; grandfatherName?: string; familyName?: string }) {
  const given = typed.givenName ?? p.given;
  const family = typed.familyName ?? p.family;
  if (p.country === 'IR') return `${given} ${family}`;
  if (!typed.fatherName) return `${given} ${family}`;
  return [given, typed.fatherName, typed.grandfatherName, family].filter(Boolean).join(' ');
}

const TEXT_SPECIAL = /[\\\t\n\r]/;
const tv = (v: string | null) => (v === null ? '\\N' : TEXT_SPECIAL.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v);

async function copyRows(client: pg.Client, statement: string, rows: Iterable<(string | null)[]>) {
  const stream = client.query(copyStreams.from(statement));
  let chunk = '';
  for (const r of rows) {
    chunk += `${r.map(tv).join('\t')}\n`;
    if (chunk.length > 1 << 18) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  if (chunk) stream.write(chunk);
  stream.end();
  await finished(stream);
}

/** The registry's people and which of them are registered: deterministic from the seed. */
function registryPeople(persons: number, seed: number) {
  const rng = new Rng(seed);
  const people = makePeople(rng, Math.ceil(persons * 1.1));
  const taken = new Set<string>();
  const registered: SyntheticPerson[] = [];
  const absent: SyntheticPerson[] = [];
  for (const p of people) {
    const key = p.nationalId ? `${SCHEME_OF_COUNTRY[p.country]} ${p.nationalId}` : null;
    if (registered.length < persons && key && !taken.has(key) && !rng.chance(HELD_OUT)) {
      taken.add(key);
      registered.push(p);
    } else if (registered.length < persons || absent.length < persons * HELD_OUT) {
      absent.push(p);
    }
  }
  return { registered, absent };
}

async function load(serverUrl: string, name: string, url: string, opts: Omit<MatchRegistryOptions, 'batch' | 'concurrency'>): Promise<Marker> {
  const t0 = performance.now();
  await admin(serverUrl, (c) => c.query(`create database ${name}`));
  // Ours from the start: a load stopped half-way is dropped and made again by the next run (records -1 matches no run).
  await writeMarker(serverUrl, name, { matchRegistry: 1, persons: opts.persons, seed: opts.seed, registered: 0, heldOut: 0, households: 0, records: -1, loadSeconds: 0 });
  const database = await openDatabase({ url, poolSize: 4 });
  try {
    await migrate(database);
    await ensureDeployment(database.db, 'KW');
    // The other countries' regions, for the people of Saudi Arabia and Iran of the generator.
    for (const country of ['SA', 'IR'] as const) {
      for (const level of [1, 2]) {
        const rs = loadRegions(country).filter((r) => r.level === level);
        if (rs.length) {
          await database.db.insertInto('regions').values(rs.map((r) => ({ code: r.code, parent_code: r.parent, level: r.level, name_en: r.names.en, name_ar: r.names.ar, name_fa: r.names.fa })))
            .onConflict((c) => c.column('code').doNothing()).execute();
        }
      }
    }
    const { registered, absent } = registryPeople(opts.persons, opts.seed);
    opts.log(`match-registry: ${registered.length.toLocaleString('en')} persons to register, ${absent.length.toLocaleString('en')} held out (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    // Names as typed by the clerk who registered the person; ID, birth date, phone and region as checked then.
    const typing = new Rng(opts.seed + 1_000);
    const personId = new Map<SyntheticPerson, string>();
    const householdId = new Map<number, { id: string; region: string }>();
    for (const p of registered) {
      personId.set(p, crypto.randomUUID());
      if (!householdId.has(p.household)) householdId.set(p.household, { id: crypto.randomUUID(), region: p.region });
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('set synchronous_commit = off');
      await copyRows(client, 'copy households (id, region_code) from stdin', [...householdId.values()].map((h) => [h.id, h.region]));
      await copyRows(client, 'copy persons (id, id_scheme, national_id, full_name, name_key, compact_key, birth_date, sex, nationality, phone) from stdin', (function* () {
        for (const p of registered) {
          const typed = typeRecord(typing, p, 'r', 'registry');
          const name = fullName(p, typed).normalize('NFC').trim();
          yield [personId.get(p)!, SCHEME_OF_COUNTRY[p.country], p.nationalId!, name, matchKey(name), compactKey(name), p.birthDate, p.sex, p.country, p.phone];
        }
      })());
      const heads = new Set<number>();
      await copyRows(client, 'copy household_members (household_id, person_id, relation) from stdin', (function* () {
        for (const p of registered) {
          const head = !heads.has(p.household);
          heads.add(p.household);
          yield [householdId.get(p.household)!.id, personId.get(p)!, head ? 'head' : 'other'];
        }
      })());
      // The records to search: typeRecord's copies, of registered persons and of held-out ones.
      await client.query('create schema if not exists bench_tools; create table bench_tools.match_queries (n int primary key, record jsonb not null, person uuid)');
      const rng = new Rng(opts.seed + 2_000);
      const charities = ['rahma', 'birr', 'shifa', 'amal', 'ehsan', 'emdad'];
      await copyRows(client, 'copy bench_tools.match_queries (n, record, person) from stdin', (function* () {
        for (let i = 0; i < opts.records; i++) {
          const p = rng.chance(ABSENT_RECORDS) ? rng.pick(absent) : rng.pick(registered);
          const rec = typeRecord(rng, p, `q${String(i).padStart(7, '0')}`, rng.pick(charities));
          yield [String(i), JSON.stringify(rec), personId.get(p) ?? null];
        }
      })());
    } finally {
      await client.end();
    }
    await database.rawSession((s) => s.exec('vacuum analyze'));
    const marker: Marker = {
      matchRegistry: 1, persons: opts.persons, seed: opts.seed, registered: registered.length, heldOut: absent.length,
      households: householdId.size, records: opts.records, loadSeconds: r2((performance.now() - t0) / 1000),
    };
    opts.log(`match-registry: registry of ${marker.registered.toLocaleString('en')} persons in ${marker.households.toLocaleString('en')} households and ${opts.records.toLocaleString('en')} records to search loaded in ${marker.loadSeconds} s`);
    return marker;
  } finally {
    await database.close();
  }
}

/** Setup: every registry person's blocking keys written through matching's repository, a page at a time. */
async function indexRegistry(database: Database, log: (l: string) => void) {
  const db = database.db;
  const t0 = performance.now();
  const now = new Date();
  let after: string | null = null;
  let persons = 0;
  let keys = 0;
  for (;;) {
    const page = await personsToIndex(db, { after, limit: INDEX_BATCH });
    if (page.length === 0) break;
    const items = page.map(preparePerson).map((r) => ({ personId: r.id, keys: indexKeys(r) }));
    await db.transaction().execute((trx) => matchingRepository.index(trx, items, now));
    persons += page.length;
    keys += items.reduce((a, x) => a + x.keys.length, 0);
    after = page.at(-1)!.id;
    if (persons % 100_000 < INDEX_BATCH) log(`match-registry: indexed ${persons.toLocaleString('en')} persons, ${keys.toLocaleString('en')} keys (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  // As autovacuum would have by the time of a search in a running registry (the visibility map
  // lets the holders statement read the keys' index alone).
  await database.rawSession((s) => s.exec('vacuum analyze person_match_keys, person_match_indexed'));
  const seconds = r2((performance.now() - t0) / 1000);
  const countSeconds = await countNames(database);
  return { seconds, persons, keys, terms: { seconds: 0, keys: 0, countSeconds } };
}

/** The sweep's count of names and phones (registry-frequencies.ts), as its last batch makes it. */
async function countNames(database: Database): Promise<number> {
  const t0 = performance.now();
  await database.db.transaction().execute((trx) => recountFrequencies(trx, new Date()));
  await database.rawSession((s) => s.exec('vacuum analyze person_match_counts'));
  return r2((performance.now() - t0) / 1000);
}

/**
 * A registry indexed before the name terms (0027) existed gets them without indexing again: each
 * person's tg, tf, tl keys added beside the blocking keys (what indexKeys would have written),
 * then counted.
 */
async function addNameTerms(database: Database, log: (l: string) => void) {
  const t0 = performance.now();
  let after: string | null = null;
  let keys = 0;
  for (;;) {
    const page = await personsToIndex(database.db, { after, limit: 10_000 });
    if (page.length === 0) break;
    const rows = page.map(preparePerson).flatMap((r) => termKeys(r).map((k) => [r.id, k.kind, k.value] as const));
    await sql`insert into person_match_keys (person_id, kind, value)
              select * from unnest(${rows.map((r) => r[0])}::uuid[], ${rows.map((r) => r[1])}::text[], ${rows.map((r) => r[2])}::text[]) on conflict do nothing`.execute(database.db);
    keys += rows.length;
    after = page.at(-1)!.id;
  }
  await database.rawSession((s) => s.exec('vacuum analyze person_match_keys'));
  const seconds = r2((performance.now() - t0) / 1000);
  log(`match-registry: ${keys.toLocaleString('en')} name terms added to an older index in ${seconds} s`);
  return { seconds, keys, countSeconds: await countNames(database) };
}

function search(url: string, opts: { records: number; batch: number; concurrency: number; log: (l: string) => void }): Promise<SearchResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./match-registry-search.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, MIZAN_MATCH_SEARCH: JSON.stringify({ url, records: opts.records, batch: opts.batch, concurrency: opts.concurrency }) },
    });
    let result: SearchResult | undefined;
    child.on('message', (m: { log?: string; result?: SearchResult; error?: string }) => {
      if (m.log) opts.log(m.log);
      if (m.result) result = m.result;
      if (m.error) reject(new Error(m.error));
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the search process ended with ${code} and no result`))));
  });
}

/** The registry loaded and indexed (each only when its database does not hold it yet), nothing searched. */
export async function matchRegistry(opts: Omit<MatchRegistryOptions, 'batch' | 'concurrency'>) {
  const name = `${benchDatabasePrefix()}_match_${opts.persons}_s${opts.seed}`;
  const url = withDatabase(opts.serverUrl, name);
  let marker = await readMarker(opts.serverUrl, name);
  if (marker === null) throw new Error(`The database ${name} exists but was not made by this bench (no match-registry comment): not touched.`);
  if (marker && (opts.fresh || marker.records !== opts.records)) {
    await admin(opts.serverUrl, (c) => c.query(`drop database ${name} with (force)`));
    marker = undefined;
  }
  let loadedNow = false;
  if (!marker) {
    opts.log(`match-registry: generating a registry of ${opts.persons.toLocaleString('en')} persons into ${name}…`);
    marker = await load(opts.serverUrl, name, url, opts);
    await writeMarker(opts.serverUrl, name, marker);
    loadedNow = true;
  }
  const database = await openDatabase({ url, poolSize: 2 });
  try {
    await migrate(database);
    if (!marker.index) {
      const { loadavg } = await import('node:os');
      const before = loadavg().map(r2);
      const r = await indexRegistry(database, opts.log);
      marker.index = { ...r, batch: INDEX_BATCH, at: new Date().toISOString(), loadAverage: before.concat(loadavg().map(r2)) };
      await writeMarker(opts.serverUrl, name, marker);
      opts.log(`match-registry: indexed ${r.persons.toLocaleString('en')} persons' ${r.keys.toLocaleString('en')} keys in ${r.seconds} s (${Math.round(r.persons / r.seconds)} persons/s)`);
    } else {
      opts.log(`match-registry: registry ${name} reused (indexed ${marker.index.at}: ${marker.index.seconds} s for ${marker.index.persons.toLocaleString('en')} persons)`);
      if (!marker.index.terms) {
        marker.index.terms = await addNameTerms(database, opts.log);
        await writeMarker(opts.serverUrl, name, marker);
      }
    }
    await sql`checkpoint`.execute(database.db);
  } finally {
    await database.close();
  }
  return { name, url, marker, loadedNow };
}

export async function matchRegistryBench(opts: MatchRegistryOptions) {
  const { name, url, marker, loadedNow } = await matchRegistry(opts);
  const result = await search(url, { records: opts.records, batch: opts.batch, concurrency: opts.concurrency, log: opts.log });
  return { database: name, registry: { ...marker, generatedThisRun: loadedNow }, ...result };
}
