/**
 * No response that may carry personal data is kept by a browser or a shared cache: every
 * response gets `Cache-Control: no-store`, whatever the route or its handler set, unless the route
 * declares `config: { personalData: false }` — the few addresses that are the same for everyone
 * and name no one (the deployment, its regions and catalogue, the OpenAPI document, the problem
 * types, liveness, the API documentation page, the web app's files). Those keep what their handler
 * sets: the web app's index.html `no-cache`, its hashed assets a year (src/http/web.ts).
 *
 * The default is the safe one, so a new route is covered without anyone remembering it; a route is
 * cacheable only by saying so, and an error answer never is. `Pragma` is not sent: HTTP/1.1 caches obey Cache-Control.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this route's responses are the same for everyone and carry no personal data (may be cached). */
    personalData?: boolean;
  }
}

export const NO_STORE = 'no-store';

const mayBeCached = (req: FastifyRequest) => req.routeOptions.config?.personalData === false;

export function cacheHeaders(app: FastifyInstance) {
  // The API documentation page and its scripts (registered by @fastify/swagger-ui) name no one.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), personalData: false } as typeof route.config;
  });
  // Set on the raw response at once, so that a response written past Fastify (the identity
  // provider under /idp takes the response over) carries it too ...
  app.addHook('onRequest', async (req, reply) => {
    if (!mayBeCached(req)) reply.raw.setHeader('cache-control', NO_STORE);
  });
  // ... and again as the response is sent, over anything a handler or an error set. An error is
  // never kept, whatever the route (an unknown /api address answered by the web app's route).
  app.addHook('onSend', async (req, reply, payload) => {
    if (!mayBeCached(req) || reply.statusCode >= 400) void reply.header('cache-control', NO_STORE);
    return payload;
  });
}
