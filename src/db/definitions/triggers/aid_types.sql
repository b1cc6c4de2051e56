-- The triggers on aid_types: their current definitions (history: migrations 0007).

drop trigger if exists aid_types_pool_columns on public.aid_types;
CREATE TRIGGER aid_types_pool_columns AFTER UPDATE OF basket_code ON aid_types FOR EACH ROW WHEN (old.basket_code IS DISTINCT FROM new.basket_code) EXECUTE FUNCTION aid_types_pool_columns();
