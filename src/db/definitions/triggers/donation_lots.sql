-- The triggers on donation_lots (0031): a new lot opens its balance at zero; a lot is never
-- rewritten (what it holds changes only through the journal).

drop trigger if exists donation_lots_open on public.donation_lots;
CREATE TRIGGER donation_lots_open AFTER INSERT ON donation_lots FOR EACH ROW EXECUTE FUNCTION donation_lots_open();

drop trigger if exists donation_lots_append_only on public.donation_lots;
CREATE TRIGGER donation_lots_append_only BEFORE UPDATE OR DELETE ON donation_lots FOR EACH ROW EXECUTE FUNCTION journal_append_only();
