/**
 * A charity's books: its funds (cash by restriction and zakat), its stock (items by warehouse),
 * what is about to expire, its allocations; opening the books (from then on every grant with an
 * amount or an item is funded, or refused); warehouses. And the ministry's view over all
 * charities: inflows and outflows by month, and the reconciliation.
 */
import type { Executor } from '../../db/database.js';
import type { Deployment } from '../../deployments/setup.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem } from '../../shared/problem.js';
import { actingCharity } from './acting-charity.js';
import { audit } from '../audit/audit.service.js';
import { donationsRepository } from './donations.repository.js';

const n = (x: unknown) => Number(x ?? 0);

export async function openBooks(db: Executor, actor: Actor, now: Date) {
  const orgId = actingCharity(actor, 'keep its books');
  await donationsRepository.openBooks(db, orgId, now, actor.userId);
  await audit(db, actor, { action: 'funds.open_books', subjectType: 'organisation', subjectId: orgId, at: now });
}

export async function addWarehouse(db: Executor, dep: Deployment, actor: Actor, w: { name: string; regionCode: string }, now: Date) {
  const orgId = actingCharity(actor, 'keep its books');
  if (!dep.regions.has(w.regionCode)) throw new Problem('unknown-reference', `Unknown region "${w.regionCode}".`, { field: 'regionCode', value: w.regionCode });
  const row = await donationsRepository.insertWarehouse(db, { orgId, name: w.name, regionCode: w.regionCode, at: now });
  if (!row) throw new Problem('conflict', 'Your organisation has a warehouse of this name already.', { field: 'name' });
  await audit(db, actor, { action: 'funds.warehouse', subjectType: 'warehouse', subjectId: row.id, at: now });
  return row;
}

/** The charity's funds, stock, what expires within `expiringDays`, and its allocations. */
export async function charityBooks(db: Executor, actor: Actor, today: string, expiringDays = 30) {
  const orgId = actingCharity(actor, 'keep its books');
  const [open, lots, warehouses] = await Promise.all([donationsRepository.booksOpen(db, orgId), donationsRepository.lotsOfOrg(db, orgId), donationsRepository.warehouses(db, orgId)]);
  const funds = new Map<string, { restrictionKind: string; restrictionCode: string | null; zakat: boolean; balanceMinor: number; lots: number }>();
  const stock = new Map<string, { itemCode: string; warehouseId: string; quantity: number; valueMinor: number; lots: number }>();
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + expiringDays * 86_400_000).toISOString().slice(0, 10);
  const expiring: { lotId: string; itemCode: string; warehouseId: string; quantity: number; expiresOn: string }[] = [];
  const allocations: { lotId: string; parentLotId: string; restrictionKind: string; restrictionCode: string | null; balanceMinor: number; quantity: number }[] = [];
  const own = new Set(lots.map((l) => l.id));
  for (const l of lots) {
    const amount = n(l.amount_minor), quantity = n(l.quantity);
    if (l.form === 'cash') {
      const k = `${l.restriction_kind}|${l.restriction_code ?? ''}|${l.zakat}`;
      const f = funds.get(k) ?? { restrictionKind: l.restriction_kind, restrictionCode: l.restriction_code, zakat: l.zakat, balanceMinor: 0, lots: 0 };
      f.balanceMinor += amount;
      if (amount > 0) f.lots += 1;
      funds.set(k, f);
    } else {
      const k = `${l.item_code}|${l.warehouse_id}`;
      const s = stock.get(k) ?? { itemCode: l.item_code!, warehouseId: l.warehouse_id!, quantity: 0, valueMinor: 0, lots: 0 };
      s.quantity += quantity;
      s.valueMinor += amount;
      if (quantity > 0) s.lots += 1;
      stock.set(k, s);
      if (quantity > 0 && l.expires_on && l.expires_on <= horizon) expiring.push({ lotId: l.id, itemCode: l.item_code!, warehouseId: l.warehouse_id!, quantity, expiresOn: l.expires_on });
    }
    // an allocation: a child of one of its own lots (a transfer's child has a parent at the sender)
    if (l.parent_lot_id && own.has(l.parent_lot_id)) allocations.push({ lotId: l.id, parentLotId: l.parent_lot_id, restrictionKind: l.restriction_kind, restrictionCode: l.restriction_code, balanceMinor: amount, quantity });
  }
  return {
    booksOpen: open,
    funds: [...funds.values()].sort((a, b) => b.balanceMinor - a.balanceMinor),
    stock: [...stock.values()].sort((a, b) => a.itemCode.localeCompare(b.itemCode)),
    expiring: expiring.sort((a, b) => a.expiresOn.localeCompare(b.expiresOn)),
    allocations,
    warehouses: warehouses.map((w) => ({ id: w.id, name: w.name, regionCode: w.region_code })),
  };
}

/** All charities' inflows (gifts received) and outflows (granted, refunded), by month, from `from`. */
export async function ledgerFlows(db: Executor, from: string) {
  const rows = await donationsRepository.flows(db, from);
  return rows.map((r) => ({ orgId: r.org_id, month: r.month, kind: r.kind, account: r.account, amountMinor: r.account === 'gifts' ? -n(r.amount) : n(r.amount), quantity: r.account === 'gifts' ? -n(r.quantity) : n(r.quantity), entries: r.entries }));
}

/** The reconciliation: the journal sums to zero, every entry balances, every balance is its lines', every grant funded in full. */
export async function reconciliation(db: Executor) {
  const r = await donationsRepository.reconcile(db);
  const checks = {
    journalSumsToZero: n(r.journal_sum) === 0,
    everyEntryBalanced: r.unbalanced_entries === 0,
    everyBalanceDerived: r.balance_mismatches === 0,
    noNegativeBalance: r.negative_balances === 0,
    everyGrantFunded: r.unfunded_grants === 0,
    everyFundingComplete: r.funding_mismatches === 0,
  };
  return {
    ok: Object.values(checks).every(Boolean),
    checks,
    counts: { journalSumMinor: n(r.journal_sum), unbalancedEntries: r.unbalanced_entries, balanceMismatches: r.balance_mismatches, negativeBalances: r.negative_balances, unfundedGrants: r.unfunded_grants, fundingMismatches: r.funding_mismatches, entries: r.entries, lots: r.lots, charitiesWithBooks: r.books },
  };
}
