/**
 * The local test SMSC, built on the `smpp` library's server side: it accepts binds, answers
 * submit_sm with a message ID, joins the parts of a long message by their UDH and prints what it
 * received (the number masked, the text decoded), then sends a delivery receipt for each part.
 * Tests tell it to refuse the next binds, to report a number's messages as undelivered, to flag
 * its receipts UCS-2 while writing them in ASCII (as some SMSCs do), and to send a reply (STOP).
 * `mizan dev-smsc [--port 2775]` runs it alone; `mizan serve` on the embedded database starts one
 * in-process, so a newcomer sees invitations arrive in the console.
 */
import smpp, { type PDU, type Session, type Server } from 'smpp';
import type { AddressInfo } from 'node:net';

export interface ReceivedPart {
  /** When the SMSC took it (Date.now()): the throttling test measures the gaps between these. */
  at: number;
  messageId: string;
  to: string;
  from: string;
  dataCoding: number;
  /** The concatenation header (ref, total, seq) when the part had one. */
  concat: { ref: number; total: number; seq: number } | null;
  text: string;
}

export interface ReceivedSms {
  to: string;
  from: string;
  encoding: 'gsm7' | 'ucs2';
  parts: ReceivedPart[];
  /** The parts joined. */
  text: string;
}

export interface DevSmscOptions {
  port?: number;
  host?: string;
  /** Where it prints (default console.log); null prints nothing. */
  print?: ((line: string) => void) | null;
  /** Delay before a receipt is sent (default 50 ms). */
  receiptDelayMs?: number;
}

export const maskPhone = (p: string) => (p.length > 6 ? `${p.slice(0, p.length - 7)}****${p.slice(-3)}` : '****');

export class DevSmsc {
  readonly received: ReceivedSms[] = [];
  readonly parts: ReceivedPart[] = [];
  readonly binds: { at: number; systemId: string; accepted: boolean }[] = [];
  private server: Server;
  private nextId = 1;
  private refuseBinds = 0;
  private failTo = new Set<string>();
  private receiptsFlaggedUcs2 = false;
  private pending = new Map<string, ReceivedPart[]>();
  private timers = new Set<NodeJS.Timeout>();
  private listeners: ((sms: ReceivedSms) => void)[] = [];

  private constructor(private readonly o: DevSmscOptions) {
    this.server = smpp.createServer({}, (session) => this.serve(session));
  }

  static async start(o: DevSmscOptions = {}): Promise<DevSmsc> {
    const s = new DevSmsc(o);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
    });
    s.print(`Local test SMSC listening on ${o.host ?? '127.0.0.1'}:${s.port} (SMPP 3.4; any system_id and password).`);
    return s;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Refuse the next n binds (ESME_RBINDFAIL). */
  refuseNextBinds(n: number) {
    this.refuseBinds = n;
  }

  /** Messages to this number get an UNDELIV receipt. */
  failDeliveryTo(phone: string) {
    this.failTo.add(phone.replace(/^\+/, ''));
  }

  /** Receipts flagged data_coding 8 but written in ASCII. */
  flagReceiptsUcs2(on = true) {
    this.receiptsFlaggedUcs2 = on;
  }

  /** A reply from a phone to Mizan's number (a STOP), delivered on every bound session. */
  sendReply(from: string, text: string, to = 'Mizan') {
    const ucs2 = /[^\x20-\x7e]/.test(text);
    for (const s of this.server.sessions) s.deliver_sm({ source_addr: from.replace(/^\+/, ''), destination_addr: to, esm_class: 0, data_coding: ucs2 ? 8 : 0, short_message: { message: text } });
  }

  /**
   * Resolves with the first n complete messages received for one number: a message that arrives
   * late for another number is never taken for this one's.
   */
  waitForTo(to: string, n = 1, timeoutMs = 30_000): Promise<ReceivedSms[]> {
    return new Promise((resolve, reject) => {
      const mine = () => this.received.filter((r) => r.to === to);
      const check = () => {
        if (mine().length >= n) {
          this.listeners = this.listeners.filter((l) => l !== check);
          clearTimeout(t);
          resolve(mine().slice(0, n));
        }
      };
      const t = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`The SMSC received ${mine().length} of ${n} messages for that number in time.`));
      }, timeoutMs);
      this.listeners.push(check);
      check();
    });
  }

  /** Resolves with the next n complete messages received (or the ones already received past `since`). */
  waitFor(n: number, since = 0, timeoutMs = 10_000): Promise<ReceivedSms[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.received.length - since >= n) {
          this.listeners = this.listeners.filter((l) => l !== check);
          clearTimeout(t);
          resolve(this.received.slice(since, since + n));
        }
      };
      const t = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`The SMSC received ${this.received.length - since} of ${n} messages in time.`));
      }, timeoutMs);
      this.listeners.push(check);
      check();
    });
  }

  private print(line: string) {
    if (this.o.print === null) return;
    (this.o.print ?? console.log)(line);
  }

  private serve(session: Session) {
    session.on('error', () => {});
    session.on('bind_transceiver', (pdu: PDU) => {
      const accepted = this.refuseBinds <= 0;
      if (!accepted) this.refuseBinds--;
      this.binds.push({ at: Date.now(), systemId: pdu.system_id ?? '', accepted });
      if (!accepted) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        return;
      }
      session.send(pdu.response({ system_id: 'MizanDevSMSC' }));
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm_resp', () => {});
    session.on('submit_sm', (pdu: PDU) => {
      const messageId = `dev${String(this.nextId++).padStart(8, '0')}`;
      session.send(pdu.response({ message_id: messageId }));
      const sm = pdu.short_message;
      const udh = sm?.udh ? (Array.isArray(sm.udh) ? sm.udh : [sm.udh]) : [];
      const concatIe = udh.find((u) => u[0] === 0x00 && u[1] === 0x03);
      const part: ReceivedPart = {
        at: Date.now(),
        messageId,
        to: `+${pdu.destination_addr ?? ''}`,
        from: pdu.source_addr ?? '',
        dataCoding: pdu.data_coding ?? 0,
        concat: concatIe ? { ref: concatIe[2]!, total: concatIe[3]!, seq: concatIe[4]! } : null,
        text: typeof sm?.message === 'string' ? sm.message : (sm?.message?.toString('latin1') ?? ''),
      };
      this.parts.push(part);
      this.collect(part);
      if (pdu.registered_delivery) this.later(() => this.receipt(session, part));
    });
  }

  private collect(part: ReceivedPart) {
    let whole: ReceivedPart[] | null = [part];
    if (part.concat) {
      const key = `${part.to}:${part.concat.ref}:${part.concat.total}`;
      const got = [...(this.pending.get(key) ?? []), part];
      if (got.length < part.concat.total) {
        this.pending.set(key, got);
        whole = null;
      } else {
        this.pending.delete(key);
        whole = got.sort((a, b) => a.concat!.seq - b.concat!.seq);
      }
    }
    if (!whole) return;
    const sms: ReceivedSms = { to: part.to, from: part.from, encoding: part.dataCoding === 8 ? 'ucs2' : 'gsm7', parts: whole, text: whole.map((p) => p.text).join('') };
    this.received.push(sms);
    this.print(`SMSC ← ${maskPhone(sms.to)} (${sms.encoding}, ${whole.length} part${whole.length > 1 ? 's' : ''}): ${sms.text}`);
    for (const l of [...this.listeners]) l(sms);
  }

  private later(fn: () => void) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, this.o.receiptDelayMs ?? 50);
    this.timers.add(t);
  }

  private receipt(session: Session, part: ReceivedPart) {
    const failed = this.failTo.has(part.to.replace(/^\+/, ''));
    const stat = failed ? 'UNDELIV' : 'DELIVRD';
    const now = new Date();
    const d = `${String(now.getUTCFullYear()).slice(2)}${String(now.getUTCMonth() + 1).padStart(2, '0')}${String(now.getUTCDate()).padStart(2, '0')}${String(now.getUTCHours()).padStart(2, '0')}${String(now.getUTCMinutes()).padStart(2, '0')}`;
    const text = `id:${part.messageId} sub:001 dlvrd:${failed ? '000' : '001'} submit date:${d} done date:${d} stat:${stat} err:${failed ? '001' : '000'} text:`;
    // The flagged-UCS-2 case sends the ASCII bytes as they are and omits the TLVs, as such SMSCs do.
    session.deliver_sm(
      this.receiptsFlaggedUcs2
        ? { source_addr: part.to.replace(/^\+/, ''), destination_addr: part.from, esm_class: 0x04, data_coding: 8, short_message: Buffer.from(text, 'latin1') }
        : { source_addr: part.to.replace(/^\+/, ''), destination_addr: part.from, esm_class: 0x04, data_coding: 0, short_message: { message: text }, receipted_message_id: part.messageId, message_state: failed ? 5 : 2 },
    );
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of [...this.server.sessions]) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
