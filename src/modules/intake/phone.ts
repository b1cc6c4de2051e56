/**
 * A phone number of an uploaded row, read for the deployment's country: libphonenumber-js with its
 * `min` metadata decides (E.164, which country, valid or not), behind a fast path for the common
 * cell, a number of the deployment's own country.
 *
 * With `min` metadata the library's validity is one test: the national significant number matches
 * the country's national number pattern. Parsing around that test costs 13–15 µs a number, the
 * largest cost of a row of a 1M-row import. The fast path takes the national number the way the
 * library does for the simple numbering plans (+CC…, IDD CC…, or national digits with or without
 * the national prefix), tests the same pattern from the same metadata, and answers only when it
 * matches; every other cell (another country, a malformed or invalid number, a plan with a
 * national-prefix transform or a calling code shared by several countries) goes to the library.
 * test/unit/intake-phone.test.ts holds the two to the same answers on generated numbers of each
 * deployment's country.
 */
import { Metadata, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

export type PhoneReading =
  | { kind: 'valid'; e164: string }
  | { kind: 'foreign'; e164: string }
  | { kind: 'invalid' };

export type PhoneReader = (digits: string) => PhoneReading;

interface Plan {
  callingCode(): string;
  IDDPrefix(): string;
  nationalNumberPattern(): string;
  nationalPrefix(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
}

const DIGITS = /^[0-9]+$/;

/** The library's own reading: what every cell the fast path does not answer gets. */
export function libraryReading(country: string, digits: string): PhoneReading {
  const p = parsePhoneNumberFromString(digits, country as CountryCode, metadata);
  if (!p || !p.isValid()) return { kind: 'invalid' };
  return p.country === country ? { kind: 'valid', e164: p.number } : { kind: 'foreign', e164: p.number };
}

/** The reader for one country; `digits` is the cell with its digits folded to ASCII and separators removed. */
export function phoneReader(country: string): PhoneReader {
  const md = new Metadata(metadata) as unknown as { selectNumberingPlan(c: string): void; numberingPlan: Plan; countryCallingCodes(): Record<string, string[]> };
  md.selectNumberingPlan(country);
  const plan = md.numberingPlan;
  const cc = plan.callingCode();
  const idd = plan.IDDPrefix();
  const prefix = plan.nationalPrefix();
  const forParsing = plan.nationalPrefixForParsing();
  const simple =
    md.countryCallingCodes()[cc]?.length === 1 &&
    DIGITS.test(idd) &&
    !plan.nationalPrefixTransformRule() &&
    (forParsing === undefined || forParsing === prefix) &&
    (prefix === undefined || DIGITS.test(prefix));
  const slow: PhoneReader = (digits) => libraryReading(country, digits);
  if (!simple) return slow;
  const pattern = new RegExp(`^(?:${plan.nationalNumberPattern()})$`);
  const plus = `+${cc}`;
  const intl = `${idd}${cc}`;
  return (digits) => {
    let national: string | null = null;
    if (digits.startsWith(plus)) national = digits.slice(plus.length);
    else if (digits.startsWith(intl)) national = digits.slice(intl.length);
    else if (prefix && digits.startsWith(prefix)) national = digits.slice(prefix.length);
    else national = digits;
    if (DIGITS.test(national) && pattern.test(national)) return { kind: 'valid', e164: `${plus}${national}` };
    return slow(digits);
  };
}
