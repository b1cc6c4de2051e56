/**
 * The fund ledger (BENCHMARKS.md, "ledger"), in a database of its own (<prefix>_ledger, made and
 * dropped here):
 *  (a) grants with funding beside the plain grant path: the same cash grants through the grant
 *      batcher (what POST /grants records) at `clients` clients, once by a charity without books and
 *      once by a charity whose books are open with `lots` cash gifts; grants/s of each and the ratio.
 *  (b) a signed-in donor's trace: one donor with `donations` received gifts (bulk SQL as the owner,
 *      each an entry balanced in the journal), some of which funded grants; GET /api/v1/donor/gifts
 *      over HTTP, one client, p50/p95/p99.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { ensureDeployment, loadDeployment } from '../deployments/setup.js';
import type { Actor } from '../kernel/actor.js';
import { inTx } from '../kernel/transaction.js';
import { systemClock } from '../kernel/clock.js';
import { GrantBatcher } from '../modules/grants/record-grants.js';
import { openBooks } from '../modules/donations/funds.js';
import { registerDonor } from '../modules/donations/donors.js';
import { recordGift } from '../modules/donations/record-donation.js';
import { Problem } from '../shared/problem.js';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Deployment } from '../deployments/setup.js';
import { createCharity, registerHousehold } from '../modules/registry/registry.service.js';
import { createStaff } from '../modules/identity/staff.js';
import { organisationsRepository } from '../modules/registry/registry.repository.js';
import { Rng } from '../shared/random.js';
import { syntheticNationalId } from '../demo/people.js';
import { grantAid } from '../modules/grants/grants.service.js';
import { closedLoop } from './measure.js';
import { appServer } from './http.js';

/** Two approved charities with a caseworker and an administrator each, and national IDs to register households with. */
async function world(db: Kysely<DB>, dep: Deployment) {
  const rng = new Rng(16);
  const used = new Set<string>();
  const nextId = (birth = '1980-05-05') => {
    for (;;) {
      const id = syntheticNationalId(rng, dep.idScheme, birth);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  const ministry = await organisationsRepository.ministry(db);
  const rootRow = await db.insertInto('users').values({ org_id: ministry.id, role: 'ministry_admin', national_id: nextId(), display_name: 'Bench ministry', phone: null, locale: 'en' }).returningAll().executeTakeFirstOrThrow();
  const root: Actor = { userId: rootRow.id, orgId: ministry.id, orgKind: 'ministry', role: 'ministry_admin', locale: 'en', nationalId: rootRow.national_id };
  const charities = [];
  for (const name of ['Bench charity A', 'Bench charity B']) {
    const org = await inTx(db, root, (trx) => createCharity(trx, root, dep, { name, aidTypes: ['medical-aid', 'rent-assistance', 'student-fees', 'living-allowance', 'utility-bills'], regions: [...dep.regions.keys()] }, 'approved'));
    const staff = async (role: 'caseworker' | 'charity_admin') => {
      const nationalId = nextId('1982-03-03');
      const u = await inTx(db, root, (trx) => createStaff(trx, root, dep, org.id, { role, displayName: role, nationalId, locale: 'en' }));
      return { userId: u.id, orgId: org.id, orgKind: 'charity', role, locale: 'en', nationalId } satisfies Actor;
    };
    charities.push({ id: org.id, caseworker: await staff('caseworker'), admin: await staff('charity_admin') });
  }
  const region = [...dep.regions.values()].find((r) => r.level === 1)!.code;
  // Birth dates spread over years: one day's national IDs run out (a Kuwaiti civil ID has four serial digits a day).
  const household = async (by: Actor) => {
    const birthDate = `${1950 + rng.int(0, 49)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
    const id = nextId(birthDate);
    await inTx(db, by, (trx) => registerHousehold(trx, by, dep, { regionCode: region, phone: '+96550001111', members: [{ nationalId: id, fullName: 'محمد عبدالله', birthDate, sex: 'M', relation: 'head' }] }));
    return id;
  };
  return { charities: charities as [typeof charities[0], typeof charities[0]], household, nextId };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const r2 = (x: number) => Math.round(x * 100) / 100;

export async function ledgerBench(base: string, o: { households: number; lots: number; donations: number; clients: number; seconds: number; requests: number; log: (l: string) => void }) {
  const name = `${process.env.MIZAN_BENCH_DB_PREFIX ?? 'mizan_bench'}_ledger`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: Math.max(o.clients, 4) + 2 });
  try {
    const db = database.db;
    await migrate(database);
    await ensureDeployment(db, 'KW');
    const dep = await loadDeployment(db);
    const w = await world(db, dep);
    const [plainCharity, fundedCharity] = w.charities;
    const t0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < o.households; i++) ids.push(await w.household(plainCharity.caseworker));
    o.log(`${o.households} households in ${Math.round(performance.now() - t0)} ms`);
    // The funded charity: books open, `lots` cash gifts of 1,000 each from one donor.
    const fa = fundedCharity.admin;
    await inTx(db, fa, (trx) => openBooks(trx, fa, new Date()));
    const donor = await inTx(db, fa, (trx) => registerDonor(trx, fa, { kind: 'company', displayName: 'Bench donor', registrationNo: 'B-1' }, new Date()));
    for (let i = 0; i < o.lots; i++) await inTx(db, fa, (trx) => recordGift(trx, dep, fa, donor.id, { form: 'cash', giftKind: 'general', restriction: { kind: 'general' }, amount: '1000.000' }, {}, new Date()));
    await sql`vacuum analyze`.execute(db);

    const grants = async (actor: Actor, aidType: string) => {
      const batcher = new GrantBatcher(db, dep, systemClock);
      let i = 0;
      const r = await closedLoop({
        clients: o.clients, seconds: o.seconds, warmupSeconds: 2, next: () => ids[i++],
        op: (id) => batcher.grant(actor, { beneficiaryNationalId: id, aidTypeCode: aidType, amount: '10.000' }),
      });
      return { ...r, transactions: batcher.stats.batches, grantsPerTransaction: r2(batcher.stats.grants / Math.max(1, batcher.stats.batches)) };
    };
    // Distinct aid types of distinct groups, so the second run's households are free of the first's grants.
    const plain = await grants(plainCharity.caseworker, 'medical-aid');
    o.log(`plain grants:  ${plain.throughput}/s p50 ${plain.p50} p99 ${plain.p99} ms, ${plain.grantsPerTransaction} grants/tx, errors ${plain.errors} ${plain.firstError ?? ''}`);
    const funded = await grants(fundedCharity.caseworker, 'rent-assistance');
    o.log(`funded grants: ${funded.throughput}/s p50 ${funded.p50} p99 ${funded.p99} ms, ${funded.grantsPerTransaction} grants/tx, errors ${funded.errors} ${funded.firstError ?? ''}`);
    // The same through HTTP (POST /api/v1/grants, as the grant benchmark measures the grant path):
    // what a caseworker's client sees, the server's own work (authentication, JSON, the batcher) included.
    const server0 = await appServer(db, dep, [plainCharity.caseworker, fundedCharity.caseworker]);
    const overHttp = async (token: string, aidType: string) => {
      let i = 0;
      return closedLoop({
        clients: o.clients, seconds: o.seconds, warmupSeconds: 2, next: () => ids[i++],
        op: async (id) => {
          const res = await fetch(`${server0.url}/api/v1/grants`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ beneficiaryNationalId: id, aidTypeCode: aidType, amount: '10.000' }) });
          const text = await res.text();
          if (res.status !== 201) throw new Error(`${res.status} ${text.slice(0, 200)}`);
        },
      });
    };
    let httpPlain, httpFunded;
    try {
      httpPlain = await overHttp(server0.tokens[0]!, 'student-fees');
      o.log(`plain grants over HTTP:  ${httpPlain.throughput}/s p50 ${httpPlain.p50} p99 ${httpPlain.p99} ms, errors ${httpPlain.errors} ${httpPlain.firstError ?? ''}`);
      httpFunded = await overHttp(server0.tokens[1]!, 'living-allowance');
      o.log(`funded grants over HTTP: ${httpFunded.throughput}/s p50 ${httpFunded.p50} p99 ${httpFunded.p99} ms, errors ${httpFunded.errors} ${httpFunded.firstError ?? ''}`);
    } finally {
      await server0.close();
    }
    const httpRatio = r2(httpFunded.throughput / httpPlain.throughput);
    o.log(`over HTTP, funded / plain: ${httpRatio}`);
    const fundedCount = Number((await sql<{ n: string }>`select count(*) as n from journal_entries where kind = 'disbursement'`.execute(db)).rows[0]!.n);
    const ratio = r2(funded.throughput / plain.throughput);
    o.log(`funded / plain: ${ratio} (${fundedCount} disbursements)`);

    // (b) a signed-in donor with `donations` received gifts to the funded charity.
    const u = await db.insertInto('users').values({ org_id: null, role: 'donor', national_id: w.nextId('1970-01-01'), display_name: 'Trace donor', phone: null, locale: 'en' }).returningAll().executeTakeFirstOrThrow();
    const d = await db.insertInto('donors').values({ kind: 'individual', user_id: u.id, display_name: 'Trace donor', locale: 'en', public_name: false, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    const t1 = performance.now();
    for (let b = 0; b < o.donations; b += 1000) {
      const n = Math.min(1000, o.donations - b);
      await db.transaction().execute(async (trx) => {
        await sql`
          with d as (
            insert into donations (org_id, donor_id, form, gift_kind, restriction_kind, zakat, currency, amount_minor, status, pledged_at, received_at, receipt_number, verification_code)
            select ${fundedCharity.id}::uuid, ${d.id}::uuid, 'cash', 'general', 'general', false, 'KWD', 5000 + g, 'received',
                   now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval, 'B-' || ${b} || '-' || g, md5(random()::text || g)
              from generate_series(1, ${n}::int) g returning id, donor_id, org_id, amount_minor, received_at),
          l as (
            insert into donation_lots (donation_id, donor_id, org_id, form, restriction_kind, zakat, received_at, created_at)
            select id, donor_id, org_id, 'cash', 'general', false, received_at - interval '1 year', now() from d returning id, donation_id)
          select 1`.execute(trx);
        await sql`create temp table x on commit drop as
                    select l.id as lot, l.donation_id, dn.amount_minor, dn.org_id, gen_random_uuid() as entry
                      from donation_lots l join donations dn on dn.id = l.donation_id where dn.receipt_number like ${`B-${b}-%`}`.execute(trx);
        await sql`insert into journal_entries (id, kind, org_id, at, donation_id) select entry, 'donation', org_id, now(), donation_id from x`.execute(trx);
        await sql`insert into journal_lines (entry_id, line, account, org_id, lot_id, donation_id, donor_id, amount_minor)
                  select x.entry, 1, 'held', x.org_id, x.lot, x.donation_id, ${d.id}::uuid, x.amount_minor from x
                  union all
                  select x.entry, 2, 'gifts', x.org_id, x.lot, x.donation_id, ${d.id}::uuid, -x.amount_minor from x`.execute(trx);
      });
    }
    // Some of them fund grants: their lots are the oldest (received a year back), so FIFO draws on them first.
    let paid = 0;
    for (const id of ids.slice(0, 200)) {
      try {
        await inTx(db, fundedCharity.caseworker, async (trx) => {
          return grantAid(trx, fundedCharity.caseworker, dep, systemClock, { beneficiaryNationalId: id, aidTypeCode: 'utility-bills', amount: '30.000' });
        });
        paid++;
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
      }
    }
    await sql`vacuum analyze`.execute(db);
    const traced = Number((await sql<{ n: string }>`select count(distinct l.donation_id) as n from journal_lines l join journal_entries e on e.id = l.entry_id where e.kind = 'disbursement' and l.donor_id = ${d.id}`.execute(db)).rows[0]!.n);
    o.log(`${o.donations} donations in ${Math.round(performance.now() - t1)} ms; ${paid} grants funded from ${traced} of them`);
    const donorActor: Actor = { userId: u.id, orgId: null, orgKind: null, role: 'donor', locale: 'en', nationalId: u.national_id };
    const server = await appServer(db, dep, [donorActor]);
    const lat: number[] = [];
    let status = 0;
    let body = '';
    try {
      for (let i = 0; i < o.requests + 20; i++) {
        const s = performance.now();
        const res = await fetch(`${server.url}/api/v1/donor/gifts`, { headers: { authorization: `Bearer ${server.tokens[0]}` } });
        body = await res.text();
        status = res.status;
        if (i >= 20) lat.push(performance.now() - s);
      }
    } finally {
      await server.close();
    }
    const page = status === 200 ? (JSON.parse(body) as { gifts: unknown[] }).gifts.length : 0;
    const trace = { status, pageSize: page, requests: lat.length, p50: r2(pct(lat, 50)), p95: r2(pct(lat, 95)), p99: r2(pct(lat, 99)), max: r2(Math.max(...lat)) };
    o.log(`GET /api/v1/donor/gifts: ${status}, ${page} gifts a page; p50 ${trace.p50} p95 ${trace.p95} p99 ${trace.p99} ms over ${lat.length}`);
    return { households: o.households, lots: o.lots, clients: o.clients, plain, funded, ratio, http: { plain: httpPlain, funded: httpFunded, ratio: httpRatio }, disbursements: fundedCount, trace: { ...trace, donations: o.donations, fundedGrants: paid, donationsThatFunded: traced } };
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
