/**
 * The HTTP gateway transport, Kannel's sendsms interface: one GET per message with to, text,
 * coding=2 and charset=UTF-8 for Arabic and Persian (the gateway splits and joins long messages
 * itself), dlr-mask=31 and a dlr-url back to Mizan (POST /api/v1/sms/dlr) that carries the
 * shared secret, Mizan's message ID and the gateway's %d status. The configured address holds
 * the gateway's own parameters (username, password, from). A 2xx answer is accepted; a 4xx a
 * refusal of this message; anything else, or no answer, is tried again by the job.
 */
import { SmsRefused, type OutgoingSms, type SmsAdapter } from './adapter.js';

export interface HttpGatewayOptions {
  /** The sendsms address with the gateway's own parameters. */
  url: string;
  /** Where the gateway reaches Mizan (the delivery reports). */
  publicUrl: string;
  dlrSecret: string;
  timeoutMs?: number;
}

/** Kannel's delivery-report types (the %d of dlr-url): 1 delivered, 2 failed, 16 rejected by the SMSC; 4 and 8 are on the way. */
export function kannelOutcome(status: number): 'delivered' | 'failed' | 'pending' {
  if (status & 1) return 'delivered';
  if (status & 2 || status & 16) return 'failed';
  return 'pending';
}

export class HttpGatewayAdapter implements SmsAdapter {
  constructor(private readonly o: HttpGatewayOptions) {}

  async submit(sms: OutgoingSms): Promise<string[]> {
    const u = new URL(this.o.url);
    for (const k of ['source']) u.searchParams.delete(k);
    if (!u.searchParams.has('from')) u.searchParams.set('from', sms.source);
    u.searchParams.set('to', sms.to);
    u.searchParams.set('text', sms.parts.join(''));
    if (sms.encoding === 'ucs2') u.searchParams.set('coding', '2');
    u.searchParams.set('charset', 'UTF-8');
    u.searchParams.set('dlr-mask', '31');
    const dlr = new URL('/api/v1/sms/dlr', this.o.publicUrl);
    dlr.searchParams.set('secret', this.o.dlrSecret);
    dlr.searchParams.set('id', sms.id);
    // Kannel decodes dlr-url, then replaces %d with the report's type.
    u.searchParams.set('dlr-url', `${dlr.toString()}&status=%d`);
    let res: Response;
    try {
      res = await fetch(u, { signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000) });
    } catch {
      throw new Error('The SMS gateway could not be reached; the message will be tried again.');
    }
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) return [sms.id];
    if (res.status >= 400 && res.status < 500) throw new SmsRefused(`HTTP ${res.status}`);
    throw new Error(`The SMS gateway answered ${res.status}; the message will be tried again.`);
  }

  async close(): Promise<void> {}
}
