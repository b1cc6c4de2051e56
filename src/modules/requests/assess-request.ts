/** The case study: the social researcher's notes and the documents referenced, kept per charity. */
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { requestsRepository } from './requests.repository.js';
import { requireHeld } from './claim-request.js';
import { iso, recordEvent } from './timeline.js';

export async function assessRequest(trx: Tx, actor: Actor, id: string, input: { notes: string; documents: string[] }, now: Date) {
  await requireHeld(trx, actor, id);
  const documents = [...new Set(input.documents.map((d) => d.trim()).filter(Boolean))];
  const a = await requestsRepository.upsertAssessment(trx, { requestId: id, orgId: actor.orgId!, notes: input.notes.trim(), documents, by: actor.userId, at: now });
  await recordEvent(trx, actor, id, 'assessed', { at: now, orgId: actor.orgId, details: { documents: documents.length } });
  return { notes: a.notes, documents: a.documents, updatedAt: iso(a.updated_at) };
}
