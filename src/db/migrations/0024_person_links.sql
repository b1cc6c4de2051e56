-- 0024: two person records that are the same human are linked (issue 14). The ministry confirms that
-- person B (say, a record with a mistyped national ID) is person A: B's grants and requests move to
-- A (registry/link-persons.ts) and B points at A from then on. A merged person is never merged into
-- itself, and is read-only once merged (the triggers persons_merged_read_only and
-- household_members_person_not_merged, src/db/definitions/); a lookup of B's national ID lands on A
-- (registry_surviving_person, used by registry_persons_by_national_ids and
-- registry_household_of_national_id).
alter table persons
  add column merged_into uuid references persons (id),
  add column merged_at timestamptz,
  add column merged_by uuid references users (id),
  add constraint persons_not_merged_into_itself check (merged_into <> id),
  add constraint persons_merge_whole check ((merged_into is null) = (merged_at is null) and (merged_into is null or merged_by is not null));

-- The records merged into a person (the lookups follow merged_into the other way: by primary key).
create index persons_merged_into on persons (merged_into) where merged_into is not null;
