-- Requests across charities: one open request per (household, exclusivity group), the request
-- timeline, per-charity assessments, the anonymous pool (a view), a durable job queue and the
-- notification outbox. Runs on PostgreSQL 15+ and on PGlite alike.

-- Requests: the assignment round (0 = from submission; +1 per reassignment) and escalation.
alter table aid_requests add column assignment_round integer not null default 0;
alter table aid_requests add column escalated_at timestamptz;
alter table aid_requests add column escalated_from_org uuid references organisations (id);
alter table aid_requests add column reassigned_at timestamptz;

-- ONE OPEN REQUEST PER (HOUSEHOLD, EXCLUSIVITY GROUP). A household may have open requests of
-- different groups with different charities at once; a second open one of the same group is
-- refused (409 open-request-exists) by this index, also under concurrency.
create unique index aid_requests_one_open_per_group on aid_requests (household_id, group_code)
  where status in ('open', 'claimed', 'escalated');
-- An open request is in the pool: nobody holds it (claim, release and escalation keep this).
alter table aid_requests add constraint aid_requests_open_is_unclaimed check (status <> 'open' or claimed_by_org is null);
-- The pool's two sort orders, walked in index order so a page stops after `limit` rows.
create index aid_requests_open_deadline on aid_requests (deadline_at, id) where status = 'open';
create index aid_requests_open_priority on aid_requests (priority desc, deadline_at, id) where status = 'open';
create index aid_requests_claimed_by on aid_requests (claimed_by_org, deadline_at) where claimed_by_org is not null;
create index aid_requests_escalated on aid_requests (escalated_at) where status = 'escalated';

-- The timeline of a request: submitted, claimed, revealed, released, assessed, approved, rejected,
-- reminder, escalated, reassigned, decision-refused. `org_id` is the organisation the event
-- concerns (the claimant, the charity that lost it, the new assignee).
create table request_events (
  id bigint generated always as identity primary key,
  request_id uuid not null references aid_requests (id),
  at timestamptz not null,
  event text not null,
  actor_user uuid,
  actor_org uuid,
  actor_role text,
  org_id uuid references organisations (id),
  reason text,
  details jsonb not null default '{}'::jsonb
);
create index request_events_request on request_events (request_id, id);
create index request_events_org_event on request_events (org_id, event, at) where org_id is not null;

-- A charity's case study of a request (the social researcher's notes and documents referenced).
-- Kept per organisation: a charity never sees another charity's notes.
create table request_assessments (
  request_id uuid not null references aid_requests (id),
  org_id uuid not null references organisations (id),
  notes text not null,
  documents jsonb not null default '[]'::jsonb,
  updated_by uuid not null references users (id),
  updated_at timestamptz not null,
  primary key (request_id, org_id)
);

-- Does an organisation suit a request: an approved charity that offers the aid type and serves
-- the household's region (the region itself or its parent)?
create function org_suits_request(p_org uuid, p_aid_type text, p_region text) returns boolean language sql stable as $$
  select exists (
    select 1
      from organisations o
      join organisation_aid_types oat on oat.org_id = o.id and oat.aid_type_code = p_aid_type
     where o.id = p_org and o.kind = 'charity' and o.status = 'approved'
       and exists (
         select 1 from organisation_regions orr join regions reg on reg.code = p_region
          where orr.org_id = o.id and orr.region_code in (reg.code, reg.parent_code)))
$$;

-- THE ANONYMOUS POOL. One row per (open unclaimed request, charity that may see it). Only these
-- columns leave the view: no name, national ID, phone, address, justification or household ID.
-- The region is the level-1 ancestor (the anonymous level of every deployment profile).
-- A charity that lost the request at its deadline does not see it again.
-- The view runs with its owner's rights, so it keeps working when row-level security hides the
-- personal tables from charities without a claim.
create view request_pool as
select r.id,
       r.aid_type_code,
       t.basket_code,
       head.nationality,
       size.household_size,
       coalesce(reg.parent_code, reg.code) as region_code,
       r.submitted_at,
       r.deadline_at,
       r.priority,
       o.id as org_id
  from aid_requests r
  join aid_types t on t.code = r.aid_type_code
  join households h on h.id = r.household_id
  join regions reg on reg.code = h.region_code
  left join lateral (
    select p.nationality from household_members m join persons p on p.id = m.person_id
     where m.household_id = r.household_id and m.active and m.relation = 'head' limit 1) head on true
  cross join lateral (
    select count(*)::integer as household_size from household_members m
     where m.household_id = r.household_id and m.active) size
  join organisations o on o.kind = 'charity' and o.status = 'approved'
 where r.status = 'open' -- and therefore unclaimed (aid_requests_open_is_unclaimed)
   and exists (select 1 from organisation_aid_types oat where oat.org_id = o.id and oat.aid_type_code = r.aid_type_code)
   and exists (select 1 from organisation_regions orr where orr.org_id = o.id and orr.region_code in (reg.code, reg.parent_code))
   and not exists (select 1 from request_events e where e.request_id = r.id and e.event = 'escalated' and e.org_id = o.id);

-- THE CLAIM, for the acting organisation (mizan.org_id): one conditional UPDATE. Before the claim
-- a charity may not read the request or its household (row-level security), so the claim runs
-- with the owner's rights and answers only an outcome: claimed, not-found, mine, taken,
-- invalid-state or not-in-pool. Of many simultaneous claims exactly one matches
-- `status = 'open' and claimed_by_org is null`; the others wait for its row lock, re-check the
-- condition against the committed row and match nothing.
create function request_claim(p_request uuid, p_at timestamptz)
returns table (outcome text, request_status text)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
declare
  v_org uuid := nullif(current_setting('mizan.org_id', true), '')::uuid;
  v_status text;
  v_claimed uuid;
begin
  select r.status, r.claimed_by_org into v_status, v_claimed from aid_requests r where r.id = p_request;
  if not found or v_org is null then
    return query select 'not-found'::text, null::text;
    return;
  end if;
  if v_claimed is not null or v_status in ('claimed', 'escalated') then
    return query select case when v_claimed = v_org then 'mine' else 'taken' end, v_status;
    return;
  end if;
  if v_status <> 'open' then
    return query select 'invalid-state'::text, v_status;
    return;
  end if;
  if not exists (select 1 from request_pool p where p.id = p_request and p.org_id = v_org) then
    -- Not in the pool: either the organisation does not suit the request, or another charity
    -- claimed it a moment ago (this statement saw its commit). Look again to say which.
    select r.status, r.claimed_by_org into v_status, v_claimed from aid_requests r where r.id = p_request;
    if v_claimed is not null or v_status <> 'open' then
      return query select case when v_claimed = v_org then 'mine' else 'taken' end, v_status;
      return;
    end if;
    return query select 'not-in-pool'::text, v_status;
    return;
  end if;
  update aid_requests r set status = 'claimed', claimed_by_org = v_org, claimed_at = p_at
   where r.id = p_request and r.status = 'open' and r.claimed_by_org is null;
  if found then
    return query select 'claimed'::text, 'claimed'::text;
  else
    return query select 'taken'::text, 'claimed'::text;
  end if;
end $$;

-- Does a request exist (whoever may read it)? Lets the API answer 403 rather than 404 to a
-- charity that does not hold it. Answers a boolean only.
create function request_exists(p_request uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (select 1 from aid_requests where id = p_request)
$$;

-- The durable job queue. `key` is deterministic (e.g. reminder:<request>:10), so scheduling the
-- same job twice collides instead of running twice. Workers take due jobs with
-- FOR UPDATE SKIP LOCKED and mark them done in the transaction that applies their effect.
create table jobs (
  id bigint generated always as identity primary key,
  key text not null unique,
  kind text not null,
  payload jsonb not null default '{}'::jsonb,
  run_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'done', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null default 5 check (max_attempts > 0),
  last_error text,
  created_at timestamptz not null,
  done_at timestamptz,
  done_by text
);
create index jobs_due on jobs (run_at, id) where status = 'pending';

-- The notification outbox: messages to an organisation or a user. Params carry identifiers and
-- codes only, never personal data; the text is rendered from the server-side catalogue in the
-- reader's language. Channel 'in_app' now; SMS and e-mail deliver from this table later.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  recipient_org uuid references organisations (id),
  recipient_user uuid references users (id),
  channel text not null default 'in_app' check (channel in ('in_app', 'sms', 'email')),
  template text not null,
  params jsonb not null default '{}'::jsonb,
  locale text not null check (locale in ('ar', 'fa', 'en')),
  request_id uuid references aid_requests (id),
  created_at timestamptz not null,
  read_at timestamptz,
  check (recipient_org is not null or recipient_user is not null)
);
create index notifications_org on notifications (recipient_org, created_at desc) where recipient_org is not null;
create index notifications_user on notifications (recipient_user, created_at desc) where recipient_user is not null;

-- Requests that were open before this migration get their deadline jobs (the default reminder
-- at day 10 and the escalation at the deadline), keyed as the application keys them.
insert into jobs (key, kind, payload, run_at, created_at)
select 'reminder:' || r.id || ':10', 'request.reminder', jsonb_build_object('requestId', r.id, 'round', 0, 'day', 10),
       r.submitted_at + interval '10 days', now()
  from aid_requests r
 where r.status in ('open', 'claimed') and r.submitted_at + interval '10 days' < r.deadline_at;
insert into jobs (key, kind, payload, run_at, created_at)
select 'escalate:' || r.id, 'request.escalate', jsonb_build_object('requestId', r.id, 'round', 0), r.deadline_at, now()
  from aid_requests r
 where r.status in ('open', 'claimed');
