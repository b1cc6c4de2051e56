/**
 * The synthetic registry: households, people, memberships, requests and grants over the two years
 * before an "as of" date, deterministic from a seed. Pure: it produces rows; ./load.ts puts them
 * into a database.
 *
 * The rows obey the rules the database enforces, because the database checks them again when
 * ./load.ts rebuilds the constraints after the bulk load:
 * - every national ID is valid for the deployment's scheme (and embeds the birth date in Kuwait)
 *   and unique (./ids.ts);
 * - every person is an active member of exactly one household, with one head per household;
 * - no two active grants of one exclusivity group to one household have overlapping windows: the
 *   windows are the database's own `aid_window()` values, read once per (aid type, day), and each
 *   household's grants of a group are laid end to end, the next starting where the last one ends.
 */
import type { Country } from '../deployments/profiles.js';
import type { IdScheme } from '../shared/identity/national-id.js';
import { Rng } from '../shared/random.js';
import { matchKey } from '../shared/text/fold.js';
import { syntheticPhone } from '../demo/people.js';
import { loadNames, type NameLists } from '../deployments/names/index.js';
import { NationalIdAllocator, TABLE_TAGS, UuidSource } from './ids.js';
import { drawTypist, typeName, type NameLang } from './spelling.js';

export type Value = string | number | boolean | null;
export type Row = Value[];

/** Column order of the rows produced for each bulk-loaded table. */
export const COLUMNS = {
  households: ['id', 'region_code', 'address', 'phone', 'created_by_org', 'created_at', 'updated_at'],
  persons: ['id', 'id_scheme', 'national_id', 'full_name', 'name_key', 'compact_key', 'birth_date', 'sex', 'nationality', 'phone', 'created_at', 'created_by_org'],
  household_members: ['id', 'household_id', 'person_id', 'relation', 'active', 'joined_at', 'left_at'],
  aid_requests: [
    'id', 'household_id', 'person_id', 'aid_type_code', 'group_code', 'amount_minor', 'item', 'quantity', 'justification', 'status', 'priority', 'channel',
    'submitted_by', 'submitted_by_org', 'submitted_at', 'deadline_at', 'claimed_by_org', 'claimed_at', 'decided_at', 'decided_by', 'decision_reason', 'grant_id',
  ],
  grants: [
    'id', 'household_id', 'person_id', 'request_id', 'org_id', 'aid_type_code', 'group_code', 'form', 'amount_minor', 'currency', 'item', 'quantity',
    'granted_on', 'during', 'recorded_on', 'exception_id', 'status', 'revoked_reason', 'created_by', 'created_at',
  ],
} as const;
export type BulkTable = keyof typeof COLUMNS;
export const BULK_TABLES = Object.keys(COLUMNS) as BulkTable[];

export type Batch = Record<BulkTable, Row[]>;
export const emptyBatch = (): Batch => ({ households: [], persons: [], household_members: [], aid_requests: [], grants: [] });

// Time ---------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
export const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
// Days from 1900 to 2100 as ISO strings, made once (the generator formats tens of millions of dates).
const ISO_FIRST = dayOf('1900-01-01');
const ISO_DAYS = Array.from({ length: dayOf('2100-01-01') - ISO_FIRST }, (_, i) => new Date((ISO_FIRST + i) * DAY_MS).toISOString().slice(0, 10));
export const isoOfDay = (d: number) => ISO_DAYS[d - ISO_FIRST] ?? new Date(d * DAY_MS).toISOString().slice(0, 10);
const TIMES = Array.from({ length: 24 * 60 }, (_, m) => `T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:`);
const SECONDS = Array.from({ length: 60 }, (_, x) => `${String(x).padStart(2, '0')}Z`);
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
/** The first day of the two years of history before asOf. */
export const HISTORY_DAYS = 730;

// The catalogue and the deployment, as read from the database ----------------------------------

export interface AidTypeInfo {
  code: string;
  group: string;
  form: 'cash' | 'in_kind' | 'service';
  nameEn: string;
  deadlineDays: number | null;
}

/** aid_window(type, day) for every aid type and every day of the generated range. */
export interface WindowTable {
  firstDay: number;
  days: number;
  /** [typeIndex * days + (day - firstDay)] → the daterange as PostgreSQL prints it */
  text: string[];
  /** same index → the first day the window no longer covers; Infinity for a lifetime window */
  end: number[];
}

export interface GeneratorContext {
  country: Country;
  idScheme: IdScheme;
  currency: { code: string; minorUnits: number };
  requestDeadlineDays: number;
  ministryId: string;
  /** region codes that households live in (the most detailed level), with their level-1 ancestor */
  regions: { code: string; top: string }[];
  topRegions: string[];
  aidTypes: AidTypeInfo[];
  windows: WindowTable;
}

export interface GenerateSpec {
  households: number;
  seed: number;
  asOf: string;
  /** number of charities; default grows with the registry */
  charities?: number;
}

export const defaultCharities = (households: number) => Math.min(60, Math.max(4, Math.round(households / 20_000)));

// The small tables: charities, their offers and staff -------------------------------------------

export interface OrgRow { id: string; kind: 'charity'; name: string; registration_number: string; status: 'approved' | 'pending'; contact_phone: string; created_at: string; decided_at: string | null; decided_by: null; decision_reason: null }
export interface UserRow { id: string; org_id: string; role: 'ministry_admin' | 'ministry_supervisor' | 'charity_admin' | 'caseworker' | 'field_visitor'; national_id: string; display_name: string; phone: string; locale: 'ar' | 'fa'; created_at: string }
export interface Organisations {
  orgs: OrgRow[];
  users: UserRow[];
  offers: { org_id: string; aid_type_code: string }[];
  coverage: { org_id: string; region_code: string }[];
}

const CHARITY_WORDS = {
  ar: ['الرحمة', 'البر', 'الشفاء', 'الأمل', 'النور', 'الإحسان', 'الخير', 'العطاء', 'التكافل', 'الوفاء', 'السلام', 'الهدى', 'الصفا', 'الفلاح', 'الإيثار', 'المودة'],
  fa: ['مهر', 'امید', 'نیکوکاری', 'همدلی', 'احسان', 'رحمت', 'کوثر', 'یاس', 'مهرگان', 'نور', 'سپیده', 'آرامش', 'بهار', 'ایثار', 'صبا', 'امام رضا'],
};

const JUSTIFICATIONS = {
  ar: ['الأسرة بحاجة إلى مساعدة عاجلة بعد فقدان العائل لعمله', 'تراكم الإيجار المتأخر لثلاثة أشهر', 'مرض مزمن لأحد أفراد الأسرة', 'دخل الأسرة لا يغطي الاحتياجات الأساسية', 'بداية العام الدراسي ولا تستطيع الأسرة شراء المستلزمات', 'تعطل الثلاجة ولا يوجد بديل', 'أرملة تعول أطفالاً صغاراً'],
  fa: ['خانواده پس از بیکاری سرپرست نیاز فوری به کمک دارد', 'اجاره‌بها سه ماه عقب افتاده است', 'بیماری مزمن یکی از اعضای خانواده', 'درآمد خانواده کفاف نیازهای اولیه را نمی‌دهد', 'آغاز سال تحصیلی و ناتوانی در خرید لوازم', 'یخچال خراب شده و جایگزینی ندارد', 'زن سرپرست خانوار با فرزندان خردسال'],
};
const REJECTIONS = {
  ar: ['المستندات غير مكتملة', 'الدخل يتجاوز الحد المعتمد', 'حصلت الأسرة على مساعدة مماثلة مؤخراً', 'تعذر التواصل مع الأسرة'],
  fa: ['مدارک ناقص است', 'درآمد بیش از سقف مصوب است', 'خانواده اخیراً کمک مشابه دریافت کرده است', 'تماس با خانواده ممکن نشد'],
};

/** Cash amounts in whole units of a reference currency (KWD), before the currency's factor. */
const CASH_RANGE: Record<string, [number, number]> = {
  'living-allowance': [100, 250],
  'rent-assistance': [150, 400],
  'utility-bills': [20, 120],
  'student-fees': [200, 1500],
  'university-fees': [500, 2500],
  'medical-aid': [50, 2000],
  'microbusiness-grant': [500, 3000],
};
const CURRENCY_FACTOR: Record<string, { factor: number; step: number }> = {
  KWD: { factor: 1, step: 5 },
  SAR: { factor: 12, step: 50 },
  IRR: { factor: 2_000_000, step: 1_000_000 },
};

/** Which groups a household draws aid from, how often, and the extra days between two grants. */
interface GroupPlan { group: string; p: number; min: number; max: number; gap: number; needs?: 'school' | 'student' }
const PLANS: GroupPlan[] = [
  { group: 'living-allowance', p: 0.26, min: 4, max: 24, gap: 10 },
  { group: 'food-basket', p: 0.33, min: 2, max: 14, gap: 25 },
  { group: 'medication', p: 0.12, min: 2, max: 12, gap: 20 },
  { group: 'utilities', p: 0.25, min: 1, max: 8, gap: 30 },
  { group: 'rent', p: 0.15, min: 1, max: 2, gap: 60 },
  { group: 'medical', p: 0.12, min: 1, max: 4, gap: 60 },
  { group: 'school-fees', p: 0.35, min: 1, max: 3, gap: 40, needs: 'school' },
  { group: 'school-supplies', p: 0.45, min: 1, max: 3, gap: 30, needs: 'school' },
  { group: 'university-fees', p: 0.3, min: 1, max: 3, gap: 40, needs: 'student' },
  { group: 'training', p: 0.05, min: 1, max: 2, gap: 30 },
  { group: 'microbusiness', p: 0.02, min: 1, max: 1, gap: 0 },
  { group: 'medical-device', p: 0.03, min: 1, max: 1, gap: 0 },
  { group: 'home-repair', p: 0.05, min: 1, max: 1, gap: 0 },
  { group: 'refrigerator', p: 0.08, min: 1, max: 1, gap: 0 },
  { group: 'washing-machine', p: 0.06, min: 1, max: 1, gap: 0 },
  { group: 'air-conditioner', p: 0.05, min: 1, max: 1, gap: 0 },
  { group: 'heater', p: 0.04, min: 1, max: 1, gap: 0 },
];

/** Who lives in the deployment: the script of their names, the keyboards they are typed on, nationalities. */
const POPULATION: Record<Country, { arShare: number; foreignKeyboard: Record<NameLang, number>; nationality: Record<NameLang, [string, number][]> }> = {
  KW: {
    arShare: 0.9,
    foreignKeyboard: { ar: 0.06, fa: 0.45 },
    nationality: { ar: [['KW', 0.72], ['EG', 0.08], ['SY', 0.05], ['IQ', 0.04], ['JO', 0.03], ['SA', 0.03], ['LB', 0.02], ['YE', 0.03]], fa: [['KW', 0.6], ['IR', 0.4]] },
  },
  SA: {
    arShare: 0.97,
    foreignKeyboard: { ar: 0.03, fa: 0.6 },
    nationality: { ar: [['SA', 0.8], ['EG', 0.06], ['YE', 0.06], ['SY', 0.04], ['JO', 0.04]], fa: [['AF', 0.6], ['IR', 0.4]] },
  },
  IR: {
    arShare: 0.08,
    foreignKeyboard: { ar: 0.5, fa: 0.08 },
    nationality: { ar: [['IR', 0.85], ['IQ', 0.15]], fa: [['IR', 0.93], ['AF', 0.07]] },
  },
};

function weighted<T>(rng: Rng, items: [T, number][]): T {
  let x = rng.next() * items.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]![0];
}

interface FamilyMember { name: string; sex: 'F' | 'M'; birthDay: number; relation: 'head' | 'spouse' | 'child' }

export class RegistryGenerator {
  readonly rng: Rng;
  readonly ids: UuidSource;
  readonly nationalIds: NationalIdAllocator;
  readonly asOfDay: number;
  readonly charities: number;
  private orgs!: Organisations;
  private caseworkers = new Map<string, string[]>();
  /** `${topRegion}|${aidType}` → charities that offer the type there; `*|${aidType}` → anywhere */
  private givers = new Map<string, string[]>();
  private typeIndex = new Map<string, number>();
  private typesByGroup = new Map<string, AidTypeInfo[]>();
  private keyCache = new Map<string, string>();
  private counters = { persons: 0, household_members: 0, aid_requests: 0, grants: 0 };
  private regionWeights: [{ code: string; top: string }, number][];

  constructor(readonly spec: GenerateSpec, readonly ctx: GeneratorContext) {
    this.rng = new Rng(spec.seed);
    this.ids = new UuidSource(spec.seed);
    this.nationalIds = new NationalIdAllocator(ctx.idScheme, spec.seed);
    this.asOfDay = dayOf(spec.asOf);
    this.charities = spec.charities ?? defaultCharities(spec.households);
    ctx.aidTypes.forEach((t, i) => {
      this.typeIndex.set(t.code, i);
      this.typesByGroup.set(t.group, [...(this.typesByGroup.get(t.group) ?? []), t]);
    });
    // Unequal regions: some areas are much more populous than others.
    this.regionWeights = ctx.regions.map((r, i) => [r, 1 / (1 + (mix(i) % 7))]);
    if (ctx.windows.firstDay > this.asOfDay - HISTORY_DAYS - 1 || ctx.windows.firstDay + ctx.windows.days < this.asOfDay + 1) {
      throw new Error('The window table does not cover the generated period.');
    }
  }

  /** Deterministic timestamps on a day, inside office hours. */
  private at(day: number, hour?: number): string {
    const h = hour ?? this.rng.int(7, 15);
    return isoOfDay(day) + TIMES[h * 60 + this.rng.int(0, 59)]! + SECONDS[this.rng.int(0, 59)]!;
  }

  /**
   * A family: a head, usually a spouse, children; Arabic names are given + father + family, Persian
   * names given + family. Ages are counted back from the as-of day.
   */
  private family(lang: NameLang): FamilyMember[] {
    const { rng } = this;
    const names: NameLists = loadNames(lang);
    const born = (minAge: number, maxAge: number) => this.asOfDay - rng.int(minAge * 365, maxAge * 365 + 364);
    const familyName = rng.pick(names.family);
    const full = (given: string, father: string, fam = familyName) => (lang === 'ar' ? `${given} ${father} ${fam}` : `${given} ${fam}`);
    const headMale = rng.chance(0.8);
    const headGiven = rng.pick(headMale ? names.male : names.female);
    const members: FamilyMember[] = [
      { name: full(headGiven, rng.pick(names.male)), sex: headMale ? 'M' : 'F', birthDay: born(28, 70), relation: 'head' },
    ];
    if (headMale && rng.chance(0.85)) members.push({ name: full(rng.pick(names.female), rng.pick(names.male), rng.pick(names.family)), sex: 'F', birthDay: born(24, 65), relation: 'spouse' });
    const father = headMale ? headGiven : rng.pick(names.male);
    for (let n = rng.int(0, 5); n > 0; n--) {
      const male = rng.chance(0.5);
      members.push({ name: full(rng.pick(male ? names.male : names.female), father), sex: male ? 'M' : 'F', birthDay: born(0, 22), relation: 'child' });
    }
    return members;
  }

  private lang(): NameLang {
    return this.rng.chance(POPULATION[this.ctx.country].arShare) ? 'ar' : 'fa';
  }

  /** Charities (the first offers everything everywhere, like a national federation), their staff and the ministry's staff. */
  organisations(): Organisations {
    const rng = this.rng;
    const orgs: OrgRow[] = [];
    const users: UserRow[] = [];
    const offers: Organisations['offers'] = [];
    const coverage: Organisations['coverage'] = [];
    const { ctx } = this;
    const adult = () => `19${rng.int(60, 99)}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`;
    const locale = ctx.country === 'IR' ? 'fa' : 'ar';
    let u = 0;
    const staff = (orgId: string, role: UserRow['role']) => {
      const lang = this.lang();
      const names = loadNames(lang);
      const user: UserRow = {
        id: this.ids.uuid(TABLE_TAGS.users, u++),
        org_id: orgId,
        role,
        national_id: this.nationalIds.next(adult()),
        display_name: `${rng.pick(names.male)} ${rng.pick(names.family)}`,
        phone: syntheticPhone(rng, ctx.country),
        locale,
        created_at: this.at(this.asOfDay - 1100),
      };
      users.push(user);
      return user;
    };
    staff(ctx.ministryId, 'ministry_admin');
    staff(ctx.ministryId, 'ministry_supervisor');
    const words = CHARITY_WORDS[locale];
    for (let i = 0; i < this.charities; i++) {
      const id = this.ids.uuid(TABLE_TAGS.organisations, i);
      const word = words[i % words.length]!;
      const suffix = i < words.length ? '' : ` ${Math.floor(i / words.length) + 1}`;
      const name = locale === 'fa' ? `مؤسسه خیریه ${word}${suffix}` : `جمعية ${word} الخيرية${suffix}`;
      const status = i > 0 && i % 25 === 0 ? 'pending' : 'approved';
      orgs.push({ id, kind: 'charity', name, registration_number: `CH-${2001 + i}`, status, contact_phone: syntheticPhone(rng, ctx.country), created_at: this.at(this.asOfDay - 1200), decided_at: status === 'approved' ? this.at(this.asOfDay - 1150) : null, decided_by: null, decision_reason: null });
      const types = i === 0 ? ctx.aidTypes.map((t) => t.code) : ctx.aidTypes.filter(() => rng.chance(0.4)).map((t) => t.code);
      if (types.length === 0) types.push(rng.pick(ctx.aidTypes).code);
      const tops = i === 0 ? ctx.topRegions : ctx.topRegions.filter(() => rng.chance(0.35));
      if (tops.length === 0) tops.push(rng.pick(ctx.topRegions));
      for (const t of types) offers.push({ org_id: id, aid_type_code: t });
      for (const r of tops) coverage.push({ org_id: id, region_code: r });
      staff(id, 'charity_admin');
      const workers = [staff(id, 'caseworker').id, staff(id, 'caseworker').id];
      staff(id, 'field_visitor');
      if (status !== 'approved') continue;
      this.caseworkers.set(id, workers);
      for (const t of types) {
        this.push(`*|${t}`, id);
        for (const r of tops) this.push(`${r}|${t}`, id);
      }
    }
    this.orgs = { orgs, users, offers, coverage };
    return this.orgs;
  }

  private push(key: string, id: string) {
    const list = this.givers.get(key);
    if (list) list.push(id);
    else this.givers.set(key, [id]);
  }

  /**
   * matchKey and compactKey of a name, folded word by word (the fold never joins two words, so the
   * key of a name is the keys of its words joined by spaces); words repeat, so each is folded once.
   */
  private keys(fullName: string): [string, string] {
    let key = '';
    for (const word of fullName.split(' ')) {
      let k = this.keyCache.get(word);
      if (k === undefined) {
        k = matchKey(word);
        this.keyCache.set(word, k);
      }
      if (k !== '') key = key === '' ? k : `${key} ${k}`;
    }
    return [key, key.replaceAll(' ', '')];
  }

  private giver(top: string, type: string): string {
    const local = this.rng.chance(0.75) ? this.givers.get(`${top}|${type}`) : undefined;
    return this.rng.pick(local ?? this.givers.get(`*|${type}`)!);
  }

  private amount(type: AidTypeInfo): number | null {
    const range = CASH_RANGE[type.code];
    if (type.form !== 'cash') return null;
    const [lo, hi] = range ?? [50, 500];
    const cur = CURRENCY_FACTOR[this.ctx.currency.code] ?? { factor: 1, step: 5 };
    const major = Math.max(cur.step, Math.round((this.rng.int(lo, hi) * cur.factor) / cur.step) * cur.step);
    return major * 10 ** this.ctx.currency.minorUnits;
  }

  /** Appends household i (its people, memberships, requests and grants) to the batch. */
  household(i: number, out: Batch): void {
    if (!this.orgs) throw new Error('Generate the organisations first.');
    const { rng, ctx, ids, asOfDay } = this;
    const lang = this.lang();
    const pop = POPULATION[ctx.country];
    const typist = drawTypist(rng, lang, pop.foreignKeyboard[lang]);
    const family = this.family(lang);
    const nationality = weighted(rng, pop.nationality[lang]);
    const region = weighted(rng, this.regionWeights);
    const registeredDay = asOfDay - HISTORY_DAYS - rng.int(0, 1095);
    const registeredAt = this.at(registeredDay);
    const householdId = ids.uuid(TABLE_TAGS.households, i);
    const phone = syntheticPhone(rng, ctx.country);
    const address =
      ctx.country === 'IR'
        ? `خیابان ${rng.int(1, 60)}، کوچه ${rng.int(1, 30)}، پلاک ${rng.int(1, 200)}`
        : ctx.country === 'SA'
          ? `شارع ${rng.int(1, 90)}، مبنى ${rng.int(1, 9999)}`
          : `قطعة ${rng.int(1, 12)}، شارع ${rng.int(1, 40)}، منزل ${rng.int(1, 120)}`;
    const registeredBy = this.giver(region.top, rng.pick(ctx.aidTypes).code);
    out.households.push([householdId, region.code, address, phone, registeredBy, registeredAt, registeredAt]);

    const personIds: string[] = [];
    let school = false;
    let student = false;
    for (const m of family) {
      const personId = ids.uuid(TABLE_TAGS.persons, this.counters.persons++);
      personIds.push(personId);
      const fullName = typeName(m.name, lang, typist, rng);
      const [nameKey, compact] = this.keys(fullName);
      const own = m.relation === 'head' ? phone : m.relation === 'spouse' && rng.chance(0.5) ? syntheticPhone(rng, ctx.country) : null;
      const birthDate = isoOfDay(m.birthDay);
      out.persons.push([personId, ctx.idScheme, this.nationalIds.next(birthDate), fullName, nameKey, compact, birthDate, m.sex, nationality, own, registeredAt, registeredBy]);
      out.household_members.push([ids.uuid(TABLE_TAGS.household_members, this.counters.household_members++), householdId, personId, m.relation, true, registeredAt, null]);
      const age = Math.floor((asOfDay - m.birthDay) / 365.25);
      if (m.relation === 'child' && age >= 6 && age <= 18) school = true;
      if (m.relation === 'child' && age >= 18 && age <= 24) student = true;
    }
    // One spouse in a hundred moved here from an earlier household: the old membership is kept, inactive.
    if (i > 0 && family[1]?.relation === 'spouse' && rng.chance(0.01)) {
      const earlier = ids.uuid(TABLE_TAGS.households, rng.int(0, i - 1));
      out.household_members.push([ids.uuid(TABLE_TAGS.household_members, this.counters.household_members++), earlier, personIds[1]!, 'child', false, this.at(registeredDay - 2000), registeredAt]);
    }

    // Grants, group by group, each window starting where the previous one ended.
    const first = asOfDay - HISTORY_DAYS;
    const { windows } = ctx;
    for (const plan of PLANS) {
      if ((plan.needs === 'school' && !school) || (plan.needs === 'student' && !student)) continue;
      if (!rng.chance(plan.p)) continue;
      const types = this.typesByGroup.get(plan.group);
      if (!types) continue;
      const wanted = rng.int(plan.min, plan.max);
      const typical = wanted > 1 ? Math.max(0, windows.end[this.typeIndex.get(types[0]!.code)! * windows.days + (first - windows.firstDay)]! - first) : 0;
      let day = first + rng.int(0, Math.max(0, HISTORY_DAYS - 1 - wanted * (typical + plan.gap / 2)));
      for (let k = 0; k < wanted && day < asOfDay; k++) {
        const type = types.length === 1 ? types[0]! : rng.pick(types);
        const w = this.typeIndex.get(type.code)! * windows.days + (day - windows.firstDay);
        this.grant(out, householdId, personIds, region.top, type, day, windows.text[w]!, lang);
        const end = windows.end[w]!;
        if (!Number.isFinite(end)) break;
        day = end + rng.int(0, plan.gap);
      }
    }

    // A past request that was turned down.
    if (rng.chance(0.1)) {
      const type = rng.pick(ctx.aidTypes);
      const day = first + rng.int(0, HISTORY_DAYS - 20);
      const org = this.giver(region.top, type.code);
      out.aid_requests.push(this.request(householdId, personIds[0]!, type, 'rejected', day, lang, {
        claimedBy: org,
        decidedDay: day + rng.int(2, 12),
        decidedBy: rng.pick(this.caseworkers.get(org)!),
        reason: rng.pick(REJECTIONS[lang]),
      }));
    }
    // The pool: one household in twenty-five has a request open now (or claimed, or past its deadline).
    if (rng.chance(0.04)) {
      const type = rng.pick(ctx.aidTypes);
      const deadline = type.deadlineDays ?? ctx.requestDeadlineDays;
      const kind = rng.next();
      if (kind < 0.7) {
        out.aid_requests.push(this.request(householdId, personIds[0]!, type, 'open', asOfDay - rng.int(0, deadline - 1), lang, {}));
      } else if (kind < 0.9) {
        const org = this.giver(region.top, type.code);
        out.aid_requests.push(this.request(householdId, personIds[0]!, type, 'claimed', asOfDay - rng.int(1, deadline - 1), lang, { claimedBy: org }));
      } else {
        out.aid_requests.push(this.request(householdId, personIds[0]!, type, 'escalated', asOfDay - deadline - rng.int(1, 10), lang, {}));
      }
    }
  }

  private grant(out: Batch, householdId: string, personIds: string[], top: string, type: AidTypeInfo, day: number, during: string, lang: NameLang) {
    const { rng, ctx, ids } = this;
    const org = this.giver(top, type.code);
    const by = rng.pick(this.caseworkers.get(org)!);
    const grantId = ids.uuid(TABLE_TAGS.grants, this.counters.grants++);
    const personId = rng.chance(0.8) ? personIds[0]! : rng.pick(personIds);
    const amount = this.amount(type);
    const item = type.form === 'cash' ? null : type.nameEn;
    const quantity = type.form === 'cash' ? null : type.code === 'food-basket' ? rng.int(1, 2) : 1;
    const createdAt = this.at(day);
    let requestId: string | null = null;
    // Some grants answer a request made through the registry; the rest were given directly.
    if (rng.chance(0.15)) {
      const submitted = day - rng.int(1, 12);
      const r = this.request(householdId, personId, type, 'approved', submitted, lang, { claimedBy: org, decidedDay: day, decidedAt: createdAt, decidedBy: by, grantId, amount, item, quantity });
      requestId = r[0] as string;
      out.aid_requests.push(r);
    }
    const revoked = rng.chance(0.003);
    out.grants.push([
      grantId, householdId, personId, requestId, org, type.code, type.group, type.form, amount, amount === null ? null : ctx.currency.code, item, quantity,
      // recorded on the day it was given, so its window is its aid date's (0011)
      isoOfDay(day), during, isoOfDay(day), null, revoked ? 'revoked' : 'active', revoked ? 'Recorded in error' : null, by, createdAt,
    ]);
  }

  private request(
    householdId: string, personId: string, type: AidTypeInfo, status: 'open' | 'claimed' | 'escalated' | 'approved' | 'rejected', submittedDay: number, lang: NameLang,
    o: { claimedBy?: string; decidedDay?: number; decidedAt?: string; decidedBy?: string; reason?: string; grantId?: string; amount?: number | null; item?: string | null; quantity?: number | null },
  ): Row {
    const { rng, ctx, ids } = this;
    const channel = weighted(rng, [['applicant', 0.5], ['staff', 0.4], ['intake', 0.1]] as ['applicant' | 'staff' | 'intake', number][]);
    const submitter = channel === 'staff' && o.claimedBy ? rng.pick(this.caseworkers.get(o.claimedBy)!) : null;
    const submittedAt = this.at(submittedDay);
    const deadlineAt = isoOfDay(submittedDay + (type.deadlineDays ?? ctx.requestDeadlineDays)) + submittedAt.slice(10);
    const claimedAt = o.claimedBy ? this.at(Math.min(submittedDay + rng.int(1, 3), o.decidedDay ?? this.asOfDay), 7) : null;
    const amount = o.amount !== undefined ? o.amount : status === 'approved' ? null : this.amount(type);
    return [
      ids.uuid(TABLE_TAGS.aid_requests, this.counters.aid_requests++), householdId, personId, type.code, type.group, amount, o.item ?? null, o.quantity ?? null,
      rng.pick(JUSTIFICATIONS[lang]), status, weighted(rng, [[0, 0.6], [1, 0.25], [2, 0.1], [3, 0.05]] as [number, number][]), channel,
      submitter, submitter ? o.claimedBy! : null, submittedAt, deadlineAt, o.claimedBy ?? null, claimedAt,
      o.decidedAt ?? (o.decidedDay !== undefined ? this.at(o.decidedDay, 16) : null), o.decidedBy ?? null, o.reason ?? null, o.grantId ?? null,
    ];
  }
}

function mix(i: number) {
  let x = (i + 1) * 0x9e3779b1;
  x ^= x >>> 15;
  return Math.abs(Math.imul(x, 0x85ebca6b));
}
