/**
 * Text in, one rule. Every string a request carries — in the JSON body, the query string and the
 * path parameters, at any depth, keys included — passes through `cleanRequestText` (a
 * `preValidation` hook in app.ts, so it runs after parsing and before the route's schema):
 *
 * - a NUL character (PostgreSQL cannot store it in text) or a lone UTF-16 surrogate (not a
 *   character at all) is refused with 400 /problems/invalid-text naming the field;
 * - every other string is normalised to Unicode NFC and trimmed, so the schema's length limits,
 *   patterns and formats see the text as it will be stored.
 *
 * What a name must contain (a letter) is the name schema in schemas.ts, checked by the schema
 * after this. Only JSON bodies are accepted by the API's routes (no form or multipart parser is
 * registered), so these three places are every text input there is.
 */
import { Problem } from '../shared/problem.js';

/** Nested deeper than this, a request is refused before it is walked (or validated). */
export const MAX_INPUT_DEPTH = 32;

const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string may not be taken in, or null when it may. */
export function textFault(s: string): string | null {
  if (s.includes(NUL)) return 'contains a NUL character, which is not allowed in text';
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired surrogate, which is not a character';
  return null;
}

/** The stored form of an accepted string: NFC, without surrounding white space. */
export const cleanText = (s: string) => s.normalize('NFC').trim();

/** A key as it may appear in a field name of an error: short identifiers only, never raw input. */
const keyLabel = (k: string) => (/^[A-Za-z0-9_$-]{1,64}$/.test(k) ? k : '*');

function refuse(field: string, message: string): never {
  throw new Problem('invalid-text', `${field} ${message}.`, { field, errors: [{ field, message }] });
}

/**
 * Checks and cleans every string in `value` in place (a top-level string is returned cleaned).
 * `context` names where the value came from, as validation errors do: body, querystring, params.
 */
export function cleanValue(value: unknown, context: string): unknown {
  if (typeof value === 'string') {
    const fault = textFault(value);
    if (fault) refuse(context, fault);
    return cleanText(value);
  }
  if (value === null || typeof value !== 'object') return value;
  // An explicit stack: a deeply nested body cannot exhaust the call stack.
  const stack: { node: Record<string, unknown> | unknown[]; path: string; depth: number }[] = [{ node: value as Record<string, unknown>, path: context, depth: 1 }];
  while (stack.length) {
    const { node, path, depth } = stack.pop()!;
    if (depth > MAX_INPUT_DEPTH) throw new Problem('validation', `${context} is nested more than ${MAX_INPUT_DEPTH} levels deep.`, { field: context });
    const keys = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
    for (const key of keys) {
      const keyFault = Array.isArray(node) ? null : textFault(key);
      if (keyFault) refuse(`${path}.*`, `has a name that ${keyFault}`);
      const field = `${path}.${keyLabel(key)}`;
      const v = (node as Record<string, unknown>)[key];
      if (typeof v === 'string') {
        const fault = textFault(v);
        if (fault) refuse(field, fault);
        (node as Record<string, unknown>)[key] = cleanText(v);
      } else if (v !== null && typeof v === 'object') {
        stack.push({ node: v as Record<string, unknown>, path: field, depth: depth + 1 });
      }
    }
  }
  return value;
}

/** The hook: path parameters, then the query string, then the body. */
export async function cleanRequestText(req: { params: unknown; query: unknown; body: unknown }) {
  cleanValue(req.params, 'params');
  cleanValue(req.query, 'querystring');
  req.body = cleanValue(req.body, 'body');
}
