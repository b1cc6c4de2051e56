/**
 * AN APPEAL'S DOCUMENTS. The applicant attaches what supports the appeal — a letter, a photo of a
 * certificate — while it is open: PDF, JPEG or PNG (known by the file's first bytes, not by what it
 * says it is), at most MAX_DOCUMENT_BYTES each and MAX_DOCUMENTS an appeal; the same file twice is
 * kept once. Whoever may read the appeal (the applicant, the ministry, the programme's charity)
 * downloads them; each staff download is an audited reveal of the household's data.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import { Problem, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { programmesRepository } from './programmes.repository.js';

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const MAX_DOCUMENTS = 5;

type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** The file's type by its first bytes, or null when it is none of those taken. */
export function sniffDocument(b: Buffer): DocumentType | null {
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

export const documentView = (d: { id: string; name: string; content_type: string; size_bytes: number }) => ({ id: d.id, name: d.name, contentType: d.content_type, sizeBytes: d.size_bytes });

export async function attachDocument(trx: Tx, actor: Actor, appealId: string, file: { name: string; content: Buffer }, now: Date) {
  const appeal = await programmesRepository.appeal(trx, appealId);
  const application = appeal ? await programmesRepository.application(trx, appeal.application_id) : undefined;
  if (!appeal || !application || application.applicant_user !== actor.userId) throw notFound('The appeal');
  if (appeal.status !== 'open') throw new Problem('invalid-state', 'The appeal has been decided; documents are added while it is open.');
  const type = sniffDocument(file.content);
  if (!type) throw new Problem('validation', 'Attach a PDF, JPEG or PNG file.', { field: 'file' });
  const existing = await programmesRepository.appealDocuments(trx, [appealId]);
  if (existing.length >= MAX_DOCUMENTS) throw new Problem('validation', `An appeal takes at most ${MAX_DOCUMENTS} documents.`, { field: 'file', limit: MAX_DOCUMENTS });
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  const name = file.name.normalize('NFC').replace(/[\u0000-\u001f\u007f/\\]/g, '').trim().slice(0, 200) || 'document';
  const row = await programmesRepository.insertAppealDocument(trx, { appealId, name, contentType: type, content: file.content, sha256, at: now, by: actor.userId })
    ?? existing.find((d) => d.sha256 === sha256)!;
  await audit(trx, actor, { action: 'programme.appeal.document', subjectType: 'programme_appeal', subjectId: appealId, householdId: application.household_id, details: { documentId: row.id, contentType: type, sizeBytes: file.content.length }, at: now });
  return documentView(row);
}

export async function readDocument(trx: Tx, actor: Actor, appealId: string, documentId: string, now: Date) {
  const appeal = await programmesRepository.appeal(trx, appealId);
  const doc = appeal ? await programmesRepository.appealDocument(trx, appealId, documentId) : undefined;
  if (!appeal || !doc) throw notFound('The document');
  if (actor.role !== 'applicant') {
    const application = await programmesRepository.application(trx, appeal.application_id);
    await audit(trx, actor, { action: 'personal_data.read', subjectType: 'programme_appeal', subjectId: appealId, householdId: application?.household_id ?? null, reason: 'appeal document', details: { documentId }, at: now });
  }
  return doc;
}
