/** The route table: each module contributes its routes under /api/v1. */
import type { App } from './app.js';
import { registryRoutes } from '../modules/registry/registry.routes.js';
import { catalogueRoutes } from '../modules/catalogue/catalogue.routes.js';
import { grantsRoutes } from '../modules/grants/grants.routes.js';
import { requestsRoutes } from '../modules/requests/requests.routes.js';
import { notificationsRoutes } from '../modules/notifications/notifications.routes.js';
import { oversightRoutes } from '../modules/oversight/oversight.routes.js';
import { staffRoutes } from '../modules/identity/staff.routes.js';
import { kardexRoutes } from '../modules/kardex/kardex.routes.js';
import { scoringRoutes } from '../modules/scoring/scoring.routes.js';
import { intakeRoutes } from '../modules/intake/intake.routes.js';
import { intakeLimitsRoutes } from '../modules/intake/limits.routes.js';
import { invitationsRoutes } from '../modules/invitations/invitations.routes.js';
import { declarationsRoutes } from '../modules/declarations/declarations.routes.js';
import { matchingRoutes } from '../modules/matching/matching.routes.js';
import { programmesRoutes } from '../modules/programmes/programmes.routes.js';
import { donationsRoutes } from '../modules/donations/donations.routes.js';

export async function registerModuleRoutes(app: App) {
  await app.register(
    async (api) => {
      await api.register(catalogueRoutes);
      await api.register(registryRoutes);
      await api.register(staffRoutes);
      await api.register(kardexRoutes);
      await api.register(requestsRoutes);
      await api.register(notificationsRoutes);
      await api.register(oversightRoutes);
      await api.register(grantsRoutes);
      await api.register(scoringRoutes);
      await api.register(intakeRoutes);
      await api.register(intakeLimitsRoutes);
      await api.register(invitationsRoutes);
      await api.register(declarationsRoutes);
      await api.register(matchingRoutes);
      await api.register(programmesRoutes);
      await api.register(donationsRoutes);
    },
    { prefix: '/api/v1' },
  );
}
