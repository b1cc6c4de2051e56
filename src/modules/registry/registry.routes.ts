import type { App } from '../../http/app.js';
import { IdParams, NoBody, Ref, errors } from '../../http/schemas.js';
import { Problem } from '../../shared/problem.js';
import {
  ApplicationBody, ApplicationCreated, HouseholdBody, HouseholdCreated, Household, HouseholdHistory, HouseholdQuery, IssuedToken, LeaveBody, LookupAnswer, LookupQuery, MemberAdded, MemberBody,
  MemberParams, OfferBody, OrgBody, OrgDecisionBody, Organisation, OrganisationWithOffer, Organisations, OrganisationsQuery, StaffActive, StaffActiveBody, StaffBody, StaffList, StaffMember,
  TokenNameBody, UserParams, historyView, householdView, staffView,
} from './registry.contracts.js';
import { organisationsRepository, usersRepository } from './registry.repository.js';
import {
  addMemberTraced, createCharity, createStaff, decideOrganisation, findHouseholdByNationalId, issueToken, organisationView,
  readHousehold, registerHouseholdTraced, removeMember, setOrganisationOffer, setStaffActive,
} from './registry.service.js';
import { afterCommit } from './lookups.js';
import { householdHistory } from './household-history.js';
import { requireValidId } from './national-ids.js';

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
    '/organisations/applications',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['organisations'],
        summary: 'A charity applies to join; the ministry approves it',
        security: [],
        body: ApplicationBody,
        response: { 201: ApplicationCreated, ...errors(400, 409, 413) },
      },
    },
    async (req, reply) => {
      const result = await app.mizan.tx(req, async (trx) => {
        const nationalId = requireValidId(dep.idScheme, req.body.admin.nationalId, 'admin.nationalId');
        const org = await createCharity(trx, null, dep, req.body.organisation, 'pending');
        await usersRepository.insert(trx, {
          orgId: org.id, role: 'charity_admin', nationalId, displayName: req.body.admin.displayName, phone: req.body.admin.phone ?? null, locale: dep.defaultLocale,
        });
        return { id: org.id, status: org.status };
      });
      return reply.status(201).send(result);
    },
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

  // Staff and tokens -----------------------------------------------------------------------------
  app.get(
    '/organisations/:id/staff',
    { config: { permission: 'staff:manage' }, schema: { tags: ['staff'], summary: "An organisation's staff", params: IdParams, response: { 200: StaffList, ...errors(401, 403) } } },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        if (req.actor!.orgKind !== 'ministry' && req.actor!.orgId !== req.params.id) throw new Problem('forbidden', 'You may only see the staff of your own organisation.');
        return (await usersRepository.listByOrg(trx, req.params.id)).map(staffView);
      }),
  );

  app.post(
    '/organisations/:id/staff',
    {
      config: { permission: 'staff:manage' },
      schema: {
        tags: ['staff'],
        summary: 'Add a staff member',
        params: IdParams,
        body: StaffBody,
        response: { 201: Ref(StaffMember), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const u = await app.mizan.tx(req, (trx) => createStaff(trx, req.actor!, dep, req.params.id, req.body));
      return reply.status(201).send(staffView(u));
    },
  );

  app.patch(
    '/staff/:userId',
    {
      config: { permission: 'staff:manage' },
      schema: { tags: ['staff'], summary: 'Activate or deactivate a staff member', params: UserParams, body: StaffActiveBody, response: { 200: StaffActive, ...errors(400, 401, 403, 404) } },
    },
    async (req) => {
      const u = await app.mizan.tx(req, (trx) => setStaffActive(trx, req.actor!, req.params.userId, req.body.active));
      return { id: u.id, active: u.active };
    },
  );

  app.post(
    '/users/:userId/tokens',
    {
      config: { permission: 'self' },
      schema: {
        tags: ['staff'],
        summary: 'Issue an API token (shown once; stored hashed)',
        params: UserParams,
        body: TokenNameBody,
        response: { 201: IssuedToken, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.status(201).send(await app.mizan.tx(req, (trx) => issueToken(trx, req.actor!, req.params.userId, req.body.name))),
  );

  // Households -----------------------------------------------------------------------------------
  app.post(
    '/households',
    {
      config: { permission: 'household:create' },
      schema: {
        tags: ['households'],
        summary: 'Register a household with its members',
        body: HouseholdBody,
        response: { 201: HouseholdCreated, ...errors(400, 401, 403, 409, 413, 429) },
      },
    },
    async (req, reply) => {
      // A refusal because a member is elsewhere commits its trace (the lookup it answered), then is thrown.
      const h = afterCommit(await app.mizan.tx(req, (trx) => registerHouseholdTraced(trx, req.actor!, dep, req.body, app.mizan.clock)));
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
        const { household, members } = await readHousehold(trx, req.actor!, req.params.id, req.query.purpose ?? 'case view');
        return householdView(household, members);
      }),
  );

  app.post(
    '/households/:id/members',
    { config: { permission: 'household:edit' }, schema: { tags: ['households'], summary: 'Add a member', params: IdParams, body: MemberBody, response: { 201: MemberAdded, ...errors(400, 401, 403, 404, 409, 429) } } },
    async (req, reply) => reply.status(201).send({ personId: afterCommit(await app.mizan.tx(req, (trx) => addMemberTraced(trx, req.actor!, dep, req.params.id, req.body, app.mizan.clock))) }),
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

  app.get(
    '/households/:id/history',
    { config: { permission: 'household:read' }, schema: { tags: ['households'], summary: 'The service record (kardex): every request and grant across all charities', params: IdParams, response: { 200: Ref(HouseholdHistory), ...errors(401, 403, 404) } } },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const h = await householdHistory(trx, req.actor!, req.params.id);
        return historyView(h, dep.currency);
      }),
  );
}
