/**
 * What a grant costs inside PostgreSQL (BENCHMARKS.md, "Gains of 0015"): one transaction of N
 * grants through grant_aid(), as the application role with each grant's acting context, rolled
 * back so that every run grants the same N households again; the backend's CPU (from
 * /proc/<pid>/stat: run it on the database's machine), the statement's time and the WAL it wrote,
 * each after a CHECKPOINT (so the first change of every page writes its full image, as under load).
 * Beside it, the parts: the grants' insert alone and the audit entries alone. With --variants, on
 * a database migrated to 0015, each gain is undone in turn inside the measured transaction (the
 * foreign key on grants.group_code, random keys, the former audit B-trees on `at` and `action`) to show what it gives.
 * Never point it at a benchmark data set: it is meant for a scratch copy (createdb -T).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch> node --import tsx src/bench/grant-cost.ts [grants] [runs] [--variants]
 */
import pg from 'pg';
import { readFileSync } from 'node:fs';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a scratch copy of a benchmark data set.');
  process.exit(2);
}
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const n = Number(args[0] ?? 1000);
const runs = Number(args[1] ?? 5);
const variants = process.argv.includes('--variants');

const c = new pg.Client({ connectionString: url });
await c.connect();
const pid = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
const ticks = () => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (1/100 s)
};

const cw = (await c.query<{ id: string; org_id: string }>(`
  select u.id, u.org_id from users u join organisations o on o.id = u.org_id
   where o.registration_number = 'CH-2001' and u.role = 'caseworker' order by u.id limit 1`)).rows[0]!;
const candidates = (await c.query<{ national_id: string; household_id: string; person_id: string }>(`
  select p.national_id, m.household_id, p.id as person_id
    from household_members m join persons p on p.id = m.person_id
   where m.active and m.relation = 'head'
     and not exists (select 1 from grants g join aid_types t on t.code = 'food-basket'
                      where g.household_id = m.household_id and g.group_code = t.group_code and g.status = 'active'
                        and g.exception_id is null and g.during && aid_window('food-basket', current_date))
   order by m.household_id limit $1`, [n])).rows;
if (candidates.length < n) throw new Error(`only ${candidates.length} households may receive a food basket today`);
const at = new Date().toISOString();
const items = JSON.stringify(candidates.map((x) => ({ userId: cw.id, orgId: cw.org_id, role: 'caseworker', aidTypeCode: 'food-basket', nationalId: x.national_id, currency: 'KWD', at })));

const PARTS: Record<string, { sql: string; params: unknown[] }> = {
  'grant_aid(), complete': { sql: 'select count(*) filter (where r_outcome = \'granted\') as ok from grant_aid($1::jsonb)', params: [items] },
  'the grants\' insert alone': {
    sql: `insert into grants (household_id, person_id, org_id, aid_type_code, form, item, quantity, granted_on, recorded_on, created_by)
          select (e->>'h')::uuid, (e->>'p')::uuid, $2::uuid, 'food-basket', 'in_kind', 'Food basket', 1, current_date, current_date, $3::uuid
            from jsonb_array_elements($1::jsonb) e on conflict do nothing`,
    params: [JSON.stringify(candidates.map((x) => ({ h: x.household_id, p: x.person_id }))), cw.org_id, cw.id],
  },
  'the audit entries alone': {
    sql: `insert into audit_log (at, actor_user, actor_org, actor_role, action, subject_type, subject_id, household_id, details)
          select $4::timestamptz, $3::uuid, $2::uuid, 'caseworker', 'grant.create', 'grant', gen_random_uuid()::text, (e->>'h')::uuid,
                 jsonb_build_object('aidType', 'food-basket', 'group', 'food-basket', 'grantedOn', current_date)
            from jsonb_array_elements($1::jsonb) e`,
    params: [JSON.stringify(candidates.map((x) => ({ h: x.household_id }))), cw.org_id, cw.id, at],
  },
};

const VARIANTS: Record<string, string> = {
  'as migrated': '',
  'with the foreign key on grants.group_code again': 'alter table grants add constraint grants_group_code_fkey foreign key (group_code) references exclusivity_groups (code) not valid',
  'with random keys again': 'alter table grants alter column id set default gen_random_uuid()',
  'with the former audit B-trees again': `drop index audit_log_at; drop index audit_log_action;
                                          create index audit_log_at on audit_log (at desc); create index audit_log_action on audit_log (action, at desc)`,
};

async function once(part: { sql: string; params: unknown[] }, setup: string) {
  await c.query('begin');
  try {
    if (setup) await c.query(setup);
    // After the set-up (a new index is written whole to the WAL): the measured statement pays the
    // first change of each page as a full image, as a grant does after the server's checkpoints.
    await c.query('checkpoint');
    await c.query(`select set_config('mizan.user_id', $1, true), set_config('mizan.org_id', $2, true), set_config('mizan.role', 'caseworker', true), set_config('role', 'mizan_app', true)`, [cw.id, cw.org_id]);
    const wal0 = (await c.query<{ l: string }>('select pg_current_wal_insert_lsn()::text as l')).rows[0]!.l;
    const t0 = ticks();
    const s0 = process.hrtime.bigint();
    await c.query(part.sql, part.params);
    const ms = Number(process.hrtime.bigint() - s0) / 1e6;
    const cpuMs = (ticks() - t0) * 10;
    const wal = Number((await c.query<{ b: string }>(`select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::bigint as b`, [wal0])).rows[0]!.b);
    return { ms, cpuMs, wal };
  } finally {
    await c.query('rollback');
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const per = (x: number) => Math.round((x / n) * 1000); // µs per grant

/** Each case once for warm-up, then the cases in turn, `runs` rounds, so that the machine's load drifts over all of them alike. */
async function measureAll(cases: { label: string; part: { sql: string; params: unknown[] }; setup: string }[]) {
  for (const k of cases) await once(k.part, k.setup);
  const rs = cases.map(() => [] as { ms: number; cpuMs: number; wal: number }[]);
  for (let i = 0; i < runs; i++) for (const [j, k] of cases.entries()) rs[j]!.push(await once(k.part, k.setup));
  for (const [j, k] of cases.entries()) {
    const r = rs[j]!;
    const cpu = r.map((x) => x.cpuMs);
    const ms = r.map((x) => x.ms);
    console.log(`${k.label.padEnd(50)} CPU ${String(per(median(cpu))).padStart(4)} µs (least ${String(per(Math.min(...cpu))).padStart(4)})  time ${String(per(median(ms))).padStart(4)} µs (least ${String(per(Math.min(...ms))).padStart(4)})  WAL ${String(Math.round(median(r.map((x) => x.wal)) / n)).padStart(6)} B  per grant`);
  }
}

console.log(`${n} grants in one transaction; medians (and the least) of ${runs} runs, each after a checkpoint`);
if (variants) {
  await measureAll(Object.entries(VARIANTS).map(([label, setup]) => ({ label: `grant_aid(), ${label}`, part: PARTS['grant_aid(), complete']!, setup })));
} else {
  await measureAll(Object.entries(PARTS).map(([label, part]) => ({ label, part, setup: '' })));
}
await c.end();
