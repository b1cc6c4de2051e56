-- The triggers on programme_appeals (0029).

drop trigger if exists programme_appeals_other_reviewer on public.programme_appeals;
CREATE TRIGGER programme_appeals_other_reviewer BEFORE INSERT OR UPDATE OF decided_by ON programme_appeals FOR EACH ROW EXECUTE FUNCTION programme_appeals_other_reviewer();
