/** The notifications' HTTP contract: the in-app messages to a user and to their organisation. */
import { Type } from 'typebox';
import { DateTime, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';

export const NotificationsQuery = Type.Object({
  unread: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });

export const Notification = Named(
  'Notification',
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
);

export const NotificationPage = Strict({ items: Type.Array(Ref(Notification)), nextCursor: Nullable(Type.String()) });

export const NOTIFICATIONS_SCHEMAS = [Notification];
