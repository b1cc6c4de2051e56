/**
 * The `mizan` command.
 *   mizan serve                 run the server (migrates on start; demo data into an empty embedded database)
 *   mizan migrate               apply pending migrations and set up the deployment
 *   mizan demo                  load the demo deployment into an empty database
 *   mizan check-id <KW|SA|IR> <number>   is this national ID valid, and why (exit 0 valid, 1 invalid)
 *   mizan worker [--once]       run the job queue (reminders, escalations) in its own process
 *   mizan audit verify          seal what can be sealed, then walk the audit hash chain (exit 1 if broken)
 *   mizan audit verify --against FILE   ... and check it against the signed checkpoints in FILE
 *   mizan audit checkpoint      sign the chain head into the checkpoint file (only if the database agrees with it)
 *   mizan generate --households N --seed S   fill an empty database with a synthetic registry
 *   mizan bench [--quick]       the core paths measured against this machine's own limits
 *   mizan dev-smsc [--port 2775]  a local test SMSC (SMPP 3.4) that prints the messages it receives
 *   mizan schema dump           print the schema of a fresh database (src/db/schema.snapshot.sql)
 *   mizan import FILE --org ORG  import a charity's list of people as its administrator (src/modules/intake/cli-import.ts)
 *   mizan match --input F.csv --output clusters.csv   cluster a file of person records into people (src/modules/matching/cli-match.ts)
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { loadConfig, type Config } from './config.js';
import { openDatabase as openAnyDatabase, type Database, type OpenOptions } from './db/database.js';
import { diagnoseDataDir, isEngineFailure } from './db/data-dir.js';
import { cliLocale, cliMessage } from './cli-messages.js';
import { migrate } from './db/migrate.js';
import { ensureDeployment, loadDeployment } from './deployments/setup.js';
import { profileFor } from './deployments/profiles.js';
import { validateNationalId } from './shared/identity/national-id.js';
import { loadDemo, type DemoAccount, type DemoKnownPerson } from './demo/demo.js';
import { buildApp } from './http/app.js';
import { systemClock } from './kernel/clock.js';
import { sealAll, startAuditSealer, verifyChain } from './modules/audit/audit.chain.js';
import { checkpointSchedule, describeKey, loadPublicKey, loadSigningKey, readCheckpoints, verifyAgainst, writeCheckpoint } from './modules/audit/audit.checkpoints.js';
import type { TransparencyOptions } from './modules/audit/transparency.routes.js';
import type { KeyObject } from 'node:crypto';
import { JobWorker } from './modules/jobs/worker.js';
import { requestJobHandlers } from './modules/requests/deadline.js';
import { intakeJobHandlers } from './modules/intake/import-job.js';
import { matchingJobHandlers, startMatchSweep } from './modules/matching/match-sweep.js';
import { programmesJobHandlers, scheduleMonthlyCycles } from './modules/programmes/benefit-cycle.js';
import { refreshJobHandlers, scheduleNightlyRefresh } from './modules/programmes/refresh-facts.js';
import { inTx } from './kernel/transaction.js';
import { SYSTEM_ACTOR } from './kernel/actor.js';
import type { IntakeSettings } from './modules/intake/intake-settings.js';
import { startMessaging } from './modules/invitations/messaging.js';
import { describeTransport } from './modules/sms/sms-settings.js';
import type { JobHandler } from './modules/jobs/define-job.js';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';
import type { Deployment } from './deployments/setup.js';

const USAGE = `Usage: mizan <command>

Commands:
  serve                         Run Mizan (migrates on start; loads demo data into an empty embedded database)
  migrate                       Apply pending migrations and set up the deployment
  demo                          Load the demo deployment into an empty database
  check-id <KW|SA|IR> <number>  Check a national ID (exit 0 valid, 1 invalid)
  worker [--once]               Run the job queue (deadline reminders, escalations) in this process;
                                --once runs what is due now and exits. Any number may run on one
                                PostgreSQL database: each job runs once.
  audit verify [--no-seal]      Walk the audit trail's hash chain; names the first entry altered or removed (exit 1)
  audit verify --against FILE [--key PUBLIC_KEY]
                                ... and check the database against the signed checkpoints in FILE:
                                a shortened, emptied, rewritten or resealed chain, backdated entries,
                                replaced audit functions, triggers or policies (exit 1, said plainly)
  audit checkpoint              Sign the chain head into the checkpoint file (refused, exit 1, when
                                the database disagrees with the checkpoints already written)
  audit public-key              Print the public key that checks the checkpoints (PEM)
  audit seal                    Link the finished audit entries into the chain now
  generate --households N [--seed S] [--country KW]
                                Fill an empty database with a synthetic registry (mizan generate --help)
  bench [--quick]               Benchmarks against the PostgreSQL of DATABASE_URL (mizan bench --help)
  import FILE --org <id|name> [--map nationalId=1,phone=2] [--lang ar|fa|en]
                                Import a charity's list of people (CSV or XLSX) as its administrator,
                                with a progress bar; the verdicts counted and the report written
                                (mizan import --help)
  match --input F.csv --output clusters.csv [--review review.csv] [--truth COLUMN]
                                Cluster a file of person records into people (record_id,cluster),
                                even without reliable national IDs; --review writes the pairs a
                                person should decide (mizan match --help)
  match --synthetic N [--seed S] --output F.csv
                                Write a labelled synthetic file of person records to try it on
  dev-smsc [--port 2775]        A local test SMSC (SMPP 3.4): accepts any bind, prints each message it
                                receives and sends delivery receipts
  schema dump                   Print the schema of a fresh database built by the migrations and the
                                definitions, as committed in src/db/schema.snapshot.sql

Environment:
  DATABASE_URL     postgres://… to use a PostgreSQL server (default: embedded database in ./data)
  MIZAN_DATA_DIR   where the embedded database lives (default ./data)
  MIZAN_LOCALE     ar, fa or en: the language of this command's messages (default: from LC_ALL,
                   LC_MESSAGES or LANG, else English); MIZAN_DEBUG=1 adds the details of a failure
  MIZAN_COUNTRY    KW, SA or IR (default KW) for a new database
  MIZAN_DEMO       1 to load demo data into an empty PostgreSQL database too
  HOST, PORT       where to listen (default 127.0.0.1:3000)
  MIZAN_WORKER     0 to not run the job queue inside \`mizan serve\` (run \`mizan worker\` processes instead)
  MIZAN_WORKER_INTERVAL_MS   how often the job queue looks for due jobs (default 5000)
  MIZAN_PUBLIC_URL where people reach Mizan (session cookies are Secure when it is https)
  MIZAN_APP_DATABASE_URL  optional: the server connects as this login role (a member of mizan_app)
  OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET   the national identity provider (unset: the
                   built-in development provider under /idp)
  OIDC_NATIONAL_ID_CLAIM (default national_id), OIDC_REQUIRED_CLAIM + OIDC_REQUIRED_VALUE
                   (e.g. residency=KW: only people present in the country are admitted)
  MIZAN_SMS        how invitations are sent: smpp://user:pass@host:port?source=NAME, an http(s)://
                   Kannel-style sendsms address, dev (a local test SMSC in the server; default on the
                   embedded database) or off (default with DATABASE_URL); MIZAN_SMS_RATE messages a
                   second per sender (10); MIZAN_SMS_DLR_SECRET the gateway's delivery-report secret;
                   MIZAN_INVITATION_DAYS how long an invitation's link is usable (14)
  MIZAN_AUDIT_SIGNING_KEY    the Ed25519 key (PEM) that signs audit checkpoints, created on first use
                   (default <data dir>/audit-signing-key.pem for the embedded database; none with
                   DATABASE_URL: then the server writes no checkpoints)
  MIZAN_AUDIT_PUBLIC_KEY     the public key (PEM) to verify and publish checkpoints with
  MIZAN_AUDIT_CHECKPOINTS    the checkpoint file (default <data dir>/audit-checkpoints.jsonl)
  MIZAN_AUDIT_CHECKPOINT_INTERVAL_S  a checkpoint at least this often from \`mizan serve\` (default 3600)
  MIZAN_AUDIT_TIME_TOLERANCE_S       how long before its sealing an audit entry may be dated (default 600)
`;

const locale = cliLocale();

/** Every database this command opens: a stale lock taken over is said in one line. */
function openDatabase(opts: OpenOptions): Promise<Database> {
  return openAnyDatabase({ onStaleLock: (pid) => console.error(cliMessage('stale-lock', { dir: opts.dataDir ?? '', pid }, locale)), ...opts });
}

/**
 * How the command ends on SIGINT or SIGTERM: `serve` and `worker` stop gracefully (a second signal
 * does not wait); anything else exits at once. Either way the process exits, and the exit releases
 * the embedded database's lock (src/db/data-dir.ts).
 */
let gracefulStop: (() => Promise<void>) | null = null;
let stopping = false;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.on(signal, () => {
    if (stopping || !gracefulStop) process.exit(code);
    stopping = true;
    gracefulStop().then(() => process.exit(0), () => process.exit(code));
  });
}

async function open(config: Config): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, appUrl: process.env.MIZAN_APP_DATABASE_URL || undefined });
  await migrate(database);
  await ensureDeployment(database.db, config.country);
  return database;
}

const workerInterval = () => Math.max(100, Number(process.env.MIZAN_WORKER_INTERVAL_MS ?? 5000) || 5000);

/**
 * Jobs a worker runs at once (MIZAN_WORKER_CONCURRENCY): by default two on a PostgreSQL server (a
 * benefit cycle's two chains of payment batches side by side), one on the embedded database (one
 * connection: jobs would only wait for each other).
 */
function workerConcurrency(database: Database): number {
  const n = Number(process.env.MIZAN_WORKER_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 && n <= 16 ? n : database.engine === 'pglite' ? 1 : 2;
}

/** The job worker with every module's handlers; time from the system clock. */
function makeWorker(database: Database, dep: Deployment, intake: IntakeSettings, log: (msg: string) => void, more: Record<string, JobHandler> = {}) {
  return new JobWorker(database.appDb, {
    clock: systemClock,
    concurrency: workerConcurrency(database),
    // The import's accepted people go to the invitations (inviteMany): one invitation per person.
    handlers: { ...requestJobHandlers(dep), ...intakeJobHandlers({ dep, settings: intake }), ...matchingJobHandlers(), ...programmesJobHandlers(dep), ...refreshJobHandlers(), ...more },
    // Job keys and kinds carry identifiers only; error messages are SQL or rule messages.
    onError: (job, e) => log(`job ${job.kind} ${job.key} failed (attempt ${job.attempts + 1}): ${(e as Error).message ?? String(e)}`),
  });
}

/** The daily jobs, started once a day whichever process starts first: person matching's sweep (match-sweep.ts; each sweep schedules the next day's), the facts snapshot's nightly refresh and the programmes' monthly cycles. */
function startDailyJobs(database: Database) {
  return inTx(database.appDb, SYSTEM_ACTOR, async (trx) => {
    await startMatchSweep(trx, systemClock.now());
    // tonight's refresh of the facts snapshot the programmes' what-if reads (refresh-facts.ts), and
    // next month's computation of the programmes' cycles (benefit-cycle.ts)
    await scheduleMonthlyCycles(trx, systemClock.now());
    return scheduleNightlyRefresh(trx, systemClock.now());
  });
}

async function isEmpty(database: Database) {
  const row = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !row;
}

/** The demo's person who moved out: what a caseworker types to be told who they may be. */
function printKnown(known: DemoKnownPerson | null) {
  if (!known) return;
  console.log(`Try at /charity/households/new as a caseworker of جمعية الرحمة الخيرية: a member "${known.fullName}", born ${known.birthDate}, under the ID ${known.typedId}. The form names the person already registered; "This is them" links their record.`);
}

function printAccounts(url: string, accounts: DemoAccount[]) {
  console.log(`\nDemo accounts (API tokens; send as "Authorization: Bearer <token>"):`);
  for (const a of accounts) console.log(`  ${a.role.padEnd(20)} ${a.org.padEnd(10)} ${a.token}`);
  console.log(`\nTry: curl -H "Authorization: Bearer mzn_demo_rahma_caseworker" ${url}/api/v1/me`);
}

async function serve(config: Config) {
  const database = await open(config);
  const engine = database.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  if (config.demo && (await isEmpty(database))) {
    console.log('Empty database: loading the demo deployment…');
    const dep = await loadDeployment(database.db);
    const { households, known } = await loadDemo(database.db, dep, systemClock, { intake: config.intake });
    console.log(`Demo loaded: ${households} households.`);
    printKnown(known);
  }
  const dep = await loadDeployment(database.db);
  // The audit checkpoints: signed here when this server holds the key, published either way.
  const cp = config.auditCheckpoints;
  let signingKey: KeyObject | null = null;
  let transparency: TransparencyOptions | undefined;
  try {
    signingKey = cp.signingKeyFile ? loadSigningKey(cp.signingKeyFile, true) : null;
    const key = signingKey ?? (cp.publicKeyFile ? loadPublicKey(cp.publicKeyFile) : null);
    if (key) transparency = { file: cp.file, key };
  } catch (e) {
    console.error((e as Error).message);
    await database.close();
    process.exitCode = 2;
    return;
  }
  const app = await buildApp({ db: database.appDb, deployment: dep, publicUrl: config.publicUrl, authCache: { ttlMs: config.authCacheTtlMs, maxEntries: config.authCacheMaxEntries },
    poolCache: { ttlMs: config.poolCacheTtlMs, maxEntries: config.poolCacheMaxEntries },
    grantBatching: { maxBatch: config.grantBatchMax, maxInFlight: config.grantInFlight }, rateLimits: config.rateLimits, intake: { settings: config.intake }, ...(transparency ? { transparency } : {}) });
  // A checkpoint at the first sealing run and then at least every MIZAN_AUDIT_CHECKPOINT_INTERVAL_S;
  // the owner's connection (it reads schema_migrations). A refusal names what the database changed.
  const checkpoint = signingKey
    ? checkpointSchedule(database.db, { file: cp.file, signingKey, toleranceMs: cp.toleranceMs, intervalMs: cp.intervalMs }, (r) => {
        if (r.ok) app.log.info({ checkpoint: r.checkpoint.number, position: r.checkpoint.position }, 'audit checkpoint written');
        else app.log.error({ problem: r.problem }, 'audit checkpoint refused: the database disagrees with the signed checkpoints');
      })
    : undefined;
  // Link finished audit entries into the hash chain every few seconds.
  const stopSealer = startAuditSealer(database.appDb, 5000, (e) => app.log.error({ err: e }, 'audit sealing failed'), checkpoint);
  // Deadline reminders and escalations: the job queue runs inside the server unless MIZAN_WORKER=0.
  // Invitations by SMS: the configured transport (MIZAN_SMS; the local test SMSC by default on the embedded database).
  const messaging = await startMessaging({ db: database.appDb, clock: systemClock, settings: config.sms, publicUrl: config.publicUrl, log: (m) => app.log.warn(m) });
  const worker = process.env.MIZAN_WORKER === '0' ? null : makeWorker(database, dep, config.intake, (m) => app.log.warn(m), messaging.handlers);
  if (worker) await startDailyJobs(database);
  worker?.start(workerInterval());
  gracefulStop = async () => {
    stopSealer();
    await worker?.stop();
    await messaging.close();
    await app.close();
    await database.close();
  };
  await app.listen({ host: config.host, port: config.port });
  console.log(`\nMizan (${dep.name.en}) on ${engine}: ${config.publicUrl}`);
  console.log(`API documentation: ${config.publicUrl}/api/docs`);
  console.log(`SMS: ${describeTransport(config.sms.transport)}`);
  console.log(
    process.env.OIDC_ISSUER
      ? `Sign in: ${config.publicUrl}/auth/login (through ${process.env.OIDC_ISSUER})`
      : `Sign in: ${config.publicUrl}/auth/login — the built-in development identity provider (${config.publicUrl}/idp) lists the demo citizens and staff by national ID; no password.`,
  );
  const demoTokens = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (demoTokens && config.demo) printAccounts(config.publicUrl, demoAccountsHint());
}

/** The deterministic demo tokens (see demo.ts), for the start-up message. */
function demoAccountsHint(): DemoAccount[] {
  const rows: [DemoAccount['role'], string][] = [
    ['ministry_admin', 'ministry'], ['ministry_supervisor', 'ministry'],
    ['charity_admin', 'rahma'], ['caseworker', 'rahma'], ['caseworker', 'birr'], ['caseworker', 'shifa'], ['caseworker', 'amal'],
  ];
  return rows.map(([role, org]) => ({ role, org, displayName: '', nationalId: null, token: org === 'ministry' ? `mzn_demo_${role}` : `mzn_demo_${org}_${role}` }));
}

async function main(argv: string[]) {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const [command, ...rest] = positionals;
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    // A setting out of range is said plainly, without a stack trace.
    console.error((e as Error).message);
    process.exitCode = 2;
    return;
  }
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate': {
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      const { applied } = await migrate(database);
      await ensureDeployment(database.db, config.country);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply.');
      await database.close();
      return;
    }
    case 'demo': {
      const database = await open(config);
      if (!(await isEmpty(database))) {
        console.error('The database already has users; the demo loads only into an empty database.');
        await database.close();
        process.exitCode = 1;
        return;
      }
      const dep = await loadDeployment(database.db);
      const { accounts, households, known } = await loadDemo(database.db, dep, systemClock, { intake: config.intake });
      console.log(`Demo loaded: ${households} households.`);
      printKnown(known);
      printAccounts(config.publicUrl, accounts);
      await database.close();
      return;
    }
    case 'worker': {
      const database = await open(config);
      const dep = await loadDeployment(database.db);
      const messaging = await startMessaging({ db: database.appDb, clock: systemClock, settings: config.sms, publicUrl: config.publicUrl, log: (m) => console.error(m) });
      const worker = makeWorker(database, dep, config.intake, (m) => console.error(m), messaging.handlers);
      if (argv.includes('--once')) {
        const r = await worker.runDue();
        console.log(`Ran ${r.done} job(s); ${r.failed} failed and will be retried.`);
        await messaging.close();
        await database.close();
        return;
      }
      gracefulStop = async () => {
        await worker.stop();
        await messaging.close();
        await database.close();
      };
      await startDailyJobs(database);
      worker.start(workerInterval());
      console.log(`Mizan job worker ${worker.name}: looking for due jobs every ${workerInterval()} ms. Ctrl-C stops it.`);
      return;
    }
    case 'dev-smsc':
      return (await import('./modules/sms/dev-smsc-command.js')).devSmscCommand(argv.slice(argv.indexOf('dev-smsc') + 1), (stop) => (gracefulStop = stop));
    case 'generate': {
      const { generateCommand } = await import('./bench/generate-command.js');
      process.exitCode = await generateCommand(config, argv.slice(argv.indexOf('generate') + 1));
      return;
    }
    case 'bench': {
      const { benchCommand } = await import('./bench/bench-command.js');
      process.exitCode = await benchCommand(config, argv.slice(argv.indexOf('bench') + 1));
      return;
    }
    case 'audit': {
      process.exitCode = await auditCommand(config, rest[0], argv);
      return;
    }
    case 'schema': {
      if (rest[0] !== 'dump') {
        console.error('Usage: mizan schema dump > src/db/schema.snapshot.sql');
        process.exitCode = 2;
        return;
      }
      const { freshSchemaSnapshot } = await import('./db/schema-snapshot.js');
      process.stdout.write(await freshSchemaSnapshot());
      return;
    }
    case 'openapi': {
      // The API's OpenAPI document (no database needed); --types FILE writes the web app's types from it.
      const { openapiDocument, openapiTypes } = await import('./http/openapi-document.js');
      const at = argv.indexOf('--types');
      if (at >= 0) {
        const file = argv[at + 1];
        if (!file) {
          console.error('Usage: mizan openapi [--types FILE]');
          process.exitCode = 2;
          return;
        }
        const { writeFileSync } = await import('node:fs');
        writeFileSync(file, await openapiTypes());
        console.log(`Wrote ${file}.`);
        return;
      }
      process.stdout.write(`${JSON.stringify(await openapiDocument(), null, 2)}\n`);
      return;
    }
    case 'import': {
      // A charity's list imported as its administrator; the import's job runs here with the worker's handlers.
      const { importCommand } = await import('./modules/intake/cli-import.js');
      const database = await open(config);
      try {
        const dep = await loadDeployment(database.db);
        const worker = makeWorker(database, dep, config.intake, (m) => console.error(m));
        process.exitCode = await importCommand(argv.slice(argv.indexOf('import') + 1), { db: database.appDb, dep, settings: config.intake, clock: systemClock, runOneJob: () => worker.runDue(1), publicUrl: config.publicUrl, locale, out: process.stdout, err: process.stderr });
      } finally {
        await database.close();
      }
      return;
    }
    case 'match': {
      // No database: a file of person records in, its clusters out (src/modules/matching/cli-match.ts).
      const { matchCommand } = await import('./modules/matching/cli-match.js');
      process.exitCode = await matchCommand(argv.slice(argv.indexOf('match') + 1), { out: process.stdout, err: process.stderr });
      return;
    }
    case 'check-id': {
      const [country, number] = rest;
      if (!country || !number) {
        console.error('Usage: mizan check-id <KW|SA|IR> <number>');
        process.exitCode = 2;
        return;
      }
      const profile = profileFor(country);
      const r = validateNationalId(profile.idScheme, number);
      if (r.valid) {
        const extra = [r.birthDate ? `birth date ${r.birthDate}` : '', r.kind ?? ''].filter(Boolean).join(', ');
        console.log(`valid: ${r.normalized} is a valid ${profile.name.en} ${r.scheme}${extra ? ` (${extra})` : ''}`);
        process.exitCode = 0;
      } else {
        console.log(`invalid: ${r.message} [${r.reason}]`);
        process.exitCode = 1;
      }
      return;
    }
    default:
      console.log(USAGE);
      process.exitCode = command ? 2 : 0;
  }
}

/** `mizan audit verify|checkpoint|public-key|seal`: the exit code (0 fine, 1 a problem found or refused, 2 wrong use). */
async function auditCommand(config: Config, sub: string | undefined, argv: string[]): Promise<number> {
  const usage = 'Usage: mizan audit verify [--no-seal] [--against FILE [--key PUBLIC_KEY]] | mizan audit checkpoint | mizan audit public-key | mizan audit seal';
  if (sub !== 'verify' && sub !== 'seal' && sub !== 'checkpoint' && sub !== 'public-key') {
    console.error(usage);
    return 2;
  }
  const { values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { against: { type: 'string' }, key: { type: 'string' } } });
  const against = typeof values.against === 'string' ? values.against : values.against === true ? '' : undefined;
  if (against === '') {
    console.error(`--against needs the checkpoint file. ${usage}`);
    return 2;
  }
  const cp = config.auditCheckpoints;
  // The keys first: a missing or unsafe key is said before the database is opened.
  let signingKey: KeyObject | null = null;
  let checkKey: KeyObject | null = null;
  try {
    if (sub === 'checkpoint' || sub === 'public-key') {
      if (!cp.signingKeyFile) {
        console.error('No audit signing key is configured: set MIZAN_AUDIT_SIGNING_KEY to the key file (it is created on first use).');
        return 2;
      }
      signingKey = loadSigningKey(cp.signingKeyFile, true);
      if (sub === 'public-key') {
        process.stdout.write(describeKey(signingKey).publicKeyPem);
        return 0;
      }
    }
    if (against !== undefined) {
      const keyFile = typeof values.key === 'string' ? values.key : cp.publicKeyFile;
      if (keyFile) checkKey = loadPublicKey(keyFile);
      else if (cp.signingKeyFile && existsSync(cp.signingKeyFile)) checkKey = loadSigningKey(cp.signingKeyFile);
      else {
        console.error('No key to check the checkpoints with: give --key FILE (the public key) or set MIZAN_AUDIT_PUBLIC_KEY.');
        return 2;
      }
    }
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  // The signed checkpoints are read and checked before the database is touched.
  const file = against !== undefined ? readCheckpoints(against, checkKey!) : null;
  if (file && !existsSync(against!)) {
    console.log(`BROKEN: The checkpoint file ${against} does not exist.`);
    return 1;
  }
  if (file?.problem) {
    console.log(`BROKEN: ${file.problem}`);
    return 1;
  }
  if (file && file.checkpoints.length === 0) {
    console.log(`BROKEN: The checkpoint file ${against} holds no checkpoints: there is nothing to check the chain against.`);
    return 1;
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    if (sub === 'checkpoint') {
      const r = await writeCheckpoint(database.db, { file: cp.file, signingKey: signingKey!, toleranceMs: cp.toleranceMs });
      if (!r.ok) {
        console.log(`REFUSED: no checkpoint was signed. ${r.problem}`);
        return 1;
      }
      const c = r.checkpoint;
      console.log(`Checkpoint #${c.number} of ${c.time}: the audit chain up to position ${c.position} (hash ${c.hash.slice(0, 16)}…), signed with key ${c.keyId} into ${cp.file}.`);
      return 0;
    }
    const sealed = argv.includes('--no-seal') ? 0 : await sealAll(database.db);
    if (sub === 'seal') {
      console.log(`Sealed ${sealed} audit entries.`);
      return 0;
    }
    const r = file ? await verifyAgainst(database.db, { checkpoints: file.checkpoints, toleranceMs: cp.toleranceMs }) : await verifyChain(database.db);
    if (!r.ok) {
      console.log(`BROKEN: ${r.problem!.message}`);
      if (r.problem!.kind === 'altered' || r.problem!.kind === 'removed') console.log(`(${r.checked} entries before it are intact.)`);
      return 1;
    }
    const summary = `${r.checked} entries checked${sealed ? `, ${sealed} newly sealed` : ''}${r.unsealed ? `; ${r.unsealed} not sealed yet` : ''}`;
    if (file) {
      const newest = file.checkpoints[file.checkpoints.length - 1]!;
      console.log(`OK: the audit chain is intact (${summary}) and agrees with the ${file.checkpoints.length} signed checkpoints in ${against} (the newest, #${newest.number} of ${newest.time}, at position ${newest.position}).`);
    } else {
      console.log(`OK: the audit chain is intact (${summary}).`);
    }
    return 0;
  } finally {
    await database.close();
  }
}


/**
 * A failure is said in one line in the operator's language, exit code 1, no stack trace
 * (MIZAN_DEBUG=1 prints it too): the embedded database's directory problems by their cause,
 * anything else by its message. The exit releases the embedded database's lock.
 */
function fail(err: unknown): never {
  let line: string;
  const dataDir = process.env.DATABASE_URL ? null : loadDataDir();
  if (dataDir && isEngineFailure(err)) {
    const problem = diagnoseDataDir(err, dataDir);
    line = cliMessage(problem.kind, { dir: problem.dir, pid: problem.detail.pid ?? '', file: problem.detail.file ?? '' }, locale);
  } else {
    const reason = (err instanceof Error ? err.message : String(err)).trim().replace(/\.$/, '') || String(err);
    line = cliMessage('failed', { reason }, locale);
  }
  console.error(line);
  if (process.env.MIZAN_DEBUG === '1') console.error(err);
  process.exit(1);
}

function loadDataDir(): string | null {
  try {
    return loadConfig().dataDir;
  } catch {
    return null;
  }
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
try {
  await main(process.argv.slice(2));
} catch (e) {
  fail(e);
}
