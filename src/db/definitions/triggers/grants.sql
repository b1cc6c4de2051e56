-- The triggers on grants: their current definitions (history: migrations 0001).

drop trigger if exists grants_set_window on public.grants;
CREATE TRIGGER grants_set_window BEFORE INSERT ON grants FOR EACH ROW EXECUTE FUNCTION grants_set_window();
