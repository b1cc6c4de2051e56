-- The grant path's gains: what every grant paid for that no guarantee needs. Table changes only;
-- the time-ordered grant keys are a function (src/db/definitions/functions/uuid_v7.sql, which also
-- makes it the default of grants.id once it exists: definitions are applied after the migrations).

-- 1. grants.group_code needs no foreign key of its own. No writer chooses it: the trigger
--    grants_set_window (BEFORE INSERT, and BEFORE UPDATE OF aid_type_code, group_code) overwrites
--    it with the group of the grant's aid type, read through an inner join of aid_types and
--    exclusivity_groups (no such aid type or group: the insert fails with foreign_key_violation);
--    the aid type itself is checked by grants_aid_type_code_fkey, and aid_types.group_code by its
--    own key. So a grant names a group that existed when it was written. That the group goes on
--    existing was the key's other half: the application never deletes or renames a group (no code
--    does), and from now on it may not — the application role keeps UPDATE on the columns the
--    catalogue changes (names, window, who and when) and loses DELETE, TRUNCATE and UPDATE of `code`.
--    The owner (migrations, the data generator) is trusted as for every other table.
alter table grants drop constraint grants_group_code_fkey;
revoke delete, truncate on exclusivity_groups from mizan_app;
revoke update on exclusivity_groups from mizan_app;
grant update (name_en, name_ar, name_fa, scope, window_kind, window_days, updated_at, updated_by) on exclusivity_groups to mizan_app;

-- 2. The audit trail's indexes. Each grant writes one entry, and each entry paid for seven B-tree
--    entries; three indexes served only the ministry's free search (src/modules/audit/
--    audit.repository.ts `search`: filters by action, organisation, user, household, subject and
--    time, newest first by seq):
--      audit_log_at         (at desc)               the search's from/to, nothing else
--      audit_log_action     (action, at desc)       the search's action, nothing else
--      audit_log_actor_org  (actor_org, at desc)    the search's organisation, nothing else
--    - audit_log_at becomes a BRIN index: entries are appended in time order, so a range of 32 heap
--      pages covers a short span of `at`; an entry adds to one summary at most (none until its
--      range is summarised). A time range is found through it in a bitmap scan.
--    - audit_log_action leaves out 'grant.create', the grant path's own entry: searching for that
--      action is the primary key's walk newest first (most entries are grants: the first page is
--      found at once), every other action keeps its index, and a grant no longer adds to it.
--    - audit_log_actor_org stays: an organisation's entries may be few among many.
--    Kept, because other statements need them: the primary key (seq: the search's order and
--    paging, the sealer), audit_log_chain_pos_key (the chain and its verification),
--    audit_log_unsealed (the sealer), audit_log_household (a household's kardex and "who viewed my
--    data"), audit_log_lookup_by_user (registry_lookups_used(): the lookup quota) and
--    audit_log_lookup_by_at (the ministry's lookups per charity per day).
drop index audit_log_at;
drop index audit_log_action;
create index audit_log_at on audit_log using brin (at) with (pages_per_range = 32, autosummarize = on);
create index audit_log_action on audit_log (action, at desc) where action <> 'grant.create';
