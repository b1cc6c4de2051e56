/** The SMS module's HTTP contract: the ministry's summary and the HTTP gateway's callbacks. */
import { Type, type Static } from 'typebox';
import { IsoDate, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';

export const SmsSummaryQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'Days back from today (default 30)' })) }, { additionalProperties: false });

const Counts = {
  queued: Type.Integer({ minimum: 0 }),
  sent: Type.Integer({ minimum: 0, description: 'Handed to the SMSC (then delivered, failed or waiting for a receipt)' }),
  delivered: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  rejected: Type.Integer({ minimum: 0, description: 'Never sent: the number opted out, or the SMSC refused the message' }),
  optedOut: Type.Integer({ minimum: 0, description: 'Numbers that answered STOP' }),
};

export const SmsSummaryRow = Named('SmsSummaryRow', { day: IsoDate, orgId: Nullable(Uuid), ...Counts });
export const SmsSummary = Named('SmsSummary', { since: IsoDate, items: Type.Array(Ref(SmsSummaryRow)), totals: Strict(Counts) });
export type SmsSummary = Static<typeof SmsSummary>;

/** The gateway's delivery report (Kannel's dlr-url, as Mizan wrote it). */
export const DlrQuery = Type.Object({
  secret: Type.String({ minLength: 1, maxLength: 200 }),
  id: Uuid,
  status: Type.Integer({ minimum: 0, maximum: 255, description: "Kannel's report type: 1 delivered, 2 failed, 4 queued, 8 at the SMSC, 16 rejected" }),
}, { additionalProperties: false });

/** A reply to Mizan's number through the gateway (Kannel's sms-service get-url: from=%p&text=%a). */
export const InboundQuery = Type.Object({
  secret: Type.String({ minLength: 1, maxLength: 200 }),
  from: Type.String({ minLength: 1, maxLength: 24 }),
  text: Type.String({ maxLength: 1000 }),
}, { additionalProperties: false });

export const SMS_SCHEMAS = [SmsSummaryRow, SmsSummary];
