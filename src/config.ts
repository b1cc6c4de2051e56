/** Configuration from the environment, in one place. */
import { resolve } from 'node:path';
import type { Country } from './deployments/profiles.js';

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  country: Country;
  host: string;
  port: number;
  /** Load the demo deployment into an empty database (default: on for the embedded database). */
  demo: boolean;
  publicUrl: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  return {
    databaseUrl,
    dataDir: resolve(env.MIZAN_DATA_DIR ?? './data'),
    country: (env.MIZAN_COUNTRY ?? 'KW').toUpperCase() as Country,
    host,
    port,
    demo: env.MIZAN_DEMO ? env.MIZAN_DEMO === '1' || env.MIZAN_DEMO === 'true' : !databaseUrl,
    publicUrl: env.MIZAN_PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
  };
}
