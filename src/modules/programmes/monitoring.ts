/**
 * MONITORING A CHANGE'S EFFECT. Once criteria are published, the ministry follows the programme
 * month by month: the version in force, what its what-if projected when it was published
 * (programme_versions.projection) against what happened — households enrolled at the month's end,
 * who entered and who left, the month's entitlements and what was paid — per first-level region,
 * and the appeals the programme caused. Counts of 1 to 4 are suppressed, with the amounts beside
 * them, as in the what-if.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { formatMinor } from '../../shared/money.js';
import { manageableProgramme } from './define-programme.js';
import { programmesRepository } from './programmes.repository.js';
import { SMALL_CELL } from './what-if.js';

const small = (n: number) => n > 0 && n < SMALL_CELL;
const count = (n: number) => (small(n) ? null : n);

interface Projection {
  regions: { regionCode: string; households: number; persons: number; budgetMinor: number }[];
}

const monthOf = (d: Date) => d.toISOString().slice(0, 7);

export async function monitorProgramme(db: Executor, actor: Actor, dep: Deployment, programmeId: string, now: Date, months = 12) {
  await manageableProgramme(db, actor, programmeId);
  const versions = await programmesRepository.publishedVersions(db, programmeId);
  const money = (minor: number, households: number) => (small(households) ? null : formatMinor(minor, dep.currency));
  const last = monthOf(now);
  const firstPublished = versions[0]?.published_at ? monthOf(new Date(versions[0].published_at)) : last;
  const earliest = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1)));
  const from = firstPublished > earliest ? firstPublished : earliest;
  const figures = await programmesRepository.monthlyFigures(db, programmeId, `${from}-01`, `${last}-01`);
  const appeals = new Map((await programmesRepository.monthlyAppeals(db, programmeId, `${from}-01`)).map((a) => [a.month, a]));
  const inForce = (month: string) => [...versions].reverse().find((v) => v.published_at && monthOf(new Date(v.published_at)) <= month);
  const byMonth = new Map<string, typeof figures>();
  for (const f of figures) byMonth.set(f.month, [...(byMonth.get(f.month) ?? []), f]);
  const monthsList: string[] = [];
  for (let m = from; m <= last; m = monthOf(new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 1)))) monthsList.push(m);
  return {
    programmeId,
    suppressedBelow: SMALL_CELL,
    months: monthsList.map((month) => {
      const v = inForce(month);
      const projection = (v?.projection ?? null) as Projection | null;
      const rows = byMonth.get(month) ?? [];
      const regions = new Set([...rows.map((r) => r.regionCode), ...(projection?.regions.filter((r) => r.households > 0).map((r) => r.regionCode) ?? [])]);
      const region = (code: string) => {
        const r = rows.find((x) => x.regionCode === code);
        const p = projection?.regions.find((x) => x.regionCode === code);
        return {
          regionCode: code,
          projected: { households: p ? count(p.households) : null, budget: p ? money(p.budgetMinor, p.households) : null },
          enrolled: count(r?.active ?? 0), entered: count(r?.entered ?? 0), left: count(r?.left ?? 0),
          due: { households: count(r?.dueHouseholds ?? 0), amount: money(r?.dueMinor ?? 0, r?.dueHouseholds ?? 0) },
          paid: { households: count(r?.paidHouseholds ?? 0), amount: money(r?.paidMinor ?? 0, r?.paidHouseholds ?? 0) },
        };
      };
      const sum = (k: 'active' | 'entered' | 'left' | 'paidHouseholds' | 'paidMinor' | 'dueHouseholds' | 'dueMinor') => rows.reduce((a, r) => a + r[k], 0);
      const projectedHouseholds = projection?.regions.reduce((a, r) => a + r.households, 0) ?? null;
      const projectedMinor = projection?.regions.reduce((a, r) => a + r.budgetMinor, 0) ?? null;
      const a = appeals.get(month);
      return {
        month,
        version: v?.version ?? null,
        projected: { households: projectedHouseholds === null ? null : count(projectedHouseholds), budget: projectedMinor === null ? null : money(projectedMinor, projectedHouseholds ?? 0) },
        enrolled: count(sum('active')), entered: count(sum('entered')), left: count(sum('left')),
        due: { households: count(sum('dueHouseholds')), amount: money(sum('dueMinor'), sum('dueHouseholds')) },
        paid: { households: count(sum('paidHouseholds')), amount: money(sum('paidMinor'), sum('paidHouseholds')) },
        appeals: { lodged: count(a?.lodged ?? 0), upheld: count(a?.upheld ?? 0), overturned: count(a?.overturned ?? 0) },
        regions: [...regions].sort().map(region),
      };
    }),
  };
}
