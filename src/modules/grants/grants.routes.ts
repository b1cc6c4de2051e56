import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { AmountInput, IsoDate, NationalIdInput, Nullable, Uuid, errors } from '../../http/schemas.js';
import { formatMinor } from '../../shared/money.js';
import { notFound } from '../../shared/problem.js';
import { decideException, requestExceptionTraced, revokeGrant } from './grants.service.js';
import { afterCommit } from '../registry/lookups.js';
import { grantsRepository } from './grants.repository.js';
import { mayReadHousehold } from '../registry/registry.service.js';

export async function grantsRoutes(app: App) {
  const { dep } = app.mizan;
  const view = (g: { id: string; household_id: string; person_id: string | null; org_id: string; aid_type_code: string; group_code: string; form: string; amount_minor: number | null; currency: string | null; item: string | null; quantity: number | null; granted_on: string; exception_id: string | null; status: string; request_id: string | null }) => ({
    id: g.id, householdId: g.household_id, personId: g.person_id, orgId: g.org_id, aidType: g.aid_type_code, group: g.group_code, form: g.form,
    amountMinor: g.amount_minor, amount: g.amount_minor === null ? null : formatMinor(g.amount_minor, dep.currency), currency: g.currency,
    item: g.item, quantity: g.quantity, grantedOn: g.granted_on, exceptionId: g.exception_id, status: g.status, requestId: g.request_id,
  });

  app.post(
    '/grants',
    {
      config: { permission: 'grant:create' },
      schema: {
        tags: ['grants'],
        summary: 'Record aid given. Refused with 409 duplicate-aid when the household already received aid of the same group inside the window. grantedOn (default today, in the deployment\'s time zone) may not be after today (400 future-date) nor before the household or member was registered (400 before-registration), and at most backdate_days back unless it cites an approved back-dating exception (409 backdate-needs-approval).',
        body: Type.Object(
          {
            householdId: Type.Optional(Uuid),
            beneficiaryNationalId: Type.Optional(NationalIdInput),
            personId: Type.Optional(Uuid),
            aidTypeCode: Type.String({ minLength: 1, maxLength: 64 }),
            amount: Type.Optional(AmountInput),
            item: Type.Optional(Type.String({ maxLength: 200 })),
            quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
            grantedOn: Type.Optional(IsoDate),
            exceptionId: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
        response: { ...errors(400, 401, 403, 409, 413) },
      },
    },
    // Not in a request transaction of its own: grants recorded at the same moment share one (grant-batcher.ts).
    async (req, reply) => reply.status(201).send(view(await app.mizan.grants.grant(req.actor!, req.body))),
  );

  app.get(
    '/grants/date-findings',
    {
      config: { permission: 'oversight:read' },
      schema: {
        tags: ['grants'],
        summary: 'Grants recorded before the date rules that the rules would now refuse (found by migration 0011, not changed)',
        querystring: Type.Object(
          {
            finding: Type.Optional(Type.Union([Type.Literal('future-date'), Type.Literal('before-registration'), Type.Literal('backdate-over-limit'), Type.Literal('overlaps-when-recorded')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const rows = await grantsRepository.listDateFindings(trx, { finding: req.query.finding, limit: req.query.limit ?? 200 });
        return rows.map((f) => ({ grantId: f.grant_id, finding: f.finding, householdId: f.household_id, orgId: f.org_id, aidType: f.aid_type_code, grantedOn: f.granted_on, recordedOn: f.recorded_on, detail: f.detail, foundAt: f.found_at }));
      }),
  );

  app.get(
    '/grants/:id',
    { config: { permission: 'grant:read' }, schema: { tags: ['grants'], summary: 'One grant', params: Type.Object({ id: Uuid }) } },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const g = await grantsRepository.findById(trx, req.params.id);
        if (!g || !(await mayReadHousehold(trx, req.actor!, g.household_id))) throw notFound('The grant');
        return view(g);
      }),
  );

  app.post(
    '/grants/:id/revoke',
    {
      config: { permission: 'grant:revoke' },
      schema: { tags: ['grants'], summary: 'Revoke a grant recorded in error (it stops blocking)', params: Type.Object({ id: Uuid }), body: Type.Object({ reason: Type.String({ minLength: 5, maxLength: 1000 }) }, { additionalProperties: false }) },
    },
    async (req) => view(await app.mizan.tx(req, (trx) => revokeGrant(trx, req.actor!, req.params.id, req.body.reason))),
  );

  app.post(
    '/exceptions',
    {
      config: { permission: 'exception:request' },
      schema: {
        tags: ['grants'],
        summary: 'Ask a supervisor to allow a repeat of the same aid for a documented new need',
        body: Type.Object(
          {
            householdId: Type.Optional(Uuid),
            beneficiaryNationalId: Type.Optional(NationalIdInput),
            aidTypeCode: Type.String({ minLength: 1, maxLength: 64 }),
            reason: Type.String({ minLength: 10, maxLength: 4000 }),
            documentRef: Type.String({ minLength: 1, maxLength: 200 }),
            grantedOn: Type.Optional(Type.Unsafe<string>({ ...IsoDate, description: 'Asks to record aid given on this date, further back than the deployment allows without approval (a back-dating exception).' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      // By national ID, a refusal commits the trace of the lookup it answered, then is thrown.
      const ex = afterCommit(await app.mizan.tx(req, (trx) => requestExceptionTraced(trx, req.actor!, dep, req.body, app.mizan.clock.now())));
      return reply.status(201).send({ id: ex.id, status: ex.status, householdId: ex.household_id, group: ex.group_code, kind: ex.kind, grantedOn: ex.granted_on });
    },
  );

  app.get(
    '/exceptions',
    { config: { permission: 'exception:decide' }, schema: { tags: ['grants'], summary: 'Exceptions waiting for a decision', querystring: Type.Object({ status: Type.Optional(Type.String()) }) } },
    async (req) => app.mizan.tx(req, (trx) => grantsRepository.listExceptions(trx, { status: req.query.status ?? 'pending' })),
  );

  app.post(
    '/exceptions/:id/decision',
    {
      config: { permission: 'exception:decide' },
      schema: {
        tags: ['grants'],
        summary: 'A supervisor approves or rejects a documented exception',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false }),
      },
    },
    async (req) => {
      const ex = await app.mizan.tx(req, (trx) => decideException(trx, req.actor!, app.mizan.clock, req.params.id, req.body.decision, req.body.note ?? null));
      return { id: ex.id, status: ex.status };
    },
  );
}
