/**
 * A programme's benefit formula, kept as data: how much a household that passes the rule receives
 * a month, in integer minor units. benefitAmount gives one household's amount; compileBenefit gives
 * the same amount as a SQL bigint expression over the facts table, for every household at once
 * (test/integration/eligibility-sql.test.ts holds the two to the same answers).
 *
 *   amount = baseMinor + perMemberMinor × counted members
 *   counted members = the household's members, at most maxMembers
 *   bySize (when given) replaces that sum: the amount of the largest size ≤ counted members;
 *     a household smaller than the smallest size receives baseMinor
 *   capMinor, when given, is the most any household receives
 *
 * A household whose members are not known counts 0 members, so it receives baseMinor only (in
 * bySize too): the base is what the programme gives any household it admits. A negative count
 * (which no declaration gives) also counts 0. Amounts are never negative and always integers.
 */
import type { HouseholdFacts } from './facts.js';
import { plainColumn, type ColumnOf } from './compile-sql.js';

export interface BenefitFormula {
  baseMinor: number;
  perMemberMinor: number;
  maxMembers?: number;
  capMinor?: number;
  bySize?: { members: number; amountMinor: number }[];
}

export type FormulaCheck = { ok: true; formula: BenefitFormula } | { ok: false; path: string; message: string };

/** The largest amount a formula may name (a thousand million major units of a 3-decimal currency). */
export const MAX_AMOUNT_MINOR = 1e12;
export const MAX_SIZES = 50;
const MAX_COUNTED = 1000;

/** Checks a formula a ministry officer saves: whole amounts in 0..MAX_AMOUNT_MINOR, sizes increasing. */
export function validateFormula(formula: unknown): FormulaCheck {
  const refuse = (path: string, message: string): FormulaCheck => ({ ok: false, path, message });
  if (typeof formula !== 'object' || formula === null || Array.isArray(formula)) return refuse('', 'a benefit formula is an object');
  const f = formula as Record<string, unknown>;
  const known = ['baseMinor', 'perMemberMinor', 'maxMembers', 'capMinor', 'bySize'];
  const extra = Object.keys(f).find((k) => !known.includes(k));
  if (extra !== undefined) return refuse(`/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`, `unknown field "${extra}"; a formula has ${known.join(', ')}`);
  const amount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= MAX_AMOUNT_MINOR;
  const amountMessage = `must be a whole number of minor units from 0 to ${MAX_AMOUNT_MINOR}`;
  for (const k of ['baseMinor', 'perMemberMinor'] as const) if (!amount(f[k])) return refuse(`/${k}`, `${k} ${amountMessage}`);
  if (f.capMinor !== undefined && !amount(f.capMinor)) return refuse('/capMinor', `capMinor ${amountMessage}`);
  const size = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= MAX_COUNTED;
  if (f.maxMembers !== undefined && !size(f.maxMembers)) return refuse('/maxMembers', `maxMembers must be a whole number from 1 to ${MAX_COUNTED}`);
  const out: BenefitFormula = { baseMinor: f.baseMinor as number, perMemberMinor: f.perMemberMinor as number };
  if (f.maxMembers !== undefined) out.maxMembers = f.maxMembers as number;
  if (f.capMinor !== undefined) out.capMinor = f.capMinor as number;
  if (f.bySize !== undefined) {
    if (!Array.isArray(f.bySize) || f.bySize.length < 1 || f.bySize.length > MAX_SIZES) return refuse('/bySize', `bySize is a list of 1 to ${MAX_SIZES} sizes`);
    const sizes: { members: number; amountMinor: number }[] = [];
    for (const [i, row] of f.bySize.entries()) {
      const path = `/bySize/${i}`;
      if (typeof row !== 'object' || row === null || Array.isArray(row)) return refuse(path, 'a size is an object { members, amountMinor }');
      const r = row as Record<string, unknown>;
      const other = Object.keys(r).find((k) => k !== 'members' && k !== 'amountMinor');
      if (other !== undefined) return refuse(`${path}/${other.replace(/~/g, '~0').replace(/\//g, '~1')}`, `unknown field "${other}"; a size has members and amountMinor`);
      if (!size(r.members)) return refuse(`${path}/members`, `members must be a whole number from 1 to ${MAX_COUNTED}`);
      if (i > 0 && (r.members as number) <= sizes[i - 1]!.members) return refuse(`${path}/members`, 'the sizes must be in increasing order of members, each once');
      if (!amount(r.amountMinor)) return refuse(`${path}/amountMinor`, `amountMinor ${amountMessage}`);
      sizes.push({ members: r.members as number, amountMinor: r.amountMinor as number });
    }
    out.bySize = sizes;
  }
  return { ok: true, formula: out };
}

/** The formula, or an Error naming the field at fault: an amount is only ever computed from a valid formula. */
export function requireFormula(formula: unknown): BenefitFormula {
  const checked = validateFormula(formula);
  if (!checked.ok) throw new Error(`invalid benefit formula at "${checked.path}": ${checked.message}`);
  return checked.formula;
}

/** The household's monthly amount in integer minor units (see the file's header). */
export function benefitAmount(formula: BenefitFormula, facts: Pick<HouseholdFacts, 'members'>): number {
  requireFormula(formula);
  const m = facts.members;
  if (m !== null && (typeof m !== 'number' || !Number.isInteger(m))) throw new TypeError('the fact members must be an integer or null');
  const members = m === null || m < 0 ? 0 : m;
  const counted = formula.maxMembers === undefined ? members : Math.min(members, formula.maxMembers);
  let amount: bigint;
  if (formula.bySize) {
    const size = [...formula.bySize].reverse().find((s) => s.members <= counted);
    amount = BigInt(size ? size.amountMinor : formula.baseMinor);
  } else {
    amount = BigInt(formula.baseMinor) + BigInt(formula.perMemberMinor) * BigInt(counted);
  }
  if (formula.capMinor !== undefined && amount > BigInt(formula.capMinor)) amount = BigInt(formula.capMinor);
  // no cap: a count beyond any household (the column is an integer) still gives a number JavaScript holds exactly
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) amount = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(amount);
}

/** benefitAmount as a SQL bigint expression over the facts table. */
export function compileBenefit(formula: BenefitFormula, columnOf: ColumnOf = plainColumn): string {
  const f = requireFormula(formula);
  const members = `greatest(coalesce((${columnOf('members')})::numeric, 0), 0)`;
  const counted = f.maxMembers === undefined ? members : `least(${members}, ${f.maxMembers})`;
  const amount = f.bySize
    ? `(case ${[...f.bySize].reverse().map((s) => `when ${counted} >= ${s.members} then ${s.amountMinor}`).join(' ')} else ${f.baseMinor} end)::numeric`
    : `(${f.baseMinor}::numeric + ${f.perMemberMinor}::numeric * ${counted})`;
  const capped = f.capMinor === undefined ? amount : `least(${amount}, ${f.capMinor})`;
  return `(least(${capped}, ${Number.MAX_SAFE_INTEGER}))::bigint`;
}

