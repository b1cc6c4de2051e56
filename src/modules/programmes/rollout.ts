/**
 * PHASED ROLLOUT. The deployment as a whole, and each programme, opens region by region (first-
 * level regions) in phases: phase 1 first (Riyadh and Hail in the Saudi profile), then the next.
 * A deployment with no phase plan is open everywhere; a programme is open only where its own plan
 * has opened a region. Someone in a region not yet open gets a clear answer (region-not-open,
 * translated by the web app) instead of a form.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { assertRegion } from '../registry/registry.service.js';
import { programmesRepository } from './programmes.repository.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function readRollout(db: Executor) {
  return { regions: (await programmesRepository.rollout(db)).map((r) => ({ regionCode: r.region_code, phase: r.phase, openedAt: iso(r.opened_at) })) };
}

export async function planRolloutRegion(db: Executor, actor: Actor, dep: Deployment, regionCode: string, phase: number, now: Date) {
  assertRegion(dep, regionCode);
  if (dep.regions.get(regionCode)?.level !== 1) throw new Problem('validation', 'A phase plan names first-level regions.', { field: 'code', value: regionCode });
  await programmesRepository.setRolloutRegion(db, regionCode, phase);
  await audit(db, actor, { action: 'rollout.plan', subjectType: 'deployment', subjectId: regionCode, details: { region: regionCode, phase }, at: now });
  return readRollout(db);
}

export async function openRolloutPhase(db: Executor, actor: Actor, phase: number, now: Date) {
  const opened = await programmesRepository.openRolloutPhase(db, phase, now);
  await audit(db, actor, { action: 'rollout.open', subjectType: 'deployment', subjectId: String(phase), details: { phase, regions: opened.map((r) => r.region_code) }, at: now });
  return readRollout(db);
}

/** Whether the programme is open in this first-level region, and why not. */
export async function openness(db: Executor, programmeId: string, provinceCode: string) {
  const r = await programmesRepository.regionOpen(db, programmeId, provinceCode);
  return { open: r.deployment_open && r.programme_open, deploymentOpen: r.deployment_open, capacityHouseholds: r.capacity_households };
}

/** 409 region-not-open unless the programme is open in the household's region. */
export async function assertOpen(db: Executor, dep: Deployment, programmeId: string, provinceCode: string) {
  const o = await openness(db, programmeId, provinceCode);
  if (!o.open) {
    const name = dep.regions.get(provinceCode)?.names.en ?? provinceCode;
    throw new Problem('region-not-open', `This programme is not open in ${name} yet${o.deploymentOpen ? '' : ' (Mizan is opening region by region)'}; you will be able to apply when your region's phase opens.`, { regionCode: provinceCode, deploymentOpen: o.deploymentOpen });
  }
  return o;
}
