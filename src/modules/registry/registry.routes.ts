import type { App } from '../../http/app.js';
import { IdParams, NoBody, Ref, errors } from '../../http/schemas.js';
import {
  HouseholdBody, HouseholdCreated, Household, HouseholdQuery, LeaveBody, LookupAnswer, LookupQuery, MemberAdded, MemberBody, MoveBody,
  MemberParams, MergeBody, MergeResult, OfferBody, OrgBody, OrgDecisionBody, Organisation, OrganisationWithOffer, Organisations, OrganisationsQuery, householdView,
} from './registry.contracts.js';
import { organisationsRepository } from './registry.repository.js';
import {
  addMemberTraced, createCharity, decideOrganisation, findHouseholdByNationalId, organisationView,
  linkPersons, readHousehold, registerHouseholdTraced, removeMember, setOrganisationOffer,
} from './registry.service.js';
import { afterCommit } from './lookups.js';
import { moveMember } from './move-member.js';

export async function registryRoutes(app: App) {
  const { dep } = app.mizan;

  // Organisations ---------------------------------------------------------------------------------
  app.get(
    '/organisations',
    {
      config: { permission: 'org:read' },
      schema: { tags: ['organisations'], summary: 'List organisations', querystring: OrganisationsQuery, response: { 200: Organisations, ...errors(401, 403) } },
    },
    async (req) => app.mizan.tx(req, (trx) => organisationsRepository.list(trx, req.query as { status?: 'pending'; kind?: 'charity' })),
  );

  app.post(
    '/organisations',
    { config: { permission: 'org:manage' }, schema: { tags: ['organisations'], summary: 'Create an approved charity (ministry)', body: OrgBody, response: { 201: Ref(Organisation), ...errors(400, 401, 403) } } },
    async (req, reply) => reply.status(201).send(await app.mizan.tx(req, (trx) => createCharity(trx, req.actor, dep, req.body, 'approved'))),
  );

  app.get(
    '/organisations/:id',
    { config: { permission: 'org:read' }, schema: { tags: ['organisations'], summary: 'One organisation with its aid types and regions', params: IdParams, response: { 200: Ref(OrganisationWithOffer), ...errors(401, 403, 404) } } },
    async (req) => app.mizan.tx(req, (trx) => organisationView(trx, req.params.id)),
  );

  app.post(
    '/organisations/:id/decision',
    {
      config: { permission: 'org:decide' },
      schema: {
        tags: ['organisations'],
        summary: 'Approve, reject or suspend a charity',
        params: IdParams,
        body: OrgDecisionBody,
        response: { 200: Ref(Organisation), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => decideOrganisation(trx, req.actor!, req.params.id, req.body.decision, req.body.reason ?? null, app.mizan.clock.now())),
  );

  app.put(
    '/organisations/:id/offer',
    {
      config: { permission: 'staff:manage' },
      schema: {
        tags: ['organisations'],
        summary: 'Set the aid types a charity offers and the regions it serves',
        params: IdParams,
        body: OfferBody,
        response: { 204: NoBody, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await app.mizan.tx(req, (trx) => setOrganisationOffer(trx, req.actor!, dep, req.params.id, req.body));
      return reply.status(204).send();
    },
  );

  // Households -----------------------------------------------------------------------------------
  app.post(
    '/households',
    {
      config: { permission: 'household:create' },
      schema: {
        tags: ['households'],
        summary: 'Register a household with its members. A member not registered under the ID typed who may be a registered person (person matching) refuses it with 409 possible-duplicate-person and the persons each may be (traced as lookups); say sameAs or notSameAs for each and register again',
        body: HouseholdBody,
        response: { 201: HouseholdCreated, ...errors(400, 401, 403, 409, 413, 429) },
      },
    },
    async (req, reply) => {
      // A refusal because a member is elsewhere commits its trace (the lookup it answered), then is thrown.
      const h = afterCommit(await app.mizan.tx(req, (trx) => registerHouseholdTraced(trx, req.actor!, dep, req.body, app.mizan.clock, app.mizan.matching)));
      return reply.status(201).send({ id: h.id, regionCode: h.region_code });
    },
  );

  app.get(
    '/households/lookup',
    {
      config: { permission: 'household:read' },
      schema: {
        tags: ['households'],
        summary: 'Is a national ID registered? Returns the household only to staff who may see it. Every answer is audited with its purpose and shown to the person; limited per user per hour and per day (429)',
        querystring: LookupQuery,
        response: { 200: Ref(LookupAnswer), ...errors(400, 401, 403, 429) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => findHouseholdByNationalId(trx, req.actor!, dep, req.query.nationalId, req.query.purpose, app.mizan.clock.now())),
  );

  app.get(
    '/households/:id',
    {
      config: { permission: 'household:read' },
      schema: { tags: ['households'], summary: 'A household and its members (personal data; the read is audited)', params: IdParams, querystring: HouseholdQuery, response: { 200: Ref(Household), ...errors(401, 403, 404) } },
    },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const { household, members } = await readHousehold(trx, req.actor!, req.params.id, req.query.purpose ?? 'case-study');
        return householdView(household, members);
      }),
  );

  app.post(
    '/households/:id/members',
    { config: { permission: 'household:edit' }, schema: { tags: ['households'], summary: 'Add a member', params: IdParams, body: MemberBody, response: { 201: MemberAdded, ...errors(400, 401, 403, 404, 409, 429) } } },
    async (req, reply) => reply.status(201).send({ personId: afterCommit(await app.mizan.tx(req, (trx) => addMemberTraced(trx, req.actor!, dep, req.params.id, req.body, app.mizan.clock, app.mizan.matching))) }),
  );

  app.delete(
    '/households/:id/members/:personId',
    {
      config: { permission: 'household:edit' },
      schema: { tags: ['households'], summary: 'A member leaves the household', params: MemberParams, body: LeaveBody, response: { 204: NoBody, ...errors(400, 401, 403, 404) } },
    },
    async (req, reply) => {
      await app.mizan.tx(req, (trx) => removeMember(trx, req.actor!, req.params.id, req.params.personId, req.body.reason, app.mizan.clock.now()));
      return reply.status(204).send();
    },
  );

  app.post(
    '/households/:id/members/:personId/move',
    {
      config: { permission: 'household:edit' },
      schema: {
        tags: ['households'],
        summary: 'A member moves to another household, in one step, with a reason (both households must be visible to the caller)',
        params: MemberParams,
        body: MoveBody,
        response: { 204: NoBody, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await app.mizan.tx(req, (trx) => moveMember(trx, req.actor!, req.params.id, req.params.personId, req.body, app.mizan.clock.now()));
      return reply.status(204).send();
    },
  );

  // Persons ---------------------------------------------------------------------------------------
  app.post(
    '/persons/:id/merge',
    {
      config: { permission: 'person:merge' },
      schema: {
        tags: ['households'],
        summary: 'Two records of one person linked (ministry): the record mergeId is merged into this one, its grants, requests and household place move here',
        params: IdParams,
        body: MergeBody,
        response: { 200: MergeResult, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => linkPersons(trx, req.actor!, { keepId: req.params.id, mergeId: req.body.mergeId, reason: req.body.reason }, app.mizan.clock.now())),
  );
}
