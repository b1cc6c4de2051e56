/**
 * The SMPP 3.4 client (the `smpp` library): one transceiver session to the SMSC, bound with
 * bind_transceiver, kept alive with enquire_link, and bound again after a refusal or a lost
 * connection with exponential backoff. submit_sm carries registered_delivery, GSM-7 (data_coding
 * 0) or UCS-2 (data_coding 8); a long message goes as parts with our own concatenation UDH
 * (05 00 03 ref total seq), as segments.ts split it. deliver_sm is answered at once; a receipt
 * (esm_class bit 2) is parsed from its TLVs or its text — a text flagged UCS-2 that is really
 * ASCII is read as ASCII — and anything else is a reply (a STOP) for the inbox.
 */
import smpp, { type PDU, type Session } from 'smpp';
import iconv from 'iconv-lite';
import { parseReceiptText, receiptOutcome, SmsRefused, type DeliveryReceipt, type OutgoingSms, type SmsAdapter, type SmsInbox } from './adapter.js';

export interface SmppOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  inbox: SmsInbox;
  /** First wait before binding again (doubles, up to maxReconnectMs). */
  reconnectMs?: number;
  maxReconnectMs?: number;
  enquireLinkMs?: number;
  /** How long a submit waits for the session to be bound before failing (the job retries). */
  bindWaitMs?: number;
  /** Told of each bind attempt's outcome (no personal data). */
  onState?: (state: 'bound' | 'bind-refused' | 'disconnected', detail?: string) => void;
}

const RECEIPT = 0x04;
const UDHI = 0x40;
/** SMPP message_state TLV values. */
const MESSAGE_STATES: Record<number, string> = { 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD' };

/** The text of a deliver_sm: decoded by the library per data_coding; a "UCS-2" receipt in ASCII is read again. */
function pduText(pdu: PDU): string {
  const m = pdu.short_message?.message;
  if (m === undefined) return '';
  const text = Buffer.isBuffer(m) ? m.toString('latin1') : m;
  if (pdu.data_coding === 8 && !/id:/i.test(text)) {
    const raw = iconv.encode(text, 'utf16-be').toString('latin1');
    if (/\bid:\S+.*\bstat:/i.test(raw)) return raw;
  }
  return text;
}

export function receiptOf(pdu: PDU): DeliveryReceipt | null {
  const parsed = parseReceiptText(pduText(pdu));
  const id = pdu.receipted_message_id || parsed?.id;
  const stat = (pdu.message_state !== undefined ? MESSAGE_STATES[pdu.message_state] : undefined) ?? parsed?.stat;
  if (!id || !stat) return null;
  return { smscMessageId: id, stat, outcome: receiptOutcome(stat) };
}

/** The wait before the next bind after `failures` failed ones: base, 2×base, 4×base, … up to max. */
export const reconnectDelay = (failures: number, baseMs: number, maxMs: number) => Math.min(baseMs * 2 ** failures, maxMs);

export class SmppAdapter implements SmsAdapter {
  private session: Session | null = null;
  private bound = false;
  private closed = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private waiting: (() => void)[] = [];
  private ref = Math.floor(Math.random() * 256);

  constructor(private readonly o: SmppOptions) {
    this.connect();
  }

  get isBound() {
    return this.bound;
  }

  private connect() {
    if (this.closed) return;
    const session = smpp.connect({ host: this.o.host, port: this.o.port, auto_enquire_link_period: this.o.enquireLinkMs ?? 30_000 });
    this.session = session;
    session.on('connect', () => {
      session.bind_transceiver({ system_id: this.o.systemId, password: this.o.password }, (pdu) => {
        if (pdu.command_status === smpp.ESME_ROK) {
          this.bound = true;
          this.failures = 0;
          this.o.onState?.('bound');
          for (const w of this.waiting.splice(0)) w();
        } else {
          this.o.onState?.('bind-refused', `status ${pdu.command_status}`);
          session.destroy();
        }
      });
    });
    session.on('deliver_sm', (pdu: PDU) => {
      session.send(pdu.response());
      if ((pdu.esm_class ?? 0) & RECEIPT) {
        const r = receiptOf(pdu);
        if (r) this.o.inbox.receipt(r);
      } else {
        this.o.inbox.inbound({ from: `+${(pdu.source_addr ?? '').replace(/^\+/, '')}`, text: pduText(pdu) });
      }
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.destroy();
    });
    session.on('error', () => {});
    session.on('close', () => {
      if (this.session !== session) return;
      this.bound = false;
      this.session = null;
      if (this.closed) return;
      this.o.onState?.('disconnected');
      const wait = reconnectDelay(this.failures, this.o.reconnectMs ?? 1000, this.o.maxReconnectMs ?? 60_000);
      this.failures++;
      this.timer = setTimeout(() => this.connect(), wait);
    });
  }

  private whenBound(): Promise<Session> {
    if (this.bound && this.session) return Promise.resolve(this.session);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== go);
        reject(new Error('The SMSC is not bound; the message will be tried again.'));
      }, this.o.bindWaitMs ?? 10_000);
      const go = () => {
        clearTimeout(t);
        if (this.session) resolve(this.session);
        else reject(new Error('The SMSC connection was lost; the message will be tried again.'));
      };
      this.waiting.push(go);
    });
  }

  async submit(sms: OutgoingSms): Promise<string[]> {
    const session = await this.whenBound();
    const ref = (this.ref = (this.ref + 1) % 256);
    const ids: string[] = [];
    const total = sms.parts.length;
    for (const [i, part] of sms.parts.entries()) {
      const udh = total > 1 ? Buffer.from([0x05, 0x00, 0x03, ref, total, i + 1]) : null;
      const pdu = await new Promise<PDU>((resolve, reject) => {
        const sent = session.submit_sm(
          {
            source_addr_ton: 5,
            source_addr_npi: 0,
            source_addr: sms.source,
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            destination_addr: sms.to.replace(/^\+/, ''),
            registered_delivery: 1,
            data_coding: sms.encoding === 'ucs2' ? 8 : 0,
            esm_class: udh ? UDHI : 0,
            short_message: udh ? { udh, message: part } : { message: part },
          },
          resolve,
        );
        if (!sent) reject(new Error('The SMSC connection is not writable; the message will be tried again.'));
      });
      if (pdu.command_status === smpp.ESME_RTHROTTLED) throw new Error('The SMSC asked to slow down; the message will be tried again.');
      if (pdu.command_status !== smpp.ESME_ROK) throw new SmsRefused(`SMPP status 0x${pdu.command_status.toString(16)}`);
      ids.push(String(pdu.message_id));
    }
    return ids;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const s = this.session;
    this.session = null;
    this.bound = false;
    if (!s) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => s.destroy(() => resolve()), 500);
      s.unbind({}, () => {
        clearTimeout(t);
        s.destroy(() => resolve());
      });
    });
  }
}
