-- The triggers on persons: their current definitions (history: migrations 0007).

drop trigger if exists persons_pool_columns on public.persons;
CREATE TRIGGER persons_pool_columns AFTER UPDATE OF nationality ON persons FOR EACH ROW WHEN (old.nationality IS DISTINCT FROM new.nationality) EXECUTE FUNCTION persons_pool_columns();
