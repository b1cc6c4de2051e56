/**
 * A rule as a SQL boolean expression over the facts table's columns, for deciding the eligibility
 * of every household in one statement (`select … from household_facts f where (<expr>) is true`)
 * and in a trigger. It gives the verdict evaluate.ts gives (test/integration/eligibility-sql.test.ts):
 * SQL's own three-valued logic does what evaluate.ts does by hand (`!=` is `<>`, so an unknown fact
 * stays unknown), and calculations run in numeric, exact and without overflow.
 *
 * Literals are written into the text, so only what rule.ts lets through can be written: a number
 * as String() of a finite number without exponent, a code matching CODE_PATTERN (no quote can be
 * in one), true or false. Anything else throws: a rule that did not pass validateRule never
 * becomes SQL. Columns come from FACTS, or from `columnOf` (e.g. `f.members`), which must return
 * a column reference.
 */
import { FACTS, type FactName } from './facts.js';
import { CODE_PATTERN, isLiteral, parts, type Literal, type Rule } from './rule.js';

export type ColumnOf = (fact: FactName) => string;
export const plainColumn: ColumnOf = (f) => FACTS[f].column;
/** The columns of the facts table under an alias: qualifiedColumn('f') gives `f.members`. */
export function qualifiedColumn(alias: string): ColumnOf {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error('an alias is a lower-case SQL identifier');
  return (f) => `${alias}.${FACTS[f].column}`;
}

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

export function sqlLiteral(value: Literal): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    const text = String(value);
    if (!Number.isFinite(value) || !NUMBER_TEXT.test(text)) throw new Error(`not a number a rule may hold: ${text}`);
    return value < 0 ? `(${text})` : text;
  }
  if (!CODE_PATTERN.test(value)) throw new Error('not a code a rule may hold');
  return `'${value}'`;
}

const SQL_OP: Record<string, string> = { '==': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** The rule as a SQL boolean expression (see the file's header). */
export function compileRule(rule: Rule, columnOf: ColumnOf = plainColumn): string {
  const go = (r: Rule): string => {
    if (isLiteral(r)) return sqlLiteral(r);
    const { op, args } = parts(r);
    switch (op) {
      case 'var': {
        const f = (r as { var: FactName }).var;
        if (!Object.hasOwn(FACTS, f)) throw new Error(`not a fact: ${String(f)}`);
        return columnOf(f);
      }
      case 'and':
      case 'or':
        return `(${args.map(go).join(` ${op} `)})`;
      case '!':
        return `(not ${go(args[0]!)})`;
      case 'in': {
        const list = args[1] as unknown as Literal[];
        return `(${go(args[0]!)} in (${list.map(sqlLiteral).join(', ')}))`;
      }
      case '+':
      case '*':
        return `(${args.map((a) => `(${go(a)})::numeric`).join(` ${op} `)})`;
      case '-':
        return args.length === 1 ? `(-(${go(args[0]!)})::numeric)` : `((${go(args[0]!)})::numeric - (${go(args[1]!)})::numeric)`;
      default: {
        const sqlOp = SQL_OP[op];
        if (!sqlOp) throw new Error(`not an operator a rule may use: ${op}`);
        const [a, b, c] = args.map(go);
        return c === undefined ? `(${a} ${sqlOp} ${b})` : `((${a} ${sqlOp} ${b}) and (${b} ${sqlOp} ${c}))`;
      }
    }
  };
  return go(rule);
}
