import type { App } from '../../http/app.js';
import { Ref, errors } from '../../http/schemas.js';
import { NeedModel, NeedModelBody, NeedModelPreview, NeedModelPreviewBody, PriorityPage, PriorityQuery } from './scoring.contracts.js';
import { activeNeedModel, previewNeedModel, saveNeedModel } from './need-model.js';
import { FACTORS, type NeedModel as Model } from './need-score.js';
import { priorityList } from './priority-list.js';

const modelView = (m: Model & { createdAt: Date }) => ({
  version: m.version, createdAt: m.createdAt.toISOString(), weights: m.weights, bands: m.bands, national: m.national, regions: m.regions, factors: [...FACTORS],
});

export async function scoringRoutes(app: App) {
  const dep = app.mizan.dep;
  const now = () => app.mizan.clock.now();

  app.get(
    '/need-model',
    {
      config: { permission: 'need-model:read' },
      schema: { tags: ['scoring'], summary: 'The need scoring model in force: weights per factor, priority bands, poverty lines and multipliers per region', response: { 200: Ref(NeedModel), ...errors(401, 403) } },
    },
    async (req) => modelView(await app.mizan.tx(req, (trx) => activeNeedModel(trx, dep, now()))),
  );

  app.put(
    '/need-model',
    {
      config: { permission: 'need-model:edit' },
      schema: {
        tags: ['scoring'],
        summary: 'Save a new version of the need scoring model (audited); refused with the field named when not valid, 409 when another edit was saved since basedOnVersion',
        body: NeedModelBody,
        response: { 200: Ref(NeedModel), ...errors(400, 401, 403, 409) },
      },
    },
    async (req) => modelView(await app.mizan.tx(req, (trx) => saveNeedModel(trx, req.actor!, dep, req.body, now()))),
  );

  app.post(
    '/need-model/preview',
    {
      config: { permission: 'need-model:read' },
      schema: {
        tags: ['scoring'],
        summary: 'Score a sample household under the model in force and under a proposed model, saving nothing',
        body: NeedModelPreviewBody,
        response: { 200: NeedModelPreview, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const active = await app.mizan.tx(req, (trx) => activeNeedModel(trx, dep, now()));
      return previewNeedModel(dep, active, req.body.model, req.body.facts);
    },
  );

  app.get(
    '/priority',
    {
      config: { permission: 'priority:read' },
      schema: {
        tags: ['scoring'],
        summary: 'Open requests of a region by priority, then deadline, with why each has its priority: every request for the ministry, the pool for a charity (anonymous)',
        querystring: PriorityQuery,
        response: { 200: PriorityPage, ...errors(400, 401, 403) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => priorityList(trx, req.actor!, dep, req.query, now())),
  );
}
