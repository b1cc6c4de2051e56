-- Mizan: sign-in sessions, scoped API tokens, tenant isolation by row-level security, and the
-- tamper-evident audit chain. Runs on PostgreSQL 15+ and on PGlite alike.
--
-- The application works as the role mizan_app: it owns nothing, cannot bypass row-level security,
-- and every transaction switches to it (src/http/context.ts) after setting the acting user,
-- organisation and role (mizan.user_id, mizan.org_id, mizan.role). Migrations and the few
-- SECURITY DEFINER functions below run as the owner.

-- The application role. Roles are cluster-wide on PostgreSQL, so it may exist already (another
-- database of the same cluster); two databases migrating at once may race to create it.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'mizan_app') then
    begin
      create role mizan_app nologin nobypassrls;
    exception when duplicate_object or unique_violation then
      null;
    end;
  end if;
end $$;

-- Sign-in ---------------------------------------------------------------------------------------

-- Server-side sessions: the cookie carries a random token; only its SHA-256 is stored.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash bytea not null unique,
  csrf_hash bytea not null,
  user_id uuid not null references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_by uuid references users (id)
);
create index sessions_user on sessions (user_id) where revoked_at is null;

-- A sign-in in progress: state, nonce and PKCE verifier, bound to the browser by a cookie
-- holding the state (only its hash is stored). Single use.
create table oidc_logins (
  state_hash bytea primary key,
  code_verifier text not null,
  nonce text not null,
  return_to text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);

-- Identities the built-in development provider lists on its sign-in page (demo only).
create table idp_dev_accounts (
  national_id text primary key,
  label text not null,
  residency text,
  position integer not null default 0
);

-- API tokens: scopes (read, write) and who revoked them.
alter table api_tokens add column scopes text[] not null default '{read,write}'
  check (scopes <@ array['read', 'write']::text[] and cardinality(scopes) > 0);
alter table api_tokens add column revoked_by uuid references users (id);

-- Persons remember which organisation first recorded them (so it can read back what it wrote).
alter table persons add column created_by_org uuid references organisations (id)
  default nullif(current_setting('mizan.org_id', true), '')::uuid;

-- The acting context -----------------------------------------------------------------------------

create function mizan_ctx_user() returns uuid language sql stable as $$
  select nullif(current_setting('mizan.user_id', true), '')::uuid $$;
create function mizan_ctx_org() returns uuid language sql stable as $$
  select nullif(current_setting('mizan.org_id', true), '')::uuid $$;
create function mizan_ctx_role() returns text language sql stable as $$
  select coalesce(nullif(current_setting('mizan.role', true), ''), 'public') $$;
-- The ministry and background jobs (role 'system') read across organisations.
create function mizan_ctx_reads_all() returns boolean language sql stable as $$
  select mizan_ctx_role() in ('ministry_admin', 'ministry_supervisor', 'system') $$;

-- THE ONE DEFINITION of "this charity may see this household's personal data": it registered the
-- household, holds (or held and decided) a claim on one of its requests, or gave it aid.
-- registry.repository's charityMaySee calls this too.
create function mizan_org_may_see_household(p_org uuid, p_household uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select p_org is not null and (
       exists (select 1 from households h where h.id = p_household and h.created_by_org = p_org)
    or exists (select 1 from aid_requests r where r.household_id = p_household and r.claimed_by_org = p_org
                 and r.status in ('claimed', 'approved', 'rejected'))
    or exists (select 1 from grants g where g.household_id = p_household and g.org_id = p_org))
$$;

-- The household of the signed-in applicant (through their national ID), if any.
create function mizan_applicant_household() returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select m.household_id
    from users u
    join persons p on p.national_id = u.national_id
    join household_members m on m.person_id = p.id and m.active
   where u.id = mizan_ctx_user() and u.role = 'applicant' and u.active
   limit 1
$$;

create function mizan_can_see_household(p_household uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select case
    when mizan_ctx_reads_all() then true
    when mizan_ctx_role() = 'applicant' then p_household = mizan_applicant_household()
    when mizan_ctx_role() in ('charity_admin', 'caseworker', 'field_visitor') then mizan_org_may_see_household(mizan_ctx_org(), p_household)
    else false
  end
$$;

create function mizan_can_see_person(p_person uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (select 1 from household_members m where m.person_id = p_person and mizan_can_see_household(m.household_id))
$$;

-- Narrow cross-tenant answers (anonymous: identifiers and codes only) ---------------------------

-- One household per person, checked at registration: which of these national IDs are known, and
-- the household each is an active member of. Person and household IDs only, never names.
create function registry_persons_by_national_ids(p_scheme text, p_ids text[])
returns table (id uuid, national_id text, active_household_id uuid)
language sql stable security definer set search_path = public, pg_temp as $$
  select p.id, p.national_id,
         (select m.household_id from household_members m where m.person_id = p.id and m.active limit 1)
    from persons p
   where p.id_scheme = p_scheme and p.national_id = any (p_ids)
$$;

create function registry_active_memberships(p_persons uuid[])
returns table (person_id uuid, household_id uuid, relation text)
language sql stable security definer set search_path = public, pg_temp as $$
  select m.person_id, m.household_id, m.relation from household_members m where m.person_id = any (p_persons) and m.active
$$;

-- The household a national ID belongs to (to record a grant or a request for a beneficiary).
create function registry_household_of_national_id(p_scheme text, p_national_id text)
returns table (household_id uuid, person_id uuid)
language sql stable security definer set search_path = public, pg_temp as $$
  select m.household_id, p.id
    from persons p join household_members m on m.person_id = p.id and m.active
   where p.id_scheme = p_scheme and p.national_id = p_national_id
   limit 1
$$;

create function registry_household_exists(p_household uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (select 1 from households where id = p_household)
$$;

-- The grant that blocks a duplicate, as much as the refused charity may be told: aid type, date,
-- the kind of organisation, the end of the window; the grant and organisation IDs only to the
-- organisation that gave it (and the ministry).
create function grants_find_blocking(p_household uuid, p_aid_type text, p_on date)
returns table (id uuid, aid_type_code text, name_en text, name_ar text, name_fa text, group_code text,
               granted_on date, org_id uuid, org_kind text, window_end text)
language sql stable security definer set search_path = public, pg_temp as $$
  select case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.id end,
         g.aid_type_code, t.name_en, t.name_ar, t.name_fa, g.group_code, g.granted_on,
         case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.org_id end,
         o.kind, upper(g.during)::text
    from grants g
    join organisations o on o.id = g.org_id
    join aid_types t on t.code = g.aid_type_code
   where g.household_id = p_household
     and g.status = 'active'
     and g.exception_id is null
     and g.group_code = (select group_code from aid_types where code = p_aid_type)
     and g.during && aid_window(p_aid_type, p_on)
   order by g.granted_on desc
   limit 1
$$;

-- A charity claims a request from its pool. Before the claim it may not read the request (nor its
-- household), so the claim is one conditional UPDATE done here, for the acting organisation only,
-- and only when the request is in that organisation's pool. Of many simultaneous claims exactly one
-- matches `status = 'open' and claimed_by_org is null`; the others wait for its row lock, re-check
-- and match nothing. The outcome says which refusal applies; no personal data leaves.
create function requests_claim(p_request uuid, p_at timestamptz)
returns table (outcome text, status text)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
declare
  r aid_requests%rowtype;
  org uuid := mizan_ctx_org();
begin
  select * into r from aid_requests where id = p_request;
  if not found or org is null then
    return query select 'not-found'::text, null::text; return;
  end if;
  if r.claimed_by_org is not null or r.status in ('claimed', 'escalated') then
    return query select case when r.claimed_by_org = org then 'mine' else 'taken' end, r.status; return;
  end if;
  if r.status <> 'open' then
    return query select 'invalid-state'::text, r.status; return;
  end if;
  if not exists (select 1 from request_pool p where p.id = p_request and p.org_id = org) then
    return query select 'not-in-pool'::text, r.status; return;
  end if;
  update aid_requests set status = 'claimed', claimed_by_org = org, claimed_at = p_at
   where id = p_request and status = 'open' and claimed_by_org is null;
  if found then
    return query select 'claimed'::text, 'claimed'::text;
  else
    return query select 'taken'::text, null::text;
  end if;
end $$;

-- Can the acting organisation see the household this applicant (national ID) belongs to? Lets a
-- charity that holds a case address the household's applicant accounts, and nobody else's.
create function mizan_can_see_applicant(p_national_id text) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (select 1 from persons p join household_members m on m.person_id = p.id and m.active
                  where p.national_id = p_national_id and mizan_can_see_household(m.household_id))
$$;

-- Authentication (before any actor is known) --------------------------------------------------

create function auth_token_actor(p_hash bytea, p_now timestamptz)
returns table (token_id uuid, id uuid, org_id uuid, role text, locale text, national_id text, display_name text,
               org_kind text, org_status text, scopes text[])
language sql volatile security definer set search_path = public, pg_temp as $$
  update api_tokens t set last_used_at = p_now
    from users u left join organisations o on o.id = u.org_id
   where t.token_hash = p_hash and u.id = t.user_id and t.revoked_at is null
     and (t.expires_at is null or t.expires_at > p_now) and u.active
  returning t.id, u.id, u.org_id, u.role, u.locale, u.national_id, u.display_name, o.kind, o.status, t.scopes
$$;

create function auth_session_actor(p_hash bytea, p_now timestamptz)
returns table (session_id uuid, csrf_hash bytea, id uuid, org_id uuid, role text, locale text, national_id text,
               display_name text, org_kind text, org_status text)
language sql volatile security definer set search_path = public, pg_temp as $$
  update sessions s set last_seen_at = p_now
    from users u left join organisations o on o.id = u.org_id
   where s.token_hash = p_hash and u.id = s.user_id and s.revoked_at is null and s.expires_at > p_now and u.active
  returning s.id, s.csrf_hash, u.id, u.org_id, u.role, u.locale, u.national_id, u.display_name, o.kind, o.status
$$;

-- The audit chain ------------------------------------------------------------------------------
--
-- Entries are appended by many transactions at once; chaining each to the previous at insert time
-- would serialise every audited transaction on one lock. Instead a sealer links entries after
-- their transactions committed: it takes the unsealed entries it can see (committed ones; never
-- those of its own transaction, which could still roll back), in seq order, and appends them at
-- the next chain positions. An entry whose transaction commits late (even with a lower seq) is
-- not skipped: it is still unsealed, and the next run appends it. The chain's order is the
-- sealing order (chain_pos), which verification walks. Every row also records its inserting
-- transaction (xact_id): a transaction reads back its own entries through it, and cannot forge it.

alter table audit_log add column xact_id xid8 not null default pg_current_xact_id();
alter table audit_log add column chain_pos bigint unique;
alter table audit_log add column prev_hash bytea;
alter table audit_log add column hash bytea;
create index audit_log_unsealed on audit_log (seq) where chain_pos is null;
create index audit_log_at on audit_log (at desc);
create index audit_log_action on audit_log (action, at desc);

-- The latest sealed position and hash, so that removing the last entries is noticed too.
create table audit_chain_head (
  singleton boolean primary key default true check (singleton),
  pos bigint not null,
  hash bytea not null
);

-- The canonical encoding that is hashed: one JSON array, in a fixed order, timestamps in UTC with
-- microseconds. `mizan audit verify` hashes the same text.
create function audit_canonical(a audit_log, p_pos bigint) returns text language sql stable as $$
  select jsonb_build_array(p_pos, a.seq, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                           a.actor_user, a.actor_org, a.actor_role, a.action, a.subject_type, a.subject_id,
                           a.household_id, a.reason, a.details)::text
$$;

create function audit_seal(p_limit integer default 10000) returns integer
language plpgsql volatile security definer set search_path = public, pg_temp as $$
declare
  head_pos bigint;
  head_hash bytea;
  r audit_log%rowtype;
  h bytea;
  n integer := 0;
begin
  -- one sealer at a time
  perform pg_advisory_xact_lock(7160003);
  select pos, hash into head_pos, head_hash from audit_chain_head;
  if not found then
    head_pos := 0;
    head_hash := sha256(convert_to('mizan audit chain', 'UTF8'));
  end if;
  for r in
    select * from audit_log
     where chain_pos is null and xact_id is distinct from pg_current_xact_id_if_assigned()
     order by seq limit p_limit
  loop
    head_pos := head_pos + 1;
    h := sha256(head_hash || convert_to(audit_canonical(r, head_pos), 'UTF8'));
    update audit_log set chain_pos = head_pos, prev_hash = head_hash, hash = h where seq = r.seq;
    head_hash := h;
    n := n + 1;
  end loop;
  if n > 0 then
    insert into audit_chain_head (singleton, pos, hash) values (true, head_pos, head_hash)
      on conflict (singleton) do update set pos = excluded.pos, hash = excluded.hash;
  end if;
  return n;
end $$;

-- Privileges ------------------------------------------------------------------------------------

grant usage on schema public to mizan_app;
grant select, insert, update, delete on all tables in schema public to mizan_app;
grant usage, select on all sequences in schema public to mizan_app;
-- Tables added by later migrations get the same grants (they are created by the owner).
alter default privileges in schema public grant select, insert, update, delete on tables to mizan_app;
alter default privileges in schema public grant usage, select on sequences to mizan_app;

-- The audit trail is append-only for the application; the chain is written by audit_seal only.
revoke update, delete, truncate on audit_log from mizan_app;
revoke all on audit_chain_head from mizan_app;
revoke all on schema_migrations from mizan_app;
-- Reference data the application reads but never changes through a request.
revoke insert, update, delete on deployment, regions from mizan_app;

-- Row-level security ----------------------------------------------------------------------------
-- Policies read the acting context. `(select f())` evaluates a context function once per query.

alter table persons enable row level security;
create policy persons_read on persons for select using (
  (select mizan_ctx_reads_all()) or created_by_org = (select mizan_ctx_org()) or mizan_can_see_person(id));
create policy persons_insert on persons for insert with check (
  (select mizan_ctx_reads_all()) or (created_by_org = (select mizan_ctx_org())));
create policy persons_update on persons for update using (
  (select mizan_ctx_reads_all()) or created_by_org = (select mizan_ctx_org()) or mizan_can_see_person(id));

alter table households enable row level security;
create policy households_read on households for select using (
  (select mizan_ctx_reads_all()) or created_by_org = (select mizan_ctx_org()) or mizan_can_see_household(id));
create policy households_insert on households for insert with check (
  (select mizan_ctx_reads_all()) or created_by_org = (select mizan_ctx_org()));
create policy households_update on households for update using (
  (select mizan_ctx_reads_all()) or mizan_can_see_household(id));

alter table household_members enable row level security;
create policy household_members_read on household_members for select using (mizan_can_see_household(household_id));
create policy household_members_insert on household_members for insert with check (mizan_can_see_household(household_id));
create policy household_members_update on household_members for update using (mizan_can_see_household(household_id));

alter table aid_requests enable row level security;
create policy aid_requests_read on aid_requests for select using (
  (select mizan_ctx_reads_all())
  or submitted_by_org = (select mizan_ctx_org())
  or claimed_by_org = (select mizan_ctx_org())
  or mizan_can_see_household(household_id));
create policy aid_requests_insert on aid_requests for insert with check (
  (select mizan_ctx_reads_all())
  or (submitted_by_org = (select mizan_ctx_org()) and mizan_can_see_household(household_id))
  or ((select mizan_ctx_role()) = 'applicant' and submitted_by_org is null and mizan_can_see_household(household_id)));
create policy aid_requests_update on aid_requests for update using (
  (select mizan_ctx_reads_all())
  or claimed_by_org = (select mizan_ctx_org())
  or mizan_can_see_household(household_id));

alter table grants enable row level security;
create policy grants_read on grants for select using (
  (select mizan_ctx_reads_all()) or org_id = (select mizan_ctx_org()) or mizan_can_see_household(household_id));
create policy grants_insert on grants for insert with check (
  (select mizan_ctx_reads_all()) or org_id = (select mizan_ctx_org()));
create policy grants_update on grants for update using ((select mizan_ctx_reads_all()));

alter table grant_exceptions enable row level security;
create policy grant_exceptions_read on grant_exceptions for select using (
  (select mizan_ctx_reads_all()) or requested_by_org = (select mizan_ctx_org()) or mizan_can_see_household(household_id));
create policy grant_exceptions_insert on grant_exceptions for insert with check (
  (select mizan_ctx_reads_all()) or requested_by_org = (select mizan_ctx_org()));
create policy grant_exceptions_update on grant_exceptions for update using (
  (select mizan_ctx_reads_all()) or requested_by_org = (select mizan_ctx_org()) or mizan_can_see_household(household_id));

-- Staff and applicant accounts: yourself, your organisation's staff, everyone for the ministry.
-- Anonymous callers may add the first admin of a charity that has just applied (pending).
alter table users enable row level security;
create policy users_read on users for select using (
  (select mizan_ctx_reads_all()) or id = (select mizan_ctx_user()) or org_id = (select mizan_ctx_org())
  -- applicant accounts of a household the acting organisation may see
  or (role = 'applicant' and (select mizan_ctx_org()) is not null and mizan_can_see_applicant(national_id))
  -- the row an anonymous charity application has just written, read back by its INSERT … RETURNING
  or ((select mizan_ctx_role()) = 'public' and role = 'charity_admin' and created_at = now()
      and exists (select 1 from organisations o where o.id = org_id and o.status = 'pending')));
create policy users_insert on users for insert with check (
  (select mizan_ctx_reads_all())
  or ((select mizan_ctx_role()) = 'charity_admin' and org_id = (select mizan_ctx_org()) and role <> 'applicant')
  or ((select mizan_ctx_role()) = 'public' and role = 'charity_admin'
      and exists (select 1 from organisations o where o.id = org_id and o.status = 'pending')));
create policy users_update on users for update using (
  (select mizan_ctx_role()) in ('ministry_admin', 'system') or id = (select mizan_ctx_user())
  or ((select mizan_ctx_role()) = 'charity_admin' and org_id = (select mizan_ctx_org())));

alter table api_tokens enable row level security;
create policy api_tokens_own on api_tokens for all using (
  (select mizan_ctx_role()) in ('ministry_admin', 'system') or user_id = (select mizan_ctx_user())
  or ((select mizan_ctx_role()) = 'charity_admin'
      and exists (select 1 from users u where u.id = user_id and u.org_id = (select mizan_ctx_org()))));

alter table sessions enable row level security;
create policy sessions_own on sessions for all using (
  (select mizan_ctx_role()) in ('ministry_admin', 'system') or user_id = (select mizan_ctx_user())
  or ((select mizan_ctx_role()) = 'charity_admin'
      and exists (select 1 from users u where u.id = user_id and u.org_id = (select mizan_ctx_org()))));

alter table oidc_logins enable row level security;
create policy oidc_logins_system on oidc_logins for all using ((select mizan_ctx_role()) = 'system');

alter table idp_dev_accounts enable row level security;
create policy idp_dev_accounts_system on idp_dev_accounts for all using ((select mizan_ctx_role()) = 'system');

-- The audit trail: the ministry (and jobs) read all of it; a charity its own entries; an
-- applicant the entries about their household. Any transaction reads back what it wrote itself.
alter table audit_log enable row level security;
create policy audit_log_read on audit_log for select using (
  (select mizan_ctx_reads_all())
  or xact_id = pg_current_xact_id_if_assigned()
  or (actor_org is not null and actor_org = (select mizan_ctx_org()))
  or ((select mizan_ctx_role()) = 'applicant' and household_id = (select mizan_applicant_household())));
create policy audit_log_append on audit_log for insert with check (
  xact_id = pg_current_xact_id() and chain_pos is null and prev_hash is null and hash is null);

-- Requests across charities (0002_requests.sql) ------------------------------------------------

-- A charity's case study stays with that charity; the ministry reads all.
alter table request_assessments enable row level security;
create policy request_assessments_own on request_assessments for all
  using ((select mizan_ctx_reads_all()) or org_id = (select mizan_ctx_org()))
  with check ((select mizan_ctx_reads_all()) or org_id = (select mizan_ctx_org()));

-- A request's timeline follows the request (as visible through its own policy); a charity also
-- sees the events addressed to it (e.g. that it lost a request at the deadline).
alter table request_events enable row level security;
create policy request_events_read on request_events for select using (
  (select mizan_ctx_reads_all())
  or (org_id is not null and org_id = (select mizan_ctx_org()))
  or exists (select 1 from aid_requests r where r.id = request_id));
create policy request_events_append on request_events for insert with check (
  (select mizan_ctx_reads_all()) or actor_user is not distinct from (select mizan_ctx_user()));
revoke update, delete on request_events from mizan_app;

-- The outbox: each organisation and user reads (and marks read) its own messages; anyone acting
-- may address a message.
alter table notifications enable row level security;
create policy notifications_read on notifications for select using (
  (select mizan_ctx_reads_all())
  or (recipient_org is not null and recipient_org = (select mizan_ctx_org()))
  or (recipient_user is not null and recipient_user = (select mizan_ctx_user())));
create policy notifications_update on notifications for update using (
  (recipient_org is not null and recipient_org = (select mizan_ctx_org()))
  or (recipient_user is not null and recipient_user = (select mizan_ctx_user())));
create policy notifications_insert on notifications for insert with check (true);

-- The chain head, for `verify` run by the application role (which may not read the table).
create function audit_head() returns table (pos bigint, hash bytea)
language sql stable security definer set search_path = public, pg_temp as $$
  select pos, hash from audit_chain_head
$$;
