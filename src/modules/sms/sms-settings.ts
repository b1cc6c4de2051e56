/**
 * How Mizan sends SMS, from the environment (read by src/config.ts):
 *   MIZAN_SMS=smpp://user:pass@host:2775?source=Mizan   an SMSC over SMPP 3.4 (smpp-adapter.ts)
 *   MIZAN_SMS=https://gateway/cgi-bin/sendsms?username=…&password=…&from=Mizan
 *                                                        a Kannel-style HTTP gateway (http-gateway.ts)
 *   MIZAN_SMS=dev       a local test SMSC started inside the server, printing what it receives
 *                       (the default with the embedded database)
 *   MIZAN_SMS=off       nothing is sent; messages stay queued (the default with DATABASE_URL)
 * MIZAN_SMS_RATE: messages a second per sender, across every worker (default 10);
 * MIZAN_SMS_DLR_SECRET: the shared secret the HTTP gateway sends back with its delivery reports;
 * MIZAN_INVITATION_DAYS: how long an invitation's link stays usable (default 14).
 */
export type SmsTransport =
  | { kind: 'smpp'; host: string; port: number; systemId: string; password: string; source: string }
  | { kind: 'http'; url: string; source: string }
  | { kind: 'dev'; port: number; source: string }
  | { kind: 'off' };

export interface SmsSettings {
  transport: SmsTransport;
  /** Messages a second per sender (0: no limit). */
  ratePerSecond: number;
  dlrSecret: string | null;
  invitationDays: number;
}

export const SMS_DEFAULTS = { ratePerSecond: 10, invitationDays: 14, devPort: 2775, source: 'Mizan' } as const;

function wholeNumber(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number, max: number): number {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${v}".`);
  return n;
}

export function smsTransportOf(value: string | undefined, embedded: boolean): SmsTransport {
  const v = (value ?? '').trim();
  if (v === '') return embedded ? { kind: 'dev', port: 0, source: SMS_DEFAULTS.source } : { kind: 'off' };
  if (v === 'off') return { kind: 'off' };
  if (v === 'dev') return { kind: 'dev', port: 0, source: SMS_DEFAULTS.source };
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new Error('MIZAN_SMS must be smpp://user:password@host:port?source=NAME, an http(s):// gateway address, dev or off.');
  }
  const source = url.searchParams.get('source') ?? url.searchParams.get('from') ?? SMS_DEFAULTS.source;
  if (url.protocol === 'smpp:') {
    return { kind: 'smpp', host: url.hostname, port: Number(url.port || 2775), systemId: decodeURIComponent(url.username), password: decodeURIComponent(url.password), source };
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'http', url: url.toString(), source };
  throw new Error('MIZAN_SMS must be smpp://…, http(s)://…, dev or off.');
}

export function smsSettingsOf(env: NodeJS.ProcessEnv, embedded: boolean): SmsSettings {
  return {
    transport: smsTransportOf(env.MIZAN_SMS, embedded),
    ratePerSecond: wholeNumber(env, 'MIZAN_SMS_RATE', SMS_DEFAULTS.ratePerSecond, 0, 100_000),
    dlrSecret: env.MIZAN_SMS_DLR_SECRET || null,
    invitationDays: wholeNumber(env, 'MIZAN_INVITATION_DAYS', SMS_DEFAULTS.invitationDays, 1, 365),
  };
}

/** The transport in words, without its password (for the start-up message). */
export function describeTransport(t: SmsTransport): string {
  switch (t.kind) {
    case 'smpp': return `SMPP 3.4 to ${t.host}:${t.port} as ${t.systemId}`;
    case 'http': return `HTTP gateway ${new URL(t.url).host}`;
    case 'dev': return 'the local test SMSC (messages are printed here)';
    case 'off': return 'off (messages stay queued)';
  }
}
