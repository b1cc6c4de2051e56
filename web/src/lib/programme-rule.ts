/**
 * A programme's eligibility rule as the ministry edits it: a list of conditions (a fact, an
 * operator, a value) combined with "all" or "any", turned into the JSON Logic the server checks
 * and compiles (src/modules/programmes/rules/rule.ts), and read back from it. Money facts are typed
 * as decimal amounts of the deployment's currency and kept in the rule as integer minor units,
 * converted exactly (no floating point). The benefit formula's amounts are converted the same way.
 */
import { asciiDigits } from './format.js';

export type FactKind = 'money' | 'count' | 'years' | 'code' | 'boolean';
export interface FactInfo {
  name: string;
  kind: string;
  label: { en: string; ar: string; fa: string };
  codes: string[] | null;
}

export const NUMBER_OPS = ['<=', '<', '>=', '>', '==', '!='] as const;
export const CODE_OPS = ['==', '!=', 'in'] as const;
export const BOOLEAN_OPS = ['=='] as const;
export type ConditionOp = (typeof NUMBER_OPS)[number] | 'in';

/** One condition as typed: the value is text (a decimal amount, a count, a code, "true"/"false"; codes of `in` comma-separated). */
export interface Condition {
  fact: string;
  op: ConditionOp;
  value: string;
}
export interface ConditionList {
  combine: 'all' | 'any';
  conditions: Condition[];
}

export const opsOf = (kind: string): readonly ConditionOp[] => (kind === 'code' ? CODE_OPS : kind === 'boolean' ? BOOLEAN_OPS : NUMBER_OPS);

/** A decimal amount typed in any digits ("35.5", "٣٥٫٥") as integer minor units; null when it is not an amount. */
export function toMinor(text: string, minorUnits: number): number | null {
  const s = asciiDigits(text.trim()).replace(/[٫,]/g, '.');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > minorUnits) return null;
  return Number(m[1]) * 10 ** minorUnits + Number(frac.padEnd(minorUnits, '0') || '0');
}

/** Integer minor units as the decimal amount an input shows ("35.000" for 35000 fils). */
export function fromMinor(minor: number, minorUnits: number): string {
  if (minorUnits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const a = Math.abs(minor);
  const unit = 10 ** minorUnits;
  return `${sign}${Math.floor(a / unit)}.${String(a % unit).padStart(minorUnits, '0')}`;
}

export type ValueProblem = 'required' | 'amount' | 'integer' | 'code';

/** The JSON Logic literal of a condition's value, or why it is not one. */
export function literalOf(c: Condition, kind: string, minorUnits: number): { ok: true; value: number | string | boolean | string[] } | { ok: false; problem: ValueProblem } {
  const v = c.value.trim();
  if (v === '') return { ok: false, problem: 'required' };
  if (kind === 'money') {
    const m = toMinor(v, minorUnits);
    return m === null ? { ok: false, problem: 'amount' } : { ok: true, value: m };
  }
  if (kind === 'boolean') return { ok: true, value: v === 'true' };
  if (kind === 'code') {
    if (c.op === 'in') {
      const codes = v.split(',').map((x) => x.trim()).filter(Boolean);
      return codes.length && codes.every((x) => /^[A-Za-z0-9_.-]{1,64}$/.test(x)) ? { ok: true, value: codes } : { ok: false, problem: 'code' };
    }
    return /^[A-Za-z0-9_.-]{1,64}$/.test(v) ? { ok: true, value: v } : { ok: false, problem: 'code' };
  }
  const n = asciiDigits(v);
  return /^\d+$/.test(n) ? { ok: true, value: Number(n) } : { ok: false, problem: 'integer' };
}

/** The rule of a condition list, or the problems of its conditions by index. */
export function ruleOf(list: ConditionList, facts: readonly FactInfo[], minorUnits: number): { rule: unknown; problems: Record<number, ValueProblem> } {
  const kinds = new Map(facts.map((f) => [f.name, f.kind]));
  const problems: Record<number, ValueProblem> = {};
  const parts: unknown[] = [];
  list.conditions.forEach((c, i) => {
    const kind = kinds.get(c.fact) ?? 'count';
    const lit = literalOf(c, kind, minorUnits);
    if (!lit.ok) {
      problems[i] = lit.problem;
      return;
    }
    parts.push({ [c.op]: [{ var: c.fact }, lit.value] });
  });
  return { rule: { [list.combine === 'all' ? 'and' : 'or']: parts }, problems };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A rule read back as a condition list; null when it says more than conditions combined once (then it is shown as JSON only). */
export function conditionsOf(rule: unknown, facts: readonly FactInfo[], minorUnits: number): ConditionList | null {
  const kinds = new Map(facts.map((f) => [f.name, f.kind]));
  if (!isObject(rule)) return null;
  const op = Object.keys(rule)[0];
  const combine = op === 'or' ? 'any' : 'all';
  const items = op === 'and' || op === 'or' ? rule[op] : [rule];
  if (!Array.isArray(items)) return null;
  const conditions: Condition[] = [];
  for (const item of items) {
    if (!isObject(item)) return null;
    const cop = Object.keys(item)[0] as ConditionOp;
    const args = item[cop];
    if (![...NUMBER_OPS, 'in'].includes(cop) || !Array.isArray(args) || args.length !== 2) return null;
    const [left, right] = args as [unknown, unknown];
    if (!isObject(left) || typeof left.var !== 'string' || !kinds.has(left.var)) return null;
    const kind = kinds.get(left.var)!;
    let value: string;
    if (cop === 'in' && Array.isArray(right)) value = right.join(', ');
    else if (kind === 'money' && typeof right === 'number') value = fromMinor(right, minorUnits);
    else if (typeof right === 'number' || typeof right === 'string' || typeof right === 'boolean') value = String(right);
    else return null;
    conditions.push({ fact: left.var, op: cop, value });
  }
  return { combine, conditions };
}

/** The benefit formula's amounts as typed (decimal amounts), over whatever else the formula holds (maxMembers, bySize). */
export interface BenefitFields {
  base: string;
  perMember: string;
  cap: string;
}

export function benefitFieldsOf(benefit: unknown, minorUnits: number): BenefitFields {
  const b = isObject(benefit) ? benefit : {};
  const amount = (x: unknown) => (typeof x === 'number' ? fromMinor(x, minorUnits) : '');
  return { base: amount(b.baseMinor), perMember: amount(b.perMemberMinor), cap: amount(b.capMinor) };
}

/** The benefit formula with the typed amounts in minor units, keeping the formula's other parts; the fields that are not amounts. */
export function benefitOf(fields: BenefitFields, previous: unknown, minorUnits: number): { benefit: Record<string, unknown> | null; problems: Partial<Record<keyof BenefitFields, ValueProblem>> } {
  const out: Record<string, unknown> = isObject(previous) ? { ...previous } : {};
  const problems: Partial<Record<keyof BenefitFields, ValueProblem>> = {};
  const keys: [keyof BenefitFields, string][] = [['base', 'baseMinor'], ['perMember', 'perMemberMinor'], ['cap', 'capMinor']];
  for (const [field, key] of keys) {
    const text = fields[field].trim();
    if (text === '') {
      delete out[key];
      continue;
    }
    const m = toMinor(text, minorUnits);
    if (m === null) problems[field] = 'amount';
    else out[key] = m;
  }
  return { benefit: Object.keys(out).length ? out : null, problems };
}

/** The current month as the cycles name it ("2026-12"). */
export const thisPeriod = (now = new Date()) => now.toISOString().slice(0, 7);
