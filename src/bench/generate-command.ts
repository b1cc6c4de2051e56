/**
 * `mizan generate --households N --seed S [--country KW|SA|IR] [--as-of YYYY-MM-DD]`: fills an empty
 * database (DATABASE_URL, or the embedded one) with a synthetic registry. See ./load.ts.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { ensureDeployment } from '../deployments/setup.js';
import { profileFor, type Country } from '../deployments/profiles.js';
import { loadRegistry } from './load.js';

export const GENERATE_USAGE = `Usage: mizan generate --households N [--seed S] [--country KW|SA|IR] [--as-of YYYY-MM-DD]

Fills an empty database (DATABASE_URL, or the embedded one) with N synthetic households: people with
Arabic or Persian names as clerks really type them, valid national IDs, phones, regions, and two
years of requests and grants that obey the no-duplicate-aid rule. The same seed and as-of date
give the same data.`;

/** A mistake in how the command was called: said plainly, without a stack trace. */
export class UsageError extends Error {}

export function positiveInt(name: string, v: string | undefined, dflt?: number): number {
  if (v === undefined) {
    if (dflt !== undefined) return dflt;
    throw new UsageError(`--${name} is required.`);
  }
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number, not "${v}".`);
  return n;
}

export function countryOf(v: string): Country {
  try {
    return profileFor(v).country;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Runs a command; usage mistakes (and parseArgs' own) print the message and the usage, exit code 2. */
export async function withUsage(usage: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${(e as Error).message}\n\n${usage}`);
      return 2;
    }
    throw e;
  }
}

export function generateCommand(config: Config, args: string[]): Promise<number> {
  return withUsage(GENERATE_USAGE, () => generate(config, args));
}

async function generate(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { households: { type: 'string' }, seed: { type: 'string' }, country: { type: 'string' }, 'as-of': { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(GENERATE_USAGE);
    return 0;
  }
  const households = positiveInt('households', values.households);
  const seed = positiveInt('seed', values.seed, 1);
  const country = countryOf(values.country ?? config.country);
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError('--as-of must be a date, YYYY-MM-DD.');
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    await ensureDeployment(database.db, country);
    if (await database.db.selectFrom('households').select('id').limit(1).executeTakeFirst()) {
      console.error('This database already has households; generate into a new, empty database.');
      return 1;
    }
    const report = await loadRegistry(database, { households, seed, ...(asOf ? { asOf } : {}), url: config.databaseUrl, log: (l) => console.log(l) });
    console.log(JSON.stringify(report, null, 2));
    return 0;
  } finally {
    await database.close();
  }
}
