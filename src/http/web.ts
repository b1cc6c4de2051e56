/**
 * The web app, built by `npm run build` (Vite) into dist/web and served by Mizan itself at /.
 * Files that exist are sent as they are (hashed assets cached for a year); any other GET that is
 * not an API, sign-in or problem address gets index.html, so the app's own routes (/me,
 * /charity/pool, …) survive a reload. The route is public: the app's data comes from the API,
 * which checks permissions on every call.
 */
import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from './app.js';
import { Problem } from '../shared/problem.js';

export const WEB_ROOT = resolve(fileURLToPath(new URL('../../dist/web', import.meta.url)));

export function webBuildExists(root = WEB_ROOT): boolean {
  return existsSync(join(root, 'index.html'));
}

/** Addresses the app never answers with index.html: they belong to the server. */
const SERVER_PREFIXES = ['/api/', '/auth/', '/idp/', '/problems/', '/healthz'];
const isServerPath = (p: string) => SERVER_PREFIXES.some((s) => p === s.replace(/\/$/, '') || p.startsWith(s));

export async function webRoutes(app: App, opts: { root?: string } = {}) {
  const root = opts.root ?? WEB_ROOT;
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { config: { permission: 'public', personalData: false }, schema: { hide: true } }, async (req, reply) => {
    let path: string;
    try {
      path = decodeURIComponent((req.url.split('?')[0] ?? '/').replace(/\/+/g, '/'));
    } catch {
      throw new Problem('validation', 'The address is not valid (a malformed percent-encoding).');
    }
    if (isServerPath(path)) throw new Problem('not-found', 'No route GET at this address.');
    const rel = normalize(path).replace(/^([/\\])+/, '');
    const file = resolve(root, rel);
    if (rel && (file === root || file.startsWith(root + sep)) && existsSync(file) && statSync(file).isFile()) {
      const immutable = rel.startsWith(`assets${sep}`) || rel.startsWith('assets/');
      return immutable ? reply.sendFile(rel, { maxAge: 31_536_000_000, immutable: true }) : reply.header('cache-control', 'no-cache').sendFile(rel, { cacheControl: false });
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false });
  });
}
