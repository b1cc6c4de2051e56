/**
 * First-time setup of a database for a deployment (profile, regions, the starting catalogue and
 * the ministry), and loading the deployment a running server serves.
 */
import { ensureStockItems } from '../modules/donations/default-items.js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { profileFor, type Country, type DeploymentProfile } from './profiles.js';
import { loadRegions, type Region } from './regions/index.js';
import { AID_TYPES, BASKETS, GROUPS } from '../modules/catalogue/default-catalogue.js';
import { ensureDefaultNeedModel } from '../modules/scoring/default-model.js';

export interface Deployment extends DeploymentProfile {
  regions: Map<string, Region>;
}

export async function ensureDeployment(db: Kysely<DB>, country: Country): Promise<{ created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('deployment').select('country').executeTakeFirst();
    if (existing) {
      if (existing.country !== country) {
        throw new Error(`This database serves the ${existing.country} deployment, not ${country}.`);
      }
      return { created: false };
    }
    const p = profileFor(country);
    await trx
      .insertInto('deployment')
      .values({
        country: p.country,
        id_scheme: p.idScheme,
        currency: p.currency.code,
        currency_minor_units: p.currency.minorUnits,
        calendar: p.calendar,
        default_locale: p.defaultLocale,
        request_deadline_days: p.requestDeadlineDays,
        school_year_start_month: p.schoolYearStart.month,
        school_year_start_day: p.schoolYearStart.day,
        settings: JSON.stringify({ time_zone: p.timeZone }),
      })
      .execute();
    const regions = loadRegions(p.country);
    const level1 = regions.filter((r) => r.level === 1);
    const level2 = regions.filter((r) => r.level === 2);
    for (const batch of [level1, level2]) {
      if (batch.length === 0) continue;
      await trx
        .insertInto('regions')
        .values(batch.map((r) => ({ code: r.code, parent_code: r.parent, level: r.level, name_en: r.names.en, name_ar: r.names.ar, name_fa: r.names.fa })))
        .execute();
    }
    await trx
      .insertInto('service_baskets')
      .values(BASKETS.map((b) => ({ code: b.code, position: b.position, name_en: b.en, name_ar: b.ar, name_fa: b.fa })))
      .execute();
    await trx
      .insertInto('exclusivity_groups')
      .values(GROUPS.map((g) => ({ code: g.code, window_kind: g.windowKind, window_days: g.windowDays, name_en: g.en, name_ar: g.ar, name_fa: g.fa })))
      .execute();
    await trx
      .insertInto('aid_types')
      .values(AID_TYPES.map((t) => ({ code: t.code, basket_code: t.basket, group_code: t.group, form: t.form, name_en: t.en, name_ar: t.ar, name_fa: t.fa, deadline_days: null })))
      .execute();
    // A database migrated only part of the way (an older release's) has no need_models yet: the
    // model in force is written on first use then (activeNeedModel).
    const { rows } = await sql<{ t: string | null }>`select to_regclass('need_models')::text as t`.execute(trx);
    if (rows[0]?.t) await ensureDefaultNeedModel(trx, p.country, new Date());
    const items = await sql<{ t: string | null }>`select to_regclass('stock_items')::text as t`.execute(trx);
    if (items.rows[0]?.t) await ensureStockItems(trx);
    const ministryName = { KW: 'وزارة الشؤون الاجتماعية', SA: 'وزارة الموارد البشرية والتنمية الاجتماعية', IR: 'وزارت تعاون، کار و رفاه اجتماعی' }[p.country];
    await trx.insertInto('organisations').values({ kind: 'ministry', name: ministryName, status: 'approved', registration_number: null, contact_phone: null, decided_at: null, decided_by: null, decision_reason: null }).execute();
    // Planner statistics for the small reference tables. Autovacuum analyzes a table only after
    // 50 changed rows, which a catalogue of 18 aid types never reaches; without statistics the
    // planner assumes hundreds of aid types, underestimates how many requests a charity's pool
    // holds, and sorts the whole pool instead of walking its index for one page.
    await sql`analyze deployment, regions, service_baskets, exclusivity_groups, aid_types, organisations`.execute(trx);
    return { created: true };
  });
}

export async function loadDeployment(db: Kysely<DB>): Promise<Deployment> {
  const row = await db.selectFrom('deployment').selectAll().executeTakeFirst();
  if (!row) throw new Error('The database has no deployment yet. Run `mizan migrate` or start the server once.');
  const profile = profileFor(row.country);
  const regions = await db.selectFrom('regions').selectAll().execute();
  return {
    ...profile,
    currency: { code: row.currency, minorUnits: row.currency_minor_units },
    requestDeadlineDays: row.request_deadline_days,
    schoolYearStart: { month: row.school_year_start_month, day: row.school_year_start_day },
    regions: new Map(
      regions.map((r) => [r.code, { code: r.code, parent: r.parent_code, level: r.level as 1 | 2, names: { en: r.name_en, ar: r.name_ar, fa: r.name_fa } }]),
    ),
  };
}

/** The region shown in anonymous views: the ancestor at the deployment's anonymous level. */
export function anonymousRegion(dep: Deployment, code: string): string {
  let r = dep.regions.get(code);
  while (r && r.level > dep.anonymousRegionLevel && r.parent) r = dep.regions.get(r.parent);
  return r?.code ?? code;
}
