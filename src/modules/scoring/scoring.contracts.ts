/**
 * The scoring module's HTTP contract: the ministry's need model (read, save as a new version,
 * preview on a sample household) and the priority list of open requests per region, each with
 * "why this priority" (the factors' points, no personal data).
 */
import { Type, type Static } from 'typebox';
import { DateTime, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';
import { FACTORS, HOUSING } from './need-score.js';

const Weight = Type.Number({ minimum: 0, maximum: 1000 });
const Weights = Strict(Object.fromEntries(FACTORS.map((f) => [f, Weight])) as Record<(typeof FACTORS)[number], typeof Weight>);
const Band = Strict({ minScore: Type.Number({ minimum: 0, maximum: 100 }), priority: Type.Integer({ minimum: 0, maximum: 3 }) });
const Multiplier = Type.Number({ exclusiveMinimum: 0, maximum: 5 });
const PovertyLine = Type.Integer({ minimum: 1, maximum: 1e15 });
const RegionValues = Strict({ code: Type.String({ minLength: 1, maxLength: 32 }), povertyLineMinor: Nullable(PovertyLine), multiplier: Nullable(Multiplier) });
const ModelFields = {
  weights: Weights,
  bands: Type.Array(Band, { minItems: 1, maxItems: 10 }),
  national: Strict({ povertyLineMinor: PovertyLine, multiplier: Multiplier }),
  regions: Type.Array(RegionValues, { maxItems: 1000 }),
};

/** A new version of the model, made from the version the editor read. */
export const NeedModelBody = Type.Object({
  basedOnVersion: Type.Integer({ minimum: 1 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  ...ModelFields,
}, { additionalProperties: false });

export const NeedFactsBody = Type.Object({
  regionCode: Type.String({ minLength: 1, maxLength: 32 }),
  members: Type.Array(Type.Object({
    age: Nullable(Type.Integer({ minimum: 0, maximum: 130 })),
    disability: Type.Boolean(),
    chronicIllness: Type.Boolean(),
    relation: Type.String({ minLength: 1, maxLength: 32 }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 40 }),
  monthlyIncomeMinor: Type.Integer({ minimum: 0, maximum: 1e15 }),
  housing: Type.Union(HOUSING.map((h) => Type.Literal(h))),
  monthlyRentMinor: Type.Integer({ minimum: 0, maximum: 1e15 }),
  debtsMinor: Type.Integer({ minimum: 0, maximum: 1e15 }),
  monthlyDebtRepaymentMinor: Type.Integer({ minimum: 0, maximum: 1e15 }),
}, { additionalProperties: false });

/** A proposed model and a sample household: its score under the active model and under the proposal. */
export const NeedModelPreviewBody = Type.Object({ model: Type.Object(ModelFields, { additionalProperties: false }), facts: NeedFactsBody }, { additionalProperties: false });

export const NeedModel = Named('NeedModel', {
  version: Type.Integer(),
  createdAt: DateTime,
  ...ModelFields,
  factors: Type.Array(Type.String(), { description: 'The factors, in the order of the explanation' }),
});

export const Contribution = Strict({ factor: Type.String(), value: Type.Number(), points: Type.Number() });
export const NeedScore = Named('NeedScore', { score: Type.Number(), priority: Type.Integer(), contributions: Type.Array(Contribution), modelVersion: Type.Integer() });
export const NeedModelPreview = Strict({ active: Ref(NeedScore), proposed: Ref(NeedScore) });

export const PriorityQuery = Type.Object({
  region: Type.Optional(Type.String({ maxLength: 32 })),
  aidType: Type.Optional(Type.String({ maxLength: 64 })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
}, { additionalProperties: false });

/** An open request of the priority list: the pool's anonymous fields and why it has its priority. */
export const PriorityItem = Named('PriorityItem', {
  id: Uuid,
  aidType: Type.String(),
  basket: Type.String(),
  nationality: Nullable(Type.String()),
  householdSize: Type.Integer(),
  region: Type.String(),
  submittedAt: DateTime,
  deadlineAt: DateTime,
  priority: Type.Integer(),
  score: Nullable(Type.Number({ description: 'The need score the request came from, if any' })),
  modelVersion: Nullable(Type.Integer()),
  why: Type.Array(Contribution, { description: 'The factors that contributed points, largest first' }),
  firstOfferUntil: Nullable(Type.String({ format: 'date-time', description: 'While the request is offered first to the reading charity (for the ministry: to any charity), until when' })),
});
export type PriorityItem = Static<typeof PriorityItem>;
export const PriorityPage = Strict({ items: Type.Array(Ref(PriorityItem)), nextCursor: Nullable(Type.String()) });

export const SCORING_SCHEMAS = [NeedModel, NeedScore, PriorityItem];
