/**
 * The deployment's row, read by the modules through these functions only (the `deployment` table
 * belongs to src/deployments/, see src/modules/ownership.ts). Settings that a running registry may
 * change (the `settings` JSON, the deadline, the default language) are read per transaction, so
 * that a change takes effect without a restart; the fixed facts (country, scheme, currency) are in
 * the Deployment loaded at start (setup.ts).
 */
import type { Executor } from '../db/database.js';
import type { Locale } from '../db/schema.js';

export interface DeploymentRow {
  idScheme: string;
  defaultLocale: Locale;
  requestDeadlineDays: number | null;
  /** The free-form settings (reminder days, quotas, limits); each reader validates its own keys. */
  settings: Record<string, unknown>;
}

export async function readDeploymentRow(db: Executor): Promise<DeploymentRow | undefined> {
  const row = await db.selectFrom('deployment').select(['id_scheme', 'default_locale', 'request_deadline_days', 'settings']).executeTakeFirst();
  if (!row) return undefined;
  return {
    idScheme: row.id_scheme,
    defaultLocale: row.default_locale as Locale,
    requestDeadlineDays: row.request_deadline_days,
    settings: (row.settings ?? {}) as Record<string, unknown>,
  };
}

/** The `settings` JSON of the deployment ({} before there is one). */
export async function deploymentSettings(db: Executor): Promise<Record<string, unknown>> {
  return (await readDeploymentRow(db))?.settings ?? {};
}
