/**
 * DEFINING A PROGRAMME. The ministry defines programmes for everyone; a charity's administrator
 * defines its own. A programme gives one aid type of its own form (a cash programme a cash aid
 * type), so what it pays goes through the no-duplicate rule like any other aid; it has a funding
 * source, and a lifecycle: draft, active (in the regions its phase plan has opened), closed. It
 * is activated only once it has criteria in force.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { parseAmount } from '../../shared/money.js';
import { audit } from '../audit/audit.service.js';
import { requireActiveAidType } from '../catalogue/aid-types.js';
import { assertRegion } from '../registry/registry.service.js';
import type { Static } from 'typebox';
import type { ProgrammeBody, RegionPlanBody } from './programmes.contracts.js';
import { programmesRepository } from './programmes.repository.js';
import { programmeView } from './views.js';

type Row = NonNullable<Awaited<ReturnType<typeof programmesRepository.findProgramme>>>;

/** The programme, if the actor may manage it: the ministry any, a charity's administrator its own. */
export async function manageableProgramme(db: Executor, actor: Actor, id: string): Promise<Row> {
  const p = await programmesRepository.findProgramme(db, id);
  if (!p) throw notFound('The programme');
  if (actor.orgKind !== 'ministry' && p.owner_org !== actor.orgId) throw forbidden('Only the ministry or the charity that owns the programme may change it.');
  return p;
}

export async function readProgramme(db: Executor, dep: Deployment, id: string) {
  const p = await programmesRepository.findProgramme(db, id);
  if (!p) throw notFound('The programme');
  return programmeView(p, await programmesRepository.versions(db, id), await programmesRepository.programmeRegions(db, id), dep.currency);
}

export async function listProgrammes(db: Executor, dep: Deployment) {
  const rows = await programmesRepository.listProgrammes(db);
  return Promise.all(rows.map(async (p) => programmeView(p, await programmesRepository.versions(db, p.id), await programmesRepository.programmeRegions(db, p.id), dep.currency)));
}

export async function defineProgramme(db: Executor, actor: Actor, dep: Deployment, input: Static<typeof ProgrammeBody>, now: Date) {
  if (!actor.orgId) throw forbidden();
  const aidType = await requireActiveAidType(db, input.aidTypeCode);
  if (aidType.form !== input.kind) {
    throw new Problem('validation', `A ${input.kind} programme gives aid of that form; the aid type "${aidType.code}" is ${aidType.form}.`, { field: 'aidTypeCode' });
  }
  if ((input.kind === 'service') !== (input.serviceKind !== undefined)) {
    throw new Problem('validation', 'A service programme says which service it is (training, employment, empowerment); other programmes say none.', { field: 'serviceKind' });
  }
  const row = await programmesRepository.insertProgramme(db, {
    code: input.code, ownerOrg: actor.orgId, kind: input.kind, serviceKind: input.serviceKind ?? null, aidTypeCode: aidType.code, funding: input.funding,
    names: input.names, at: now, by: actor.userId,
  });
  if (!row) throw new Problem('conflict', `A programme with the code "${input.code}" exists.`, { field: 'code' });
  await audit(db, actor, { action: 'programme.create', subjectType: 'programme', subjectId: row.id, details: { code: row.code, kind: row.kind, funding: row.funding, aidType: row.aid_type_code }, at: now });
  return readProgramme(db, dep, row.id);
}

export async function setProgrammeStatus(db: Executor, actor: Actor, dep: Deployment, id: string, status: 'active' | 'closed', now: Date) {
  const p = await manageableProgramme(db, actor, id);
  if (p.status === 'closed') throw new Problem('invalid-state', 'A closed programme stays closed.');
  if (status === 'active') {
    const current = await programmesRepository.currentVersion(db, id);
    if (!current) throw new Problem('invalid-state', 'Publish the programme\'s criteria before activating it.', { field: 'status' });
  }
  await programmesRepository.setStatus(db, id, status);
  await audit(db, actor, { action: `programme.${status === 'active' ? 'activate' : 'close'}`, subjectType: 'programme', subjectId: id, details: { code: p.code }, at: now });
  return readProgramme(db, dep, id);
}

/** Puts a first-level region into a phase of the programme's plan, with its capacity and budget per period. */
export async function planProgrammeRegion(db: Executor, actor: Actor, dep: Deployment, id: string, regionCode: string, input: Static<typeof RegionPlanBody>, now: Date) {
  const p = await manageableProgramme(db, actor, id);
  assertRegion(dep, regionCode);
  if (dep.regions.get(regionCode)?.level !== 1) throw new Problem('validation', 'A phase plan names first-level regions.', { field: 'code', value: regionCode });
  const budgetMinor = input.budget ? parseAmount(input.budget, dep.currency, 'budget') : null;
  await programmesRepository.setProgrammeRegion(db, { programmeId: id, regionCode, phase: input.phase, capacityHouseholds: input.capacityHouseholds ?? null, budgetMinor });
  await audit(db, actor, { action: 'programme.region.plan', subjectType: 'programme', subjectId: id, details: { code: p.code, region: regionCode, phase: input.phase, capacityHouseholds: input.capacityHouseholds ?? null, budgetMinor }, at: now });
  return readProgramme(db, dep, id);
}

/** Opens every region of the programme's plan up to this phase. */
export async function openProgrammePhase(db: Executor, actor: Actor, dep: Deployment, id: string, phase: number, now: Date) {
  const p = await manageableProgramme(db, actor, id);
  const opened = await programmesRepository.openProgrammePhase(db, id, phase, now);
  await audit(db, actor, { action: 'programme.phase.open', subjectType: 'programme', subjectId: id, details: { code: p.code, phase, regions: opened.map((r) => r.region_code) }, at: now });
  return readProgramme(db, dep, id);
}
