/**
 * An eligibility rule: a JSON Logic expression over the facts catalogue (facts.ts), in the small
 * grammar that the household's evaluation (evaluate.ts) and the compiled SQL (compile-sql.ts) both
 * give the same answer for. validateRule is what a ministry officer's rule passes before it is
 * saved: anything outside the grammar is refused with the JSON pointer of the part at fault and a
 * sentence saying why. What it returns is the rule in one canonical shape (arguments always as
 * arrays, `var` as the fact's name), which is what the rest of the engine reads.
 */
import { FACTS, FACT_NAMES, isFactName, valueTypeOf, type FactName, type ValueType } from './facts.js';

export const RULE_OPERATORS = ['and', 'or', '!', '==', '!=', '<', '<=', '>', '>=', 'in', 'var', '+', '-', '*'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export const COMPARISONS = ['==', '!=', '<', '<=', '>', '>='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type Literal = number | string | boolean;
export type VarNode = { var: FactName };
export type Rule =
  | Literal
  | VarNode
  | { and: Rule[] }
  | { or: Rule[] }
  | { '!': [Rule] }
  | { '==': [Rule, Rule] }
  | { '!=': [Rule, Rule] }
  | { '>': [Rule, Rule] }
  | { '>=': [Rule, Rule] }
  | { '<': [Rule, Rule] | [Rule, Rule, Rule] }
  | { '<=': [Rule, Rule] | [Rule, Rule, Rule] }
  | { in: [Rule, string[] | number[]] }
  | { '+': Rule[] }
  | { '-': [Rule] | [Rule, Rule] }
  | { '*': Rule[] };

/**
 * The size of a rule. Depth counts levels from the rule itself (1) down to its literals and `var`s;
 * parts are operations and literals, an `in` list counting as one part (it has its own limit).
 */
export const LIMITS = {
  depth: 12,
  nodes: 500,
  listItems: 200,
  /** Number literals: at most this many decimal places, and at most this large. */
  decimals: 6,
  magnitude: 1e15,
} as const;

export const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export type RuleCheck = { ok: true; rule: Rule } | { ok: false; path: string; message: string };

/** The operator of an operation node and its arguments (an `in` node's second argument is its list). */
export function parts(node: Exclude<Rule, Literal>): { op: RuleOperator; args: Rule[] } {
  const op = Object.keys(node)[0] as RuleOperator;
  const value = (node as Record<string, unknown>)[op];
  return { op, args: (op === 'var' ? [] : value) as Rule[] };
}

export const isVar = (r: Rule): r is VarNode => typeof r === 'object' && 'var' in r;
export const isLiteral = (r: Rule): r is Literal => typeof r !== 'object';

class Refusal {
  constructor(readonly path: string, readonly message: string) {}
}

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const typeName: Record<ValueType, string> = { number: 'a number', code: 'a code', boolean: 'a condition (true or false)' };
const ARITY: Record<Exclude<RuleOperator, 'var' | 'in'>, [number, number]> = {
  and: [1, Infinity], or: [1, Infinity], '!': [1, 1],
  '==': [2, 2], '!=': [2, 2], '>': [2, 2], '>=': [2, 2], '<': [2, 3], '<=': [2, 3],
  '+': [2, Infinity], '*': [2, Infinity], '-': [1, 2],
};

/** A number literal the SQL can carry as written: finite, not too large, few decimals (so String(n) has no exponent). */
function numberProblem(n: number): string | null {
  if (!Number.isFinite(n)) return 'a number must be finite';
  if (Math.abs(n) > LIMITS.magnitude) return `a number must be between -${LIMITS.magnitude} and ${LIMITS.magnitude}`;
  const text = String(n);
  if (!/^-?\d+(\.\d+)?$/.test(text) || (text.split('.')[1]?.length ?? 0) > LIMITS.decimals) return `a number may have at most ${LIMITS.decimals} decimal places`;
  return null;
}

/** Checks `rule` against the grammar; see the file's header. */
export function validateRule(rule: unknown): RuleCheck {
  let nodes = 0;
  const count = (path: string) => {
    nodes += 1;
    if (nodes > LIMITS.nodes) throw new Refusal(path, `a rule may have at most ${LIMITS.nodes} parts`);
  };

  const literalOf = (x: unknown, path: string): Literal => {
    if (typeof x === 'number') {
      const problem = numberProblem(x);
      if (problem) throw new Refusal(path, problem);
      return x;
    }
    if (typeof x === 'string') {
      if (!CODE_PATTERN.test(x)) throw new Refusal(path, 'a code is 1 to 64 letters, digits, "_", "." or "-"');
      return x;
    }
    if (typeof x === 'boolean') return x;
    if (x === null) throw new Refusal(path, 'null is not allowed: a rule compares facts with numbers, codes or true/false');
    throw new Refusal(path, `${typeof x} is not allowed in a rule`);
  };

  /** The literal compared with a fact must be one the fact can take. */
  const fitsFact = (f: FactName, lit: Literal, path: string) => {
    const fact = FACTS[f];
    if (fact.kind === 'money' && typeof lit === 'number' && !Number.isSafeInteger(lit)) {
      throw new Refusal(path, `${f} is money in whole minor units; ${lit} is not a whole number`);
    }
    if ('codes' in fact && fact.codes && typeof lit === 'string' && !fact.codes.includes(lit)) {
      throw new Refusal(path, `"${lit}" is not a code of ${f} (${fact.codes.join(', ')})`);
    }
  };

  const check = (x: unknown, path: string, depth: number): { rule: Rule; type: ValueType } => {
    if (depth > LIMITS.depth) throw new Refusal(path, `a rule may be nested at most ${LIMITS.depth} levels deep`);
    count(path);
    if (Array.isArray(x)) throw new Refusal(path, 'a list is allowed only as the second argument of "in"');
    if (typeof x !== 'object' || x === null) {
      const lit = literalOf(x, path);
      return { rule: lit, type: typeof lit === 'number' ? 'number' : typeof lit === 'string' ? 'code' : 'boolean' };
    }
    const keys = Object.keys(x);
    if (keys.length !== 1) throw new Refusal(path, 'an operation is an object with exactly one key, its operator');
    const op = keys[0]!;
    const here = `${path}/${pointer(op)}`;
    if (!(RULE_OPERATORS as readonly string[]).includes(op)) {
      throw new Refusal(here, `unknown operator "${op}"; a rule may use ${RULE_OPERATORS.join(' ')}`);
    }
    const raw = (x as Record<string, unknown>)[op];
    const shorthand = !Array.isArray(raw);
    const given: unknown[] = shorthand ? [raw] : (raw as unknown[]);
    const argPath = (i: number) => (shorthand ? here : `${here}/${i}`);

    if (op === 'var') {
      if (given.length !== 1) throw new Refusal(here, '"var" takes the name of one fact, without a default');
      const name = given[0];
      if (!isFactName(name)) {
        throw new Refusal(argPath(0), `${JSON.stringify(name)} is not a fact; the facts are ${FACT_NAMES.join(', ')}`);
      }
      return { rule: { var: name }, type: valueTypeOf(FACTS[name].kind) };
    }

    if (op === 'in') {
      if (given.length !== 2) throw new Refusal(here, `"in" takes 2 arguments, a value and a list; it has ${given.length}`);
      const left = check(given[0], argPath(0), depth + 1);
      if (left.type === 'boolean') throw new Refusal(argPath(0), '"in" looks up a number or a code, not a condition');
      const listPath = argPath(1);
      const list = given[1];
      if (depth + 1 > LIMITS.depth) throw new Refusal(listPath, `a rule may be nested at most ${LIMITS.depth} levels deep`);
      count(listPath);
      if (!Array.isArray(list) || list.length < 1 || list.length > LIMITS.listItems) {
        throw new Refusal(listPath, `the second argument of "in" is a list of 1 to ${LIMITS.listItems} codes or numbers`);
      }
      const items = list.map((item, i) => {
        const itemPath = `${listPath}/${i}`;
        if (typeof item !== 'string' && typeof item !== 'number') throw new Refusal(itemPath, 'the list of "in" holds only codes or numbers');
        const lit = literalOf(item, itemPath);
        const type: ValueType = typeof lit === 'number' ? 'number' : 'code';
        if (type !== left.type) throw new Refusal(itemPath, `the list of "in" must hold ${typeName[left.type]}s like its first argument; this is ${typeName[type]}`);
        if (isVar(left.rule)) fitsFact(left.rule.var, lit, itemPath);
        return lit;
      });
      return { rule: { in: [left.rule, items as string[] | number[]] }, type: 'boolean' };
    }

    const [min, max] = ARITY[op as keyof typeof ARITY];
    if (given.length < min || given.length > max) {
      const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`;
      throw new Refusal(here, `"${op}" takes ${wanted} argument${min === 1 && max === 1 ? '' : 's'}; it has ${given.length}`);
    }
    const args = given.map((a, i) => check(a, argPath(i), depth + 1));
    const need = (type: ValueType, why: string) =>
      args.forEach((a, i) => {
        if (a.type !== type) throw new Refusal(argPath(i), `${why}; this is ${typeName[a.type]}`);
      });
    const rules = args.map((a) => a.rule);

    switch (op) {
      case 'and':
      case 'or':
      case '!':
        need('boolean', `"${op}" combines conditions (true or false)`);
        return { rule: { [op]: rules } as Rule, type: 'boolean' };
      case '+':
      case '-':
      case '*':
        need('number', `"${op}" calculates with numbers`);
        return { rule: { [op]: rules } as Rule, type: 'number' };
      case '==':
      case '!=': {
        const [a, b] = args as [(typeof args)[0], (typeof args)[0]];
        if (a.type !== b.type) throw new Refusal(argPath(1), `"${op}" compares ${typeName[a.type]} with ${typeName[a.type]}; this is ${typeName[b.type]}`);
        break;
      }
      default:
        need('number', `"${op}" compares numbers (codes have no order)`);
    }
    // a literal compared with a fact must be a value of that fact
    const vars = rules.filter(isVar);
    rules.forEach((r, i) => {
      if (isLiteral(r)) for (const v of vars) fitsFact(v.var, r, argPath(i));
    });
    return { rule: { [op]: rules } as Rule, type: 'boolean' };
  };

  try {
    const top = check(rule, '', 1);
    if (top.type !== 'boolean') return { ok: false, path: '', message: `a rule must be a condition (true or false), not ${typeName[top.type]}` };
    return { ok: true, rule: top.rule };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, path: e.path, message: e.message };
    throw e;
  }
}

/** The rule, or an Error naming the part at fault: for rules written in code (tests, a country's defaults). */
export function requireRule(rule: unknown): Rule {
  const checked = validateRule(rule);
  if (!checked.ok) throw new Error(`invalid rule at "${checked.path}": ${checked.message}`);
  return checked.rule;
}

/** The facts a rule reads, in the order they first appear. */
export function factsOf(rule: Rule): FactName[] {
  const out = new Set<FactName>();
  const walk = (r: Rule) => {
    if (isLiteral(r)) return;
    if (isVar(r)) return void out.add(r.var);
    const { op, args } = parts(r);
    (op === 'in' ? args.slice(0, 1) : args).forEach(walk);
  };
  walk(rule);
  return [...out];
}
