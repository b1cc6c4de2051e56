/**
 * The OpenAPI document without a database: the server is built on a query layer that is never
 * asked anything (a pool with no connection made) and the Kuwaiti profile, then asked for what
 * /api/openapi.json serves (the document names no deployment's data). `mizan openapi` prints it;
 * `mizan openapi --types FILE` writes the web app's types generated from it (openapi-typescript),
 * as `npm run api:types` does for web/src/api/openapi.d.ts.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../db/schema.js';
import { profileFor } from '../deployments/profiles.js';
import { loadRegions } from '../deployments/regions/index.js';
import type { Deployment } from '../deployments/setup.js';
import { buildApp } from './app.js';

export async function openapiDocument(): Promise<Record<string, unknown>> {
  const pool = new pg.Pool({ connectionString: 'postgres://openapi.invalid/none', max: 1 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const profile = profileFor('KW');
  const deployment: Deployment = { ...profile, regions: new Map(loadRegions(profile.country).map((r) => [r.code, r])) };
  const app = await buildApp({ db, deployment, logger: false, checkResponses: false });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await db.destroy();
  }
}

const HEADER = '// Generated from the OpenAPI document (`npm run api:types`); do not edit. A test fails when it is not current.\n';

/** The web app's API types: openapi-typescript over the document, with a header saying so. */
export async function openapiTypes(doc?: Record<string, unknown>): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS((doc ?? (await openapiDocument())) as never, { alphabetize: false });
  return HEADER + astToString(ast);
}
