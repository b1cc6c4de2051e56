/** Authentication: API tokens (Bearer mzn_…), stored as SHA-256 hashes. */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { usersRepository } from '../modules/registry/registry.repository.js';
import { hashToken } from '../modules/registry/registry.service.js';
import type { Actor, Clock } from './context.js';
import { Problem } from '../shared/problem.js';

export async function authenticate(db: Kysely<DB>, req: FastifyRequest, clock: Clock): Promise<Actor | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw new Problem('unauthenticated', 'Use "Authorization: Bearer <token>".');
  const row = await usersRepository.findByTokenHash(db, hashToken(m[1]!), clock.now());
  if (!row) throw new Problem('unauthenticated', 'The token is unknown, expired or revoked.');
  if (row.org_kind === 'charity' && row.org_status !== 'approved') throw new Problem('forbidden', 'Your organisation is not approved.');
  return { userId: row.id, orgId: row.org_id, orgKind: row.org_kind ?? null, role: row.role, locale: row.locale, nationalId: row.national_id };
}
