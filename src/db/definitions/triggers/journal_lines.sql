-- The triggers on journal_lines (0031): each line checked and completed from its lot before it is
-- written; the lot's balance follows its 'held' lines; never updated, never deleted.

drop trigger if exists journal_lines_check on public.journal_lines;
CREATE TRIGGER journal_lines_check BEFORE INSERT ON journal_lines FOR EACH ROW EXECUTE FUNCTION journal_lines_check();

drop trigger if exists journal_lines_post on public.journal_lines;
CREATE TRIGGER journal_lines_post AFTER INSERT ON journal_lines FOR EACH ROW WHEN (new.account = 'held') EXECUTE FUNCTION journal_lines_post();

drop trigger if exists journal_lines_append_only on public.journal_lines;
CREATE TRIGGER journal_lines_append_only BEFORE UPDATE OR DELETE ON journal_lines FOR EACH ROW EXECUTE FUNCTION journal_append_only();
