/**
 * The public transparency log of the audit chain: the signed checkpoints and the key that checks
 * them, without sign-in, so that anyone (a court, a journalist, a charity) can keep copies and
 * later prove what the chain held at each checkpoint. A checkpoint carries positions, hashes,
 * times and a migration name only: no personal data.
 */
import { statSync, existsSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { App } from '../../http/app.js';
import { errors } from '../../http/schemas.js';
import { AuditKey, CheckpointsPage, CheckpointsQuery } from './audit.contracts.js';
import { Problem } from '../../shared/problem.js';
import { describeKey, readCheckpoints, type CheckpointFile } from './audit.checkpoints.js';

export interface TransparencyOptions {
  /** The checkpoint file this server publishes (the writer's own, or a copy of it). */
  file: string;
  /** The key that checks it (the public half is published). */
  key: KeyObject;
}

export async function transparencyRoutes(app: App, opts: { transparency?: TransparencyOptions | undefined }) {
  const t = opts.transparency;
  // The file is read again only when it changed.
  let cached: { stamp: string; file: CheckpointFile } | null = null;
  const current = (): CheckpointFile => {
    if (!t || !existsSync(t.file)) return { checkpoints: [], lines: [], problem: null };
    const st = statSync(t.file);
    const stamp = `${st.mtimeMs}:${st.size}`;
    if (cached?.stamp !== stamp) cached = { stamp, file: readCheckpoints(t.file, t.key) };
    return cached.file;
  };

  app.get(
    '/transparency/audit-key',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['transparency'],
        summary: 'The public key that checks the audit chain checkpoints (Ed25519)',
        security: [],
        response: {
          200: AuditKey,
          ...errors(404),
        },
      },
    },
    async () => {
      if (!t) throw new Problem('not-found', 'This server publishes no audit checkpoints.');
      const k = describeKey(t.key);
      return { algorithm: 'Ed25519' as const, keyId: k.keyId, publicKey: k.publicKeyPem };
    },
  );

  app.get(
    '/transparency/checkpoints',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['transparency'],
        summary: 'The signed checkpoints of the audit chain, oldest first (written at least daily)',
        security: [],
        querystring: CheckpointsQuery,
        response: {
          200: CheckpointsPage,
          ...errors(400),
        },
      },
    },
    async (req) => {
      const file = current();
      const after = req.query.after ?? 0;
      const limit = req.query.limit ?? 100;
      const rest = file.checkpoints.filter((c) => c.number > after);
      const items = rest.slice(0, limit);
      return {
        keyId: t ? describeKey(t.key).keyId : null,
        items,
        nextCursor: rest.length > limit ? items[items.length - 1]!.number : null,
        intact: file.problem === null,
      };
    },
  );
}
