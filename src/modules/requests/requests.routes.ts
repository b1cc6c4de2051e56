import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { AmountInput, NationalIdInput, Uuid, errors } from '../../http/schemas.js';
import { notFound } from '../../shared/problem.js';
import { formatMinor } from '../../shared/money.js';
import { mayReadHousehold } from '../registry/registry.service.js';
import { requestsRepository } from './requests.repository.js';
import { submitRequest } from './submit-request.js';

export async function requestsRoutes(app: App) {
  const { dep } = app.mizan;
  app.post(
    '/requests',
    {
      config: { permission: 'request:create' },
      schema: {
        tags: ['requests'],
        summary: 'Submit an aid request (an applicant for their household, or staff on their behalf)',
        body: Type.Object(
          {
            householdId: Type.Optional(Uuid),
            beneficiaryNationalId: Type.Optional(NationalIdInput),
            aidTypeCode: Type.String({ minLength: 1, maxLength: 64 }),
            amount: Type.Optional(AmountInput),
            item: Type.Optional(Type.String({ maxLength: 200 })),
            quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
            justification: Type.String({ minLength: 3, maxLength: 4000 }),
          },
          { additionalProperties: false },
        ),
        response: { ...errors(400, 401, 403, 409, 413) },
      },
    },
    async (req, reply) => {
      const r = await app.mizan.tx(req, (trx) => submitRequest(trx, req.actor!, dep, app.mizan.clock, req.body));
      return reply.status(201).send({ id: r.id, status: r.status, aidType: r.aid_type_code, householdId: r.household_id, submittedAt: r.submitted_at, deadlineAt: r.deadline_at });
    },
  );

  app.get(
    '/requests/:id',
    { config: { permission: 'request:read' }, schema: { tags: ['requests'], summary: 'One request (its household must be visible to you)', params: Type.Object({ id: Uuid }) } },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const r = await requestsRepository.findById(trx, req.params.id);
        if (!r || !(await mayReadHousehold(trx, req.actor!, r.household_id))) throw notFound('The request');
        return {
          id: r.id, householdId: r.household_id, aidType: r.aid_type_code, group: r.group_code, status: r.status, justification: r.justification,
          amountMinor: r.amount_minor, amount: r.amount_minor === null ? null : formatMinor(r.amount_minor, dep.currency), item: r.item, quantity: r.quantity,
          submittedAt: r.submitted_at, deadlineAt: r.deadline_at, claimedByOrg: r.claimed_by_org, decidedAt: r.decided_at, decisionReason: r.decision_reason, grantId: r.grant_id,
        };
      }),
  );
}
