-- Intake: a charity's bulk upload of the needy people it knows (national ID and phone), each row
-- judged and kept with its verdict. Owned by src/modules/intake/. Accepted rows create no registry
-- person (a person enters the registry when they declare); they become referrals of a national ID
-- by charities, and the invitations module sends each person one SMS.

-- One uploaded file. The same file (its SHA-256) uploaded again by the same charity is the same import.
create table imports (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  created_by uuid references users (id),
  file_name text not null,
  file_sha256 bytea not null,
  file_bytes bigint not null,
  format text not null check (format in ('csv', 'xlsx')),
  encoding text not null,
  delimiter text,
  columns jsonb not null,
  preview jsonb not null,
  mapping jsonb,
  status text not null default 'mapping' check (status in ('mapping', 'queued', 'staging', 'applying', 'done', 'failed')),
  total_rows integer,
  rows_staged integer not null default 0,
  rows_applied integer not null default 0,
  accepted integer not null default 0,
  refused integer not null default 0,
  waiting integer not null default 0,
  failure text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  constraint imports_one_per_file unique (org_id, file_sha256)
);
create index imports_by_org on imports (org_id, created_at desc);

-- Staging: one row per data row of the file, written once (the primary key and ON CONFLICT DO
-- NOTHING: a chunk taken again after a crash writes nothing twice). own_verdict is what the row
-- says by itself (TypeScript: the ID's check digit, the phone); verdict is the final one (SQL:
-- intake_apply_rows); null until the row is applied.
-- No foreign keys here or on intake_referrals' import and charity: a row is written only by the
-- import job (or the hand fix) for the import it holds locked, and a key checked per row would
-- be a trigger run a million times for a file of a million rows.
create table import_rows (
  import_id uuid not null,
  row_no integer not null,
  org_id uuid not null,
  national_id text,
  phone text,
  name text,
  birth_date text,
  region text,
  household_ref text,
  language text,
  own_verdict text,
  reason text,
  field text,
  verdict text,
  person_id uuid,
  primary key (import_id, row_no)
) with (fillfactor = 60);
-- Deciding a row (verdict, person_id) touches no indexed column, and the pages keep room for the
-- new version: the update is HOT, no index is written again. A page of rows of one verdict is read
-- along the primary key.
create index import_rows_by_national_id on import_rows (import_id, national_id, row_no) where own_verdict is null;

-- The column mapping a charity chose last, by header names, offered for its next upload.
create table import_mappings (
  org_id uuid primary key references organisations (id),
  mapping jsonb not null,
  updated_at timestamptz not null default now()
);

-- Which charities referred a national ID: one row per (scheme, ID, charity), with the import and
-- row that first did.
create table intake_referrals (
  id_scheme text not null,
  national_id text not null,
  org_id uuid not null,
  first_import_id uuid not null,
  first_row_no integer not null,
  created_at timestamptz not null default now(),
  primary key (id_scheme, national_id, org_id)
);

alter table imports enable row level security;
alter table import_rows enable row level security;
alter table import_mappings enable row level security;
alter table intake_referrals enable row level security;

grant select, insert, update on imports, import_rows, import_mappings, intake_referrals to mizan_app;
