/** The route table: each module contributes its routes under /api/v1. */
import type { App } from './app.js';
import { registryRoutes } from '../modules/registry/registry.routes.js';
import { catalogueRoutes } from '../modules/catalogue/catalogue.routes.js';
import { grantsRoutes } from '../modules/grants/grants.routes.js';
import { requestsRoutes } from '../modules/requests/requests.routes.js';
import { notificationsRoutes } from '../modules/notifications/notifications.routes.js';
import { oversightRoutes } from '../modules/oversight/oversight.routes.js';

export async function registerModuleRoutes(app: App) {
  await app.register(
    async (api) => {
      await api.register(catalogueRoutes);
      await api.register(registryRoutes);
      await api.register(requestsRoutes);
      await api.register(notificationsRoutes);
      await api.register(oversightRoutes);
      await api.register(grantsRoutes);
    },
    { prefix: '/api/v1' },
  );
}
