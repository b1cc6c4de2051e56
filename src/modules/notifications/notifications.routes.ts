import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { DateTime, Nullable, Uuid, errors } from '../../http/schemas.js';
import { listNotifications, markNotificationRead } from './notifications.service.js';

const Notification = Type.Object(
  {
    id: Uuid,
    template: Type.String({ description: 'Message key in the server-side catalogue' }),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'Identifiers, codes and dates only' }),
    text: Type.String({ description: "Rendered in the reader's language" }),
    locale: Type.String(),
    requestId: Nullable(Uuid),
    to: Type.Union([Type.Literal('me'), Type.Literal('organisation')]),
    createdAt: DateTime,
    readAt: Nullable(DateTime),
  },
  { additionalProperties: false },
);

export async function notificationsRoutes(app: App) {
  app.get(
    '/notifications',
    {
      config: { permission: 'notification:read' },
      schema: {
        tags: ['notifications'],
        summary: 'In-app messages to me and to my organisation, newest first, in my language',
        querystring: Type.Object({
          unread: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
        }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Notification), nextCursor: Nullable(Type.String()) }, { additionalProperties: false }), ...errors(400, 401, 403) },
      },
    },
    async (req) => app.mizan.tx(req, (trx) => listNotifications(trx, req.actor!, req.query)),
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { permission: 'notification:read' },
      schema: { tags: ['notifications'], summary: 'Mark a message as read', params: Type.Object({ id: Uuid }), response: { 204: Type.Null(), ...errors(401, 403, 404) } },
    },
    async (req, reply) => {
      await app.mizan.tx(req, (trx) => markNotificationRead(trx, req.actor!, req.params.id, app.mizan.clock.now()));
      return reply.status(204).send(null);
    },
  );
}
