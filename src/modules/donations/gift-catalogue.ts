/**
 * What a deployment accepts as a gift, as data the ministry edits: the kinds of gift (general,
 * sadaqa, zakat, or khums where it is given; a kind marked zakat makes a gift zakat, paid only to
 * households in the zakat categories) and the in-kind items (each the aid type a grant of it is,
 * which must be an in-kind one, with the unit it is counted in). A kind or an item already named by
 * a gift keeps its code; its names and marks may change.
 */
import type { Executor } from '../../db/database.js';
import type { StockUnit } from '../../db/schema.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { requireActiveAidType } from '../catalogue/aid-types.js';
import { donationsRepository } from './donations.repository.js';

type Names = { en: string; ar: string; fa: string };

export async function setGiftKind(db: Executor, actor: Actor, code: string, k: { zakat: boolean; position?: number | undefined; names: Names }, now: Date) {
  await donationsRepository.upsertGiftKind(db, { code, zakat: k.zakat, position: k.position ?? 10, names: k.names });
  await audit(db, actor, { action: 'donations.gift_kind', subjectType: 'gift_kind', subjectId: code, details: { zakat: k.zakat }, at: now });
  return (await donationsRepository.giftKinds(db)).find((g) => g.code === code)!;
}

export async function setStockItem(db: Executor, actor: Actor, code: string, i: { aidTypeCode: string; unit: StockUnit; perishable?: boolean | undefined; names: Names }, now: Date) {
  const t = await requireActiveAidType(db, i.aidTypeCode);
  if (t.form !== 'in_kind') throw new Problem('validation', `The aid type "${t.code}" is not given in kind.`, { field: 'aidTypeCode', value: t.code });
  await donationsRepository.upsertStockItem(db, { code, aidTypeCode: t.code, unit: i.unit, perishable: i.perishable ?? false, names: i.names });
  await audit(db, actor, { action: 'donations.stock_item', subjectType: 'stock_item', subjectId: code, details: { aidType: t.code }, at: now });
  return (await donationsRepository.stockItems(db)).find((s) => s.code === code)!;
}
