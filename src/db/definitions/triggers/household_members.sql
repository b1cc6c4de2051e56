-- The triggers on household_members: their current definitions (history: migrations 0007).

drop trigger if exists household_members_pool_columns on public.household_members;
CREATE TRIGGER household_members_pool_columns AFTER INSERT OR DELETE ON household_members FOR EACH ROW EXECUTE FUNCTION household_members_pool_columns();

drop trigger if exists household_members_pool_columns_update on public.household_members;
CREATE TRIGGER household_members_pool_columns_update AFTER UPDATE OF active, relation, household_id, person_id ON household_members FOR EACH ROW WHEN (old.active IS DISTINCT FROM new.active OR old.relation IS DISTINCT FROM new.relation OR old.household_id IS DISTINCT FROM new.household_id OR old.person_id IS DISTINCT FROM new.person_id) EXECUTE FUNCTION household_members_pool_columns();

-- A merged person joins no household (0024).
drop trigger if exists household_members_person_not_merged on public.household_members;
CREATE TRIGGER household_members_person_not_merged BEFORE INSERT OR UPDATE OF person_id, active ON household_members FOR EACH ROW EXECUTE FUNCTION household_members_person_not_merged();
