-- Intake: the first charity to refer a national ID is decided by the database. Two charities
-- importing the same new ID at the same moment each inserted their own referral (the key is per
-- charity) and both rows were "accepted". Now the referral of an accepted row is the ID's first
-- (first_referrer), and at most one referral of an ID is first: the partial unique index below.
-- intake_apply_rows() inserts it ON CONFLICT DO NOTHING, so a second charity's insert waits for the
-- first's transaction and, once it commits, finds the ID taken: its row is "already-invited".
alter table intake_referrals add column first_referrer boolean not null default false;

-- Referrals made before: the earliest accepted row's referral of each ID is its first.
update intake_referrals f
   set first_referrer = true
  from (select distinct on (x.id_scheme, x.national_id) x.id_scheme, x.national_id, x.org_id
          from intake_referrals x
          join import_rows r on r.import_id = x.first_import_id and r.row_no = x.first_row_no and r.verdict = 'accepted'
         order by x.id_scheme, x.national_id, x.created_at, x.org_id) w
 where f.id_scheme = w.id_scheme and f.national_id = w.national_id and f.org_id = w.org_id;

create unique index intake_referrals_first on intake_referrals (id_scheme, national_id) where first_referrer;
