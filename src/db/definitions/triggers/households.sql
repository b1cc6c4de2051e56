-- The triggers on households: their current definitions (history: migrations 0007).

drop trigger if exists households_pool_columns on public.households;
CREATE TRIGGER households_pool_columns AFTER UPDATE OF region_code ON households FOR EACH ROW WHEN (old.region_code IS DISTINCT FROM new.region_code) EXECUTE FUNCTION households_pool_columns();
