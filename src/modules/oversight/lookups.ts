/**
 * UNUSUAL LOOKUP VOLUMES, for the ministry. Per charity and day (UTC): the national-ID lookups its
 * staff made (the 'registry.lookup' entries of the audit trail, registry/lookups.ts), those that
 * found somebody and those that found nobody, and a flag.
 *
 * The rule: a charity's day is flagged when it made at least `lookup_flag_minimum` lookups
 * (default 20) and more than `lookup_flag_factor` (default 3) times
 *   - its own history: the median of its daily counts on the days it made lookups in the 28 days
 *     before (a sudden rise; not judged when it made none), or
 *   - its peers: the median of that day's counts of the other charities that made lookups that day
 *     (a charity that looks people up far more than the others, also steadily; not judged when no
 *     other charity made any).
 * Each flagged day names which comparison flagged it. The minimum keeps small numbers quiet.
 */
import type { Tx } from '../../kernel/transaction.js';
import { Problem } from '../../shared/problem.js';
import { lookupSettings } from '../registry/lookups.js';
import { auditRepository } from '../audit/audit.repository.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import type { LookupDay } from './oversight.contracts.js';

export const LOOKUP_HISTORY_DAYS = 28;
const DAY = 86_400_000;

export type FlagReason = 'own-history' | 'peers';

/** One charity's lookups of one day, flagged or not, as the contract describes it. */
export type { LookupDay };

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY));

/** The flag of one charity-day, from its count, its own history and its peers' counts that day. */
export function flagOf(n: number, history: number[], peers: number[], rule: { factor: number; minimum: number }) {
  const ownMedian = median(history.filter((x) => x > 0));
  const peerMedian = median(peers.filter((x) => x > 0));
  const reasons: FlagReason[] = [];
  if (n >= rule.minimum) {
    if (ownMedian !== null && n > rule.factor * ownMedian) reasons.push('own-history');
    if (peerMedian !== null && n > rule.factor * peerMedian) reasons.push('peers');
  }
  return { ownMedian, peerMedian, flagged: reasons.length > 0, reasons };
}

/**
 * Lookups per charity and UTC day in [from, to) (the audit trail's counts, the registry's names),
 * by day, then the charity's name, then its id.
 */
async function lookupsPerCharityDay(trx: Tx, from: Date, to: Date) {
  const counts = await auditRepository.lookupsPerDay(trx, from, to);
  const orgs = await organisationsRepository.byIds(trx, counts.map((c) => c.org_id));
  const charity = new Map(orgs.filter((o) => o.kind === 'charity').map((o, i) => [o.id, { name: o.name, rank: i }]));
  return counts
    .flatMap((c) => {
      const o = charity.get(c.org_id);
      return o ? [{ ...c, name: o.name, rank: o.rank }] : [];
    })
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.rank - b.rank));
}

/** Days from `from` to `to`, both included (YYYY-MM-DD); at most 366 days. */
export async function lookupVolumes(trx: Tx, range: { from: string; to: string }) {
  const { from, to } = range;
  if (from > to) throw new Problem('validation', '"from" is after "to".', { field: 'from' });
  if ((Date.parse(to) - Date.parse(from)) / DAY > 365) throw new Problem('validation', 'At most 366 days at once.', { field: 'from' });
  const settings = await lookupSettings(trx);
  const rule = { factor: settings.flagFactor, minimum: settings.flagMinimum, historyDays: LOOKUP_HISTORY_DAYS };
  const rows = await lookupsPerCharityDay(trx, new Date(`${addDays(from, -LOOKUP_HISTORY_DAYS)}T00:00:00Z`), new Date(`${addDays(to, 1)}T00:00:00Z`));
  const count = new Map<string, Map<string, number>>(); // org -> day -> lookups
  const byDay = new Map<string, Map<string, number>>(); // day -> org -> lookups
  for (const r of rows) {
    if (!count.has(r.org_id)) count.set(r.org_id, new Map());
    count.get(r.org_id)!.set(r.day, r.lookups);
    if (!byDay.has(r.day)) byDay.set(r.day, new Map());
    byDay.get(r.day)!.set(r.org_id, r.lookups);
  }
  const items: LookupDay[] = [];
  for (const r of rows) {
    if (r.day < from || r.day > to) continue;
    const own = count.get(r.org_id)!;
    const history: number[] = [];
    for (let i = 1; i <= LOOKUP_HISTORY_DAYS; i++) history.push(own.get(addDays(r.day, -i)) ?? 0);
    const peers = [...byDay.get(r.day)!].filter(([org]) => org !== r.org_id).map(([, n]) => n);
    items.push({ orgId: r.org_id, name: r.name, day: r.day, lookups: r.lookups, found: r.found, notFound: r.lookups - r.found, ...flagOf(r.lookups, history, peers, rule) });
  }
  return { from, to, rule, items };
}

/** The range asked for; by default the 14 days up to today (or up to `to`). */
export function lookupRange(q: { from?: string | undefined; to?: string | undefined }, now: Date) {
  const to = q.to ?? dayOf(now);
  return { from: q.from ?? addDays(to, -13), to };
}
