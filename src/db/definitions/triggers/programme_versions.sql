-- The triggers on programme_versions (0029).

drop trigger if exists programme_versions_frozen on public.programme_versions;
CREATE TRIGGER programme_versions_frozen BEFORE UPDATE ON programme_versions FOR EACH ROW EXECUTE FUNCTION programme_versions_frozen();
