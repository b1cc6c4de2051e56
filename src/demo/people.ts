/** Synthetic people for the demo and for benchmarks: valid national IDs, real-looking names. */
import { completeNationalId, type IdScheme } from '../shared/identity/national-id.js';
import type { Rng } from '../shared/random.js';
import { loadNames } from '../deployments/names/index.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A random valid national ID of the scheme; for Kuwait the birth date is embedded. */
export function syntheticNationalId(rng: Rng, scheme: IdScheme, birthDate: string): string {
  for (;;) {
    let body: string;
    if (scheme === 'KW_CIVIL_ID') {
      const [y, m, d] = birthDate.split('-');
      body = `${y!.startsWith('19') ? '2' : '3'}${y!.slice(2)}${m}${d}${rng.digits(4)}`;
    } else if (scheme === 'SA_NATIONAL_ID') {
      body = `${rng.chance(0.8) ? '1' : '2'}${rng.digits(8)}`;
    } else {
      body = rng.digits(9);
    }
    const id = completeNationalId(scheme, body);
    if (id) return id;
  }
}

export const DEMO_TODAY = new Date('2026-11-01');

export function syntheticBirthDate(rng: Rng, minAge: number, maxAge: number, today = DEMO_TODAY): string {
  return birthDateAtAge(rng, rng.int(minAge, maxAge), today);
}

/** A birth date in the year that makes the person `age` (give or take the months) on `today`. */
function birthDateAtAge(rng: Rng, age: number, today = DEMO_TODAY): string {
  const year = today.getUTCFullYear() - age;
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

export interface SyntheticMember {
  fullName: string;
  sex: 'F' | 'M';
  birthDate: string;
  relation: 'head' | 'spouse' | 'child' | 'parent';
}

/**
 * A household: a head, usually a spouse, children; names follow the family's naming customs. Ages
 * are plausible: the head an adult (28–70), a wife up to 12 years younger or 3 older and at least
 * 20, each child born when its younger parent was 18–45 and the older at most 55.
 */
export function syntheticFamily(rng: Rng, lang: 'ar' | 'fa'): SyntheticMember[] {
  const names = loadNames(lang);
  const family = rng.pick(names.family);
  const headMale = rng.chance(0.8);
  const headGiven = rng.pick(headMale ? names.male : names.female);
  const fatherOfHead = rng.pick(names.male);
  const full = (given: string, father: string) => (lang === 'ar' ? `${given} ${father} ${family}` : `${given} ${family}`);
  const headAge = rng.int(28, 70);
  const members: SyntheticMember[] = [{ fullName: full(headGiven, fatherOfHead), sex: headMale ? 'M' : 'F', birthDate: birthDateAtAge(rng, headAge), relation: 'head' }];
  let youngerParentAge = headAge;
  if (headMale && rng.chance(0.85)) {
    const spouseFamily = rng.pick(names.family);
    const wife = lang === 'ar' ? `${rng.pick(names.female)} ${rng.pick(names.male)} ${spouseFamily}` : `${rng.pick(names.female)} ${spouseFamily}`;
    const wifeAge = Math.max(20, headAge - rng.int(-3, 12));
    youngerParentAge = Math.min(headAge, wifeAge);
    members.push({ fullName: wife, sex: 'F', birthDate: birthDateAtAge(rng, wifeAge), relation: 'spouse' });
  }
  const children = rng.int(0, 5);
  const fatherName = headMale ? headGiven : rng.pick(names.male);
  // Children aged 1–22, born when the younger parent was 18–45 and the older at most 55.
  const childMin = Math.max(1, youngerParentAge - 45, headAge - 55);
  const childMax = Math.min(22, youngerParentAge - 19);
  for (let i = 0; i < children && childMin <= childMax; i++) {
    const male = rng.chance(0.5);
    members.push({ fullName: full(rng.pick(male ? names.male : names.female), fatherName), sex: male ? 'M' : 'F', birthDate: birthDateAtAge(rng, rng.int(childMin, childMax)), relation: 'child' });
  }
  return members;
}

export function syntheticPhone(rng: Rng, country: 'KW' | 'SA' | 'IR'): string {
  if (country === 'KW') return `+965${rng.pick(['5', '6', '9'])}${rng.digits(7)}`;
  if (country === 'SA') return `+9665${rng.digits(8)}`;
  return `+989${rng.digits(9)}`;
}
