-- Self-declarations (issue 13, item 5). Owned by src/modules/declarations/.
--
-- declarations: one per applicant account (user_id unique): the working copy (draft) saved as the
-- person types, and the number of the last submitted version. A submit is one conditional UPDATE of
-- this row (status <> 'submitted', last_version + 1): two submits at once are serialised on the row,
-- the second finds it submitted and is refused; the version number comes from that UPDATE.
-- declaration_versions: what was submitted, when and by whom, and what changed against the previous
-- version (unique per declaration and version number; never rewritten).
-- declaration_facts: each submitted fact with its provenance (declared by the person, uploaded by
-- the inviting charity; later verified in the field or by an agency).
--
-- oidc_logins.invitation_id: a sign-in started from an invitation link keeps the invitation (never
-- the token) until the callback.

create table declarations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null unique references users (id),
  id_scheme text not null,
  national_id text not null,
  invitation_id uuid references invitations (id),
  -- the household the first submit registered (or the one the applicant already belonged to)
  household_id uuid references households (id),
  draft jsonb not null default '{}'::jsonb check (jsonb_typeof(draft) = 'object'),
  draft_saved_at timestamptz,
  status text not null default 'new' check (status in ('new', 'draft', 'submitted')),
  last_version integer not null default 0 check (last_version >= 0),
  created_at timestamptz not null
);
create index declarations_household on declarations (household_id) where household_id is not null;

create table declaration_versions (
  id uuid primary key default gen_random_uuid(),
  declaration_id uuid not null references declarations (id),
  version integer not null check (version > 0),
  household_id uuid not null references households (id),
  submitted_at timestamptz not null,
  submitted_by uuid not null references users (id),
  facts jsonb not null,
  changes jsonb not null default '[]'::jsonb check (jsonb_typeof(changes) = 'array'),
  constraint declaration_versions_one_number unique (declaration_id, version)
);
create index declaration_versions_household on declaration_versions (household_id, submitted_at desc);

create table declaration_facts (
  version_id uuid not null references declaration_versions (id),
  path text not null,
  value jsonb not null,
  source text not null check (source in ('declared', 'uploaded', 'verified-field', 'verified-agency')),
  primary key (version_id, path)
);

alter table oidc_logins add column invitation_id uuid references invitations (id);

alter table need_scores
  add constraint need_scores_declaration_version_fk foreign key (declaration_version_id) references declaration_versions (id);

alter table declarations enable row level security;
alter table declaration_versions enable row level security;
alter table declaration_facts enable row level security;
grant select, insert, update on declarations to mizan_app;
grant select, insert on declaration_versions, declaration_facts to mizan_app;
-- A submitted version and its facts are kept as submitted.
revoke update, delete, truncate on declaration_versions, declaration_facts from mizan_app;
revoke delete, truncate on declarations from mizan_app;
