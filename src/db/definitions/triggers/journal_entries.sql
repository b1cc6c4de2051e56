-- The triggers on journal_entries (0031): balanced at commit (double entry); never updated, never
-- deleted.

drop trigger if exists journal_entries_balanced on public.journal_entries;
CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();

drop trigger if exists journal_entries_append_only on public.journal_entries;
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries FOR EACH ROW EXECUTE FUNCTION journal_append_only();
