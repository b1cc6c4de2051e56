-- Mizan: the shared registry, the aid catalogue, requests, grants and the no-duplicate-aid rule.
-- Runs on PostgreSQL 15+ and on PGlite alike.

create extension if not exists btree_gist;
create extension if not exists pg_trgm;

-- One row: the deployment profile this database serves (country, currency, calendar, ID scheme).
create table deployment (
  singleton boolean primary key default true check (singleton),
  country text not null check (country in ('KW', 'SA', 'IR')),
  id_scheme text not null,
  currency text not null,
  currency_minor_units smallint not null check (currency_minor_units between 0 and 4),
  calendar text not null,
  default_locale text not null,
  request_deadline_days integer not null default 14 check (request_deadline_days > 0),
  -- month and day on which a school year starts (for 'school_year' exclusivity windows)
  school_year_start_month smallint not null default 9 check (school_year_start_month between 1 and 12),
  school_year_start_day smallint not null default 1 check (school_year_start_day between 1 and 31),
  settings jsonb not null default '{}'::jsonb
);

create table regions (
  code text primary key,
  parent_code text references regions (code),
  level smallint not null check (level in (1, 2)),
  name_en text not null,
  name_ar text not null,
  name_fa text not null
);
create index regions_parent on regions (parent_code);

create table organisations (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('ministry', 'charity')),
  name text not null,
  registration_number text,
  status text not null check (status in ('pending', 'approved', 'suspended', 'rejected')),
  contact_phone text,
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by uuid,
  decision_reason text
);
create unique index organisations_one_ministry on organisations (kind) where kind = 'ministry';

create table users (
  id uuid primary key default gen_random_uuid(),
  org_id uuid references organisations (id),
  role text not null check (role in ('ministry_admin', 'ministry_supervisor', 'charity_admin', 'caseworker', 'field_visitor', 'applicant')),
  national_id text,
  display_name text not null,
  phone text,
  locale text not null default 'ar' check (locale in ('ar', 'fa', 'en')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  -- staff belong to an organisation; applicants do not
  check ((role = 'applicant') = (org_id is null)),
  -- ministry roles only in the ministry, charity roles only in charities (enforced by trigger below)
  unique (national_id, org_id)
);
create index users_org on users (org_id);
create unique index users_one_applicant_per_national_id on users (national_id) where role = 'applicant';

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  token_hash bytea not null unique,
  name text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- The aid catalogue -----------------------------------------------------------------------------

create table service_baskets (
  code text primary key,
  name_en text not null,
  name_ar text not null,
  name_fa text not null,
  position smallint not null default 0
);

-- An exclusivity group: the aid types that count as "the same aid", and the window inside which
-- a household may receive it only once.
create table exclusivity_groups (
  code text primary key,
  name_en text not null,
  name_ar text not null,
  name_fa text not null,
  scope text not null default 'household' check (scope in ('household')),
  window_kind text not null check (window_kind in ('days', 'school_year', 'lifetime')),
  window_days integer check (window_days > 0),
  check ((window_kind = 'days') = (window_days is not null)),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id)
);

create table aid_types (
  code text primary key,
  basket_code text not null references service_baskets (code),
  group_code text not null references exclusivity_groups (code),
  name_en text not null,
  name_ar text not null,
  name_fa text not null,
  form text not null check (form in ('cash', 'in_kind', 'service')),
  deadline_days integer check (deadline_days > 0),
  active boolean not null default true
);
create index aid_types_group on aid_types (group_code);

create table organisation_aid_types (
  org_id uuid not null references organisations (id),
  aid_type_code text not null references aid_types (code),
  primary key (org_id, aid_type_code)
);

create table organisation_regions (
  org_id uuid not null references organisations (id),
  region_code text not null references regions (code),
  primary key (org_id, region_code)
);

-- Households and people -------------------------------------------------------------------------

create table persons (
  id uuid primary key default gen_random_uuid(),
  id_scheme text not null,
  national_id text not null,
  full_name text not null,          -- as typed, for display
  name_key text not null,           -- folded match key (Arabic/Persian spelling variants)
  compact_key text not null,        -- match key without spaces
  birth_date date,
  sex text check (sex in ('F', 'M')),
  nationality text not null check (nationality ~ '^[A-Z]{2}$'),
  phone text,
  created_at timestamptz not null default now(),
  unique (id_scheme, national_id)
);
create index persons_compact_key on persons using gin (compact_key gin_trgm_ops);

create table households (
  id uuid primary key default gen_random_uuid(),
  region_code text not null references regions (code),
  address text,
  phone text,
  created_by_org uuid references organisations (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index households_region on households (region_code);

create table household_members (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references households (id),
  person_id uuid not null references persons (id),
  relation text not null check (relation in ('head', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'other')),
  active boolean not null default true,
  joined_at timestamptz not null default now(),
  left_at timestamptz
);
-- A person is an active member of at most one household.
create unique index household_members_one_active on household_members (person_id) where active;
-- A household has at most one active head.
create unique index household_members_one_head on household_members (household_id) where active and relation = 'head';
create index household_members_household on household_members (household_id) where active;

-- Requests and grants ---------------------------------------------------------------------------

create table aid_requests (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references households (id),
  person_id uuid references persons (id),
  aid_type_code text not null references aid_types (code),
  group_code text not null references exclusivity_groups (code),
  amount_minor bigint check (amount_minor > 0),
  item text,
  quantity integer check (quantity > 0),
  justification text not null,
  status text not null default 'open' check (status in ('open', 'claimed', 'escalated', 'approved', 'rejected', 'withdrawn')),
  priority smallint not null default 0,
  channel text not null default 'staff' check (channel in ('staff', 'applicant', 'intake')),
  submitted_by uuid references users (id),
  submitted_by_org uuid references organisations (id),
  submitted_at timestamptz not null default now(),
  deadline_at timestamptz not null,
  claimed_by_org uuid references organisations (id),
  claimed_at timestamptz,
  decided_at timestamptz,
  decided_by uuid references users (id),
  decision_reason text,
  grant_id uuid
);
create index aid_requests_household on aid_requests (household_id);

create table grant_exceptions (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references households (id),
  group_code text not null references exclusivity_groups (code),
  reason text not null check (length(reason) >= 10),
  document_ref text not null check (length(document_ref) >= 1),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'used')),
  requested_by uuid not null references users (id),
  requested_by_org uuid not null references organisations (id),
  requested_at timestamptz not null default now(),
  decided_by uuid references users (id),
  decided_at timestamptz,
  decision_note text
);

create table grants (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references households (id),
  person_id uuid references persons (id),
  request_id uuid unique references aid_requests (id),
  org_id uuid not null references organisations (id),
  aid_type_code text not null references aid_types (code),
  -- set by trigger from the aid type: the exclusivity group and the window it blocks
  group_code text not null references exclusivity_groups (code),
  form text not null check (form in ('cash', 'in_kind', 'service')),
  amount_minor bigint check (amount_minor > 0),
  currency text,
  item text,
  quantity integer check (quantity > 0),
  check ((amount_minor is null) = (currency is null)),
  granted_on date not null,
  during daterange not null,
  exception_id uuid unique references grant_exceptions (id),
  status text not null default 'active' check (status in ('active', 'revoked')),
  revoked_reason text,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  -- THE NO-DUPLICATE RULE: no two active grants of one exclusivity group to one household with
  -- overlapping windows, whichever charity gives them, unless the later one carries an approved
  -- exception. PostgreSQL checks this under concurrency (a second inserter waits for the first).
  constraint grants_no_duplicate_aid exclude using gist (
    household_id with =,
    group_code with =,
    during with &&
  ) where (exception_id is null and status = 'active')
);
create index grants_household on grants (household_id, granted_on desc);
alter table aid_requests add constraint aid_requests_grant foreign key (grant_id) references grants (id);

-- The window a grant of an aid type given on a date blocks, from its group's policy. Used by the
-- trigger that stamps every grant and by the service that explains a refusal: one definition.
-- A policy change later does not reopen or extend windows already granted (they are stored).
create function aid_window(p_aid_type text, p_on date) returns daterange language plpgsql stable as $$
declare
  g exclusivity_groups%rowtype;
  d deployment%rowtype;
  year_start date;
begin
  select eg.* into g from exclusivity_groups eg join aid_types t on t.group_code = eg.code where t.code = p_aid_type;
  if not found then
    raise exception 'unknown aid type %', p_aid_type using errcode = 'foreign_key_violation';
  end if;
  if g.window_kind = 'days' then
    return daterange(p_on, p_on + g.window_days);
  elsif g.window_kind = 'lifetime' then
    return daterange(p_on, null);
  end if;
  select * into d from deployment;
  year_start := make_date(extract(year from p_on)::int, coalesce(d.school_year_start_month, 9), coalesce(d.school_year_start_day, 1));
  if p_on < year_start then
    return daterange((year_start - interval '1 year')::date, year_start);
  end if;
  return daterange(year_start, (year_start + interval '1 year')::date);
end $$;

create function grants_set_window() returns trigger language plpgsql as $$
begin
  select group_code into new.group_code from aid_types where code = new.aid_type_code;
  new.during := aid_window(new.aid_type_code, new.granted_on);
  return new;
end $$;
create trigger grants_set_window before insert on grants for each row execute function grants_set_window();

-- Requests carry their aid type's group too (used to allow one open request per group).
create function aid_requests_set_group() returns trigger language plpgsql as $$
begin
  select group_code into new.group_code from aid_types where code = new.aid_type_code;
  if new.group_code is null then
    raise exception 'unknown aid type %', new.aid_type_code using errcode = 'foreign_key_violation';
  end if;
  return new;
end $$;
create trigger aid_requests_set_group before insert on aid_requests for each row execute function aid_requests_set_group();

-- Audit trail (append-only; sealed into a hash chain by the audit module) ------------------------

create table audit_log (
  seq bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_user uuid,
  actor_org uuid,
  actor_role text,
  action text not null,
  subject_type text not null,
  subject_id text,
  household_id uuid,
  reason text,
  details jsonb not null default '{}'::jsonb
);
create index audit_log_household on audit_log (household_id, at desc) where household_id is not null;
create index audit_log_actor_org on audit_log (actor_org, at desc);
