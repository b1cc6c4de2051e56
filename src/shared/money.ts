/**
 * Money is carried as integer minor units (fils, halala, rial). Parsing a decimal string refuses
 * more decimals than the currency has, so 1.2345 KWD is an error, not a rounding.
 */
import { Problem } from './problem.js';

export interface Currency {
  code: string;
  minorUnits: number;
}

/** Arabic-Indic and Persian digits to ASCII; nothing else changes (a minus sign stays a minus sign). */
const asciiDigits = (s: string) =>
  s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660)).replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x6f0));

const DECIMAL = /^(\d{1,15})(?:[.,٫](\d+))?$/;

export function parseAmount(input: string | number, currency: Currency, field = 'amount'): number {
  const text = asciiDigits(String(input).normalize('NFKC')).trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new Problem('invalid-amount', `${field} must be a positive decimal number, e.g. "12.500".`, { field });
  const [, whole, frac = ''] = m;
  if (frac.length > currency.minorUnits) {
    throw new Problem(
      'invalid-amount',
      `${currency.code} has ${currency.minorUnits} decimal place(s); ${field} has ${frac.length}.`,
      { field, currency: currency.code, minorUnits: currency.minorUnits },
    );
  }
  const minor = Number(whole) * 10 ** currency.minorUnits + Number(frac.padEnd(currency.minorUnits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new Problem('invalid-amount', `${field} is too large.`, { field });
  if (minor <= 0) throw new Problem('invalid-amount', `${field} must be greater than zero.`, { field });
  return minor;
}

export function formatMinor(minor: number, currency: Currency): string {
  if (currency.minorUnits === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(currency.minorUnits + 1, '0');
  const sign = minor < 0 ? '-' : '';
  return `${sign}${s.slice(0, -currency.minorUnits)}.${s.slice(-currency.minorUnits)}`;
}
