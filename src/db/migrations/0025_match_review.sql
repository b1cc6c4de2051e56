-- 0025: person matching proposes, the ministry decides (issue 14, the registry side). Owned by
-- src/modules/matching/. The sweep (match-sweep.ts) writes each registry person's blocking keys
-- (blocking.ts) once, marks the person indexed, and proposes the pairs its candidate search scores
-- at or above the review threshold; the ministry decides each proposal: 'same' merges the two records
-- through the registry (registry/link-persons.ts), 'different' is remembered, so the pair is never
-- proposed again (one proposal per ordered pair: match_proposals_one_per_pair, inserted ON CONFLICT
-- DO NOTHING).

-- The blocking keys of each indexed person: kind (KEY_KINDS of blocking.ts) and value, no kind prefix.
-- The primary key leads with the key, the search's access path; a person's own keys by the index below.
create table person_match_keys (
  person_id uuid not null references persons (id),
  kind text not null check (kind in ('id', 'ide', 'ph', 'fy', 'rg', 'fn', 'gd')),
  value text not null,
  primary key (kind, value, person_id)
);
create index person_match_keys_person on person_match_keys (person_id);

-- Whose keys are written (a person is searched for once, when indexed).
create table person_match_indexed (
  person_id uuid primary key references persons (id),
  indexed_at timestamptz not null
);

-- A pair the engine proposes as one person, and the ministry's decision. The explanation holds each
-- field's level and weight (MatchScorer.explain), never a name, an ID or a phone.
create table match_proposals (
  id uuid primary key default gen_random_uuid(),
  person_a uuid not null references persons (id),
  person_b uuid not null references persons (id),
  score real not null,
  explanation jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'same', 'different')),
  decided_by uuid references users (id),
  decided_at timestamptz,
  reason text,
  created_at timestamptz not null default now(),
  constraint match_proposals_ordered check (person_a < person_b),
  constraint match_proposals_one_per_pair unique (person_a, person_b),
  constraint match_proposals_decision_whole check (
    (status = 'pending') = (decided_at is null) and (status = 'pending') = (decided_by is null) and (status = 'pending' or reason is not null))
);
create index match_proposals_pending on match_proposals (score desc, id) where status = 'pending';
create index match_proposals_person_b on match_proposals (person_b);

-- Ministry staff and the sweep (role 'system') only: policies in src/db/definitions/policies/.
alter table person_match_keys enable row level security;
alter table person_match_indexed enable row level security;
alter table match_proposals enable row level security;
grant select, insert, update, delete on person_match_keys, person_match_indexed to mizan_app;
grant select, insert, update on match_proposals to mizan_app;
-- A decision is never undone by removing the proposal (which would let the pair be proposed again).
revoke delete, truncate on match_proposals from mizan_app;
revoke truncate on person_match_keys, person_match_indexed from mizan_app;
