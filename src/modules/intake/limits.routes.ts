/**
 * The limits of one upload, said before the file is chosen (the upload page: "at most 20 MB and
 * 1 000 000 rows per file"): the deployment's settings, the same ones the upload is refused by.
 */
import type { App } from '../../http/app.js';
import { errors } from '../../http/schemas.js';
import { ImportLimitsView } from './intake.contracts.js';

export async function intakeLimitsRoutes(app: App) {
  const { settings } = app.mizan.intake;
  app.get(
    '/imports/limits',
    {
      config: { permission: 'import:create' },
      schema: { tags: ['imports'], summary: 'The largest file and the most rows one upload may have', response: { 200: ImportLimitsView, ...errors(401, 403) } },
    },
    async () => ({ maxBytes: settings.maxBytes, maxRows: settings.maxRows }),
  );
}
