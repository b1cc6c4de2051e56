import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { Names, errors } from '../../http/schemas.js';
import { anonymousRegion } from '../../deployments/setup.js';
import { createGroup, readCatalogue, updatePolicy, upsertAidType } from './catalogue.service.js';

const WindowKind = Type.Union([Type.Literal('days'), Type.Literal('school_year'), Type.Literal('lifetime')]);
const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' });

export async function catalogueRoutes(app: App) {
  app.get('/deployment', { config: { permission: 'public', personalData: false }, schema: { tags: ['catalogue'], summary: 'The deployment profile: country, currency, calendar, ID scheme' } }, async () => {
    const d = app.mizan.dep;
    return {
      country: d.country,
      name: d.name,
      idScheme: d.idScheme,
      currency: d.currency,
      calendar: d.calendar,
      defaultLocale: d.defaultLocale,
      requestDeadlineDays: d.requestDeadlineDays,
      anonymousRegionLevel: d.anonymousRegionLevel,
    };
  });

  app.get('/regions', { config: { permission: 'public', personalData: false }, schema: { tags: ['catalogue'], summary: 'Regions of the deployment, with their hierarchy' } }, async () => {
    return [...app.mizan.dep.regions.values()].map((r) => ({ ...r, anonymousRegion: anonymousRegion(app.mizan.dep, r.code) }));
  });

  app.get('/catalogue', { config: { permission: 'catalogue:read', personalData: false }, schema: { tags: ['catalogue'], summary: 'Service baskets, aid types and exclusivity policies' } }, async (req) =>
    app.mizan.tx(req, (trx) => readCatalogue(trx)),
  );

  app.patch(
    '/catalogue/groups/:code',
    {
      config: { permission: 'catalogue:edit' },
      schema: {
        tags: ['catalogue'],
        summary: "Change an exclusivity group's window (applies to grants made from now on)",
        params: Type.Object({ code: Code }),
        body: Type.Object({ windowKind: WindowKind, windowDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 36500 }), Type.Null()])) }, { additionalProperties: false }),
        response: { ...errors(400, 401, 403, 404) },
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
        body: Type.Object({ code: Code, names: Names, windowKind: WindowKind, windowDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 36500 }), Type.Null()])) }, { additionalProperties: false }),
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
        params: Type.Object({ code: Code }),
        body: Type.Object(
          {
            basket: Type.String(),
            group: Type.String(),
            form: Type.Union([Type.Literal('cash'), Type.Literal('in_kind'), Type.Literal('service')]),
            names: Names,
            deadlineDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()])),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => app.mizan.tx(req, (trx) => upsertAidType(trx, req.actor!, { code: req.params.code, ...req.body })),
  );
}
