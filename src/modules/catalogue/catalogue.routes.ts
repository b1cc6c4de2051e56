import type { App } from '../../http/app.js';
import { Ref, errors } from '../../http/schemas.js';
import { AidTypeBody, AidTypeRow, Catalogue, CodeParams, DeploymentInfo, ExclusivityGroupRow, GroupBody, PolicyBody, Regions, deploymentView, regionsView } from './catalogue.contracts.js';
import { createGroup, readCatalogue, updatePolicy, upsertAidType } from './catalogue.service.js';

export async function catalogueRoutes(app: App) {
  app.get('/deployment', { config: { permission: 'public', personalData: false }, schema: { tags: ['catalogue'], summary: 'The deployment profile: country, currency, calendar, ID scheme', response: { 200: Ref(DeploymentInfo) } } }, async () =>
    deploymentView(app.mizan.dep),
  );

  app.get('/regions', { config: { permission: 'public', personalData: false }, schema: { tags: ['catalogue'], summary: 'Regions of the deployment, with their hierarchy', response: { 200: Regions } } }, async () =>
    regionsView(app.mizan.dep),
  );

  app.get('/catalogue', { config: { permission: 'catalogue:read', personalData: false }, schema: { tags: ['catalogue'], summary: 'Service baskets, aid types and exclusivity policies', response: { 200: Ref(Catalogue), ...errors(401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => readCatalogue(trx)),
  );

  app.patch(
    '/catalogue/groups/:code',
    {
      config: { permission: 'catalogue:edit' },
      schema: {
        tags: ['catalogue'],
        summary: "Change an exclusivity group's window (applies to grants made from now on)",
        params: CodeParams,
        body: PolicyBody,
        response: { 200: Ref(ExclusivityGroupRow), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => updatePolicy(trx, req.actor!, req.params.code, req.body)),
  );

  app.post(
    '/catalogue/groups',
    {
      config: { permission: 'catalogue:edit' },
      schema: {
        tags: ['catalogue'],
        summary: 'Create an exclusivity group',
        body: GroupBody,
        response: { 201: Ref(ExclusivityGroupRow), ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await app.mizan.tx(req, (trx) => createGroup(trx, req.actor!, req.body))),
  );

  app.put(
    '/catalogue/aid-types/:code',
    {
      config: { permission: 'catalogue:edit' },
      schema: {
        tags: ['catalogue'],
        summary: 'Create or change an aid type',
        params: CodeParams,
        body: AidTypeBody,
        response: { 200: Ref(AidTypeRow), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => upsertAidType(trx, req.actor!, { code: req.params.code, ...req.body })),
  );
}
