-- The pool's anonymous columns, kept on the request. Runs on PostgreSQL 15+ and on PGlite alike.
--
-- Until now the view request_pool computed, for every open request it walked, the household's
-- size and its head's nationality (two lateral subqueries) and joined the household and its region;
-- a charity that sees few requests, or a filter, walked thousands of requests before a page was
-- full. Here these facts live on the request itself:
--
--   pool_household_size  active members of the household
--   pool_nationality     nationality of the household's active head (null without one)
--   pool_region          the household's region (to match the regions a charity serves)
--   pool_anon_region     its level-1 ancestor, coalesce(parent_code, code): the only region shown
--   pool_basket          the aid type's service basket
--
-- WHICH REQUESTS CARRY THEM: every request while it is open, claimed or escalated (the statuses
-- from which it can be in the pool: a claimed request goes back to the pool when released). They
-- are filled when a request is inserted, or when it enters one of these statuses from another,
-- and kept current by triggers when the household's members change (insert, delete, update of
-- active, relation, household or person), when a person's nationality changes, when the
-- household's region changes, when a region's parent changes and when an aid type's basket
-- changes. A decided or withdrawn request keeps the values it had when it left (nothing reads
-- them); requests decided before this migration have none.
--
-- CONCURRENCY: a change of a household's members (or of its head's nationality, or its region)
-- takes the household's row lock (FOR NO KEY UPDATE) before it rewrites the household's requests;
-- inserting a request takes FOR SHARE on the household before it reads the facts. The two
-- conflict, so a request inserted at the moment a member is added is either seen by the member's
-- trigger (after the insert committed) or reads the new member itself (each statement of a
-- trigger function takes a new snapshot after the wait). Neither lock blocks the foreign-key
-- checks (FOR KEY SHARE) that other tables make on households.
--
-- BULK LOADS: a session that is not acting as the application role may set
-- mizan.pool_columns = 'deferred' to skip the maintenance (the synthetic-data loader does, its
-- tables have no indexes while they fill); it then runs aid_requests_pool_backfill() once.

alter table aid_requests
  add column pool_household_size integer,
  add column pool_nationality text,
  add column pool_region text,
  add column pool_anon_region text,
  add column pool_basket text;

-- Is the maintenance deferred in this session (a bulk load, never an application transaction)?
create function aid_requests_pool_deferred() returns boolean language sql stable as $$
  select coalesce(current_setting('mizan.pool_columns', true), '') = 'deferred'
     and coalesce(current_setting('role', true), 'none') = 'none'
$$;

-- Brings the pool columns of one household's open, claimed and escalated requests up to date.
create function aid_requests_pool_refresh(p_household uuid) returns void
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  if p_household is null or aid_requests_pool_deferred() then
    return;
  end if;
  -- one change of the household's facts at a time, and none while one of its requests is inserted
  perform 1 from households where id = p_household for no key update;
  update aid_requests r
     set pool_household_size = f.household_size, pool_nationality = f.nationality, pool_region = f.region, pool_anon_region = f.anon_region
    from (select (select count(*)::int from household_members m where m.household_id = h.id and m.active) as household_size,
                 (select p.nationality from household_members m join persons p on p.id = m.person_id
                   where m.household_id = h.id and m.active and m.relation = 'head' limit 1) as nationality,
                 h.region_code as region,
                 coalesce(reg.parent_code, reg.code) as anon_region
            from households h join regions reg on reg.code = h.region_code
           where h.id = p_household) f
   where r.household_id = p_household
     and r.status in ('open', 'claimed', 'escalated')
     and (r.pool_household_size, r.pool_nationality, r.pool_region, r.pool_anon_region)
         is distinct from (f.household_size, f.nationality, f.region, f.anon_region);
end $$;

-- Every request that may be in the pool, from scratch, in one set-based statement (this
-- migration, and the synthetic-data loader after its bulk load). Returns the rows changed.
create function aid_requests_pool_backfill() returns bigint
language plpgsql volatile security definer set search_path = public, pg_temp as $$
declare
  n bigint;
begin
  with active as (
    select r.id, r.household_id, r.aid_type_code from aid_requests r where r.status in ('open', 'claimed', 'escalated')
  ), households_of as (
    select distinct household_id from active
  ), sizes as (
    select m.household_id, count(*)::int as household_size
      from household_members m join households_of using (household_id)
     where m.active group by m.household_id
  ), heads as (
    select distinct on (m.household_id) m.household_id, p.nationality
      from household_members m join households_of using (household_id) join persons p on p.id = m.person_id
     where m.active and m.relation = 'head'
     order by m.household_id
  ), facts as (
    select a.id, coalesce(s.household_size, 0) as household_size, hd.nationality, h.region_code as region,
           coalesce(reg.parent_code, reg.code) as anon_region, t.basket_code as basket
      from active a
      join households h on h.id = a.household_id
      join regions reg on reg.code = h.region_code
      join aid_types t on t.code = a.aid_type_code
      left join sizes s on s.household_id = a.household_id
      left join heads hd on hd.household_id = a.household_id
  )
  update aid_requests r
     set pool_household_size = f.household_size, pool_nationality = f.nationality, pool_region = f.region,
         pool_anon_region = f.anon_region, pool_basket = f.basket
    from facts f
   where r.id = f.id
     and (r.pool_household_size, r.pool_nationality, r.pool_region, r.pool_anon_region, r.pool_basket)
         is distinct from (f.household_size, f.nationality, f.region, f.anon_region, f.basket);
  get diagnostics n = row_count;
  return n;
end $$;

-- Neither function is for the application role: they answer nothing, but rewrite rows it may not read.
revoke execute on function aid_requests_pool_refresh(uuid) from public;
revoke execute on function aid_requests_pool_backfill() from public;

-- A request entering the statuses that may be in the pool (on insert, or from a decided state),
-- or moved to another household or aid type, reads the facts now.
create function aid_requests_pool_columns() returns trigger
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  if new.status not in ('open', 'claimed', 'escalated') or aid_requests_pool_deferred() then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.status in ('open', 'claimed', 'escalated')
     and old.household_id = new.household_id and old.aid_type_code = new.aid_type_code then
    return new; -- claimed, released, escalated, reassigned: the columns are current already
  end if;
  perform 1 from households where id = new.household_id for share;
  select (select count(*)::int from household_members m where m.household_id = h.id and m.active),
         (select p.nationality from household_members m join persons p on p.id = m.person_id
           where m.household_id = h.id and m.active and m.relation = 'head' limit 1),
         h.region_code, coalesce(reg.parent_code, reg.code),
         (select t.basket_code from aid_types t where t.code = new.aid_type_code)
    into new.pool_household_size, new.pool_nationality, new.pool_region, new.pool_anon_region, new.pool_basket
    from households h join regions reg on reg.code = h.region_code
   where h.id = new.household_id;
  return new;
end $$;
create trigger aid_requests_pool_columns before insert or update of status, household_id, aid_type_code on aid_requests
  for each row execute function aid_requests_pool_columns();

create function household_members_pool_columns() returns trigger
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform aid_requests_pool_refresh(old.household_id);
  end if;
  if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.household_id is distinct from old.household_id) then
    perform aid_requests_pool_refresh(new.household_id);
  end if;
  return null;
end $$;
create trigger household_members_pool_columns after insert or delete on household_members
  for each row execute function household_members_pool_columns();
create trigger household_members_pool_columns_update after update of active, relation, household_id, person_id on household_members
  for each row when (old.active is distinct from new.active or old.relation is distinct from new.relation
                     or old.household_id is distinct from new.household_id or old.person_id is distinct from new.person_id)
  execute function household_members_pool_columns();

-- The head's nationality: the households where this person is the active head.
create function persons_pool_columns() returns trigger
language plpgsql volatile security definer set search_path = public, pg_temp as $$
declare
  h uuid;
begin
  for h in select m.household_id from household_members m where m.person_id = new.id and m.active and m.relation = 'head' loop
    perform aid_requests_pool_refresh(h);
  end loop;
  return null;
end $$;
create trigger persons_pool_columns after update of nationality on persons
  for each row when (old.nationality is distinct from new.nationality) execute function persons_pool_columns();

create function households_pool_columns() returns trigger
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  perform aid_requests_pool_refresh(new.id);
  return null;
end $$;
create trigger households_pool_columns after update of region_code on households
  for each row when (old.region_code is distinct from new.region_code) execute function households_pool_columns();

-- Reference data (setup only): a region moved under another parent, an aid type moved to another basket.
create function regions_pool_columns() returns trigger
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  update aid_requests set pool_anon_region = coalesce(new.parent_code, new.code)
   where pool_region = new.code and status in ('open', 'claimed', 'escalated');
  return null;
end $$;
create trigger regions_pool_columns after update of parent_code on regions
  for each row when (old.parent_code is distinct from new.parent_code) execute function regions_pool_columns();

create function aid_types_pool_columns() returns trigger
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  update aid_requests set pool_basket = new.basket_code
   where aid_type_code = new.code and status in ('open', 'claimed', 'escalated');
  return null;
end $$;
create trigger aid_types_pool_columns after update of basket_code on aid_types
  for each row when (old.basket_code is distinct from new.basket_code) execute function aid_types_pool_columns();

-- The pool's two sort orders exist (0002). A filter on the aid type (or on a basket, which the page
-- turns into the aid types it holds), on the region or on the household size walks the requests of
-- that type, region or size only, in either order. A charity's own escalations are looked up in a
-- small index of their own. (Built before the backfill below, which then maintains them: an index
-- built after it would not be usable by transactions older than this migration.)
create index aid_requests_open_type_deadline on aid_requests (aid_type_code, deadline_at, id) where status = 'open';
create index aid_requests_open_type_priority on aid_requests (aid_type_code, priority desc, deadline_at, id) where status = 'open';
create index aid_requests_open_region_deadline on aid_requests (pool_anon_region, deadline_at, id) where status = 'open';
create index aid_requests_open_region_priority on aid_requests (pool_anon_region, priority desc, deadline_at, id) where status = 'open';
create index aid_requests_open_size_deadline on aid_requests (pool_household_size, deadline_at, id) where status = 'open';
create index aid_requests_open_size_priority on aid_requests (pool_household_size, priority desc, deadline_at, id) where status = 'open';
create index request_events_escalated on request_events (request_id, org_id) where event = 'escalated';

-- The requests there are now, and statistics for the new columns.
select aid_requests_pool_backfill();
analyze aid_requests;

-- THE ANONYMOUS POOL, as before (0002): one row per (open unclaimed request, approved charity that
-- offers the aid type and serves the household's region or its parent, and did not let the request
-- pass its deadline), with only these columns. It reads the request's own columns now.
create or replace view request_pool as
select r.id,
       r.aid_type_code,
       r.pool_basket as basket_code,
       r.pool_nationality as nationality,
       r.pool_household_size as household_size,
       r.pool_anon_region as region_code,
       r.submitted_at,
       r.deadline_at,
       r.priority,
       o.id as org_id
  from aid_requests r
  join organisations o on o.kind = 'charity' and o.status = 'approved'
 where r.status = 'open' -- and therefore unclaimed (aid_requests_open_is_unclaimed)
   and exists (select 1 from organisation_aid_types oat where oat.org_id = o.id and oat.aid_type_code = r.aid_type_code)
   and exists (select 1 from organisation_regions orr where orr.org_id = o.id and orr.region_code in (r.pool_region, r.pool_anon_region))
   and not exists (select 1 from request_events e where e.request_id = r.id and e.event = 'escalated' and e.org_id = o.id);

-- ONE PAGE OF THE ACTING CHARITY'S POOL (mizan.org_id), as the view defines it, filtered and sorted:
-- what GET /pool reads. The charity's offer (aid types, narrowed by the aid-type and basket filters)
-- and regions (narrowed by the region filter) are read first; a filter the charity's offer cannot
-- meet answers an empty page at once. The page itself is then a query of aid_requests alone,
-- written for exactly the filters given, so it plans in a fraction of a millisecond and walks one
-- of the partial indexes above in the page's order: the sort index, or the aid type's, the region's
-- or the household size's when there is one. Same rows and columns as the view, nothing else.
--   p_sort: 'deadline' (deadline, id) or 'priority' (priority desc, deadline, id)
--   p_after_*: the last row of the previous page (keyset), or nulls for the first page
create function request_pool_page(
  p_aid_type text, p_basket text, p_region text, p_nationality text, p_household_size integer,
  p_sort text, p_after_priority integer, p_after_deadline timestamptz, p_after_id uuid, p_limit integer)
returns table (id uuid, aid_type_code text, basket_code text, nationality text, household_size integer,
               region_code text, submitted_at timestamptz, deadline_at timestamptz, priority smallint)
language plpgsql stable security definer set search_path = public, pg_temp
-- A page is an index walk in the page's order that stops after p_limit rows. Sorting (or a bitmap
-- scan) would read every candidate first; the planner would choose them for filters on columns
-- that are empty on decided requests (most rows), which it takes for far more selective than they
-- are among open requests.
set enable_sort = off set enable_bitmapscan = off as $$
declare
  v_org uuid := nullif(current_setting('mizan.org_id', true), '')::uuid;
  v_types text[];
  v_tops text[];
  v_leaves text[];
  q text;
begin
  if p_sort is null or p_sort not in ('deadline', 'priority') then
    raise exception 'unknown pool sort %', p_sort using errcode = 'invalid_parameter_value';
  end if;
  -- the aid types an approved charity offers, as far as the filters keep them
  select array_agg(oat.aid_type_code order by oat.aid_type_code) into v_types
    from organisations o
    join organisation_aid_types oat on oat.org_id = o.id
    join aid_types t on t.code = oat.aid_type_code
   where o.id = v_org and o.kind = 'charity' and o.status = 'approved'
     and (p_aid_type is null or oat.aid_type_code = p_aid_type)
     and (p_basket is null or t.basket_code = p_basket);
  -- the regions it serves: whole level-1 regions, and level-2 regions whose parent it does not serve
  select array_agg(reg.code order by reg.code) filter (where reg.parent_code is null),
         array_agg(reg.code order by reg.code) filter (where reg.parent_code is not null)
    into v_tops, v_leaves
    from organisation_regions orr join regions reg on reg.code = orr.region_code
   where orr.org_id = v_org
     and (p_region is null or reg.code = p_region or reg.parent_code = p_region);
  if v_types is null or (v_tops is null and v_leaves is null) then
    return;
  end if;
  if v_tops is not null and v_leaves is not null then
    v_leaves := array(select x from unnest(v_leaves) x join regions reg on reg.code = x where reg.parent_code <> all(v_tops));
  end if;

  q := 'select r.id, r.aid_type_code, r.pool_basket, r.pool_nationality, r.pool_household_size, r.pool_anon_region,'
    || ' r.submitted_at, r.deadline_at, r.priority from aid_requests r where r.status = ''open'''
    || case when cardinality(v_types) = 1 then ' and r.aid_type_code = $2' else ' and r.aid_type_code = any($1)' end
    || case when v_tops is null then ' and r.pool_region = any($4)'
            when cardinality(v_leaves) > 0 then ' and (r.pool_anon_region = any($3) or r.pool_region = any($4))'
            when cardinality(v_tops) = 1 then ' and r.pool_anon_region = $5'
            else ' and r.pool_anon_region = any($3)' end
    || case when p_region is not null then ' and r.pool_anon_region = $6' else '' end
    || case when p_basket is not null then ' and r.pool_basket = $7' else '' end
    || case when p_nationality is not null then ' and r.pool_nationality = $8' else '' end
    || case when p_household_size is not null then ' and r.pool_household_size = $9' else '' end
    || case when p_after_deadline is null then ''
            when p_sort = 'deadline' then ' and (r.deadline_at, r.id) > ($11, $12)'
            else ' and r.priority <= $10 and (r.priority < $10 or (r.deadline_at, r.id) > ($11, $12))' end
    || ' and not exists (select 1 from request_events e where e.request_id = r.id and e.event = ''escalated'' and e.org_id = $13)'
    || case when p_sort = 'deadline' then ' order by r.deadline_at, r.id' else ' order by r.priority desc, r.deadline_at, r.id' end
    || ' limit $14';
  return query execute q
    using v_types, v_types[1], v_tops, v_leaves, v_tops[1], p_region, p_basket, p_nationality, p_household_size,
          p_after_priority::smallint, p_after_deadline, p_after_id, v_org, p_limit;
end $$;
