/**
 * Staff and their tokens over HTTP: a charity's application to join (with its first admin's
 * account), an organisation's staff, (de)activating a member of staff, issuing an API token.
 * Identity's routes: the accounts are identity's, the organisations the registry's.
 */
import type { App } from '../../http/app.js';
import { IdParams, Ref, errors } from '../../http/schemas.js';
import { Problem } from '../../shared/problem.js';
import {
  ApplicationAidTypes, ApplicationBody, ApplicationCreated, ApplicationReview, ApplicationStatus, ApplicationStatusBody, IssuedToken, StaffActive, StaffActiveBody, StaffBody, StaffList, StaffMember, TokenNameBody, UserParams, staffView,
} from './identity.contracts.js';
import { identityRepository } from './identity.repository.js';
import { applicationAidTypes, applicationByReceipt } from '../registry/applications.js';
import { applicationForReview, applyAsCharity, createStaff, issueToken, setStaffActive } from './staff.js';

export async function staffRoutes(app: App) {
  const { dep } = app.mizan;

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
        const org = await applyAsCharity(trx, dep, req.body.organisation, req.body.admin);
        return { id: org.id, status: org.status, receipt: org.receipt };
      });
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/organisations/applications/aid-types',
    {
      config: { permission: 'public', personalData: false },
      schema: { tags: ['organisations'], summary: 'The aid types a charity may offer when it applies (the active ones)', security: [], response: { 200: ApplicationAidTypes } },
    },
    async (req) => app.mizan.tx(req, (trx) => applicationAidTypes(trx)),
  );

  app.post(
    '/organisations/applications/status',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['organisations'],
        summary: "An application's status and the ministry's reason, for whoever holds its receipt (an unknown receipt is 404, like any other)",
        security: [],
        body: ApplicationStatusBody,
        response: { 200: Ref(ApplicationStatus), ...errors(400, 404) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => applicationByReceipt(trx, req.body.receipt)),
  );

  app.get(
    '/organisations/:id/application',
    {
      config: { permission: 'org:decide' },
      schema: {
        tags: ['organisations'],
        summary: "A charity's application for the ministry's review: the organisation, its offer and its administrator (personal data; the read is audited)",
        params: IdParams,
        response: { 200: Ref(ApplicationReview), ...errors(401, 403, 404) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => applicationForReview(trx, req.actor!, req.params.id)),
  );

  // Staff and tokens -----------------------------------------------------------------------------
  app.get(
    '/organisations/:id/staff',
    { config: { permission: 'staff:manage' }, schema: { tags: ['staff'], summary: "An organisation's staff", params: IdParams, response: { 200: StaffList, ...errors(401, 403) } } },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        if (req.actor!.orgKind !== 'ministry' && req.actor!.orgId !== req.params.id) throw new Problem('forbidden', 'You may only see the staff of your own organisation.');
        return (await identityRepository.listByOrg(trx, req.params.id)).map(staffView);
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
}
