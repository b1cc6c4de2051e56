/**
 * Requests generated from the route table: the schemas each route registered (app.mizan.routes),
 * read as JSON Schema, give the text fields to poison and the shapes to fuzz; a caller of a role
 * that holds the route's permission sends them.
 */
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB, Role } from '../../src/db/schema.js';
import type { RouteEntry } from '../../src/http/app.js';
import { roleHas } from '../../src/modules/identity/permissions.js';
import { inTx } from '../../src/kernel/transaction.js';
import { issueToken } from '../../src/modules/identity/staff.js';
import { donorAccount, type World } from './fixtures.js';

export type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
};

export type Part = 'body' | 'querystring' | 'params';

/** Roles tried in this order for a route; the first that holds the permission calls it. */
const PREFERENCE: Role[] = ['caseworker', 'ministry_admin', 'charity_admin', 'ministry_supervisor', 'field_visitor', 'applicant', 'donor'];

/** The role that may call the route (null: anonymous, for public routes). */
export function callerRole(route: RouteEntry): Role | null {
  if (route.permission === 'public') return null;
  return PREFERENCE.find((r) => roleHas(r, route.permission)) ?? null;
}

const accepts = (s: JsonSchema, type: string) => s.type === type || (Array.isArray(s.type) && s.type.includes(type));

/** May a string stand here (a string, a literal string, a union with one)? */
export function takesString(s: JsonSchema): boolean {
  if (accepts(s, 'string')) return true;
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(takesString);
}

/** Every place in a schema where text goes, as a path of keys ('0' for array items, 'x' for a record's key). */
export function textPaths(s: JsonSchema | undefined, path: string[] = []): string[][] {
  if (!s) return [];
  if (takesString(s)) return [path];
  const out: string[][] = [];
  for (const [k, p] of Object.entries(s.properties ?? {})) out.push(...textPaths(p, [...path, k]));
  for (const p of Object.values(s.patternProperties ?? {})) out.push(...textPaths(p, [...path, 'x']));
  if (s.items) out.push(...textPaths(s.items, [...path, '0']));
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) out.push(...textPaths(alt, path));
  return out;
}

/** A value with `leaf` at `path` (objects and arrays made along the way). */
export function placeAt(path: string[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (head === '0') return [placeAt(rest, leaf)];
  return { [head!]: placeAt(rest, leaf) };
}

/** A route's URL with its path parameters filled in (each value percent-encoded unless raw). */
export function fillPath(url: string, values: Record<string, string>, raw = false): string {
  return url.replace(/:(\w+)|\*/g, (m, name: string | undefined) => {
    const v = values[name ?? '*'] ?? 'x';
    return raw ? v : m === '*' ? v.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(v);
  });
}

export const paramNames = (url: string) => [...url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');

// --- fuzzing -------------------------------------------------------------------------------------

/** Hostile strings: NUL, lone surrogates, right-to-left and joining marks alone, huge numbers, long text. */
export const HOSTILE_STRINGS = [
  '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u200f\u200c', '\u202e\u2066', ' ', '', '\ufeff',
  '99999999999999999999', '-9223372036854775809', '1e309', 'NaN', '-0', '0x10', 'null', 'true', '[]', '{}',
  "'; drop table persons; --", '%zz', '../../etc/passwd', '<script>alert(1)</script>', 'e\u0301\u0301\u0301',
  'x'.repeat(5_000), '\u0661\u0662\u06f3', '🙂'.repeat(300),
];
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS, 1e308, -1e308, 2 ** 63, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2, -1, 0, 0.5, true, false, null, [], {}, [[[]]],
  { constructor: { prototype: { polluted: 1 } } },
];

/** Text PostgreSQL cannot store or that is not text at all, drawn more often than the rest. */
export const BROKEN_TEXT = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy'];
export const hostile = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...BROKEN_TEXT) }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_VALUES) });

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'date') return fc.date({ min: new Date('1930-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 40, Math.max(minLength, 40));
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern, 'u')).filter((v) => v.length >= minLength && v.length <= (s.maxLength ?? Infinity));
    } catch {
      /* a pattern fast-check cannot generate from: plain strings below */
    }
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

/**
 * Values of the schema's shape with hostile values mixed in: mostly a value of the shape with one
 * leaf (or the whole value) replaced by a hostile one, sometimes a value of the shape as it is.
 */
export function arbitraryOf(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapeOf(s, depth);
  return fc.oneof(
    { weight: 1, arbitrary: shaped },
    { weight: 4, arbitrary: fc.tuple(shaped, fc.nat(), hostile).map(([v, i, h]) => replaceLeaf(v, i, h)) },
  );
}

/** Values of the schema's shape only. */
export function shapeOf(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  return shapedOf(s, depth);
}

/** `value` with its `i`-th leaf (modulo the number of leaves, the value itself when it has none) replaced by `leaf`. */
export function replaceLeaf(value: unknown, i: number, leaf: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (v !== null && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, k) => [k, x] as const) : Object.entries(v);
      if (entries.length === 0) paths.push(path);
      for (const [k, x] of entries) walk(x, [...path, k]);
    } else paths.push(path);
  };
  walk(value, []);
  const path = paths[i % paths.length] ?? [];
  if (path.length === 0) return leaf;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = leaf;
  return copy;
}

function shapedOf(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => shapeOf(a, depth + 1)));
  if (accepts(s, 'string')) return stringArb(s);
  if (accepts(s, 'integer')) return fc.integer({ min: Math.max(s.minimum ?? -1e6, -(2 ** 31)), max: Math.min(s.maximum ?? 1e6, 2 ** 31) });
  if (accepts(s, 'number')) return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
  if (accepts(s, 'boolean')) return fc.boolean();
  if (accepts(s, 'null')) return fc.constant(null);
  if (accepts(s, 'array')) return fc.array(shapeOf(s.items, depth + 1), { minLength: Math.min(s.minItems ?? 0, 3), maxLength: Math.min(s.maxItems ?? 3, 3) });
  if (s.properties) {
    const keys = Object.keys(s.properties);
    const record = fc.record(Object.fromEntries(keys.map((k) => [k, shapeOf(s.properties![k], depth + 1)])), { requiredKeys: (s.required ?? []).filter((k) => keys.includes(k)) });
    // sometimes a key the schema does not know
    return fc.oneof({ weight: 5, arbitrary: record }, { weight: 1, arbitrary: fc.tuple(record, fc.constantFrom('__extra', '\u0000', 'constructor')).map(([r, k]) => ({ ...(r as object), [k]: 1 })) });
  }
  if (s.patternProperties) return fc.dictionary(fc.string({ maxLength: 8 }), shapeOf(Object.values(s.patternProperties)[0], depth + 1), { maxKeys: 3 });
  return fc.jsonValue({ maxDepth: 2 });
}

/** A body nested `depth` levels deep. */
export const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** A query string from generated values; raw hostile encodings (%zz, an encoded lone surrogate) are kept as they are. */
export function queryString(values: Record<string, unknown>, raw: Record<string, string> = {}): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    parts.push(`${encodeURIComponent(k)}=${encodeUtf16(text)}`);
  }
  for (const [k, v] of Object.entries(raw)) parts.push(`${encodeURIComponent(k)}=${v}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** encodeURIComponent that does not throw on a lone surrogate (encoded as its WTF-8 bytes). */
export function encodeUtf16(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

// --- what a refused request left behind ------------------------------------------------------------

/** Tables whose rows count and hash are compared (bookkeeping of the rate limiter left out: it counts refused requests by design). */
export async function tablesOf(db: Kysely<DB>): Promise<string[]> {
  const rows = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.rows.map((r) => r.table_name).filter((t) => !/rate_limit/.test(t));
}

/** A cheap fingerprint of the database: every table's row count and a hash of its rows. */
export async function fingerprint(db: Kysely<DB>, tables: string[]): Promise<Record<string, string>> {
  const parts = tables.map((t) => `select '${t}' as t, count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as f from "${t}" x`);
  const rows = await sql.raw<{ t: string; f: string }>(parts.join(' union all ')).execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.t, r.f]));
}

export function changedTables(a: Record<string, string>, b: Record<string, string>): string[] {
  return Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);
}

// --- callers --------------------------------------------------------------------------------------

/** API tokens for one caller of each role (charity A's staff, the ministry, an applicant of a family of A). */
export async function tokensByRole(db: Kysely<DB>, world: World, applicantNationalId: string): Promise<Map<Role, string>> {
  const [A] = world.charities;
  const applicant = await db.insertInto('users').values({ org_id: null, role: 'applicant', national_id: applicantNationalId, display_name: 'applicant', phone: null, locale: 'en' }).returning('id').executeTakeFirstOrThrow();
  const root = world.ministryAdmin.actor;
  const applicantToken = `mzn_test_applicant_${world.rng.digits(10)}`;
  await inTx(db, root, (trx) => issueToken(trx, root, applicant.id, 'test', applicantToken));
  return new Map<Role, string>([
    ['ministry_admin', world.ministryAdmin.token],
    ['ministry_supervisor', world.supervisor.token],
    ['charity_admin', A!.admin.token],
    ['caseworker', A!.caseworker.token],
    ['field_visitor', A!.visitor.token],
    ['applicant', applicantToken],
    ['donor', (await donorAccount(db, world, applicantNationalId)).token],
  ]);
}
