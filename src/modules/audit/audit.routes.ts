/**
 * The audit trail over HTTP: the ministry checks the chain; the public checkpoints. (The ministry's
 * search, which names organisations: oversight.routes.ts; the applicant's access log: kardex.routes.ts.)
 */
import type { App } from '../../http/app.js';
import { Ref, errors } from '../../http/schemas.js';
import { ChainVerification } from './audit.contracts.js';
import { verifyChain } from './audit.chain.js';
import { transparencyRoutes, type TransparencyOptions } from './transparency.routes.js';

export async function auditRoutes(app: App, opts: { transparency?: TransparencyOptions | undefined } = {}) {
  await app.register(transparencyRoutes, { transparency: opts.transparency });

  app.get(
    '/audit/verify',
    { config: { permission: 'audit:read' }, schema: { tags: ['audit'], summary: 'Walk the hash chain; names the first entry altered or removed', response: { 200: Ref(ChainVerification), ...errors(401, 403) } } },
    async (req) => app.mizan.tx(req, (trx) => verifyChain(trx)),
  );
}
