-- The triggers on persons: their current definitions (history: migrations 0007).

drop trigger if exists persons_pool_columns on public.persons;
CREATE TRIGGER persons_pool_columns AFTER UPDATE OF nationality ON persons FOR EACH ROW WHEN (old.nationality IS DISTINCT FROM new.nationality) EXECUTE FUNCTION persons_pool_columns();

-- A merged person is read-only (0024).
drop trigger if exists persons_merged_read_only on public.persons;
CREATE TRIGGER persons_merged_read_only BEFORE DELETE OR UPDATE ON persons FOR EACH ROW WHEN (old.merged_into IS NOT NULL) EXECUTE FUNCTION persons_merged_read_only();

-- What matching compares changed: the person is indexed again by the next sweep (persons_match_stale).
drop trigger if exists persons_match_stale on public.persons;
CREATE TRIGGER persons_match_stale AFTER UPDATE OF national_id, full_name, birth_date, sex, phone ON persons FOR EACH ROW
  WHEN (old.national_id IS DISTINCT FROM new.national_id OR old.full_name IS DISTINCT FROM new.full_name OR old.birth_date IS DISTINCT FROM new.birth_date
        OR old.sex IS DISTINCT FROM new.sex OR old.phone IS DISTINCT FROM new.phone)
  EXECUTE FUNCTION persons_match_stale();
