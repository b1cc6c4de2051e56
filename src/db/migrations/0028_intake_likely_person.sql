-- 0028: an import's rows without a valid national ID are searched against the registry (issue 13,
-- item 7; issue 14, item 4). Once an import's rows are applied, the import job searches each waiting
-- row that has a name with person matching's candidate search (import-job.ts, the search phase) and
-- keeps the best candidate at or above the review threshold on the row: likely_person (a registry
-- person, never shown to the charity) and likely_score (the match weight, shown). matched_through is
-- the last row number searched (null: the search has not begun), so a chunk taken again after a
-- crash starts where the committed one ended: no row searched twice, none skipped. The charity may
-- link such a row to that person (fix-row.ts, intake_link_likely_person()). No foreign key on
-- likely_person, as on person_id: the row is written by the job for the import it holds locked.
alter table import_rows add column likely_person uuid;
alter table import_rows add column likely_score real;
alter table imports add column matched_through integer;
