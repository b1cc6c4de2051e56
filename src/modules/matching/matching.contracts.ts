/**
 * Person matching's HTTP contract: the ministry's review list of proposed pairs and its decision;
 * request and response schemas, their types, and the mapper from rows to the answer.
 */
import { Type, type Static } from 'typebox';
import { Moment, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';
import type { ProposalWithPersons } from './list-proposals.js';

const Status = Type.Union([Type.Literal('pending'), Type.Literal('same'), Type.Literal('different')]);

// Requests ----------------------------------------------------------------------------------------

export const ProposalsQuery = Type.Object(
  {
    status: Type.Optional(Status),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('same'), Type.Literal('different')], { description: "'same': the records are merged (the registry's link); 'different': remembered, never proposed again" }),
    keepId: Type.Optional(Type.String({ format: 'uuid', description: "For 'same': the record kept, one of the pair (default: personA)" })),
    reason: Type.String({ minLength: 10, maxLength: 500 }),
  },
  { additionalProperties: false },
);

// Responses ---------------------------------------------------------------------------------------

/** One of the two records of a proposal, as the registry holds it. */
const MatchPerson = Strict({
  personId: Uuid,
  idScheme: Type.String(),
  nationalId: Type.String(),
  fullName: Type.String(),
  birthDate: Nullable(Type.String({ format: 'date' })),
  sex: Nullable(Type.Union([Type.Literal('F'), Type.Literal('M')])),
  phone: Nullable(Type.String()),
  householdId: Nullable(Uuid),
  region: Nullable(Type.String()),
  mergedInto: Nullable(Uuid),
});

/** A pair proposed as one person, the score and each field's part of it. */
export const MatchProposal = Named('MatchProposal', {
  id: Uuid,
  status: Status,
  score: Type.Number(),
  createdAt: Moment,
  decidedAt: Nullable(Moment),
  personA: MatchPerson,
  personB: MatchPerson,
  explanation: Strict({
    relatives: Type.Boolean({ description: 'Whether the records look like relatives (the relatives\' rates applied)' }),
    parts: Type.Array(Strict({ field: Type.String(), level: Type.String(), weight: Type.Number() })),
  }),
});
export type MatchProposal = Static<typeof MatchProposal>;

export const ProposalList = Strict({ items: Type.Array(Ref(MatchProposal)) });

export const DecisionResult = Strict({
  id: Uuid,
  status: Type.Union([Type.Literal('same'), Type.Literal('different')]),
  keptId: Nullable(Uuid),
  mergedId: Nullable(Uuid),
});

export const MATCHING_SCHEMAS = [MatchProposal];

// Mappers -----------------------------------------------------------------------------------------

const personView = (p: ProposalWithPersons['personA']) => ({
  personId: p.id, idScheme: p.id_scheme, nationalId: p.national_id, fullName: p.full_name, birthDate: p.birth_date, sex: p.sex, phone: p.phone,
  householdId: p.household_id, region: p.region_code, mergedInto: p.merged_into,
});

export const proposalView = ({ proposal: p, personA, personB }: ProposalWithPersons): MatchProposal => {
  const e = p.explanation as { relatives?: boolean; parts?: { field: string; level: string; weight: number }[] };
  return {
    id: p.id, status: p.status, score: p.score, createdAt: p.created_at.toISOString(), decidedAt: p.decided_at ? p.decided_at.toISOString() : null,
    personA: personView(personA), personB: personView(personB),
    explanation: { relatives: e.relatives === true, parts: (e.parts ?? []).map((x) => ({ field: x.field, level: x.level, weight: x.weight })) },
  };
};
