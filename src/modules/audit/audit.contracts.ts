/**
 * The audit trail's HTTP contract: the chain's check and the public transparency log (signed checkpoints and their key); request and
 * response schemas and their types. (The ministry's search, which names organisations:
 * oversight.contracts.ts; the applicant's access log: kardex.contracts.ts.)
 */
import { Type } from 'typebox';
import { Named, Nullable, Ref, Strict } from '../../http/schemas.js';

// Requests ----------------------------------------------------------------------------------------

export const CheckpointsQuery = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'cursor: checkpoints with a greater number' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

// Responses ---------------------------------------------------------------------------------------


export const ChainVerification = Named('ChainVerification', {
  ok: Type.Boolean(), checked: Type.Integer(), unsealed: Type.Integer(),
  problem: Nullable(Type.Object({ kind: Type.String(), message: Type.String() }, { additionalProperties: true, description: 'The first entry altered or removed: kind, message, and the positions it concerns' })),
});

const Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });
// The properties in the order of the signed JSON (see audit.checkpoints.ts).
export const Checkpoint = Named('Checkpoint', {
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
});
export const CheckpointsPage = Strict({
  keyId: Nullable(Type.String()),
  items: Type.Array(Ref(Checkpoint)),
  nextCursor: Nullable(Type.Integer()),
  intact: Type.Boolean({ description: 'false when a line of the file is not signed or not chained: only the lines before it are listed' }),
});
export const AuditKey = Strict({ algorithm: Type.Literal('Ed25519'), keyId: Type.String(), publicKey: Type.String({ description: 'SPKI, PEM' }) });

export const AUDIT_SCHEMAS = [ChainVerification, Checkpoint];

// Mappers -----------------------------------------------------------------------------------------
