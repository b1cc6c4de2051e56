/**
 * The audit trail's HTTP contract: the ministry's search and the chain's check, the applicant's
 * access log, and the public transparency log (signed checkpoints and their key); request and
 * response schemas, their types, and the mappers from rows to the answers.
 */
import { Type } from 'typebox';
import { AnyJson, DateTime, Moment, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';

// Requests ----------------------------------------------------------------------------------------

export const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 80, description: 'exact action, or a prefix ending in "." (e.g. "request.")' })),
  actorOrg: Type.Optional(Uuid),
  actorUser: Type.Optional(Uuid),
  householdId: Type.Optional(Uuid),
  subjectType: Type.Optional(Type.String({ maxLength: 40 })),
  subjectId: Type.Optional(Type.String({ maxLength: 80 })),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'cursor: entries with a smaller seq (a bigint position)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export const AccessLogQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) });
export const CheckpointsQuery = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'cursor: checkpoints with a greater number' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

// Responses ---------------------------------------------------------------------------------------

const OrgKind = Type.Union([Type.Literal('ministry'), Type.Literal('charity')]);

export const AuditEntry = Named('AuditEntry', {
  seq: Type.Integer(), at: Moment, action: Type.String(),
  actor: Strict({ userId: Nullable(Uuid), orgId: Nullable(Uuid), orgName: Nullable(Type.String()), orgKind: Nullable(OrgKind), role: Nullable(Type.String()) }),
  subject: Strict({ type: Type.String(), id: Nullable(Type.String()) }),
  householdId: Nullable(Uuid), reason: Nullable(Type.String()), details: AnyJson, sealed: Type.Boolean(),
});
export const AuditPage = Strict({ items: Type.Array(Ref(AuditEntry)), nextCursor: Nullable(Type.Integer()) });

export const ChainVerification = Named('ChainVerification', {
  ok: Type.Boolean(), checked: Type.Integer(), unsealed: Type.Integer(),
  problem: Nullable(Type.Object({ kind: Type.String(), message: Type.String() }, { additionalProperties: true, description: 'The first entry altered or removed: kind, message, and the positions it concerns' })),
});

export const AccessEntry = Named('AccessEntry', {
  at: Moment, action: Type.String(), organisation: Nullable(Strict({ name: Type.String(), kind: Nullable(OrgKind) })), role: Nullable(Type.String()),
  reason: Nullable(Type.String()), purpose: Nullable(Type.String({ description: 'For a lookup (registry.lookup): its purpose code' })),
});
export const AccessLog = Strict({ householdId: Uuid, items: Type.Array(Ref(AccessEntry)) });

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

export const AUDIT_SCHEMAS = [AuditEntry, ChainVerification, AccessEntry, Checkpoint];

// Mappers -----------------------------------------------------------------------------------------

export const auditEntryView = (r: {
  seq: number; at: Date; action: string; actor_user: string | null; actor_org: string | null; org_name: string | null; org_kind: 'ministry' | 'charity' | null; actor_role: string | null;
  subject_type: string; subject_id: string | null; household_id: string | null; reason: string | null; details: unknown; chain_pos: number | null;
}) => ({
  seq: r.seq, at: r.at, action: r.action,
  actor: { userId: r.actor_user, orgId: r.actor_org, orgName: r.org_name, orgKind: r.org_kind, role: r.actor_role },
  subject: { type: r.subject_type, id: r.subject_id }, householdId: r.household_id, reason: r.reason, details: r.details, sealed: r.chain_pos !== null,
});
