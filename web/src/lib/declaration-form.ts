/**
 * The self-declaration form's logic, kept apart from React so it is tested on its own: money typed
 * in any script's digits to integer minor units and back, the steps of the form and which step a
 * field the server names belongs to, the parts of a path, and the review's totals. The shapes are
 * the API's (web/src/api/openapi.d.ts).
 */
import type { Schema } from './api-types.js';

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'other'] as const;
export const INCOME_SOURCES = ['work', 'pension', 'benefit', 'family', 'other'] as const;
export const TENURES = ['owned', 'rented', 'family', 'informal', 'homeless'] as const;
export const DEBT_KINDS = ['rent-arrears', 'loan', 'medical', 'utility', 'other'] as const;
export const STEPS = ['members', 'income', 'housing', 'health', 'debts', 'needs', 'review'] as const;
export type Step = (typeof STEPS)[number];

/** GET /api/v1/me/declaration: the working copy, the versions, the latest score and the requests it opened. */
export type DeclarationView = Schema<'Declaration'>;
/** The working copy as the API keeps it (PUT /api/v1/me/declaration/draft): every part optional, money in minor units. */
export type DeclarationDraft = DeclarationView['draft'];
export type DeclaredMember = NonNullable<DeclarationDraft['members']>[number];
export type Relation = DeclaredMember['relation'];
/** POST /api/v1/me/declaration/submit. */
export type SubmitResult = Schema<'DeclarationSubmitted'>;

const DIGIT = /\p{Nd}/u;

/** A decimal digit of any script (Latin, Arabic-Indic, Persian, Devanagari, …) as its ASCII digit; other characters unchanged. */
export function latinDigits(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch >= '0' && ch <= '9') {
      out += ch;
      continue;
    }
    if (!DIGIT.test(ch)) {
      out += ch;
      continue;
    }
    // Unicode's digits come in runs of ten from zero: the value is the position in the run.
    let cp = ch.codePointAt(0)!;
    let k = 0;
    while (DIGIT.test(String.fromCodePoint(cp - 1))) {
      cp--;
      k++;
    }
    out += String(k % 10);
  }
  return out;
}

export type MoneyParse = { ok: true; minor: number | null } | { ok: false; error: 'format' | 'decimals' | 'tooLarge' };

/**
 * An amount as typed ("1,250.5", "۱۲۵۰٫۵", "١٬٢٥٠٫٥٠٠") to integer minor units of a currency with
 * `minorUnits` decimals; an empty field is `null`. Grouping marks and spaces are ignored; the
 * decimal mark is "." or the Arabic "٫"; more decimals than the currency has is refused.
 */
export function parseMoney(text: string, minorUnits: number): MoneyParse {
  const s = latinDigits(text.trim())
    .replace(/[\s\u00a0\u202f\u2009,\u066c'’]/g, '')
    .replace(/\u066b/g, '.');
  if (s === '') return { ok: true, minor: null };
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, error: 'format' };
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > minorUnits) return { ok: false, error: 'decimals' };
  const minor = Number(m[1]) * 10 ** minorUnits + Number(frac.padEnd(minorUnits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, error: 'tooLarge' };
  return { ok: true, minor };
}

/** Minor units as the amount to edit, in ASCII digits with exactly the currency's decimals ("150.500"). */
export function moneyText(minor: number | null | undefined, minorUnits: number): string {
  if (minor === null || minor === undefined) return '';
  if (minorUnits === 0) return String(minor);
  const whole = Math.floor(minor / 10 ** minorUnits);
  const frac = String(minor % 10 ** minorUnits).padStart(minorUnits, '0');
  return `${whole}.${frac}`;
}

/** The step a field the server names belongs to ("/members/2/nationalId" → members, "/regionCode" → housing). */
export function stepOfPath(path: string): Step {
  const [first, , field] = path.replace(/^\//, '').split('/');
  switch (first) {
    case 'members':
      return field === 'disability' || field === 'chronicIllness' ? 'health' : 'members';
    case 'incomes':
      return 'income';
    case 'housing':
    case 'regionCode':
      return 'housing';
    case 'debts':
      return 'debts';
    case 'needs':
      return 'needs';
    default:
      return 'review';
  }
}

/** A path as its parts: the section, the 1-based row when the section is a list, and the field. */
export function pathParts(path: string): { section: string; row: number | null; field: string | null } {
  const parts = path.replace(/^\//, '').split('/').filter(Boolean);
  const section = parts[0] ?? '';
  const index = parts[1] !== undefined && /^\d+$/.test(parts[1]) ? Number(parts[1]) : null;
  const field = index === null ? (parts[1] ?? null) : (parts[2] ?? null);
  return { section, row: index === null ? null : index + 1, field };
}

export interface ReviewSummary {
  members: number;
  byRelation: Partial<Record<Relation, number>>;
  disability: number;
  chronicIllness: number;
  monthlyIncomeMinor: number;
  monthlyRentMinor: number;
  debtsMinor: number;
  monthlyRepaymentMinor: number;
  needs: number;
}

/** The totals the review shows above the details: the same sums the need score is computed from. */
export function reviewSummary(d: DeclarationDraft): ReviewSummary {
  const members = d.members ?? [];
  const byRelation: Partial<Record<Relation, number>> = {};
  for (const m of members) byRelation[m.relation] = (byRelation[m.relation] ?? 0) + 1;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    members: members.length,
    byRelation,
    disability: members.filter((m) => m.disability).length,
    chronicIllness: members.filter((m) => m.chronicIllness).length,
    monthlyIncomeMinor: sum((d.incomes ?? []).map((i) => i.monthlyAmountMinor)),
    monthlyRentMinor: d.housing?.tenure === 'rented' ? d.housing.monthlyRentMinor : 0,
    debtsMinor: sum((d.debts ?? []).map((x) => x.totalMinor)),
    monthlyRepaymentMinor: sum((d.debts ?? []).map((x) => x.monthlyRepaymentMinor)),
    needs: (d.needs ?? []).length,
  };
}

/** The draft the form starts from: the applicant as the head when there is no member yet. */
export function startingDraft(d: DeclarationDraft, applicant: { nationalId: string; fullName: string | null }): DeclarationDraft {
  if (d.members && d.members.length) return d;
  return { ...d, members: [{ nationalId: applicant.nationalId, fullName: applicant.fullName ?? '', relation: 'head', disability: false, chronicIllness: false }] };
}
