/**
 * The HTTP server: Fastify with JSON-schema validation, an OpenAPI 3.1 document, problem+json
 * errors, authentication (API tokens, session cookies with CSRF protection), a declared permission
 * on every route (checked before the body is even parsed), security headers and rate limits.
 */
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Deployment } from '../deployments/setup.js';
import { Problem, PROBLEM_TYPES, type ProblemType } from '../shared/problem.js';
import { roleHas, type Permission } from '../modules/identity/permissions.js';
import type { Actor } from '../kernel/actor.js';
import { inTx, type Tx } from '../kernel/transaction.js';
import { systemClock, type Clock } from '../kernel/clock.js';
import { authenticate, type TokenRow } from './auth.js';
import { AUTH_CACHE_DEFAULTS, authCache, type AuthCacheOptions } from '../kernel/auth-cache.js';
import { POOL_CACHE_DEFAULTS, PoolPageCache, type PoolCacheOptions } from '../modules/requests/pool-cache.js';
import type { GroupCommitOptions as GrantBatcherOptions } from '../modules/grants/grant-batcher.js';
import { GrantBatcher } from '../modules/grants/record-grants.js';
import { loggerOptions } from './logging.js';
import { cleanRequestText } from './text-input.js';
import { NAME_PATTERN } from './schemas.js';
import { API_SCHEMAS } from './contracts.js';
import { checkResponses } from './response-check.js';
import { Type } from 'typebox';
import { RATE_LIMIT_DEFAULTS, RateLimiter, routeLimitClass, type LimitClass, type RateLimitSettings } from './rate-limit.js';
import { registerModuleRoutes } from './routes.js';
import { webBuildExists, webRoutes } from './web.js';
import { cacheHeaders } from './cache-headers.js';
import { identityRoutes } from '../modules/identity/identity.routes.js';
import { oidcSettings } from '../modules/identity/oidc-client.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import type { TransparencyOptions } from '../modules/audit/transparency.routes.js';
import { intakeApp, type IntakeAppOptions } from '../modules/intake/intake-settings.js';
import type { PersonMatching } from '../modules/registry/likely-persons.js';
import { personMatching } from '../modules/matching/likely-persons.js';

export interface AppDeps {
  db: Kysely<DB>;
  deployment: Deployment;
  clock?: Clock;
  /** false to silence the logger (tests pass a stream instead). */
  logger?: FastifyServerOptions['logger'] | false;
  bodyLimit?: number;
  /** Where the server is reached (cookies are Secure when https). Default: the listening address. */
  publicUrl?: string;
  /** OIDC_* settings are read from here (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Rate limits shared by every server on the database (src/http/rate-limit.ts); requests per window, 0 = off. */
  rateLimits?: Partial<RateLimitSettings>;
  /** The short cache of verified API tokens (src/kernel/auth-cache.ts); default 5 s, 10 000 tokens. */
  authCache?: Partial<AuthCacheOptions>;
  /** The short cache of pool pages (src/modules/requests/pool-cache.ts); default 1 s, 10 000 pages. */
  poolCache?: Partial<PoolCacheOptions>;
  /** Group commit for grants: grants in one transaction at most, transactions at once. */
  grantBatching?: GrantBatcherOptions;
  /** The audit chain's signed checkpoints this server publishes (public routes under /api/v1/transparency). */
  transparency?: TransparencyOptions;
  /**
   * Check every 2xx answer against its route's declared schema before it is serialised
   * (src/http/response-check.ts): on in tests; default MIZAN_CHECK_RESPONSES=1.
   */
  checkResponses?: boolean;
  /** Bulk uploads: where files go, their limits, and the invitations' port (src/modules/intake/intake-settings.ts). */
  intake?: Partial<IntakeAppOptions>;
}

/** One row of the route table, as registered (the authorisation matrix test reads it). */
export interface RouteEntry {
  method: string;
  url: string;
  permission: Permission;
  /** The route's request schemas as registered (the fuzz test generates requests from them). */
  schema?: { body?: unknown; querystring?: unknown; params?: unknown };
  /** The declared responses by status code (every documented route declares its 2xx). */
  response?: Record<string, unknown>;
  /** Left out of the OpenAPI document (the API docs, the identity provider, the web app's files). */
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs: see modules/identity/permissions.ts. Every route declares one. */
    permission?: Permission;
    /** The rate limit the route is counted against (src/http/rate-limit.ts), set when it is registered. */
    limit?: LimitClass;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    mizan: { db: Kysely<DB>; dep: Deployment; clock: Clock; tx<T>(req: FastifyRequest, fn: (trx: Tx) => Promise<T>): Promise<T>; routes: RouteEntry[]; grants: GrantBatcher; poolPages: PoolPageCache; intake: IntakeAppOptions; matching: PersonMatching };
  }
}

export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

export async function buildApp(deps: AppDeps): Promise<App> {
  const logTap = testLogTap(deps.logger);
  const app = Fastify({
    logger: logTap.logger,
    bodyLimit: deps.bodyLimit ?? 256 * 1024,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
    // Errors the router answers before any route or hook runs (a bad percent-encoding, a path
    // parameter over maxParamLength) and malformed HTTP: problem+json too, never echoing the address.
    frameworkErrors: (err, req, reply) => sendProblem(reply, frameworkProblem(err)),
    clientErrorHandler: clientErrorAsProblem,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const clock = deps.clock ?? systemClock;
  const tokens = authCache.create<TokenRow>({ ...AUTH_CACHE_DEFAULTS, ...deps.authCache });
  app.addHook('onClose', async () => authCache.release(tokens));
  app.decorate('mizan', {
    db: deps.db,
    dep: deps.deployment,
    clock,
    // Writes that make cached tokens or pool pages stale drop them again once their transaction
    // has committed (afterCommit, registered by the repositories that write).
    tx: <T>(req: FastifyRequest, fn: (trx: Tx) => Promise<T>) => inTx(deps.db, req.actor, fn),
    routes: [] as RouteEntry[],
    // Grants recorded at the same moment share one transaction (group commit).
    grants: new GrantBatcher(deps.db, deps.deployment, clock, deps.grantBatching),
    poolPages: new PoolPageCache({ ...POOL_CACHE_DEFAULTS, ...deps.poolCache }),
    intake: intakeApp(deps.intake),
    // The registry asks person matching through this port (registry/likely-persons.ts).
    matching: personMatching,
  });
  app.decorateRequest('actor', null);
  const publicUrl = () => {
    if (deps.publicUrl) return deps.publicUrl;
    const a = app.server.address();
    return a && typeof a === 'object' ? `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}` : 'http://127.0.0.1';
  };
  const limiter = new RateLimiter(deps.db, { ...RATE_LIMIT_DEFAULTS, ...deps.rateLimits }, (e) => app.log.warn({ err: loggableError(e) }, 'rate-limit counters could not be swept'));
  app.addHook('onClose', async () => limiter.close());

  // Every route must say who may call it; a route without a permission is a startup error.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config ?? {}), permission: 'public' } as typeof route.config;
      return;
    }
    const permission = (route.config as { permission?: Permission } | undefined)?.permission;
    if (!permission) throw new Error(`Route ${route.method} ${route.url} declares no permission.`);
    const schema = { body: route.schema?.body, querystring: route.schema?.querystring, params: route.schema?.params };
    const response = route.schema?.response as Record<string, unknown> | undefined;
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    for (const method of [route.method].flat()) app.mizan.routes.push({ method, url: route.url, permission, schema, ...(response ? { response } : {}), hidden });
    const limit = routeLimitClass(route.method, route.url);
    if (limit) route.config = { ...(route.config ?? {}), limit } as typeof route.config;
  });

  await app.register(cookie);
  const https = (deps.publicUrl ?? '').startsWith('https:');
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // the API documentation page and the web app set inline style attributes
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  // Cache-Control: no-store on every response unless its route declares personalData: false.
  cacheHeaders(app);

  app.setErrorHandler((err, req, reply) => {
    const body = toProblem(err, req);
    if (body.status >= 500) req.log.error({ err: loggableError(err) }, 'request failed');
    void reply.status(body.status).type('application/problem+json').send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).type('application/problem+json').send(new Problem('not-found', `No route ${req.method} at this address.`).toBody());
  });

  // Text in, one rule (src/http/text-input.ts): every string of the path, the query and the body
  // is refused if it holds NUL or a lone surrogate, else normalised to NFC and trimmed, before the
  // route's schema validates it.
  app.addHook('preValidation', cleanRequestText);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mizan API',
        version: '1',
        description: 'One shared registry of households, aid requests and aid given, across a ministry and its charities.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (mzn_…).' } },
      },
      security: [{ bearer: [] }],
    },
    // A named response schema (src/http/contracts.ts) is listed under its own name, not def-N.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  for (const schema of API_SCHEMAS) app.addSchema(schema);
  if (deps.checkResponses ?? process.env.MIZAN_CHECK_RESPONSES === '1') checkResponses(app, API_SCHEMAS);
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Who is calling, and may they call this route at all: decided before the body is parsed or
  // validated, so a caller without the permission learns nothing from validation errors.
  app.addHook('onRequest', async (req) => {
    req.actor = await authenticate(deps.db, req, clock, tokens);
    const permission = req.routeOptions.config?.permission;
    if (!permission || permission === 'public') return;
    if (!req.actor) throw new Problem('unauthenticated', 'Sign in, or send an API token as "Authorization: Bearer mzn_…".');
    if (!roleHas(req.actor.role, permission)) throw new Problem('forbidden', `Your role (${req.actor.role}) does not have the permission ${permission}.`);
  });
  // Rate limits, counted in the database once the caller is known (per user and organisation, or
  // per address), before the body is parsed and before any transaction of the request.
  app.addHook('onRequest', async (req, reply) => {
    const limit = req.routeOptions.config?.limit;
    if (limit) await limiter.check(limit, req, reply);
  });

  app.get('/healthz', { config: { permission: 'public', personalData: false }, schema: { hide: true, response: { 200: Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false }) } } }, async () => ({ status: 'ok' as const }));
  app.get('/api/openapi.json', { config: { permission: 'public', personalData: false }, schema: { hide: true } }, async () => app.swagger());
  app.get<{ Params: { slug: string } }>('/problems/:slug', { config: { permission: 'public', personalData: false }, schema: { hide: true } }, async (req, reply) => {
    const entry = PROBLEM_TYPES[req.params.slug as ProblemType];
    if (!entry) throw new Problem('not-found', 'No such problem type.');
    return reply.type('text/plain; charset=utf-8').send(`${entry[1]} (HTTP ${entry[0]})\n`);
  });

  if (logTap.piiFile) {
    const piiFile = logTap.piiFile;
    app.addHook('onClose', async () => writePersonalDataSeen(deps.db, piiFile).catch(() => {}));
  }
  await registerModuleRoutes(app);
  await app.register(identityRoutes, { publicUrl, settings: (url: string) => oidcSettings(deps.env ?? process.env, url, deps.deployment.country) });
  await app.register(auditRoutes, { prefix: '/api/v1', transparency: deps.transparency });
  // The web app (dist/web), after the API so API addresses never fall through to it; only when built.
  if (webBuildExists()) await webRoutes(app);
  return app;
}

/**
 * Test runs only (MIZAN_TEST_LOG_DIR, set by scripts/test.mjs): every server also writes its log
 * to a file there (at level info), and when it closes, the personal data its database holds
 * (national IDs, names, phones) to a sidecar file. The runner then checks that no server log of
 * the whole suite contains any of it.
 */
function testLogTap(logger: AppDeps['logger']): { logger: FastifyServerOptions['logger']; piiFile: string | null } {
  const dir = process.env.MIZAN_TEST_LOG_DIR;
  if (!dir || logger === false) return { logger: logger === undefined ? loggerOptions() : logger, piiFile: null };
  mkdirSync(dir, { recursive: true });
  const name = join(dir, `server-${process.pid}-${Date.now()}-${randomBytes(3).toString('hex')}`);
  const file = createWriteStream(`${name}.log`, { flags: 'a' });
  if (logger === undefined || typeof logger !== 'object') return { logger: loggerOptions('info', file), piiFile: `${name}.pii.json` };
  const original = (logger as { stream?: NodeJS.WritableStream }).stream ?? process.stdout;
  const tee = new Writable({
    write(chunk, _enc, cb) {
      file.write(chunk);
      original.write(chunk, () => cb());
    },
  });
  return { logger: { ...(logger as object), stream: tee } as FastifyServerOptions['logger'], piiFile: `${name}.pii.json` };
}

async function writePersonalDataSeen(db: Kysely<DB>, file: string) {
  const persons = await db.selectFrom('persons').select(['national_id', 'full_name', 'phone']).execute();
  const users = await db.selectFrom('users').select(['role', 'national_id', 'display_name', 'phone']).execute();
  const households = await db.selectFrom('households').select(['phone', 'address']).execute();
  const values = new Set<string>();
  for (const p of persons) [p.national_id, p.full_name, p.phone].forEach((v) => v && values.add(v));
  // staff display names in tests are labels such as "c0_admin"; applicants' and donors' are people's names
  for (const u of users) [u.national_id, u.role === 'applicant' || u.role === 'donor' ? u.display_name : null, u.phone].forEach((v) => v && values.add(v));
  for (const h of households) [h.phone, h.address].forEach((v) => v && v.length >= 6 && values.add(v));
  writeFileSync(file, JSON.stringify([...values]));
}

/** The path of the request as `instance`, unless it is too long to be worth repeating. */
const instanceOf = (req: FastifyRequest) => {
  const path = req.url.split('?')[0]!;
  return path.length <= 256 ? path : undefined;
};

function sendProblem(reply: import('fastify').FastifyReply, body: ReturnType<Problem['toBody']>) {
  void reply.status(body.status).type('application/problem+json').send(body);
}

/** Errors of Fastify's router (frameworkErrors): fixed sentences, the address is not repeated. */
function frameworkProblem(err: { code?: string }) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return new Problem('uri-too-long', 'A part of the address is longer than any identifier this API uses.').toBody();
  if (err.code === 'FST_ERR_BAD_URL') return new Problem('validation', 'The address is not valid (a malformed percent-encoding).').toBody();
  return new Problem('internal', 'Something went wrong on our side; the error was logged.').toBody();
}

/** Malformed HTTP (Node's clientError): a problem+json answer when the socket can still take one. */
function clientErrorAsProblem(err: NodeJS.ErrnoException, socket: import('node:net').Socket) {
  if (!socket.writable || (err as { code?: string }).code === 'ECONNRESET') return void socket.destroy();
  const problem = err.code === 'HPE_HEADER_OVERFLOW' ? new Problem('headers-too-large', 'The request headers are too large.') : new Problem('validation', 'The request is not valid HTTP.');
  const { status } = problem;
  const body = JSON.stringify(problem.toBody());
  socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Ajv's message, or a plainer one for the rules whose pattern would say nothing to a person. */
const validationMessage = (v: { keyword?: string; message?: string; params?: unknown }) =>
  v.keyword === 'pattern' && (v.params as { pattern?: string } | undefined)?.pattern === NAME_PATTERN ? 'must contain a letter' : (v.message ?? 'is not valid');

function toProblem(err: unknown, req: FastifyRequest) {
  const instance = instanceOf(req);
  if (err instanceof Problem) return err.toBody(instance);
  const e = err as { code?: string; statusCode?: number; validation?: { instancePath: string; keyword?: string; message?: string; params?: unknown }[]; validationContext?: string; message?: string };
  if (e.validation) {
    const errors = e.validation.map((v) => ({ field: `${e.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`, message: validationMessage(v) }));
    const first = errors[0];
    return new Problem('validation', first ? `${first.field} ${first.message}` : 'The request is not valid.', { errors }).toBody(instance);
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new Problem('payload-too-large', 'The request body is larger than this endpoint accepts.').toBody(instance);
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new Problem('unsupported-media-type', 'Send JSON (application/json).').toBody(instance);
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e.statusCode === 400 && e.code?.startsWith('FST_'))) {
    return new Problem('validation', 'The body is not valid JSON.').toBody(instance);
  }
  if (e.statusCode === 429) return new Problem('rate-limited', 'Too many requests; try again shortly.').toBody(instance);
  if (e.statusCode === 415) return new Problem('unsupported-media-type', 'Send JSON (application/json).').toBody(instance);
  if (e.statusCode === 413) return new Problem('payload-too-large', 'The request body is larger than this endpoint accepts.').toBody(instance);
  if (e.statusCode === 414) return new Problem('uri-too-long', 'The address is too long.').toBody(instance);
  if (e.statusCode === 404) return new Problem('not-found', 'Not found.').toBody(instance);
  // Any other refusal of Fastify or a plugin: a fixed sentence (their messages may quote the input).
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return new Problem('validation', 'The request could not be read.').toBody(instance);
  if (e.code === '23503') return new Problem('unknown-reference', 'A referenced item does not exist.').toBody(instance);
  if (e.code === '22P02' || e.code === '22007' || e.code === '22008') return new Problem('validation', 'A value has the wrong format.').toBody(instance);
  if (e.code === '23505') return new Problem('conflict', 'The item already exists.').toBody(instance);
  return new Problem('internal', 'Something went wrong on our side; the error was logged.').toBody(instance);
}

/**
 * What of an unexpected error may be logged. A database error's `detail` and `where` can quote
 * row values (a national ID in a key, a phone in a failing row), so only its class, code, the
 * constraint, table and column names, the message and the stack are kept.
 */
export function loggableError(err: unknown) {
  const e = err as { name?: string; code?: string; message?: string; stack?: string; constraint?: string; table?: string; column?: string; routine?: string };
  return {
    type: e?.name ?? typeof err,
    code: e?.code,
    message: e?.message,
    constraint: e?.constraint,
    table: e?.table,
    column: e?.column,
    routine: e?.routine,
    stack: e?.stack,
  };
}
