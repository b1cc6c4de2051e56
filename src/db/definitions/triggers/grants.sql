-- The triggers on grants: their current definitions (history: migrations 0001, 0015).

drop trigger if exists grants_set_window on public.grants;
-- BEFORE UPDATE OF aid_type_code, group_code too: a grant's group is always its aid type's
-- (grants.group_code has no foreign key of its own, 0015_grant_path_gains.sql).
CREATE TRIGGER grants_set_window BEFORE INSERT OR UPDATE OF aid_type_code, group_code ON grants FOR EACH ROW EXECUTE FUNCTION grants_set_window();

drop trigger if exists grants_zakat_entitled on public.grants;
-- 0029: a zakat-funded programme pays only households in the zakat categories.
CREATE TRIGGER grants_zakat_entitled BEFORE INSERT OR UPDATE OF programme_id, household_id ON grants FOR EACH ROW WHEN (new.programme_id IS NOT NULL) EXECUTE FUNCTION grants_zakat_entitled();

drop trigger if exists grants_reverse_funding on public.grants;
-- 0031: a revoked grant's funding goes back to the lots that paid it (a reversing entry).
CREATE TRIGGER grants_reverse_funding AFTER UPDATE OF status ON grants FOR EACH ROW WHEN (old.status = 'active' AND new.status = 'revoked') EXECUTE FUNCTION donations_reverse_grant();
