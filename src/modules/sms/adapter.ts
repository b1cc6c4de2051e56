/**
 * What an SMS transport does for Mizan: submit one message (its parts already split, segments.ts)
 * and answer the SMSC's message IDs, one per part; and tell Mizan what comes back: delivery
 * receipts and replies (a STOP). The SMPP client (smpp-adapter.ts) and the HTTP gateway
 * (http-gateway.ts) implement it; the send job (sms-jobs.ts) uses it without knowing which.
 */
import type { SmsEncoding } from './segments.js';

export interface OutgoingSms {
  /** Mizan's message ID (the HTTP gateway carries it in its delivery-report address). */
  id: string;
  /** E.164, with the +. */
  to: string;
  source: string;
  encoding: SmsEncoding;
  parts: string[];
}

/** A delivery receipt: the SMSC's ID of the part it reports on, and the outcome. */
export interface DeliveryReceipt {
  smscMessageId: string;
  outcome: 'delivered' | 'failed' | 'pending';
  /** The SMSC's word (DELIVRD, UNDELIV, EXPIRED, REJECTD…), for the message's reason. */
  stat: string;
}

/** A message sent to Mizan's number (STOP). */
export interface InboundSms {
  from: string;
  text: string;
}

export interface SmsInbox {
  receipt(r: DeliveryReceipt): void;
  inbound(m: InboundSms): void;
}

export interface SmsAdapter {
  /** The SMSC's ID of each part, in order; throws when the SMSC refused or could not be reached. */
  submit(sms: OutgoingSms): Promise<string[]>;
  close(): Promise<void>;
}

/** A refusal the SMSC gave for this message itself (not a connection problem): no retry helps. */
export class SmsRefused extends Error {
  constructor(readonly code: string) {
    super(`The SMSC refused the message (${code}).`);
    this.name = 'SmsRefused';
  }
}

/** The SMPP receipt's text: `id:… sub:… dlvrd:… submit date:… done date:… stat:DELIVRD err:…`. */
export function parseReceiptText(text: string): { id: string; stat: string } | null {
  const id = /\bid:([^\s]+)/i.exec(text)?.[1];
  const stat = /\bstat:([A-Z]+)/i.exec(text)?.[1];
  return id && stat ? { id, stat: stat.toUpperCase() } : null;
}

export function receiptOutcome(stat: string): DeliveryReceipt['outcome'] {
  if (stat === 'DELIVRD') return 'delivered';
  if (stat === 'UNDELIV' || stat === 'EXPIRED' || stat === 'REJECTD' || stat === 'DELETED' || stat === 'UNKNOWN') return 'failed';
  return 'pending';
}

/** The words that opt a number out, in the deployment's languages (compared after trimming, any case). */
export const STOP_WORDS = ['STOP', 'توقف', 'لغو', 'إيقاف', 'ايقاف'];

export function isStop(text: string): boolean {
  const word = text.normalize('NFC').trim().replace(/[.!؟?\s]+$/u, '').toUpperCase();
  return STOP_WORDS.includes(word);
}
