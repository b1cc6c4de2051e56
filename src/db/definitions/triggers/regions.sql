-- The triggers on regions: their current definitions (history: migrations 0007).

drop trigger if exists regions_pool_columns on public.regions;
CREATE TRIGGER regions_pool_columns AFTER UPDATE OF parent_code ON regions FOR EACH ROW WHEN (old.parent_code IS DISTINCT FROM new.parent_code) EXECUTE FUNCTION regions_pool_columns();
