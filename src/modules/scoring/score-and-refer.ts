/**
 * Scoring a submitted declaration and referring the household: the need score under the active
 * model (scoreNeed, need-score.ts), stored with its explanation per declaration version
 * (need_scores: one per version, its unique key decides), then one open request per needed aid
 * type in the pool with the score's priority, offered first to the inviting charity for the
 * deployment's first_offer_hours (requests/submit-request.ts openReferredRequests; the pool and
 * the claim enforce the offer in the database). An aid type whose group already has an open
 * request for the household is skipped and reported.
 */
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem } from '../../shared/problem.js';
import { readDeploymentRow } from '../../deployments/settings.js';
import type { Locale } from '../../db/schema.js';
import { audit } from '../audit/audit.service.js';
import { openReferredRequests } from '../requests/submit-request.js';
import { activeNeedModel } from './need-model.js';
import { scoreNeed as scoreWith, type NeedFacts, type NeedModel, type NeedScore } from './need-score.js';
import { scoringRepository } from './scoring.repository.js';

export type { Contribution, NeedFacts, NeedModel, NeedScore } from './need-score.js';

/** The need score of a household's facts under a model (pure); `regions` places a region under its parent. */
export function scoreNeed(model: NeedModel, facts: NeedFacts, regions?: Deployment['regions']): NeedScore {
  return scoreWith(model, facts, regions);
}

/** The requests' justification, in the deployment's language: where the request came from (the staff read it in the case). */
const JUSTIFICATION: Record<Locale, (score: string, version: string) => string> = {
  en: (score, version) => `Self-declaration: need score ${score} (scoring model version ${version}).`,
  ar: (score, version) => `إقرار ذاتي: تقييم الحاجة ${score} (إصدار نموذج التقييم ${version}).`,
  fa: (score, version) => `خوداظهاری: امتیاز نیاز ${score} (نسخهٔ مدل امتیاز ${version}).`,
};
const NUMBERING: Record<Locale, string> = { en: 'latn', ar: 'arab', fa: 'arabext' };

function justification(locale: Locale, score: NeedScore): string {
  const n = (x: number) => new Intl.NumberFormat(`${locale}-u-nu-${NUMBERING[locale]}`, { maximumFractionDigits: 1 }).format(x);
  return JUSTIFICATION[locale](n(score.score), n(score.modelVersion));
}

export async function scoreAndRefer(trx: Tx, dep: Deployment, input: {
  householdId: string; declarationVersionId: string; facts: NeedFacts; aidTypeCodes: string[];
  offeredToOrgId: string | null; actor: Actor;
}, now: Date): Promise<{ score: NeedScore; requestIds: string[]; skipped: { aidTypeCode: string; reason: string }[] }> {
  if (!dep.regions.has(input.facts.regionCode)) throw new Problem('validation', `There is no region ${input.facts.regionCode}.`, { field: 'regionCode' });
  const model = await activeNeedModel(trx, dep, now);
  const score = scoreWith(model, input.facts, dep.regions);
  const { opened, skipped } = await openReferredRequests(trx, input.actor, dep, {
    householdId: input.householdId,
    aidTypeCodes: input.aidTypeCodes,
    priority: score.priority,
    justification: justification((await readDeploymentRow(trx))?.defaultLocale ?? dep.defaultLocale, score),
    offeredToOrgId: input.offeredToOrgId,
  }, now);
  // stored after the requests: openReferredRequests checks first that the actor may refer this household
  let stored;
  try {
    stored = await scoringRepository.insertScore(trx, {
      householdId: input.householdId, declarationVersionId: input.declarationVersionId, modelVersion: score.modelVersion,
      score: score.score, priority: score.priority, contributions: score.contributions, at: now, by: input.actor.userId,
    });
  } catch (e) {
    const err = e as { code?: string; constraint?: string };
    if (err.code === '23505' && err.constraint === 'need_scores_declaration_version_id_key') {
      throw new Problem('conflict', 'This version of the declaration has already been scored and referred.', { declarationVersionId: input.declarationVersionId });
    }
    throw e;
  }
  const requestIds = opened.map((o) => o.requestId);
  await scoringRepository.linkRequests(trx, stored.id, requestIds);
  await audit(trx, input.actor, {
    action: 'need-score.create', subjectType: 'need-score', subjectId: stored.id, householdId: input.householdId,
    details: { score: score.score, priority: score.priority, modelVersion: score.modelVersion, requests: requestIds.length, skipped: skipped.length }, at: now,
  });
  return { score, requestIds, skipped };
}

/** Published: the need score of a declaration version and the requests it opened (null when not scored or not visible). */
export async function scoreOfDeclarationVersion(trx: Tx, declarationVersionId: string): Promise<(NeedScore & { requestIds: string[] }) | null> {
  return (await scoringRepository.ofDeclarationVersion(trx, declarationVersionId)) ?? null;
}
