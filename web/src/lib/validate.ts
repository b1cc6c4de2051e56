/**
 * A small JSON Schema validator for the subset the API's TypeBox schemas use (type, properties,
 * required, anyOf/oneOf, const/enum, string length, pattern, format, number range, array size).
 * Pure: no imports, so it can be tested on its own.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
};

export interface SchemaError {
  field: string;
  /** i18n key under "validation.": required, minLength, maxLength, pattern, format, minimum, maximum, type, enum, minItems, maxItems */
  rule: string;
  params: Record<string, unknown>;
}

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/,
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(want: string, got: string) {
  return want === got || (want === 'number' && got === 'integer');
}

/** Validates a value; returns every problem found, each with the dotted field path it concerns. */
export function validate(schema: JsonSchema | undefined, value: unknown, field = ''): SchemaError[] {
  if (!schema) return [];
  const err = (rule: string, params: Record<string, unknown> = {}): SchemaError[] => [{ field, rule, params }];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const results = branches.map((b) => validate(b, value, field));
    if (results.some((r) => r.length === 0)) return [];
    // Report against the branch that is not just "null" (the nullable wrapper) when there is one.
    const best = results.find((_, i) => branches[i]?.type !== 'null') ?? results[0] ?? [];
    if (branches.every((b) => b.const !== undefined)) return err('enum', { allowed: branches.map((b) => b.const) });
    return best;
  }
  if (schema.const !== undefined && value !== schema.const) return err('enum', { allowed: [schema.const] });
  if (schema.enum && !schema.enum.includes(value)) return err('enum', { allowed: schema.enum });
  const got = typeOf(value);
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(t, got))) return err('type', { type: types.join('|') });
  }
  const out: SchemaError[] = [];
  if (typeof value === 'string') {
    const len = [...value].length;
    if (schema.minLength !== undefined && len < schema.minLength) return err(schema.minLength === 1 && len === 0 ? 'required' : 'minLength', { limit: schema.minLength });
    if (schema.maxLength !== undefined && len > schema.maxLength) return err('maxLength', { limit: schema.maxLength });
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return err('pattern', {});
    if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format]!.test(value)) return err('format', { format: schema.format });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return err('minimum', { limit: schema.minimum });
    if (schema.maximum !== undefined && value > schema.maximum) return err('maximum', { limit: schema.maximum });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return err('minItems', { limit: schema.minItems });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return err('maxItems', { limit: schema.maxItems });
    if (schema.items) value.forEach((v, i) => out.push(...validate(schema.items, v, field ? `${field}.${i}` : String(i))));
  }
  if (got === 'object' && value && schema.properties) {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (obj[key] === undefined) out.push({ field: field ? `${field}.${key}` : key, rule: 'required', params: {} });
    }
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (obj[key] !== undefined) out.push(...validate(sub, obj[key], field ? `${field}.${key}` : key));
    }
  }
  return out;
}
