-- Rate limits shared by every server on this database (src/http/rate-limit.ts).
--
-- One row per counted key (a user's, an organisation's or a hashed client address's, per kind of
-- limit): a fixed window that starts with the key's first request and lasts the limit's window;
-- the first request after reset_at starts the next window.
--
-- UNLOGGED: a counter update writes no WAL, so the statement that counts a request commits without
-- waiting for a WAL flush (a logged table would add an fsync to every counted request). After a
-- crash PostgreSQL empties the table: every window starts afresh, so a client may get at most one
-- window's worth more once; counters are not worth more than that. Standbys do not have the table
-- (they serve no writes). fillfactor leaves room on each page so that increments are HOT updates.
create unlogged table rate_limit_counters (
  key text primary key,
  hits integer not null,
  reset_at timestamptz not null
) with (fillfactor = 50);

-- Only the two functions below touch the table.
revoke all on rate_limit_counters from mizan_app;

-- Counts one request against the given limits, in order (the acting user's, then the
-- organisation's), and answers, for each limit counted, the hits in its window (this request
-- included), whether the request is within that limit (the one place this is decided), and the
-- milliseconds until the window ends. A request already over one limit is not counted against the
-- next: one user's runaway client uses up that user's limit, not the organisation's. Every caller
-- takes the row locks in the same order (user, then organisation), and each only for this one
-- statement, so two requests never deadlock.
create function rate_limit_hit(p_keys text[], p_max integer[], p_window_ms integer[])
returns table (hits integer, allowed boolean, reset_ms integer)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
  v_now timestamptz := statement_timestamp();
  v_hits integer;
  v_reset timestamptz;
begin
  for i in 1 .. coalesce(array_length(p_keys, 1), 0) loop
    insert into rate_limit_counters as c (key, hits, reset_at)
    values (p_keys[i], 1, v_now + p_window_ms[i] * interval '1 millisecond')
    on conflict (key) do update
      set hits = case when c.reset_at <= v_now then 1 else c.hits + 1 end,
          reset_at = case when c.reset_at <= v_now then excluded.reset_at else c.reset_at end
    returning c.hits, c.reset_at into v_hits, v_reset;
    hits := v_hits;
    allowed := v_hits <= p_max[i];
    reset_ms := greatest(0, ceil(extract(epoch from v_reset - v_now) * 1000))::integer;
    return next;
    exit when not allowed;
  end loop;
end $$;

-- Deletes the counters whose window has ended (a returning key simply starts a new row). Rows a
-- request is counting right now are skipped, so the sweep never waits and never deadlocks.
create function rate_limit_sweep()
returns integer
language sql volatile security definer set search_path = public, pg_temp as $$
  with gone as (
    delete from rate_limit_counters
     where key in (select key from rate_limit_counters where reset_at < statement_timestamp() for update skip locked)
    returning 1
  )
  select count(*)::integer from gone
$$;

revoke all on function rate_limit_hit(text[], integer[], integer[]) from public;
revoke all on function rate_limit_sweep() from public;
grant execute on function rate_limit_hit(text[], integer[], integer[]) to mizan_app;
grant execute on function rate_limit_sweep() to mizan_app;
