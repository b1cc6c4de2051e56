/**
 * The invitations' routes: GET /invitations/:token for the public page `/i/:token` (says
 * usable/used/expired and the language, nothing personal; rate-limited per address like the
 * sign-in), and the SMS routes, given the invitations' hooks so receipts and STOP replies reach
 * the invitation.
 */
import type { App } from '../../http/app.js';
import { Ref, errors } from '../../http/schemas.js';
import { smsRoutes } from '../sms/sms.routes.js';
import { InvitationState, TokenParams } from './invitations.contracts.js';
import { invitationSmsHooks, invitationStatus } from './invitations.service.js';

export async function invitationsRoutes(app: App) {
  app.get(
    '/invitations/:token',
    {
      config: { permission: 'public', limit: 'sign-in' },
      schema: { tags: ['invitations'], summary: "An invitation link's state (usable, used, expired) and language", params: TokenParams, response: { 200: Ref(InvitationState), ...errors(400, 404, 429) } },
    },
    async (req) => app.mizan.tx(req, (trx) => invitationStatus(trx, req.params.token, app.mizan.clock.now())),
  );
  await app.register(smsRoutes, { hooks: invitationSmsHooks });
}
