/**
 * The public transparency log of the audit chain: the signed checkpoints and the key that checks
 * them, without sign-in, so that anyone (a court, a journalist, a charity) can keep copies and
 * later prove what the chain held at each checkpoint. A checkpoint carries positions, hashes,
 * times and a migration name only: no personal data.
 */
import { Type } from 'typebox';
import { statSync, existsSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { App } from '../../http/app.js';
import { Nullable, errors } from '../../http/schemas.js';
import { Problem } from '../../shared/problem.js';
import { describeKey, readCheckpoints, type CheckpointFile } from './audit.checkpoints.js';

export interface TransparencyOptions {
  /** The checkpoint file this server publishes (the writer's own, or a copy of it). */
  file: string;
  /** The key that checks it (the public half is published). */
  key: KeyObject;
}

const Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });
// The properties in the order of the signed JSON (see audit.checkpoints.ts).
const CheckpointSchema = Type.Object({
  v: Type.Literal(1),
  number: Type.Integer(),
  time: Type.String({ format: 'date-time' }),
  position: Type.Integer({ description: 'the chain head: last sealed position' }),
  hash: Hex,
  definitions: Hex,
  migration: Nullable(Type.String()),
  previous: Nullable(Hex),
  keyId: Type.String(),
  signature: Type.String({ description: "Ed25519 (base64) over this object's JSON without `signature`, members in this order" }),
}, { additionalProperties: false });

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
          200: Type.Object({ algorithm: Type.Literal('Ed25519'), keyId: Type.String(), publicKey: Type.String({ description: 'SPKI, PEM' }) }),
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
        querystring: Type.Object({
          after: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'cursor: checkpoints with a greater number' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: {
          200: Type.Object({
            keyId: Nullable(Type.String()),
            items: Type.Array(CheckpointSchema),
            nextCursor: Nullable(Type.Integer()),
            intact: Type.Boolean({ description: 'false when a line of the file is not signed or not chained: only the lines before it are listed' }),
          }),
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
