-- 0026: an import's rows are decided in the order of their national IDs, not of the file. The
-- import job applies the next range of staged IDs (import-job.ts); applied_through is the last
-- national ID decided (null: none yet), so a chunk taken again after a crash starts where the
-- committed one ended. In ID order each page of persons, intake_referrals and invitations that the
-- chunks probe or write is visited about once per import instead of once per row, and all the rows
-- of one ID are in one chunk. intake_apply_rows() now takes a range of national IDs
-- (src/db/definitions/functions/intake_apply_rows.sql); the rows that judged themselves
-- (own_verdict) are decided with the last range. An import applying when this runs keeps its
-- decided rows (verdict set) and goes on by ID from the first: rows_applied counted the rows
-- decided then as it counts them now.
alter table imports add column applied_through text;
drop function if exists intake_apply_rows(uuid, integer, integer);
