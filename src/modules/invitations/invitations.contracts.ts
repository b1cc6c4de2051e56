/** The invitations' HTTP contract: what the public invitation page may learn from a link's token. */
import { Type } from 'typebox';
import { Named } from '../../http/schemas.js';

export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const InvitationState = Named('InvitationState', {
  state: Type.Union([Type.Literal('usable'), Type.Literal('used'), Type.Literal('expired')]),
  locale: Type.Union([Type.Literal('ar'), Type.Literal('fa'), Type.Literal('en')], { description: "The invitation's language" }),
});

export const INVITATIONS_SCHEMAS = [InvitationState];
