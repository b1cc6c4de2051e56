-- The triggers on persons: their current definitions (history: migrations 0007).

drop trigger if exists persons_pool_columns on public.persons;
CREATE TRIGGER persons_pool_columns AFTER UPDATE OF nationality ON persons FOR EACH ROW WHEN (old.nationality IS DISTINCT FROM new.nationality) EXECUTE FUNCTION persons_pool_columns();

-- A merged person is read-only (0024).
drop trigger if exists persons_merged_read_only on public.persons;
CREATE TRIGGER persons_merged_read_only BEFORE DELETE OR UPDATE ON persons FOR EACH ROW WHEN (old.merged_into IS NOT NULL) EXECUTE FUNCTION persons_merged_read_only();
