/**
 * The check of module boundaries (test/unit/module-boundaries.test.ts), over a list of source
 * files so that it can be run on the tree and on a made-up tree alike:
 * - no import cycle between modules (src/modules/<name>/), type-only imports included;
 * - SQL in a module names only the tables that module owns (TABLE_OWNERS): Kysely's selectFrom,
 *   insertInto, updateTable, deleteFrom, mergeInto and joins with a table name, and raw sql`…`
 *   text after from / join / into / update / table;
 * - a module imports nothing from src/http/, except route and contract files (*.routes.ts, *.contracts.ts, dev-provider.ts),
 *   which may import src/http/schemas.ts and the type App of src/http/app.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export interface SourceFile {
  /** The path from the repository root, with forward slashes: src/modules/grants/grants.service.ts */
  path: string;
  text: string;
}

export interface Violation {
  kind: 'cycle' | 'foreign-table' | 'http-import';
  file?: string;
  message: string;
  /** What the violation is, without where in the file: one line per distinct violation. */
  key: string;
}

const moduleOf = (path: string) => /^src\/modules\/([^/]+)\//.exec(path)?.[1] ?? null;

const KYSELY = /\.(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*['"`]([a-z_][a-z0-9_]*)/g;
const SQL_TEMPLATE = /\bsql(?:<[^`]*?>)?`([^`]*)`/g;
const SQL_TABLE = /\b(?:from|join|into|update|table)\s+(?:only\s+)?([a-z_][a-z0-9_]*)\b(?!\s*\()/gi;
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Tables named in a file's SQL, with what named them. */
export function tablesNamed(text: string): { table: string; via: string }[] {
  const found: { table: string; via: string }[] = [];
  for (const m of text.matchAll(KYSELY)) found.push({ table: m[1]!, via: m[0].trim() });
  for (const t of text.matchAll(SQL_TEMPLATE)) {
    for (const m of t[1]!.matchAll(SQL_TABLE)) found.push({ table: m[1]!.toLowerCase(), via: `sql\`…${m[0]}…\`` });
  }
  return found;
}

function importsOf(file: SourceFile): { target: string; typeOnly: boolean }[] {
  const out: { target: string; typeOnly: boolean }[] = [];
  for (const m of file.text.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4];
    if (!spec || !spec.startsWith('.')) continue;
    const target = normalize(join(dirname(file.path), spec)).replaceAll('\\', '/').replace(/\.js$/, '.ts');
    out.push({ target, typeOnly: !!m[2] });
  }
  return out;
}

/** The cycles of a directed graph, each as its strongly connected component (Tarjan). */
function cyclesOf(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

export function checkBoundaries(files: SourceFile[], owners: Record<string, string>): Violation[] {
  const violations: Violation[] = [];
  const edges = new Map<string, Set<string>>();
  for (const f of files) {
    const mod = moduleOf(f.path);
    if (!mod) continue;
    const isRoutes = /\.routes\.ts$|\.contracts\.ts$|\/dev-provider\.ts$/.test(f.path);
    for (const imp of importsOf(f)) {
      const other = moduleOf(imp.target);
      if (other && other !== mod) {
        if (!edges.has(mod)) edges.set(mod, new Set());
        edges.get(mod)!.add(other);
      }
      if (imp.target.startsWith('src/http/')) {
        const allowed = isRoutes && (imp.target === 'src/http/schemas.ts' || (imp.target === 'src/http/app.ts' && imp.typeOnly));
        if (!allowed) violations.push({ kind: 'http-import', file: f.path, key: `${f.path} imports ${imp.target}`, message: `${f.path} imports ${imp.target}: modules stand below HTTP (route files may import src/http/schemas.ts and the type App)` });
      }
    }
    for (const { table, via } of tablesNamed(f.text)) {
      const owner = owners[table];
      if (owner !== undefined && owner !== mod) {
        violations.push({ kind: 'foreign-table', file: f.path, key: `${f.path} names ${table} (${owner})`, message: `${f.path} (module ${mod}) names the table ${table}, owned by ${owner}: ${via}` });
      }
    }
  }
  for (const cycle of cyclesOf(edges)) violations.push({ kind: 'cycle', key: `cycle ${cycle.join(' ↔ ')}`, message: `import cycle between modules: ${cycle.join(' ↔ ')}` });
  return violations;
}

/** Every .ts file under `dir` (relative to `root`). */
export function sourceTree(root: string, dir = 'src/modules'): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(root, d)).sort()) {
      const p = join(d, name);
      if (statSync(join(root, p)).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push({ path: relative('.', p).replaceAll('\\', '/'), text: readFileSync(join(root, p), 'utf8') });
    }
  };
  walk(dir);
  return out;
}
