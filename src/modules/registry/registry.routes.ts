import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { NameText, NationalIdInput, Nullable, Phone, Relation, Uuid, IsoDate, errors } from '../../http/schemas.js';
import { organisationsRepository } from './registry.repository.js';
import {
  addMemberTraced, createCharity, decideOrganisation, findHouseholdByNationalId, organisationView,
  readHousehold, registerHouseholdTraced, removeMember, setOrganisationOffer,
} from './registry.service.js';
import { LOOKUP_PURPOSES, afterCommit } from './lookups.js';

/** Why a national ID is looked up (the code is written to the audit trail; the person reads it in their language). */
export const LookupPurpose = Type.Union(LOOKUP_PURPOSES.map((p) => Type.Literal(p)), { description: 'Why the national ID is looked up: written to the audit trail, shown to the person' });
/** An organisation as a charity describes it (also the body of an application to join: identity/staff.routes.ts). */
export const OrgBody = Type.Object(
  {
    name: NameText({ minLength: 2, maxLength: 200 }),
    registrationNumber: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    contactPhone: Type.Optional(Nullable(Phone)),
    aidTypes: Type.Array(Type.String(), { maxItems: 200 }),
    regions: Type.Array(Type.String(), { maxItems: 500 }),
  },
  { additionalProperties: false },
);
const Member = Type.Object(
  {
    nationalId: NationalIdInput,
    fullName: NameText({ maxLength: 200 }),
    birthDate: Type.Optional(Nullable(IsoDate)),
    sex: Type.Optional(Nullable(Type.Union([Type.Literal('F'), Type.Literal('M')]))),
    relation: Relation,
    nationality: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z]{2}$' }))),
    phone: Type.Optional(Nullable(Phone)),
  },
  { additionalProperties: false },
);

export async function registryRoutes(app: App) {
  const { dep } = app.mizan;

  // Organisations ---------------------------------------------------------------------------------
  app.get(
    '/organisations',
    {
      config: { permission: 'org:read' },
      schema: { tags: ['organisations'], summary: 'List organisations', querystring: Type.Object({ status: Type.Optional(Type.String()), kind: Type.Optional(Type.String()) }) },
    },
    async (req) => app.mizan.tx(req, (trx) => organisationsRepository.list(trx, req.query as { status?: 'pending'; kind?: 'charity' })),
  );

  app.post(
    '/organisations',
    { config: { permission: 'org:manage' }, schema: { tags: ['organisations'], summary: 'Create an approved charity (ministry)', body: OrgBody, response: { ...errors(400, 401, 403) } } },
    async (req, reply) => reply.status(201).send(await app.mizan.tx(req, (trx) => createCharity(trx, req.actor, dep, req.body, 'approved'))),
  );

  app.get(
    '/organisations/:id',
    { config: { permission: 'org:read' }, schema: { tags: ['organisations'], summary: 'One organisation with its aid types and regions', params: Type.Object({ id: Uuid }) } },
    async (req) => app.mizan.tx(req, (trx) => organisationView(trx, req.params.id)),
  );

  app.post(
    '/organisations/:id/decision',
    {
      config: { permission: 'org:decide' },
      schema: {
        tags: ['organisations'],
        summary: 'Approve, reject or suspend a charity',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('suspended')]), reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false }),
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
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ aidTypes: Type.Array(Type.String(), { maxItems: 200 }), regions: Type.Array(Type.String(), { maxItems: 500 }) }, { additionalProperties: false }),
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
        summary: 'Register a household with its members',
        body: Type.Object(
          { regionCode: Type.String(), address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))), phone: Type.Optional(Nullable(Phone)), members: Type.Array(Member, { minItems: 1, maxItems: 40 }) },
          { additionalProperties: false },
        ),
        response: { ...errors(400, 401, 403, 409, 413, 429) },
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
        querystring: Type.Object({ nationalId: NationalIdInput, purpose: LookupPurpose }),
        response: { ...errors(400, 401, 403, 429) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => findHouseholdByNationalId(trx, req.actor!, dep, req.query.nationalId, req.query.purpose, app.mizan.clock.now())),
  );

  app.get(
    '/households/:id',
    {
      config: { permission: 'household:read' },
      schema: { tags: ['households'], summary: 'A household and its members (personal data; the read is audited)', params: Type.Object({ id: Uuid }), querystring: Type.Object({ purpose: Type.Optional(Type.String({ maxLength: 200 })) }) },
    },
    async (req) =>
      app.mizan.tx(req, async (trx) => {
        const { household, members } = await readHousehold(trx, req.actor!, req.params.id, req.query.purpose ?? 'case view');
        return {
          id: household.id,
          regionCode: household.region_code,
          address: household.address,
          phone: household.phone,
          createdAt: household.created_at,
          members: members.map((m) => ({
            personId: m.person_id, nationalId: m.national_id, fullName: m.full_name, birthDate: m.birth_date, sex: m.sex, nationality: m.nationality, phone: m.phone, relation: m.relation,
          })),
        };
      }),
  );

  app.post(
    '/households/:id/members',
    { config: { permission: 'household:edit' }, schema: { tags: ['households'], summary: 'Add a member', params: Type.Object({ id: Uuid }), body: Member } },
    async (req, reply) => reply.status(201).send({ personId: afterCommit(await app.mizan.tx(req, (trx) => addMemberTraced(trx, req.actor!, dep, req.params.id, req.body, app.mizan.clock))) }),
  );

  app.delete(
    '/households/:id/members/:personId',
    {
      config: { permission: 'household:edit' },
      schema: { tags: ['households'], summary: 'A member leaves the household', params: Type.Object({ id: Uuid, personId: Uuid }), body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }) },
    },
    async (req, reply) => {
      await app.mizan.tx(req, (trx) => removeMember(trx, req.actor!, req.params.id, req.params.personId, req.body.reason, app.mizan.clock.now()));
      return reply.status(204).send();
    },
  );

}
