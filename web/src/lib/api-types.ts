/**
 * The API's answers as the web app reads them: derived from web/src/api/openapi.d.ts, which is
 * generated from the server's OpenAPI document (`npm run api:types`; a test fails when it is not
 * current), so a page's types change with the server's contract instead of being declared twice.
 */
import type { components, paths } from '../api/openapi.js';

/** The named response schemas (components.schemas): Schema<'Grant'>, Schema<'Household'>, … */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = R extends { 200: infer A } ? Json<A> : R extends { 201: infer A } ? Json<A> : never;

/** The JSON body of a route's success answer: Body<'/api/v1/pool', 'get'>. */
export type Body<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends { responses: infer R } ? Success<R> : never;

/** One item of a list answer ({ items: [...] }, or an array). */
export type Item<P extends keyof paths, M extends Method = 'get'> = Body<P, M> extends { items: (infer I)[] } ? I : Body<P, M> extends (infer I)[] ? I : never;
