/**
 * A row fixed by hand from the report (until the person-matching capability proposes the person
 * a waiting row may be): the charity types the national ID or phone again, the row is judged
 * again by itself, then by the same set-based step as the import (intake_apply_rows()), and its
 * person invited if it is now accepted. A row that already counts as accepted is not changed
 * (409). The import's counts move from the row's old kind to its new one.
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

export async function fixRow(trx: Tx, actor: Actor, dep: Deployment, onAccepted: OnAccepted, importId: string, rowNo: number, fix: { nationalId?: string | undefined; phone?: string | undefined }, now: Date) {
  const imp = await requireImport(trx, actor, importId);
  if (imp.status !== 'done') throw new Problem('invalid-state', `The import is ${imp.status}: rows are fixed once it is done.`, { importStatus: imp.status });
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
