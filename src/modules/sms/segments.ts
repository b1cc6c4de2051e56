/**
 * How a text travels as SMS: GSM-7 when every character is in the GSM 03.38 alphabet (160
 * septets alone, 153 per part of a long message: the concatenation header takes 7), else UCS-2,
 * which Arabic and Persian always need (70 characters alone, 67 per part). A character of the
 * GSM extension table (€ [ ] { } …) takes two septets and is never cut in half; nor is a UTF-16
 * surrogate pair. The parts are sent with a UDH of our own (smpp-adapter.ts), so this split is
 * the one that reaches the phone, and the count stored with the message is the one billed.
 */
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '\f^{}\\[~]|€';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SplitSms {
  encoding: SmsEncoding;
  /** The parts as sent, in order; one part when the text fits a single message. */
  parts: string[];
}

export const SMS_LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

/** At most this many parts (the UDH counts parts in one byte). */
export const MAX_PARTS = 255;

export function smsEncodingOf(text: string): SmsEncoding {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENDED.has(ch)) return 'ucs2';
  return 'gsm7';
}

/** The units a character takes: septets in GSM-7, UTF-16 code units in UCS-2. */
function unitsOf(ch: string, encoding: SmsEncoding): number {
  if (encoding === 'gsm7') return EXTENDED.has(ch) ? 2 : 1;
  return ch.length;
}

export function splitSms(text: string): SplitSms {
  const encoding = smsEncodingOf(text);
  const limits = SMS_LIMITS[encoding];
  const chars = [...text];
  const total = chars.reduce((n, ch) => n + unitsOf(ch, encoding), 0);
  if (total <= limits.single) return { encoding, parts: [text] };
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of chars) {
    const u = unitsOf(ch, encoding);
    if (used + u > limits.part) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += u;
  }
  if (current) parts.push(current);
  if (parts.length > MAX_PARTS) throw new Error(`The text needs ${parts.length} SMS parts; at most ${MAX_PARTS} can be joined.`);
  return { encoding, parts };
}
