/** Builds the HTTP app on a test database and offers a small JSON client over app.inject. */
import { Writable } from 'node:stream';
import { buildApp, type App } from '../../src/http/app.js';
import { loggerOptions } from '../../src/http/logging.js';
import type { Clock } from '../../src/kernel/clock.js';
import type { AuthCacheOptions } from '../../src/kernel/auth-cache.js';
import type { PoolCacheOptions } from '../../src/modules/requests/pool-cache.js';
import type { RateLimitSettings } from '../../src/http/rate-limit.js';
import type { TestDb } from './db.js';

export interface Api {
  app: App;
  logs: string[];
  call(method: string, url: string, token?: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

export async function makeApi(t: TestDb, clock?: Clock, opts: { bodyLimit?: number; authCache?: Partial<AuthCacheOptions>; poolCache?: Partial<PoolCacheOptions>; rateLimits?: Partial<RateLimitSettings> } = {}): Promise<Api> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const app = await buildApp({ db: t.database.db, deployment: t.dep, checkResponses: true, ...(clock ? { clock } : {}), logger: loggerOptions('info', stream), ...(opts.bodyLimit ? { bodyLimit: opts.bodyLimit } : {}), ...(opts.authCache ? { authCache: opts.authCache } : {}), ...(opts.poolCache ? { poolCache: opts.poolCache } : {}), ...(opts.rateLimits ? { rateLimits: opts.rateLimits } : {}) });
  await app.ready();
  return {
    app,
    logs,
    async call(method, url, token, body, headers = {}) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const ct = String(res.headers['content-type'] ?? '');
      return { status: res.statusCode, body: ct.includes('json') ? res.json() : res.body, headers: res.headers };
    },
  };
}
