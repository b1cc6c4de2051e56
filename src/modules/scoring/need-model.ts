/**
 * The ministry's scoring model: read the active version, save a new one (ministry_admin; checked,
 * audited, a version of its own: scores keep the version they were made with), and preview a
 * proposed model on a sample household before saving it. A deployment starts with its country's
 * default model (default-model.ts), written as version 1 at setup or on first use.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem, forbidden } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { ensureDefaultNeedModel } from './default-model.js';
import { scoreNeed, validateModel, type NeedFacts, type NeedModel, type NeedScore } from './need-score.js';
import { scoringRepository } from './scoring.repository.js';

export type ProposedModel = Omit<NeedModel, 'version'>;

/** The model in force: the highest version (the default one written first if there is none yet). */
export async function activeNeedModel(trx: Tx, dep: Deployment, now: Date): Promise<NeedModel & { createdAt: Date }> {
  let row = await scoringRepository.activeModel(trx);
  if (!row) {
    await ensureDefaultNeedModel(trx, dep.country, now);
    row = await scoringRepository.activeModel(trx);
  }
  if (!row) throw new Error('The scoring model could not be read.');
  return { version: row.version, ...row.model, createdAt: row.createdAt };
}

/**
 * A new version of the model, made from `basedOnVersion` (the one the editor read). If another
 * edit was saved meanwhile the save is refused (409 conflict): the versions' primary key decides,
 * also when two editors save at once.
 */
export async function saveNeedModel(trx: Tx, actor: Actor, dep: Deployment, input: ProposedModel & { basedOnVersion: number; note?: string | undefined }, now: Date): Promise<NeedModel & { createdAt: Date }> {
  if (actor.role !== 'ministry_admin') throw forbidden('Only the ministry edits the scoring model.');
  const { basedOnVersion, note, ...model } = input;
  validateModel(dep, model);
  const current = await activeNeedModel(trx, dep, now);
  const changedMeanwhile = () => new Problem('conflict', `The scoring model was changed meanwhile (version ${current.version}); reload it and edit again.`, { currentVersion: current.version });
  if (basedOnVersion !== current.version) throw changedMeanwhile();
  const version = current.version + 1;
  try {
    await scoringRepository.insertModel(trx, { version, model, at: now, by: actor.userId, note: note?.trim() || null });
  } catch (e) {
    const err = e as { code?: string; constraint?: string };
    if (err.code === '23505' && err.constraint === 'need_models_pkey') throw changedMeanwhile();
    throw e;
  }
  await audit(trx, actor, { action: 'need-model.update', subjectType: 'need-model', subjectId: String(version), details: { from: current.version, version }, at: now });
  return { version, ...model, createdAt: now };
}

/** What a sample household would score under the active model and under a proposed one (nothing saved). */
export function previewNeedModel(dep: Deployment, active: NeedModel, proposed: ProposedModel, facts: NeedFacts): { active: NeedScore; proposed: NeedScore } {
  validateModel(dep, proposed);
  if (!dep.regions.has(facts.regionCode)) throw new Problem('validation', `There is no region ${facts.regionCode}.`, { field: 'facts.regionCode' });
  return { active: scoreNeed(active, facts, dep.regions), proposed: scoreNeed({ ...proposed, version: active.version + 1 }, facts, dep.regions) };
}
