/**
 * A labelled synthetic set of person records for tuning and judging the matching engine,
 * deterministic from a seed (src/shared/random.ts): the same seed gives the same file.
 *
 * People live in families across Kuwait, Saudi Arabia (Arabic naming: given, father, grandfather,
 * family; ال prefixes, عبد compounds) and Iran (Persian naming: given and family, the father's name
 * as on the ID card, ZWNJ compounds such as محمد‌رضا). Given and family names are drawn with a
 * Zipf-like skew (محمد and فاطمه are common, as in life), so namesakes occur by themselves.
 * Each true person appears in one to four charities' lists, and each copy is typed with the
 * mistakes of issue 14 at realistic rates (CORRUPTION_RATES): ID missing, one wrong digit, two
 * adjacent digits swapped, Persian or Arabic-Indic digits, leading zeros lost; ي/ی and ك/ک of the
 * other keyboard, ة/ه, hamza dropped, ZWNJ lost or typed as a space, "عبد ال…" joined or split,
 * tatweel, a stray diacritic, ال dropped, one letter mistyped; day and month swapped, birth year
 * off by one; phone missing, changed, typed in local form; a family phone shared by the household.
 * The hard negatives are built in: a son named after his father (same given and family names,
 * his father's name is the father's given name), twins (same birth date and father, different
 * given names), the head's own father in the household, and namesakes in one region (a head given
 * the given and family names of another head of the region).
 */
import { Rng } from '../../shared/random.js';
import { loadNames } from '../../deployments/names/index.js';
import { loadRegions } from '../../deployments/regions/index.js';
import { syntheticNationalId, syntheticPhone } from '../../demo/people.js';
import { SCHEME_OF_COUNTRY, type Country, type PersonRecord } from './person-record.js';

export const CORRUPTION_RATES = {
  idMissing: 0.25,
  idWrongDigit: 0.06,
  idSwap: 0.04,
  idPersianDigits: 0.15,
  idArabicDigits: 0.08,
  idLeadingZeroLost: 0.3,
  otherKeyboard: 0.25,
  tehMarbuta: 0.15,
  hamzaDropped: 0.2,
  zwnj: 0.4,
  abdJoinSplit: 0.4,
  tatweel: 0.05,
  diacritic: 0.05,
  articleDropped: 0.1,
  letterTypo: 0.02,
  dayMonthSwap: 0.05,
  yearOff: 0.04,
  birthMissing: 0.05,
  phoneMissing: 0.2,
  phoneChanged: 0.08,
  phoneLocal: 0.2,
  fatherMissing: 0.08,
  grandfatherMissing: 0.35,
  regionMissing: 0.05,
  sexMissing: 0.03,
} as const;

export interface SyntheticPerson {
  person: string;
  country: Country;
  given: string;
  father: string;
  grandfather: string | null;
  family: string;
  sex: 'M' | 'F';
  birthDate: string;
  region: string;
  phone: string;
  nationalId: string | null;
  /** The family's number (0, 1, …): the people of one household share it. */
  household: number;
}

export interface LabelledSet {
  records: PersonRecord[];
  /** truth[i]: the true person of records[i]. */
  truth: string[];
}

const CHARITIES: Record<Country, string[]> = {
  KW: ['rahma', 'birr', 'shifa', 'amal', 'zakat-house'],
  SA: ['ehsan', 'bunyan', 'kafil', 'wafa'],
  IR: ['emdad', 'mehr', 'behzisti-ngo', 'omid'],
};

function zipfPicker<T>(items: readonly T[], s = 0.9): (rng: Rng) => T {
  const cum: number[] = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) cum.push((total += 1 / (i + 1) ** s));
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const YEAR = 2026;

function birthAt(rng: Rng, age: number): string {
  return `${YEAR - age}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`;
}

/**
 * At least `targetPeople` true persons, family by family (the registry-scale bench registers them;
 * syntheticSet types copies of them). The same rng state gives the same people.
 */
export function makePeople(rng: Rng, targetPeople: number): SyntheticPerson[] {
  const people: SyntheticPerson[] = [];
  const pickers = {
    ar: { male: zipfPicker(loadNames('ar').male), female: zipfPicker(loadNames('ar').female), family: zipfPicker(loadNames('ar').family, 0.6) },
    fa: { male: zipfPicker(loadNames('fa').male), female: zipfPicker(loadNames('fa').female), family: zipfPicker(loadNames('fa').family, 0.6) },
  };
  const regions: Record<Country, string[]> = {
    KW: loadRegions('KW').filter((r) => r.level === 2).map((r) => r.code),
    SA: loadRegions('SA').filter((r) => r.level === 2).map((r) => r.code),
    IR: loadRegions('IR').filter((r) => r.level === 2).map((r) => r.code),
  };
  for (const c of ['SA', 'IR'] as const) if (regions[c].length === 0) regions[c] = loadRegions(c).map((r) => r.code);
  const headsByRegion = new Map<string, SyntheticPerson[]>();
  let n = 0;
  let household = -1;
  const id = () => `p${String(++n).padStart(6, '0')}`;
  while (people.length < targetPeople) {
    household++;
    const x = rng.next();
    const country: Country = x < 0.4 ? 'KW' : x < 0.7 ? 'SA' : 'IR';
    const lang = country === 'IR' ? 'fa' : 'ar';
    const P = pickers[lang];
    const arabic = lang === 'ar';
    const region = rng.pick(regions[country]);
    const family = P.family(rng);
    const familyPhone = syntheticPhone(rng, country);
    const person = (given: string, father: string, grandfather: string | null, fam: string, sex: 'M' | 'F', birthDate: string, phone: string): SyntheticPerson => {
      const p: SyntheticPerson = {
        person: id(),
        country,
        given,
        father,
        grandfather: arabic ? grandfather : null,
        family: fam,
        sex,
        birthDate,
        region,
        phone,
        nationalId: rng.chance(0.03) ? null : syntheticNationalId(rng, SCHEME_OF_COUNTRY[country], birthDate),
        household,
      };
      people.push(p);
      return p;
    };
    const headAge = rng.int(30, 68);
    let headGiven = P.male(rng);
    let headFamily = family;
    const sameRegion = headsByRegion.get(region) ?? [];
    // A namesake: another head of the region's given and family names, with his own father and birth.
    if (sameRegion.length > 0 && rng.chance(0.05)) {
      const other = rng.pick(sameRegion);
      headGiven = other.given;
      headFamily = other.family;
    }
    const headFather = P.male(rng);
    const headGrandfather = P.male(rng);
    const head = person(headGiven, headFather, headGrandfather, headFamily, 'M', birthAt(rng, headAge), rng.chance(0.5) ? familyPhone : syntheticPhone(rng, country));
    sameRegion.push(head);
    headsByRegion.set(region, sameRegion);
    if (rng.chance(0.12) && headAge < 60) {
      // The head's own father lives with the family: his given name is the head's father's name.
      person(headFather, headGrandfather, P.male(rng), headFamily, 'M', birthAt(rng, headAge + rng.int(22, 35)), familyPhone);
    }
    if (rng.chance(0.85)) {
      person(P.female(rng), P.male(rng), P.male(rng), P.family(rng), 'F', birthAt(rng, Math.max(20, headAge - rng.int(-3, 12))), rng.chance(0.5) ? familyPhone : syntheticPhone(rng, country));
    }
    const children = rng.int(0, 6);
    const usedGiven = new Set<string>();
    let junior = arabic && rng.chance(0.1);
    for (let i = 0; i < children; i++) {
      const male = rng.chance(0.5);
      let given = junior && male ? headGiven : male ? P.male(rng) : P.female(rng);
      if (junior && male) junior = false;
      else for (let t = 0; t < 5 && usedGiven.has(given); t++) given = male ? P.male(rng) : P.female(rng);
      usedGiven.add(given);
      const age = rng.int(1, Math.min(25, headAge - 20));
      const birth = birthAt(rng, age);
      person(given, headGiven, headFather, headFamily, male ? 'M' : 'F', birth, familyPhone);
      if (rng.chance(0.05)) {
        // Twins: the same birth date and father, another given name.
        const tmale = rng.chance(0.5);
        let tgiven = tmale ? P.male(rng) : P.female(rng);
        for (let t = 0; t < 10 && (tgiven === given || usedGiven.has(tgiven)); t++) tgiven = tmale ? P.male(rng) : P.female(rng);
        usedGiven.add(tgiven);
        person(tgiven, headGiven, headFather, headFamily, tmale ? 'M' : 'F', birth, familyPhone);
      }
    }
  }
  return people;
}

// ---- typing mistakes ----

const HARAKAT = ['\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u064B'];

function otherKeyboard(s: string, persianKeyboard: boolean): string {
  return persianKeyboard ? s.replace(/ي/g, 'ی').replace(/ك/g, 'ک') : s.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
}

function mistype(rng: Rng, name: string, persianKeyboard: boolean, family: boolean): string {
  const R = CORRUPTION_RATES;
  let s = name;
  if (rng.chance(R.otherKeyboard)) s = otherKeyboard(s, persianKeyboard);
  if (rng.chance(R.tehMarbuta)) s = s.endsWith('ة') ? `${s.slice(0, -1)}ه` : s.endsWith('ه') ? `${s.slice(0, -1)}ة` : s;
  if (rng.chance(R.hamzaDropped)) s = s.replace(/[أإآ]/g, 'ا').replace(/ؤ/g, 'و').replace(/ئ/g, 'ي').replace(/ء/g, '');
  if (rng.chance(R.zwnj)) {
    if (s.includes('\u200C')) s = s.replace(/\u200C/g, rng.chance(0.5) ? '' : ' ');
    else {
      const m = /^(محمد|علی|امیر|حسین|حسن|علي)(.{3,})$/.exec(s);
      if (m) s = `${m[1]}${rng.chance(0.5) ? '\u200C' : ' '}${m[2]}`;
    }
  }
  if (rng.chance(R.abdJoinSplit)) s = s.startsWith('عبد ') ? s.replace('عبد ', 'عبد') : s.startsWith('عبد') ? s.replace('عبد', 'عبد ') : s;
  if (family && rng.chance(R.articleDropped)) s = s.replace(/^ال/, '').replace(/^آل /, '');
  if (rng.chance(R.letterTypo) && s.length >= 5) {
    const i = rng.int(1, s.length - 2);
    s = s.slice(0, i) + s.slice(i + 1);
  }
  if (rng.chance(R.tatweel) && s.length >= 3) {
    const i = rng.int(1, s.length - 1);
    if (s[i - 1] !== ' ' && s[i] !== ' ') s = `${s.slice(0, i)}\u0640${s.slice(i)}`;
  }
  if (rng.chance(R.diacritic) && s.length >= 2) {
    const i = rng.int(1, s.length);
    if (s[i - 1] !== ' ') s = s.slice(0, i) + rng.pick(HARAKAT) + s.slice(i);
  }
  return s;
}

const toScript = (s: string, zero: number) => s.replace(/[0-9]/g, (d) => String.fromCharCode(zero + Number(d)));

function mistypeId(rng: Rng, id: string): string {
  const R = CORRUPTION_RATES;
  let s = id;
  const x = rng.next();
  if (x < R.idWrongDigit) {
    const i = rng.int(0, s.length - 1);
    const d = (Number(s[i]) + rng.int(1, 9)) % 10;
    s = s.slice(0, i) + String(d) + s.slice(i + 1);
  } else if (x < R.idWrongDigit + R.idSwap) {
    for (let t = 0; t < 10; t++) {
      const i = rng.int(0, s.length - 2);
      if (s[i] !== s[i + 1]) {
        s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
        break;
      }
    }
  }
  if (s.startsWith('0') && rng.chance(R.idLeadingZeroLost)) s = s.replace(/^0+/, '');
  const y = rng.next();
  if (y < R.idPersianDigits) s = toScript(s, 0x06f0);
  else if (y < R.idPersianDigits + R.idArabicDigits) s = toScript(s, 0x0660);
  return s;
}

function mistypeBirth(rng: Rng, date: string): string | undefined {
  const R = CORRUPTION_RATES;
  if (rng.chance(R.birthMissing)) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (rng.chance(R.dayMonthSwap) && d <= 12 && d !== m) return `${y}-${pad2(d)}-${pad2(m)}`;
  if (rng.chance(R.yearOff)) return `${y + (rng.chance(0.5) ? 1 : -1)}-${pad2(m)}-${pad2(d)}`;
  return date;
}

const LOCAL_PREFIX: Record<Country, [string, string]> = { KW: ['+965', ''], SA: ['+966', '0'], IR: ['+98', '0'] };

function typePhone(rng: Rng, p: SyntheticPerson): string | undefined {
  const R = CORRUPTION_RATES;
  if (rng.chance(R.phoneMissing)) return undefined;
  let phone = rng.chance(R.phoneChanged) ? syntheticPhone(rng, p.country) : p.phone;
  if (rng.chance(R.phoneLocal)) {
    const [cc, trunk] = LOCAL_PREFIX[p.country];
    phone = trunk + phone.slice(cc.length);
    if (p.country === 'IR' && rng.chance(0.5)) phone = toScript(phone, 0x06f0);
  }
  return phone;
}

/** One list's copy of a person, typed with mistakes. */
export function typeRecord(rng: Rng, p: SyntheticPerson, recordId: string, charity: string): PersonRecord {
  const R = CORRUPTION_RATES;
  // Iranian staff type on a Persian keyboard; a Gulf list may have been typed on one too, and the reverse.
  const persianKeyboard = p.country !== 'IR';
  const rec: PersonRecord = { id: recordId, charity, country: p.country };
  if (p.nationalId && !rng.chance(R.idMissing)) rec.nationalId = mistypeId(rng, p.nationalId);
  rec.givenName = mistype(rng, p.given, persianKeyboard, false);
  if (!rng.chance(R.fatherMissing)) rec.fatherName = mistype(rng, p.father, persianKeyboard, false);
  if (p.grandfather && !rng.chance(R.grandfatherMissing)) rec.grandfatherName = mistype(rng, p.grandfather, persianKeyboard, false);
  rec.familyName = mistype(rng, p.family, persianKeyboard, true);
  if (!rng.chance(R.sexMissing)) rec.sex = p.sex;
  const birth = mistypeBirth(rng, p.birthDate);
  if (birth) rec.birthDate = birth;
  if (!rng.chance(R.regionMissing)) rec.region = p.region;
  const phone = typePhone(rng, p);
  if (phone) rec.phone = phone;
  return rec;
}

/** About `size` records (exactly `size`), their true persons, in a shuffled order. */
export function syntheticSet(seed: number, size: number): LabelledSet {
  const rng = new Rng(seed);
  // 1 to 4 copies, 2 on average.
  // Enough people for any draw of copies; the loop below stops at `size` records.
  const people = makePeople(rng, size);
  const out: { rec: PersonRecord; person: string }[] = [];
  let k = 0;
  for (const p of people) {
    const x = rng.next();
    const copies = x < 0.42 ? 1 : x < 0.72 ? 2 : x < 0.88 ? 3 : 4;
    const charities = [...CHARITIES[p.country]];
    for (let c = 0; c < copies && out.length < size; c++) {
      const charity = charities.splice(rng.int(0, charities.length - 1), 1)[0]!;
      out.push({ rec: typeRecord(rng, p, `r${String(++k).padStart(7, '0')}`, charity), person: p.person });
    }
    if (out.length >= size) break;
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return { records: out.map((o) => o.rec), truth: out.map((o) => o.person) };
}
