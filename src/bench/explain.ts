/**
 * What limits a path: every statement one run of it sends, replayed under EXPLAIN (ANALYZE,
 * BUFFERS) in a transaction with the same actor (and rolled back), slowest first.
 */
import { CompiledQuery, type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor } from '../kernel/actor.js';
import { setActor } from '../kernel/transaction.js';

export class QueryCapture implements KyselyPlugin {
  readonly captured: { sql: string; parameters: readonly unknown[] }[] = [];
  recording = false;
  constructor(private readonly compile: (node: RootOperationNode, queryId: PluginTransformQueryArgs['queryId']) => CompiledQuery) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.recording) {
      const c = this.compile(args.node, args.queryId);
      this.captured.push({ sql: c.sql, parameters: c.parameters });
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A Kysely sharing `db`'s connections that records the SQL it runs while `recording` is on. */
export function capturing(db: Kysely<DB>) {
  const capture = new QueryCapture((node, queryId) => db.getExecutor().compileQuery(node, queryId));
  return { db: db.withPlugin(capture), capture };
}

export interface ExplainedStatement {
  sql: string;
  planningMs: number;
  executionMs: number;
  plan: string;
}

const ROLLBACK = Symbol('rollback');
const EXPLAINABLE = /^\s*(with|select|insert|update|delete)\b/i;

export async function explainStatements(db: Kysely<DB>, actor: Actor | null, statements: { sql: string; parameters: readonly unknown[] }[]): Promise<ExplainedStatement[]> {
  const out: ExplainedStatement[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      await setActor(trx, actor);
      for (const s of statements) {
        if (!EXPLAINABLE.test(s.sql) || /set_config\('mizan\./.test(s.sql)) continue;
        const r = await trx.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain (analyze, buffers) ${s.sql}`, [...s.parameters]));
        const plan = r.rows.map((row) => Object.values(row)[0]).join('\n');
        out.push({
          sql: s.sql,
          planningMs: Number(/Planning Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0),
          executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0),
          plan,
        });
      }
      throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return out.sort((a, b) => b.executionMs + b.planningMs - (a.executionMs + a.planningMs));
}

/** Records the statements of one run of `op` (rolled back when `rollback` is set), then explains them. */
export async function explainPath(db: Kysely<DB>, actor: Actor | null, op: (db: Kysely<DB>) => Promise<unknown>): Promise<ExplainedStatement[]> {
  const { db: cdb, capture } = capturing(db);
  capture.recording = true;
  try {
    await op(cdb);
  } finally {
    capture.recording = false;
  }
  return explainStatements(db, actor, capture.captured);
}
