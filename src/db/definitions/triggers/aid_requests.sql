-- The triggers on aid_requests: their current definitions (history: migrations 0001, 0007).

drop trigger if exists aid_requests_pool_columns on public.aid_requests;
CREATE TRIGGER aid_requests_pool_columns BEFORE INSERT OR UPDATE OF status, household_id, aid_type_code ON aid_requests FOR EACH ROW EXECUTE FUNCTION aid_requests_pool_columns();

drop trigger if exists aid_requests_set_group on public.aid_requests;
CREATE TRIGGER aid_requests_set_group BEFORE INSERT ON aid_requests FOR EACH ROW EXECUTE FUNCTION aid_requests_set_group();
