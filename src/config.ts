/** Configuration from the environment, in one place. */
import { join, resolve } from 'node:path';
import type { Country } from './deployments/profiles.js';
import { AUTH_CACHE_DEFAULTS, AUTH_CACHE_MAX_TTL_MS } from './kernel/auth-cache.js';
import { POOL_CACHE_DEFAULTS, POOL_CACHE_MAX_TTL_MS } from './modules/requests/pool-cache.js';
import { GRANT_BATCHING_DEFAULTS } from './modules/grants/grant-batcher.js';
import { RATE_LIMIT_DEFAULTS, type RateLimitSettings } from './http/rate-limit.js';
import { IMPORT_LIMITS_DEFAULTS } from './modules/intake/read-file.js';
import type { IntakeSettings } from './modules/intake/intake-settings.js';
import { smsSettingsOf, type SmsSettings } from './modules/sms/sms-settings.js';
import { AUDIT_CHECKPOINT_INTERVAL_DEFAULT_MS, AUDIT_TIME_TOLERANCE_DEFAULT_MS } from './modules/audit/audit.checkpoints.js';

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  country: Country;
  host: string;
  port: number;
  /** Load the demo deployment into an empty database (default: on for the embedded database). */
  demo: boolean;
  publicUrl: string;
  /**
   * How long this process trusts a verified API token without asking the database
   * (MIZAN_AUTH_CACHE_TTL_MS, default 5000, at most 60000; 0 turns the cache off). A revocation or
   * a change of the user or organisation made by another process is seen after at most this long.
   */
  authCacheTtlMs: number;
  /** At most this many verified tokens are kept (MIZAN_AUTH_CACHE_MAX, default 10000). */
  authCacheMaxEntries: number;
  /**
   * How long this process serves a page of a charity's pool again without asking the database
   * (MIZAN_POOL_CACHE_MS, default 2000, at most 60000; 0 turns the cache off). This process's own
   * writes to requests are seen at once; another process's after at most this long.
   */
  poolCacheTtlMs: number;
  /** At most this many pool pages are kept (MIZAN_POOL_CACHE_MAX, default 10000). */
  poolCacheMaxEntries: number;
  /** Grants recorded at the same moment share a transaction: at most this many (MIZAN_GRANT_BATCH_MAX, default 32; 1 = one each). */
  grantBatchMax: number;
  /** Grant transactions at once (MIZAN_GRANT_IN_FLIGHT, default 2). */
  grantInFlight: number;
  /**
   * Rate limits, requests a minute, counted in the database and so shared by every server
   * (0 turns one off): MIZAN_RATE_USER per user and MIZAN_RATE_ORG per organisation on write
   * routes and the pool, households and grants (600, 6000); MIZAN_RATE_SENSITIVE per user on the
   * national-ID lookup, tokens, sessions and the audit trail (120); MIZAN_RATE_SIGN_IN per client
   * address on /auth and /idp (120).
   */
  rateLimits: RateLimitSettings;
  /** Signed checkpoints of the audit chain, kept outside the database (src/modules/audit/audit.checkpoints.ts). */
  /** How SMS are sent (MIZAN_SMS, MIZAN_SMS_RATE, MIZAN_SMS_DLR_SECRET, MIZAN_INVITATION_DAYS: src/modules/sms/sms-settings.ts). */
  sms: SmsSettings;
  auditCheckpoints: {
    /** The append-only checkpoint file (MIZAN_AUDIT_CHECKPOINTS, default <data dir>/audit-checkpoints.jsonl). */
    file: string;
    /**
     * The Ed25519 private key (PEM) that signs them (MIZAN_AUDIT_SIGNING_KEY), created on first use
     * with mode 0600. Default: <data dir>/audit-signing-key.pem for the embedded database; none
     * with DATABASE_URL (then this server writes no checkpoints).
     */
    signingKeyFile: string | null;
    /** The public key (PEM) for verifying and publishing where the private key is not (MIZAN_AUDIT_PUBLIC_KEY). */
    publicKeyFile: string | null;
    /** A checkpoint at least this often from `mizan serve` (MIZAN_AUDIT_CHECKPOINT_INTERVAL_S, default 3600, 60 to 86400). */
    intervalMs: number;
    /** How long before its sealing an entry may be dated (MIZAN_AUDIT_TIME_TOLERANCE_S, default 600). */
    toleranceMs: number;
  };
  /**
   * Bulk uploads (src/modules/intake/): files kept in MIZAN_IMPORT_DIR (default <data dir>/imports),
   * at most MIZAN_IMPORT_MAX_BYTES (default 20 MB: 413 over it) and MIZAN_IMPORT_MAX_ROWS data rows
   * (default 1 000 000).
   */
  intake: IntakeSettings;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, dflt: number, max: number): number {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new Error(`${name} must be a whole number from 0 to ${max}, not "${v}".`);
  return n;
}

function seconds(env: NodeJS.ProcessEnv, name: string, dfltMs: number, min: number, max: number): number {
  const n = wholeNumber(env, name, dfltMs / 1000, max);
  if (n < min) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${env[name]}".`);
  return n * 1000;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  const dataDir = resolve(env.MIZAN_DATA_DIR ?? './data');
  return {
    databaseUrl,
    dataDir,
    country: (env.MIZAN_COUNTRY ?? 'KW').toUpperCase() as Country,
    host,
    port,
    demo: env.MIZAN_DEMO ? env.MIZAN_DEMO === '1' || env.MIZAN_DEMO === 'true' : !databaseUrl,
    publicUrl: env.MIZAN_PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    authCacheTtlMs: wholeNumber(env, 'MIZAN_AUTH_CACHE_TTL_MS', AUTH_CACHE_DEFAULTS.ttlMs, AUTH_CACHE_MAX_TTL_MS),
    authCacheMaxEntries: wholeNumber(env, 'MIZAN_AUTH_CACHE_MAX', AUTH_CACHE_DEFAULTS.maxEntries, 10_000_000),
    poolCacheTtlMs: wholeNumber(env, 'MIZAN_POOL_CACHE_MS', POOL_CACHE_DEFAULTS.ttlMs, POOL_CACHE_MAX_TTL_MS),
    poolCacheMaxEntries: wholeNumber(env, 'MIZAN_POOL_CACHE_MAX', POOL_CACHE_DEFAULTS.maxEntries, 10_000_000),
    grantBatchMax: Math.max(1, wholeNumber(env, 'MIZAN_GRANT_BATCH_MAX', GRANT_BATCHING_DEFAULTS.maxBatch, 1000)),
    grantInFlight: Math.max(1, wholeNumber(env, 'MIZAN_GRANT_IN_FLIGHT', GRANT_BATCHING_DEFAULTS.maxInFlight, 64)),
    rateLimits: {
      windowMs: RATE_LIMIT_DEFAULTS.windowMs,
      user: wholeNumber(env, 'MIZAN_RATE_USER', RATE_LIMIT_DEFAULTS.user, 1_000_000_000),
      organisation: wholeNumber(env, 'MIZAN_RATE_ORG', RATE_LIMIT_DEFAULTS.organisation, 1_000_000_000),
      sensitive: wholeNumber(env, 'MIZAN_RATE_SENSITIVE', RATE_LIMIT_DEFAULTS.sensitive, 1_000_000_000),
      signIn: wholeNumber(env, 'MIZAN_RATE_SIGN_IN', RATE_LIMIT_DEFAULTS.signIn, 1_000_000_000),
    },
    sms: smsSettingsOf(env, !databaseUrl),
    auditCheckpoints: {
      file: resolve(env.MIZAN_AUDIT_CHECKPOINTS || join(dataDir, 'audit-checkpoints.jsonl')),
      signingKeyFile: env.MIZAN_AUDIT_SIGNING_KEY ? resolve(env.MIZAN_AUDIT_SIGNING_KEY) : databaseUrl ? null : join(dataDir, 'audit-signing-key.pem'),
      publicKeyFile: env.MIZAN_AUDIT_PUBLIC_KEY ? resolve(env.MIZAN_AUDIT_PUBLIC_KEY) : null,
      intervalMs: seconds(env, 'MIZAN_AUDIT_CHECKPOINT_INTERVAL_S', AUDIT_CHECKPOINT_INTERVAL_DEFAULT_MS, 60, 86_400),
      toleranceMs: seconds(env, 'MIZAN_AUDIT_TIME_TOLERANCE_S', AUDIT_TIME_TOLERANCE_DEFAULT_MS, 0, 86_400),
    },
    intake: {
      dir: resolve(env.MIZAN_IMPORT_DIR || join(dataDir, 'imports')),
      maxBytes: Math.max(1, wholeNumber(env, 'MIZAN_IMPORT_MAX_BYTES', IMPORT_LIMITS_DEFAULTS.maxBytes, 2 ** 40)),
      maxRows: Math.max(1, wholeNumber(env, 'MIZAN_IMPORT_MAX_ROWS', IMPORT_LIMITS_DEFAULTS.maxRows, 100_000_000)),
    },
  };
}
