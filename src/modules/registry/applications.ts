/**
 * A charity's application and its receipt. The applicant is given a random receipt once, when it
 * applies; only its SHA-256 is stored (organisation_applications, 0016). The receipt alone finds
 * the application: an unknown or mistyped receipt gets the same not-found as any other, so no one
 * learns about another charity's application without its receipt (100 random bits).
 */
import { createHash, randomInt } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import { notFound } from '../../shared/problem.js';
import { normalizeDigits } from '../../shared/identity/national-id.js';
import { readCatalogue } from '../catalogue/catalogue.service.js';

/** Letters and digits that cannot be mistaken for one another (no I, O, 0, 1). */
const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const RECEIPT_LENGTH = 20;

const receiptHash = (receipt: string) => createHash('sha256').update(receiptKey(receipt), 'utf8').digest();

/** The receipt as compared: digits of any script as ASCII, letters upper-case, spaces and dashes dropped. */
export function receiptKey(receipt: string): string {
  return normalizeDigits(receipt).toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** A new receipt for an application, written in groups of four ("ABCD-EFGH-…"); stored hashed. */
export async function issueApplicationReceipt(db: Executor, orgId: string): Promise<string> {
  const chars = Array.from({ length: RECEIPT_LENGTH }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]!).join('');
  await db.insertInto('organisation_applications').values({ org_id: orgId, receipt_hash: receiptHash(chars) }).execute();
  return chars.match(/.{4}/g)!.join('-');
}

/** The application a receipt was given for: its name, status and the ministry's decision with its reason. */
export async function applicationByReceipt(db: Executor, receipt: string) {
  const key = receiptKey(receipt);
  const row =
    key.length === RECEIPT_LENGTH
      ? await db
          .selectFrom('organisation_applications as a')
          .innerJoin('organisations as o', 'o.id', 'a.org_id')
          .select(['o.id', 'o.name', 'o.status', 'a.created_at', 'o.decided_at', 'o.decision_reason'])
          .where('a.receipt_hash', '=', receiptHash(key))
          .executeTakeFirst()
      : undefined;
  if (!row) throw notFound('The application with this receipt');
  return { id: row.id, name: row.name, status: row.status, appliedAt: row.created_at, decidedAt: row.decided_at, reason: row.decision_reason };
}

/** The aid types a charity may offer when it applies (the active ones), named in three languages: public, no personal data. */
export async function applicationAidTypes(db: Executor) {
  return (await readCatalogue(db)).aidTypes.filter((t) => t.active).map((t) => ({ code: t.code, names: t.names }));
}
