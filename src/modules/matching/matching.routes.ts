/** Person matching's routes: the ministry reviews the proposed pairs and decides each (thin: the use cases decide). */
import type { App } from '../../http/app.js';
import { IdParams, errors } from '../../http/schemas.js';
import { decideProposal } from './decide-proposal.js';
import { listProposals } from './list-proposals.js';
import { DecisionBody, DecisionResult, ProposalList, ProposalsQuery, proposalView } from './matching.contracts.js';

export async function matchingRoutes(app: App) {
  const now = () => app.mizan.clock.now();

  app.get(
    '/match/proposals',
    {
      config: { permission: 'match:review' },
      schema: {
        tags: ['households'],
        summary: 'The pairs of person records proposed as one person (ministry), best score first, both records side by side with the explanation; an audited reveal of both persons',
        querystring: ProposalsQuery,
        response: { 200: ProposalList, ...errors(400, 401, 403) },
      },
    },
    async (req) => ({ items: (await app.mizan.tx(req, (trx) => listProposals(trx, req.actor!, { status: req.query.status ?? 'pending', limit: req.query.limit ?? 50 }, now()))).map(proposalView) }),
  );

  app.post(
    '/match/proposals/:id/decision',
    {
      config: { permission: 'match:review' },
      schema: {
        tags: ['households'],
        summary: "Decide a match proposal (ministry): 'same' merges the two records (their grants, requests and household place move to keepId), 'different' is remembered and never proposed again; 409 when already decided",
        params: IdParams,
        body: DecisionBody,
        response: { 200: DecisionResult, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => decideProposal(trx, req.actor!, req.params.id, req.body, now())),
  );
}
