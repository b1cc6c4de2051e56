/**
 * The facts catalogue: the one list of what an eligibility rule may ask about a household. Each
 * fact is a variable of the rules (camelCase, `{"var": "members"}`), a column of the facts table
 * (snake_case, what the compiled SQL reads), a kind (which decides how it is compared and shown)
 * and its name in the three languages. Any fact may be unknown (null).
 */
import { HOUSING } from '../../scoring/need-score.js';

export type FactKind = 'money' | 'count' | 'years' | 'code' | 'boolean';

export interface Fact {
  /** The column of the facts table (and of the compiled SQL). */
  column: string;
  /** money: integer minor units of the deployment's currency; count, years: integers. */
  kind: FactKind;
  label: { en: string; ar: string; fa: string };
  /** The only codes the fact takes, when the list is closed. */
  codes?: readonly string[];
}

const fact = (column: string, kind: FactKind, en: string, ar: string, fa: string, codes?: readonly string[]): Fact =>
  codes ? { column, kind, label: { en, ar, fa }, codes } : { column, kind, label: { en, ar, fa } };

export const FACTS = {
  regionCode: fact('region_code', 'code', 'region', 'المنطقة', 'منطقه'),
  /** The level-1 region (governorate, province) the household's region belongs to. */
  provinceCode: fact('province_code', 'code', 'province', 'المحافظة', 'استان'),
  members: fact('members', 'count', 'members', 'عدد الأفراد', 'تعداد اعضا'),
  /** Members under 18. */
  children: fact('children', 'count', 'children', 'عدد الأطفال', 'تعداد فرزندان'),
  /** Members aged 60 or more. */
  elders: fact('elders', 'count', 'elders', 'عدد كبار السن', 'تعداد سالمندان'),
  disabledMembers: fact('disabled_members', 'count', 'members with a disability', 'عدد الأفراد ذوي الإعاقة', 'تعداد اعضای دارای معلولیت'),
  chronicallyIllMembers: fact('chronically_ill_members', 'count', 'chronically ill members', 'عدد المصابين بأمراض مزمنة', 'تعداد اعضای دارای بیماری مزمن'),
  headAge: fact('head_age', 'years', "head of household's age", 'عمر رب الأسرة', 'سن سرپرست خانوار'),
  /** ISO 3166-1 alpha-2. */
  headNationality: fact('head_nationality', 'code', "head of household's nationality", 'جنسية رب الأسرة', 'ملیت سرپرست خانوار'),
  /** Every member has the deployment's nationality. */
  allNationals: fact('all_nationals', 'boolean', 'all members nationals', 'جميع الأفراد من المواطنين', 'همه اعضا تبعه کشور'),
  monthlyIncomeMinor: fact('monthly_income_minor', 'money', 'monthly income', 'الدخل الشهري', 'درآمد ماهانه'),
  incomePerMemberMinor: fact('income_per_member_minor', 'money', 'income per member', 'دخل الفرد', 'درآمد سرانه'),
  monthlyRentMinor: fact('monthly_rent_minor', 'money', 'monthly rent', 'الإيجار الشهري', 'اجاره ماهانه'),
  debtsMinor: fact('debts_minor', 'money', 'debts', 'الديون', 'بدهی‌ها'),
  /** Cash aid received in the last 90 days. */
  cashAid90dMinor: fact('cash_aid_90d_minor', 'money', 'cash aid in the last 90 days', 'المساعدات النقدية في آخر 90 يومًا', 'کمک نقدی در 90 روز گذشته'),
  /** The tenure of the declaration's housing step (the need score's list). */
  housing: fact('housing', 'code', 'housing', 'السكن', 'مسکن', HOUSING),
  /** The household has submitted a declaration. */
  declared: fact('declared', 'boolean', 'declaration submitted', 'تقديم الإقرار', 'ارسال اظهارنامه'),
} as const satisfies Record<string, Fact>;

export type FactName = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS) as FactName[];

export type HouseholdFacts = { [K in FactName]: number | string | boolean | null };

export const isFactName = (name: unknown): name is FactName => typeof name === 'string' && Object.hasOwn(FACTS, name);

/** How a fact's values compare: numbers (money, counts, years), codes, or yes/no. */
export type ValueType = 'number' | 'code' | 'boolean';
export const valueTypeOf = (kind: FactKind): ValueType => (kind === 'code' ? 'code' : kind === 'boolean' ? 'boolean' : 'number');
