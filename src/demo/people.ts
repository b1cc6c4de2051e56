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

export function syntheticBirthDate(rng: Rng, minAge: number, maxAge: number, today = new Date('2026-11-01')): string {
  const year = today.getUTCFullYear() - rng.int(minAge, maxAge);
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

/** A household: a head, usually a spouse, children; names follow the family's naming customs. */
export function syntheticFamily(rng: Rng, lang: 'ar' | 'fa'): SyntheticMember[] {
  const names = loadNames(lang);
  const family = rng.pick(names.family);
  const headMale = rng.chance(0.8);
  const headGiven = rng.pick(headMale ? names.male : names.female);
  const fatherOfHead = rng.pick(names.male);
  const full = (given: string, father: string) => (lang === 'ar' ? `${given} ${father} ${family}` : `${given} ${family}`);
  const members: SyntheticMember[] = [{ fullName: full(headGiven, fatherOfHead), sex: headMale ? 'M' : 'F', birthDate: syntheticBirthDate(rng, 28, 70), relation: 'head' }];
  if (headMale && rng.chance(0.85)) {
    const spouseFamily = rng.pick(names.family);
    const wife = lang === 'ar' ? `${rng.pick(names.female)} ${rng.pick(names.male)} ${spouseFamily}` : `${rng.pick(names.female)} ${spouseFamily}`;
    members.push({ fullName: wife, sex: 'F', birthDate: syntheticBirthDate(rng, 24, 65), relation: 'spouse' });
  }
  const children = rng.int(0, 5);
  const fatherName = headMale ? headGiven : rng.pick(names.male);
  for (let i = 0; i < children; i++) {
    const male = rng.chance(0.5);
    members.push({ fullName: full(rng.pick(male ? names.male : names.female), fatherName), sex: male ? 'M' : 'F', birthDate: syntheticBirthDate(rng, 1, 22), relation: 'child' });
  }
  return members;
}

export function syntheticPhone(rng: Rng, country: 'KW' | 'SA' | 'IR'): string {
  if (country === 'KW') return `+965${rng.pick(['5', '6', '9'])}${rng.digits(7)}`;
  if (country === 'SA') return `+9665${rng.digits(8)}`;
  return `+989${rng.digits(9)}`;
}
