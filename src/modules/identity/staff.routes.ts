/**
 * Staff and their tokens over HTTP: a charity's application to join (with its first admin's
 * account), an organisation's staff, (de)activating a member of staff, issuing an API token.
 * Identity's routes: the accounts are identity's, the organisations the registry's.
 */
import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { NameText, NationalIdInput, Nullable, Phone, Uuid, errors } from '../../http/schemas.js';
import { Problem } from '../../shared/problem.js';
import { OrgBody } from '../registry/registry.routes.js';
import { identityRepository } from './identity.repository.js';
import { applyAsCharity, createStaff, issueToken, setStaffActive } from './staff.js';

const Role = Type.Union(['ministry_admin', 'ministry_supervisor', 'charity_admin', 'caseworker', 'field_visitor'].map((r) => Type.Literal(r)));
const Locale = Type.Union([Type.Literal('ar'), Type.Literal('fa'), Type.Literal('en')]);

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
        body: Type.Object({ organisation: OrgBody, admin: Type.Object({ displayName: NameText({ minLength: 2, maxLength: 120 }), nationalId: NationalIdInput, phone: Type.Optional(Nullable(Phone)) }, { additionalProperties: false }) }, { additionalProperties: false }),
        response: { ...errors(400, 409, 413) },
      },
    },
    async (req, reply) => {
      const result = await app.mizan.tx(req, async (trx) => {
        const org = await applyAsCharity(trx, dep, req.body.organisation, req.body.admin);
        return { id: org.id, status: org.status };
      });
      return reply.status(201).send(result);
    },
  );

  // Staff and tokens -----------------------------------------------------------------------------
  app.get(
    '/organisations/:id/staff',
    { config: { permission: 'staff:manage' }, schema: { tags: ['staff'], summary: "An organisation's staff", params: Type.Object({ id: Uuid }) } },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        if (req.actor!.orgKind !== 'ministry' && req.actor!.orgId !== req.params.id) throw new Problem('forbidden', 'You may only see the staff of your own organisation.');
        return (await identityRepository.listByOrg(trx, req.params.id)).map((u) => ({ id: u.id, role: u.role, displayName: u.display_name, locale: u.locale, active: u.active }));
      }),
  );

  app.post(
    '/organisations/:id/staff',
    {
      config: { permission: 'staff:manage' },
      schema: {
        tags: ['staff'],
        summary: 'Add a staff member',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ role: Role, displayName: NameText({ minLength: 2, maxLength: 120 }), nationalId: Type.Optional(Nullable(NationalIdInput)), phone: Type.Optional(Nullable(Phone)), locale: Type.Optional(Locale) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const u = await app.mizan.tx(req, (trx) => createStaff(trx, req.actor!, dep, req.params.id, req.body));
      return reply.status(201).send({ id: u.id, role: u.role, displayName: u.display_name, locale: u.locale, active: u.active });
    },
  );

  app.patch(
    '/staff/:userId',
    {
      config: { permission: 'staff:manage' },
      schema: { tags: ['staff'], summary: 'Activate or deactivate a staff member', params: Type.Object({ userId: Uuid }), body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }) },
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
        params: Type.Object({ userId: Uuid }),
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(201).send(await app.mizan.tx(req, (trx) => issueToken(trx, req.actor!, req.params.userId, req.body.name))),
  );
}
