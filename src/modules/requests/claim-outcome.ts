/**
 * What request_claim() (src/db/definitions/functions/request_claim.sql) answers, as one union, and
 * the one mapping of each refusal to the Problem the caller reads. test/unit/claim-outcome.test.ts
 * reads the outcomes out of the SQL and fails when the two lists part.
 */
import { Problem, forbidden, notFound } from '../../shared/problem.js';

export const CLAIM_OUTCOMES = ['claimed', 'not-found', 'mine', 'taken', 'invalid-state', 'not-in-pool', 'offered'] as const;
export type ClaimOutcome = (typeof CLAIM_OUTCOMES)[number];
export type ClaimRefusal = Exclude<ClaimOutcome, 'claimed'>;

const alreadyClaimed = (mine: boolean) =>
  new Problem('already-claimed', mine ? 'Your organisation already holds this request.' : 'Another charity has already taken up this request.', { claimedByYou: mine });

/** The Problem of a refused claim; `status` is the request's status as the function read it. */
export function claimRefusalProblem(outcome: ClaimRefusal, status: string | null): Problem {
  switch (outcome) {
    case 'not-found':
      return notFound('The request');
    case 'mine':
      return alreadyClaimed(true);
    case 'taken':
      return alreadyClaimed(false);
    case 'invalid-state':
      return new Problem('invalid-state', `The request is ${status}.`, { requestStatus: status });
    case 'not-in-pool':
      return forbidden('This request is not in your pool: your organisation does not offer this aid type in this region.');
    case 'offered':
      return new Problem('forbidden', 'This request is offered first to the charity that invited the household; it comes to your pool when that offer ends.', { firstOffer: true });
  }
}
