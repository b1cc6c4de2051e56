/**
 * A row fixed by hand from the report: the charity types the national ID or phone again, the row is
 * judged again by itself, then by the same set-based step as the import (intake_apply_rows()), and
 * its person invited if it is now accepted. A row that already counts as accepted is not changed
 * (409). The import's counts move from the row's old kind to its new one.
 *
 * Or, for a waiting row (no valid national ID) the import's registry search found a likely person
 * for (import-job.ts), the charity links the row to that person (linkLikelyPerson): the row gets the
 * outcome of an "already registered" row in one SQL step (intake_link_likely_person(): linked to the
 * existing person, never a second one, the charity added as a referrer), the person is invited if
 * the row's phone is good, as an already-registered row of an import is, and the person revealed to
 * the charity is an audit entry (personal_data.read, with their household).
 */
import type { Actor } from '../../kernel/actor.js';
import type { Tx } from '../../kernel/transaction.js';
import type { Deployment } from '../../deployments/setup.js';
import { Problem, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { intakeRepository } from './intake.repository.js';
import { judgeRow } from './judge-row.js';
import type { InviteItem, OnAccepted } from './intake-settings.js';
import { requireImport } from './set-mapping.js';

export interface RowFix { nationalId?: string | undefined; phone?: string | undefined; linkLikelyPerson?: true | undefined }

export async function fixRow(trx: Tx, actor: Actor, dep: Deployment, onAccepted: OnAccepted, importId: string, rowNo: number, fix: RowFix, now: Date) {
  const imp = await requireImport(trx, actor, importId);
  if (imp.status !== 'done') throw new Problem('invalid-state', `The import is ${imp.status}: rows are fixed once it is done.`, { importStatus: imp.status });
  if (fix.linkLikelyPerson) {
    if (fix.nationalId !== undefined || fix.phone !== undefined) {
      throw new Problem('validation', 'Either link the row to the registered person or type its national ID or phone again, not both.', { field: 'linkLikelyPerson' });
    }
    return linkLikelyPerson(trx, actor, dep, onAccepted, imp.org_id, importId, rowNo, now);
  }
  const row = await intakeRepository.row(trx, importId, rowNo);
  if (!row) throw notFound('The row');
  const cells = [fix.nationalId ?? row.national_id ?? '', fix.phone ?? row.phone ?? ''];
  const judged = { ...judgeRow({ idScheme: dep.idScheme, country: dep.country }, cells, { nationalId: 0, phone: 1 }) };
  const oldKind = await intakeRepository.rejudge(trx, importId, rowNo, judged);
  if (oldKind === undefined) throw new Problem('invalid-state', 'This row was accepted: there is nothing to fix.');
  // A valid ID is decided as its range of one; a row that judged itself again, by its own verdict.
  const ids = judged.ownVerdict === null && judged.nationalId ? { from: judged.nationalId, through: judged.nationalId } : null;
  const counts = await intakeRepository.apply(trx, importId, ids, ids === null);
  const invite = ids ? (await intakeRepository.toInvite(trx, importId, ids)).filter((r) => r.row_no === rowNo) : [];
  if (invite.length) {
    const items: InviteItem[] = invite.map((r) => ({ nationalId: r.national_id!, phone: r.phone!, locale: (r.language as InviteItem['locale'] | null) ?? dep.defaultLocale, orgId: imp.org_id }));
    await onAccepted(trx, items, now);
  }
  const less = oldKind ? { [oldKind]: -1 } : {};
  await intakeRepository.progress(trx, importId, {}, {
    accepted: counts.accepted + (less.accepted ?? 0), refused: counts.refused + (less.refused ?? 0), waiting: counts.waiting + (less.waiting ?? 0),
  });
  await audit(trx, actor, { action: 'import.fix-row', subjectType: 'import', subjectId: importId, details: { rowNo }, at: now });
  const after = await intakeRepository.rows(trx, importId, { after: rowNo - 1, limit: 1 });
  return after[0]!;
}

async function linkLikelyPerson(trx: Tx, actor: Actor, dep: Deployment, onAccepted: OnAccepted, orgId: string, importId: string, rowNo: number, now: Date) {
  const row = await intakeRepository.row(trx, importId, rowNo);
  if (!row) throw notFound('The row');
  const linked = await intakeRepository.linkLikely(trx, importId, rowNo);
  switch (linked.outcome) {
    case 'not-found':
      throw notFound('The row');
    case 'not-waiting':
      throw new Problem('invalid-state', 'This row is not waiting for a national ID: there is no registered person to link it to.');
    case 'no-likely-person':
      throw new Problem('no-likely-person', 'The registry search found no person this row may be: fix its national ID by hand.');
    case 'linked':
      break;
  }
  // Waiting → accepted (already-registered), as intake_verdict_kind counts them.
  await intakeRepository.progress(trx, importId, {}, { waiting: -1, accepted: 1 });
  const phone = judgeRow({ idScheme: dep.idScheme, country: dep.country }, [linked.national_id ?? '', row.phone ?? ''], { nationalId: 0, phone: 1 });
  if (phone.ownVerdict === null && phone.nationalId && phone.phone) {
    await onAccepted(trx, [{ nationalId: phone.nationalId, phone: phone.phone, locale: (row.language as InviteItem['locale'] | null) ?? dep.defaultLocale, orgId }], now);
  }
  await audit(trx, actor, { action: 'personal_data.read', subjectType: 'person', subjectId: linked.person_id, householdId: linked.household_id, reason: 'import-link', details: { importId, rowNo }, at: now });
  await audit(trx, actor, { action: 'import.link-row', subjectType: 'import', subjectId: importId, details: { rowNo }, at: now });
  const after = await intakeRepository.rows(trx, importId, { after: rowNo - 1, limit: 1 });
  return after[0]!;
}
