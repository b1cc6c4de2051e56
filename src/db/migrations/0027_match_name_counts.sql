-- Person matching weighs a name by how common it is among the registry's persons (a common name
-- agrees by chance): each indexed person's folded given, father's and family names are kept beside
-- their blocking keys (kinds tg, tf, tl: never looked up as blocking keys), and the day's sweep
-- counts them, with the phones (kind ph: a phone shared by a family weighs less), into
-- person_match_counts, read by every registry search (matching/registry-frequencies.ts). Kind '*'
-- holds the number of persons indexed when counted.
alter table person_match_keys drop constraint person_match_keys_kind_check;
alter table person_match_keys add constraint person_match_keys_kind_check
  check (kind in ('id', 'ide', 'ph', 'fy', 'rg', 'fn', 'gd', 'tg', 'tf', 'tl'));

create table person_match_counts (
  kind text not null check (kind in ('tg', 'tf', 'tl', 'ph', '*')),
  value text not null,
  n integer not null check (n > 0),
  counted_at timestamptz not null,
  primary key (kind, value)
);

-- Ministry staff and the sweep (role 'system') only: policies in src/db/definitions/policies/.
alter table person_match_counts enable row level security;
grant select, insert, update, delete on person_match_counts to mizan_app;
revoke truncate on person_match_counts from mizan_app;
