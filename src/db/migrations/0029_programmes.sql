-- Programmes, eligibility rules, phased rollout, applications and appeals, benefit cycles (issue
-- 15). Owned by src/modules/programmes/.
--
-- programmes: what the ministry (or a charity, for its own) offers: a kind, the aid type it gives
-- (so the no-duplicate rule keeps applying to what it pays), a funding source and a lifecycle.
-- programme_versions: the programme's eligibility rule (JSON Logic) and benefit formula as data,
-- each with the SQL it compiles to (src/modules/programmes/rules/). One draft at a time; a publish
-- turns the draft into the current version. A decision names the version it used. Never rewritten
-- once published.
-- zakat_categories: the deployment's zakat categories as a rule over the same facts, versioned
-- likewise. A grant of a zakat-funded programme is refused by the database (grants_zakat_entitled,
-- src/db/definitions/triggers/grants.sql) unless the household meets the current version.
-- rollout_regions / programme_regions: which first-level regions are open, in which phase, for the
-- deployment as a whole and for each programme (with its capacity and budget per period).
-- household_facts: a snapshot of household_facts_live (src/db/definitions/views/), the facts the
-- rules read, refreshed set-based for what-if previews and cycles.
-- programme_applications / eligibility_decisions / programme_appeals / enrolments: an applicant's
-- application, the decision with its reasons, the appeal to a reviewer who did not decide it, and
-- the enrolment a positive decision opens.
-- benefit_cycles / entitlements: a period's computed entitlements, approved, then recorded as grants
-- through grant_aid(); one entitlement per household and cycle, so a second run pays nothing twice.

create table programmes (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,47}$'),
  owner_org uuid not null references organisations (id),
  kind text not null check (kind in ('cash', 'in_kind', 'service')),
  service_kind text check (service_kind in ('training', 'employment', 'empowerment')),
  aid_type_code text not null references aid_types (code),
  funding text not null check (funding in ('general', 'zakat', 'donor')),
  name_en text not null,
  name_ar text not null,
  name_fa text not null,
  status text not null default 'draft' check (status in ('draft', 'active', 'closed')),
  created_at timestamptz not null,
  created_by uuid not null references users (id),
  check ((kind = 'service') = (service_kind is not null))
);

create table programme_versions (
  programme_id uuid not null references programmes (id),
  version integer not null check (version > 0),
  state text not null check (state in ('draft', 'published', 'superseded')),
  rule jsonb not null,
  rule_sql text not null,
  benefit jsonb,
  benefit_sql text,
  note text,
  -- what the what-if projected when the version was published: the yardstick of its monitoring
  projection jsonb,
  created_at timestamptz not null,
  created_by uuid not null references users (id),
  published_at timestamptz,
  published_by uuid references users (id),
  primary key (programme_id, version),
  check ((state = 'draft') = (published_at is null)),
  check ((benefit is null) = (benefit_sql is null))
);
create unique index programme_versions_one_draft on programme_versions (programme_id) where state = 'draft';
create unique index programme_versions_one_current on programme_versions (programme_id) where state = 'published';

create table zakat_categories (
  version integer primary key check (version > 0),
  rule jsonb not null,
  rule_sql text not null,
  note text,
  published_at timestamptz not null,
  published_by uuid references users (id)
);

create table rollout_regions (
  region_code text primary key references regions (code),
  phase integer not null check (phase between 1 and 20),
  opened_at timestamptz
);

create table programme_regions (
  programme_id uuid not null references programmes (id),
  region_code text not null references regions (code),
  phase integer not null check (phase between 1 and 20),
  opened_at timestamptz,
  capacity_households integer check (capacity_households > 0),
  budget_minor bigint check (budget_minor > 0),
  primary key (programme_id, region_code)
);

create table household_facts (
  household_id uuid primary key references households (id),
  region_code text not null,
  province_code text not null,
  members integer,
  children integer,
  elders integer,
  disabled_members integer,
  chronically_ill_members integer,
  head_age integer,
  head_nationality text,
  all_nationals boolean,
  monthly_income_minor bigint,
  income_per_member_minor bigint,
  monthly_rent_minor bigint,
  debts_minor bigint,
  cash_aid_90d_minor bigint,
  housing text,
  declared boolean not null,
  computed_at timestamptz not null
);
create index household_facts_province on household_facts (province_code);

create table programme_applications (
  id uuid primary key default gen_random_uuid(),
  programme_id uuid not null references programmes (id),
  household_id uuid not null references households (id),
  applicant_user uuid not null references users (id),
  status text not null check (status in ('eligible', 'refused', 'appealed', 'overturned', 'upheld')),
  decision_id uuid,
  decided_by uuid references users (id),
  created_at timestamptz not null
);
create unique index programme_applications_one_open on programme_applications (programme_id, household_id)
  where status in ('eligible', 'appealed', 'overturned');
create index programme_applications_applicant on programme_applications (applicant_user, created_at desc);

create table eligibility_decisions (
  id uuid primary key default gen_random_uuid(),
  programme_id uuid not null references programmes (id),
  version integer not null,
  household_id uuid not null references households (id),
  application_id uuid references programme_applications (id),
  passed boolean not null,
  reasons jsonb not null check (jsonb_typeof(reasons) = 'array'),
  facts jsonb not null,
  decided_at timestamptz not null,
  decided_by uuid references users (id),
  foreign key (programme_id, version) references programme_versions (programme_id, version)
);
create index eligibility_decisions_household on eligibility_decisions (household_id, decided_at desc);
alter table programme_applications
  add constraint programme_applications_decision_fk foreign key (decision_id) references eligibility_decisions (id);

create table programme_appeals (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null unique references programme_applications (id),
  reason text not null check (length(reason) between 10 and 2000),
  documents jsonb not null default '[]'::jsonb check (jsonb_typeof(documents) = 'array'),
  lodged_at timestamptz not null,
  due_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'upheld', 'overturned')),
  decided_by uuid references users (id),
  decided_at timestamptz,
  decision_note text,
  check ((status = 'open') = (decided_at is null)),
  check ((decided_by is null) = (decided_at is null))
);

-- The documents an applicant attaches to an appeal (a letter, a photo of a certificate): PDF, JPEG or
-- PNG, at most 5 MB each and 5 an appeal (appeals.ts), kept in the database with their SHA-256.
create table appeal_documents (
  id uuid primary key default gen_random_uuid(),
  appeal_id uuid not null references programme_appeals (id),
  name text not null check (length(name) between 1 and 200),
  content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer not null check (size_bytes between 1 and 5242880),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea not null,
  uploaded_at timestamptz not null,
  uploaded_by uuid not null references users (id),
  unique (appeal_id, sha256)
);

create table enrolments (
  id uuid primary key default gen_random_uuid(),
  programme_id uuid not null references programmes (id),
  household_id uuid not null references households (id),
  application_id uuid references programme_applications (id),
  -- the first-level region the household lived in when enrolled: what a region's capacity counts
  province_code text not null references regions (code),
  status text not null default 'active' check (status in ('active', 'completed', 'employed', 'dropped', 'ended')),
  since timestamptz not null,
  ended_at timestamptz,
  check ((status = 'active') = (ended_at is null))
);
create unique index enrolments_one_active on enrolments (programme_id, household_id) where status = 'active';
create index enrolments_household on enrolments (household_id);
create index enrolments_region on enrolments (programme_id, province_code) where status = 'active';

-- A training or employment programme's sessions (a course's dates, a placement's place), each with
-- its capacity; an enrolment is placed in one, its attendance kept per day, and followed up after it
-- ends (still employed three months on?).
create table programme_sessions (
  id uuid primary key default gen_random_uuid(),
  programme_id uuid not null references programmes (id),
  region_code text not null references regions (code),
  title text not null check (length(title) between 1 and 200),
  place text check (length(place) <= 200),
  starts_on date not null,
  ends_on date not null,
  capacity integer not null check (capacity > 0),
  created_at timestamptz not null,
  created_by uuid not null references users (id),
  check (ends_on >= starts_on)
);
create index programme_sessions_programme on programme_sessions (programme_id, starts_on);
alter table enrolments add column session_id uuid references programme_sessions (id);
alter table enrolments add column follow_up_on date;
alter table enrolments add column followed_up_at timestamptz;
alter table enrolments add column follow_up_note text check (length(follow_up_note) <= 2000);
create index enrolments_session on enrolments (session_id) where session_id is not null;

create table session_attendance (
  enrolment_id uuid not null references enrolments (id),
  on_day date not null,
  present boolean not null,
  recorded_by uuid not null references users (id),
  recorded_at timestamptz not null,
  primary key (enrolment_id, on_day)
);

create table benefit_cycles (
  id uuid primary key default gen_random_uuid(),
  programme_id uuid not null references programmes (id),
  period date not null check (extract(day from period) = 1),
  version integer not null,
  status text not null default 'preview' check (status in ('preview', 'approved', 'paid')),
  households integer not null default 0,
  total_minor bigint not null default 0,
  created_at timestamptz not null,
  -- who computed it; null: the monthly job (programmes.monthly-cycles), and then anyone may approve
  created_by uuid references users (id),
  approved_at timestamptz,
  approved_by uuid references users (id),
  paid_at timestamptz,
  unique (programme_id, period),
  -- four eyes: who computed the cycle does not approve its payment
  constraint benefit_cycles_four_eyes check (approved_by is null or approved_by <> created_by),
  foreign key (programme_id, version) references programme_versions (programme_id, version)
);

create table entitlements (
  cycle_id uuid not null references benefit_cycles (id),
  household_id uuid not null references households (id),
  -- the first-level region the household lived in when the cycle was computed (monitoring's breakdown)
  province_code text not null references regions (code),
  amount_minor bigint not null check (amount_minor > 0),
  outcome text,
  grant_id uuid references grants (id),
  primary key (cycle_id, household_id)
);
-- a payment batch starts where the unpaid entitlements are, in the order it takes them
create index entitlements_unpaid on entitlements (cycle_id, household_id) where outcome is null;

-- A grant paid by a programme names it; a zakat-funded programme's grant is checked on insert.
alter table grants add column programme_id uuid references programmes (id);
create index grants_programme on grants (programme_id, granted_on) where programme_id is not null;

alter table programmes enable row level security;
alter table programme_versions enable row level security;
alter table programme_regions enable row level security;
alter table household_facts enable row level security;
alter table programme_applications enable row level security;
alter table eligibility_decisions enable row level security;
alter table programme_appeals enable row level security;
alter table enrolments enable row level security;
alter table benefit_cycles enable row level security;
alter table entitlements enable row level security;
alter table programme_sessions enable row level security;
alter table appeal_documents enable row level security;
grant select, insert on appeal_documents to mizan_app;
revoke update, delete, truncate on appeal_documents from mizan_app;
alter table session_attendance enable row level security;
grant select, insert, update on programme_sessions, session_attendance to mizan_app;
revoke delete, truncate on programme_sessions, session_attendance from mizan_app;
grant select, insert, update on programmes, programme_regions, programme_applications, programme_appeals, enrolments, benefit_cycles, entitlements to mizan_app;
-- a preview's entitlements are computed again (deleted and inserted) until it is approved
grant delete on entitlements to mizan_app;
grant select, insert, update, delete on household_facts to mizan_app;
grant select, insert, update on programme_versions to mizan_app;
grant select, insert on eligibility_decisions, zakat_categories to mizan_app;
grant select, insert, update on rollout_regions to mizan_app;
revoke delete, truncate on programmes, programme_versions, programme_regions, programme_applications, programme_appeals, enrolments, benefit_cycles, eligibility_decisions, zakat_categories, rollout_regions from mizan_app;
revoke truncate on entitlements from mizan_app;
