/**
 * Every answer checked against the schema its route declares (on in tests: `checkResponses` in
 * AppDeps, or MIZAN_CHECK_RESPONSES=1, which `npm test` sets). Fastify serialises a declared
 * response through fast-json-stringify, which drops a property the schema does not name and
 * coerces a value of the wrong type, so a handler that drifted from its contract would be cut
 * silently. Here the handler's own value (as JSON: dates become ISO text, as the serializer writes
 * them) is validated before serialisation, with no coercion and every named schema
 * (src/http/contracts.ts) known: a missing or undeclared property, a wrong type or format is a 500
 * whose log line names the route and the paths, never the values.
 */
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from 'typebox';
import type { App } from './app.js';

// ajv and ajv-formats are CommonJS: their default export, under ESM, is the module object.
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as typeof AjvModule.default;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as typeof addFormatsModule.default;

/** One failed check: where, and what (paths and keywords; a value is never repeated). */
export class ResponseContractError extends Error {
  constructor(route: string, status: number, errors: ErrorObject[]) {
    const what = errors.map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`);
    super(`The ${status} answer of ${route} does not match its declared schema: ${what.join('; ')}`);
    this.name = 'ResponseContractError';
  }
}

export function checkResponses(app: App, named: TSchema[]) {
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
  addFormats(ajv);
  for (const s of named) ajv.addSchema(s as object);
  const compiled = new WeakMap<object, ValidateFunction>();
  app.addHook('preSerialization', async (req, reply, payload) => {
    const status = reply.statusCode;
    if (status < 200 || status >= 300) return payload;
    const responses = req.routeOptions.schema?.response as Record<string, object> | undefined;
    const schema = responses?.[String(status)] ?? responses?.['2xx'];
    if (!schema) return payload;
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
    const value: unknown = payload === undefined ? null : JSON.parse(JSON.stringify(payload));
    if (!validate(value)) throw new ResponseContractError(`${req.method} ${req.routeOptions.url}`, status, validate.errors ?? []);
    return payload;
  });
}
