/**
 * Form validation with the API's own rules: the request-body schemas come from the server's
 * OpenAPI document (/api/openapi.json, generated from the same TypeBox schemas the routes validate
 * with), checked here by a small JSON Schema validator before anything is sent. The server still
 * validates; this only lets a person see the problem next to the field at once.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './api';

import { validate, type JsonSchema } from './validate';

export { validate };
export type { JsonSchema, SchemaError } from './validate';

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export function useOpenApi() {
  return useQuery({ queryKey: ['openapi'], queryFn: () => api<OpenApi>('GET', '/api/openapi.json'), staleTime: Infinity, gcTime: Infinity });
}

/** The JSON body schema of an operation: bodySchema(doc, 'post', '/api/v1/requests/{id}/reject'). */
export function bodySchema(doc: OpenApi | undefined, method: string, path: string): JsonSchema | undefined {
  const op = doc?.paths[path]?.[method.toLowerCase()];
  const s = op?.requestBody?.content?.['application/json']?.schema;
  return s ? resolve(doc!, s) : undefined;
}

function resolve(doc: OpenApi, s: JsonSchema): JsonSchema {
  if (s.$ref?.startsWith('#/components/schemas/')) return doc.components?.schemas?.[s.$ref.slice(21)] ?? {};
  return s;
}
