-- The need score (issue 13, item 6). The ministry's scoring model is data: each edit is a new
-- version of need_models (the highest version is the active one, so there is exactly one; two
-- edits racing on one version collide on the primary key). need_scores keeps, per submitted
-- declaration version, the score, the request priority it gave, the model version and the
-- explanation (which factors contributed how many points); need_score_requests links each request
-- a score opened to it. Owned by src/modules/scoring/.
--
-- The first offer: a request opened from a score is offered first to the inviting charity
-- (offered_to_org_id) until offered_until; until then request_pool, request_pool_page() and
-- request_claim() show and give it to that charity only (request_offer_excludes()).

create table need_models (
  version integer primary key check (version > 0),
  model jsonb not null,
  created_at timestamptz not null default now(),
  created_by uuid references users (id),
  note text
);

create table need_scores (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references households (id),
  -- the declaration version scored (declarations module); one score per version
  declaration_version_id uuid not null unique,
  model_version integer not null references need_models (version),
  score numeric(5, 1) not null check (score between 0 and 100),
  priority smallint not null check (priority between 0 and 3),
  contributions jsonb not null,
  created_at timestamptz not null,
  created_by uuid references users (id)
);
create index need_scores_household on need_scores (household_id, created_at desc);

create table need_score_requests (
  request_id uuid primary key references aid_requests (id),
  need_score_id uuid not null references need_scores (id)
);
create index need_score_requests_score on need_score_requests (need_score_id);

alter table aid_requests
  add column offered_to_org_id uuid references organisations (id),
  add column offered_until timestamptz,
  add constraint aid_requests_offer_whole check ((offered_to_org_id is null) = (offered_until is null));

-- A score is about a household (its income, health, housing): readable like the household itself.
alter table need_scores enable row level security;
alter table need_score_requests enable row level security;

-- The application writes versions and scores, never rewrites them (default privileges grant the rest).
revoke update, delete, truncate on need_models, need_scores, need_score_requests from mizan_app;
