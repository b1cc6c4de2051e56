import type { App } from '../../http/app.js';
import { IdParams, NoBody, errors } from '../../http/schemas.js';
import { NotificationPage, NotificationsQuery } from './notifications.contracts.js';
import { listNotifications, markNotificationRead } from './notifications.service.js';

export async function notificationsRoutes(app: App) {
  app.get(
    '/notifications',
    {
      config: { permission: 'notification:read' },
      schema: {
        tags: ['notifications'],
        summary: 'In-app messages to me and to my organisation, newest first, in my language',
        querystring: NotificationsQuery,
        response: { 200: NotificationPage, ...errors(400, 401, 403) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => listNotifications(trx, req.actor!, req.query, app.mizan.dep.calendar)),
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { permission: 'notification:read' },
      schema: { tags: ['notifications'], summary: 'Mark a message as read', params: IdParams, response: { 204: NoBody, ...errors(401, 403, 404) } },
    },
    async (req, reply) => {
      await app.mizan.tx(req, (trx) => markNotificationRead(trx, req.actor!, req.params.id, app.mizan.clock.now()));
      return reply.status(204).send(null);
    },
  );
}
