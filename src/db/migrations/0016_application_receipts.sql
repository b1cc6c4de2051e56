-- A charity's application to join carries a receipt: a random code given once to the applicant,
-- stored only as its SHA-256. With it (and nothing else) the applicant reads the ministry's
-- decision and its reason (POST /organisations/applications/status); without it nothing about an
-- application is answered, so one charity cannot list or guess another's. Owned by the registry
-- (src/modules/registry/applications.ts); no personal data, so no row-level security.
create table organisation_applications (
  org_id uuid primary key references organisations (id) on delete cascade,
  receipt_hash bytea not null unique,
  created_at timestamptz not null default now()
);
