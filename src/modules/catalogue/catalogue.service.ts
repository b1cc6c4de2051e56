/** The aid catalogue: service baskets, aid types and exclusivity policies (edited by the ministry). */
import type { Executor } from '../../db/database.js';
import type { AidForm, WindowKind } from '../../db/schema.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';

export async function readCatalogue(db: Executor) {
  const [baskets, groups, types] = await Promise.all([
    db.selectFrom('service_baskets').selectAll().orderBy('position').execute(),
    db.selectFrom('exclusivity_groups').select(['code', 'name_en', 'name_ar', 'name_fa', 'scope', 'window_kind', 'window_days', 'updated_at']).orderBy('code').execute(),
    db.selectFrom('aid_types').selectAll().orderBy('basket_code').orderBy('code').execute(),
  ]);
  return {
    baskets: baskets.map((b) => ({ code: b.code, names: { en: b.name_en, ar: b.name_ar, fa: b.name_fa } })),
    groups: groups.map((g) => ({ code: g.code, names: { en: g.name_en, ar: g.name_ar, fa: g.name_fa }, scope: g.scope, windowKind: g.window_kind, windowDays: g.window_days })),
    aidTypes: types.map((t) => ({ code: t.code, basket: t.basket_code, group: t.group_code, form: t.form, names: { en: t.name_en, ar: t.name_ar, fa: t.name_fa }, deadlineDays: t.deadline_days, active: t.active })),
  };
}

export async function updatePolicy(db: Executor, actor: Actor, code: string, p: { windowKind: WindowKind; windowDays?: number | null | undefined }) {
  if ((p.windowKind === 'days') !== (p.windowDays != null)) {
    throw new Problem('validation', 'windowDays is required for a window of days, and only then.', { field: 'windowDays' });
  }
  const before = await db.selectFrom('exclusivity_groups').selectAll().where('code', '=', code).executeTakeFirst();
  if (!before) throw notFound('The exclusivity group');
  const row = await db
    .updateTable('exclusivity_groups')
    .set({ window_kind: p.windowKind, window_days: p.windowDays ?? null, updated_at: new Date(), updated_by: actor.userId })
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, actor, {
    action: 'policy.update',
    subjectType: 'exclusivity_group',
    subjectId: code,
    details: { before: { windowKind: before.window_kind, windowDays: before.window_days }, after: { windowKind: row.window_kind, windowDays: row.window_days } },
  });
  return row;
}

export interface AidTypeInput {
  code: string;
  basket: string;
  group: string;
  form: AidForm;
  names: { en: string; ar: string; fa: string };
  deadlineDays?: number | null | undefined;
  active?: boolean | undefined;
}

export async function upsertAidType(db: Executor, actor: Actor, t: AidTypeInput) {
  const basket = await db.selectFrom('service_baskets').select('code').where('code', '=', t.basket).executeTakeFirst();
  if (!basket) throw new Problem('unknown-reference', `Unknown service basket "${t.basket}".`, { field: 'basket' });
  const group = await db.selectFrom('exclusivity_groups').select('code').where('code', '=', t.group).executeTakeFirst();
  if (!group) throw new Problem('unknown-reference', `Unknown exclusivity group "${t.group}".`, { field: 'group' });
  const values = { basket_code: t.basket, group_code: t.group, form: t.form, name_en: t.names.en, name_ar: t.names.ar, name_fa: t.names.fa, deadline_days: t.deadlineDays ?? null, active: t.active ?? true };
  const row = await db
    .insertInto('aid_types')
    .values({ code: t.code, ...values })
    .onConflict((oc) => oc.column('code').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, actor, { action: 'catalogue.aid_type.upsert', subjectType: 'aid_type', subjectId: t.code, details: { group: t.group, basket: t.basket } });
  return row;
}

export async function createGroup(db: Executor, actor: Actor, g: { code: string; names: { en: string; ar: string; fa: string }; windowKind: WindowKind; windowDays?: number | null | undefined }) {
  if ((g.windowKind === 'days') !== (g.windowDays != null)) throw new Problem('validation', 'windowDays is required for a window of days, and only then.', { field: 'windowDays' });
  const row = await db
    .insertInto('exclusivity_groups')
    .values({ code: g.code, name_en: g.names.en, name_ar: g.names.ar, name_fa: g.names.fa, window_kind: g.windowKind, window_days: g.windowDays ?? null, updated_by: actor.userId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, actor, { action: 'policy.create', subjectType: 'exclusivity_group', subjectId: g.code, details: { windowKind: g.windowKind, windowDays: g.windowDays ?? null } });
  return row;
}
