/**
 * One household's eligibility under a rule: the verdict (json-logic-js `apply`) and the reasons,
 * each a comparison the verdict rests on, said in plain words by explain().
 *
 * The verdict is the one PostgreSQL gives for the compiled rule (compile-sql.ts), which the
 * property test test/integration/eligibility-sql.test.ts holds the two to:
 *  - three-valued logic as in SQL: a comparison, an `in` or a calculation with an unknown (null)
 *    fact is unknown; `and` is false when one part is false, else unknown when one is unknown;
 *    `or` likewise with true; `!` of unknown is unknown; the household passes only when the rule
 *    is TRUE (fail-closed);
 *  - numbers are exact decimals (as SQL numeric): 0.1 + 0.2 equals 0.3, and money times money
 *    does not lose digits.
 *
 * json-logic-js keeps one operation table for the whole process, and its `and`/`or` are built
 * into `apply` (they cannot be replaced). So the rule is not applied with the standard names:
 * it is first rewritten with this module's own operations, registered once below under the
 * prefix `mizan-3vl:` (e.g. `mizan-3vl:and`). The standard operations stay exactly as the
 * library defines them for anyone else in the process.
 */
import jsonLogic from 'json-logic-js';
import { formatMinor, type Currency } from '../../../shared/money.js';
import { FACTS, valueTypeOf, type FactName, type HouseholdFacts } from './facts.js';
import { isLiteral, isVar, parts, type Literal, type Rule } from './rule.js';
import { AR_FEMININE, REASON_TEXTS, gendered, type Locale, type SentenceKey } from './reason-texts.js';

/** A comparison the verdict rests on: the fact (null when a calculation), the operator, the household's value, the limit, and whether it held (null: unknown). */
export interface Reason {
  fact: FactName | null;
  /** A comparison operator, 'in', 'between' (`<=` with 3 arguments), 'strictly between' (`<` with 3), or 'is' (a yes/no fact alone). */
  op: string;
  value: number | string | boolean | null;
  limit: number | string | boolean | (number | string)[] | null;
  held: boolean | null;
}

export interface Eligibility {
  passed: boolean;
  reasons: Reason[];
}

// ---------------------------------------------------------------------------------------------
// Exact decimals: m × 10^-s. Facts are integers; literals have at most a few decimals (rule.ts).

class Decimal {
  constructor(readonly m: bigint, readonly s: number) {}
  static of(n: number): Decimal {
    if (!Number.isFinite(n)) throw new TypeError(`${n} is not a finite number`);
    const [mantissa, exp = '0'] = String(n).split('e');
    const [whole, frac = ''] = mantissa!.split('.');
    let m = BigInt(whole! + frac);
    let s = frac.length - Number(exp);
    if (s < 0) {
      m *= 10n ** BigInt(-s);
      s = 0;
    }
    return new Decimal(m, s);
  }
  private at(s: number): bigint {
    return this.m * 10n ** BigInt(s - this.s);
  }
  static compare(a: Decimal, b: Decimal): number {
    const s = Math.max(a.s, b.s);
    const x = a.at(s);
    const y = b.at(s);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  add(b: Decimal): Decimal {
    const s = Math.max(this.s, b.s);
    return new Decimal(this.at(s) + b.at(s), s);
  }
  mul(b: Decimal): Decimal {
    return new Decimal(this.m * b.m, this.s + b.s);
  }
  neg(): Decimal {
    return new Decimal(-this.m, this.s);
  }
  toNumber(): number {
    if (this.s === 0) return Number(this.m);
    const digits = (this.m < 0n ? -this.m : this.m).toString().padStart(this.s + 1, '0');
    return Number(`${this.m < 0n ? '-' : ''}${digits.slice(0, -this.s)}.${digits.slice(-this.s)}`);
  }
}

type Value = Decimal | number | string | boolean | null;
const dec = (x: unknown): Decimal => (x instanceof Decimal ? x : Decimal.of(x as number));

// ---------------------------------------------------------------------------------------------
// The operations, in SQL's three-valued logic.

const P = 'mizan-3vl:';
const and3 = (xs: Value[]): boolean | null => (xs.includes(false) ? false : xs.includes(null) ? null : true);
const or3 = (xs: Value[]): boolean | null => (xs.includes(true) ? true : xs.includes(null) ? null : false);
const equal = (a: Value, b: Value): boolean | null => {
  if (a === null || b === null) return null;
  if (typeof a === 'string' || typeof a === 'boolean' || typeof b === 'string' || typeof b === 'boolean') return a === b;
  return Decimal.compare(dec(a), dec(b)) === 0;
};
const order = (test: (c: number) => boolean) => (a: Value, b: Value, c?: Value): boolean | null => {
  const one = (x: Value, y: Value) => (x === null || y === null ? null : test(Decimal.compare(dec(x), dec(y))));
  return c === undefined ? one(a, b) : and3([one(a, b), one(b, c)]);
};
const arithmetic = (f: (xs: Decimal[]) => Decimal) => (...xs: Value[]): Decimal | null => (xs.includes(null) ? null : f(xs.map(dec)));

const OPERATIONS: Record<string, (this: HouseholdFacts, ...args: Value[]) => Value> = {
  var(this: HouseholdFacts, name) {
    const f = name as FactName;
    const v = this[f] ?? null;
    if (v === null) return null;
    const type = valueTypeOf(FACTS[f].kind);
    if (type === 'number' && typeof v === 'number') return Decimal.of(v);
    if (type === 'code' && typeof v === 'string') return v;
    if (type === 'boolean' && typeof v === 'boolean') return v;
    throw new TypeError(`the fact ${f} must be ${type === 'code' ? 'a string' : `a ${type}`} or null, not ${typeof v}`);
  },
  and: (...xs) => and3(xs),
  or: (...xs) => or3(xs),
  '!': (x) => (x === null ? null : !x),
  '==': equal,
  '!=': (a, b) => {
    const e = equal(a, b);
    return e === null ? null : !e;
  },
  '<': order((c) => c < 0),
  '<=': order((c) => c <= 0),
  '>': order((c) => c > 0),
  '>=': order((c) => c >= 0),
  in: (a, list) => (a === null ? null : (list as unknown as (string | number)[]).some((item) => equal(a, item) === true)),
  '+': arithmetic((xs) => xs.reduce((x, y) => x.add(y))),
  '*': arithmetic((xs) => xs.reduce((x, y) => x.mul(y))),
  '-': arithmetic((xs) => (xs.length === 1 ? xs[0]!.neg() : xs[0]!.add(xs[1]!.neg()))),
};
for (const [name, op] of Object.entries(OPERATIONS)) jsonLogic.add_operation(P + name, op);

/** The rule with this module's operations in place of the standard ones (memoised per node). */
const rewritten = new WeakMap<object, unknown>();
function internal(rule: Rule): unknown {
  if (isLiteral(rule)) return rule;
  const done = rewritten.get(rule);
  if (done !== undefined) return done;
  const { op, args } = parts(rule);
  const out =
    op === 'var' ? { [P + 'var']: [(rule as { var: FactName }).var] }
    : op === 'in' ? { [P + 'in']: [internal(args[0]!), args[1]] }
    : { [P + op]: args.map(internal) };
  rewritten.set(rule, out);
  return out;
}

const valueOf = (rule: Rule, facts: HouseholdFacts): Value => jsonLogic.apply(internal(rule) as jsonLogic.RulesLogic, facts) as Value;

// ---------------------------------------------------------------------------------------------

const hasFact = (r: Rule): boolean => !isLiteral(r) && (isVar(r) || parts(r).args.some((a, i) => !(parts(r).op === 'in' && i === 1) && hasFact(a)));
const shown = (v: Value): number | string | boolean | null => (v instanceof Decimal ? v.toNumber() : v);
const CONDITIONS: readonly string[] = ['and', 'or', '!', '==', '!=', '<', '<=', '>', '>=', 'in'];
const isCondition = (r: Rule): boolean => !isLiteral(r) && CONDITIONS.includes(parts(r).op);
const MIRROR: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

function leaf(rule: Exclude<Rule, Literal>, facts: HouseholdFacts, held: boolean | null): Reason {
  const { op, args } = parts(rule);
  if (op === 'var') return { fact: (rule as { var: FactName }).var, op: 'is', value: shown(valueOf(rule, facts)), limit: true, held };
  const factOf = (r: Rule) => (isVar(r) ? r.var : null);
  if (op === 'in') {
    return { fact: factOf(args[0]!), op, value: shown(valueOf(args[0]!, facts)), limit: [...(args[1] as unknown as (string | number)[])], held };
  }
  if (args.length === 3) {
    const ends = [valueOf(args[0]!, facts), valueOf(args[2]!, facts)].map(shown);
    const limit = ends.some((e) => e === null) ? null : (ends as (number | string)[]);
    return { fact: factOf(args[1]!), op: op === '<=' ? 'between' : 'strictly between', value: shown(valueOf(args[1]!, facts)), limit, held };
  }
  // the side that reads a fact is the subject; "35000 >= income" reads as "income <= 35000"
  const flip = !hasFact(args[0]!) && hasFact(args[1]!);
  const [subject, other] = flip ? [args[1]!, args[0]!] : [args[0]!, args[1]!];
  return { fact: factOf(subject), op: flip ? MIRROR[op]! : op, value: shown(valueOf(subject, facts)), limit: shown(valueOf(other, facts)) as Reason['limit'], held };
}

/** The comparisons that explain why `rule` came out as it did (see the header of Reason). */
function reasonsFor(rule: Rule, facts: HouseholdFacts): Reason[] {
  if (isLiteral(rule)) return [];
  const result = valueOf(rule, facts) as boolean | null;
  const { op, args } = parts(rule);
  switch (op) {
    case '!':
      return reasonsFor(args[0]!, facts);
    case 'and': {
      // passed: every part; failed: the parts that were false, else (unknown) those not known
      const values = args.map((a) => valueOf(a, facts));
      const chosen = result === true ? args : args.filter((_, i) => values[i] === (result === false ? false : null));
      return chosen.flatMap((a) => reasonsFor(a, facts));
    }
    case 'or': {
      // passed: the first part that passed; otherwise every part
      if (result === true) return reasonsFor(args.find((a) => valueOf(a, facts) === true)!, facts);
      return args.flatMap((a) => reasonsFor(a, facts));
    }
    case '==':
    case '!=':
      // two conditions compared ("declared == (income <= limit)"): the comparisons inside say why
      if (args.some(isCondition)) return args.flatMap((a) => reasonsFor(a, facts));
      return [leaf(rule, facts, result)];
    default:
      return [leaf(rule, facts, result)];
  }
}

/** The household's verdict under the rule (TRUE passes; false and unknown do not) and why. */
export function evaluate(rule: Rule, facts: HouseholdFacts): Eligibility {
  const verdict = valueOf(rule, facts);
  return { passed: verdict === true, reasons: reasonsFor(rule, facts) };
}

// ---------------------------------------------------------------------------------------------

export type CodeName = (fact: FactName, code: string) => string;

/** One reason in plain words, e.g. "income per member 41.000 KWD is above the limit of 35.000 KWD". */
export function explain(reason: Reason, locale: Locale, currency: Currency, codeName?: CodeName): string {
  const t = REASON_TEXTS[locale];
  const fact = reason.fact ? FACTS[reason.fact] : null;
  const label = fact ? fact.label[locale] : t.calculated;
  const feminine = reason.fact !== null && AR_FEMININE.has(reason.fact);
  const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

  if (reason.value === null) return fill(gendered(t.unknown, feminine), { label });
  if (fact?.kind === 'boolean' && typeof reason.value === 'boolean') {
    return t.statements[reason.fact as 'declared' | 'allNationals'][reason.value ? 'true' : 'false'];
  }
  // a limit not known (an unknown fact on the other side, or at one end of a range) is said as such
  if (reason.held === null || reason.limit === null) return fill(t.unknownLimit, { label });

  const one = (v: number | string | boolean): string => {
    if (typeof v === 'boolean') return v ? t.yes : t.no;
    if (typeof v === 'string') return reason.fact && codeName ? codeName(reason.fact, v) : v;
    if (fact?.kind === 'money' && Number.isSafeInteger(v)) return `${formatMinor(v, currency)} ${currency.code}`;
    return String(v);
  };
  const isCode = fact?.kind === 'code' || typeof reason.value === 'string';
  // a code is named by the limit it is compared with; a number is shown with the fact
  const s = isCode ? label : `${label} ${one(reason.value)}`;
  const limit = reason.limit;
  const list = Array.isArray(limit) ? limit.map(one) : [];
  const key: SentenceKey =
    isCode && reason.op === '==' ? 'is'
    : isCode && reason.op === '!=' ? 'isNot'
    : (reason.op as SentenceKey);
  const sentence = t.sentences[key as keyof typeof t.sentences];
  if (!sentence) return fill(t.unknownLimit, { label });
  const text = gendered(reason.held ? sentence.held : sentence.failed, feminine);
  return fill(text, {
    s,
    l: Array.isArray(limit) ? list.join(t.listSeparator) : limit === null ? '' : one(limit),
    a: list[0] ?? '',
    b: list[1] ?? '',
  });
}
