-- Donors, donations and the fund ledger (issue 16). Owned by src/modules/donations/.
--
-- gift_kinds: the kinds of gift a deployment accepts (zakat, sadaqa, general…), as data; a kind
-- marked zakat pays only households in the zakat categories.
-- stock_items: what in-kind gifts are made of (a refrigerator, a food basket), each the aid type a
-- grant of it is, with its unit.
-- donors: individuals (an account signed in through the national identity, or recorded by a
-- charity) and organisations (companies, endowments, government bodies); public_name is the
-- donor's consent to be named publicly.
-- donations / donation_items: a gift pledged by a donor or recorded by the charity that received
-- it, cash (minor units, payment reference) or in kind (items, quantity, estimated value), with
-- the donor's restriction: general, a basket, an aid type, a region, a programme; and zakat.
-- Received, it becomes lots and a receipt with a verification code.
-- donation_lots: what a charity holds of a donation under one restriction: one lot per cash gift,
-- one per item line; a transfer to another charity or an allocation to a narrower restriction makes
-- a child lot (parent_lot_id), so every lot leads back to its donation.
-- journal_entries / journal_lines: the ledger. Append-only double entry: every donation,
-- allocation, disbursement (a grant), transfer, refund and reversal is an entry whose lines sum to
-- zero, in money and in units, checked by the database at commit. Never updated, never deleted: a
-- correction is a reversing entry.
-- lot_balances: what is left of each lot, derived from the journal by a trigger (the 'held' lines);
-- its CHECK keeps every lot, hence every fund and every stock, from going below zero under
-- concurrency. The application role may read it, never write it.
-- donation_books: the charities that keep their books in Mizan: from the day a charity opens them,
-- every grant it records with an amount or an item is funded by its lots, or refused.

create table gift_kinds (
  code text primary key check (code ~ '^[a-z0-9][a-z0-9-]{1,31}$'),
  zakat boolean not null default false,
  position integer not null default 0,
  name_en text not null,
  name_ar text not null,
  name_fa text not null
);
insert into gift_kinds (code, zakat, position, name_en, name_ar, name_fa) values
  ('general', false, 1, 'General donation', 'تبرع عام', 'کمک عمومی'),
  ('sadaqa', false, 2, 'Sadaqa', 'صدقة', 'صدقه'),
  ('zakat', true, 3, 'Zakat', 'زكاة', 'زکات');

create table stock_items (
  code text primary key check (code ~ '^[a-z0-9][a-z0-9-]{1,47}$'),
  aid_type_code text not null references aid_types (code),
  unit text not null check (unit in ('piece', 'basket', 'box', 'pack', 'kg', 'litre')),
  perishable boolean not null default false,
  name_en text not null,
  name_ar text not null,
  name_fa text not null
);
create index stock_items_aid_type on stock_items (aid_type_code);

create table donors (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('individual', 'company', 'endowment', 'government')),
  -- an individual who signs in (role donor); null for one a charity records
  user_id uuid unique references users (id),
  display_name text not null check (length(display_name) between 1 and 200),
  national_id text,
  registration_no text,
  phone text,
  locale text not null default 'en' check (locale in ('ar', 'fa', 'en')),
  public_name boolean not null default false,
  registered_by_org uuid references organisations (id),
  created_at timestamptz not null,
  created_by uuid references users (id),
  check (kind = 'individual' or user_id is null),
  check (user_id is not null or registered_by_org is not null)
);
create index donors_registered_by on donors (registered_by_org) where registered_by_org is not null;

create table warehouses (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  name text not null check (length(name) between 1 and 120),
  region_code text not null references regions (code),
  created_at timestamptz not null,
  unique (org_id, name)
);

create sequence donation_receipt_seq;

create table donations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  donor_id uuid not null references donors (id),
  form text not null check (form in ('cash', 'in_kind')),
  gift_kind text not null references gift_kinds (code),
  restriction_kind text not null check (restriction_kind in ('general', 'basket', 'aid_type', 'region', 'programme')),
  restriction_code text,
  zakat boolean not null,
  currency text not null,
  amount_minor bigint check (amount_minor > 0),
  payment_reference text check (length(payment_reference) <= 80),
  status text not null check (status in ('pledged', 'received', 'declined')),
  note text check (length(note) <= 500),
  pledged_at timestamptz not null,
  received_at timestamptz,
  received_by uuid references users (id),
  receipt_number text unique,
  verification_code text unique,
  created_by uuid references users (id),
  check ((restriction_kind = 'general') = (restriction_code is null)),
  check ((form = 'cash') = (amount_minor is not null)),
  check ((status = 'received') = (received_at is not null)),
  check ((status = 'received') = (receipt_number is not null and verification_code is not null))
);
create index donations_donor on donations (donor_id, pledged_at desc);
create unique index donations_id_donor on donations (id, donor_id);
create index donations_org on donations (org_id, status, pledged_at desc);

create table donation_items (
  donation_id uuid not null references donations (id),
  line smallint not null check (line > 0),
  item_code text not null references stock_items (code),
  quantity integer not null check (quantity > 0),
  unit_value_minor bigint not null check (unit_value_minor >= 0),
  expires_on date,
  primary key (donation_id, line)
);

create table donation_lots (
  id uuid primary key default gen_random_uuid(),
  donation_id uuid not null,
  donor_id uuid not null,
  org_id uuid not null references organisations (id),
  parent_lot_id uuid references donation_lots (id),
  form text not null check (form in ('cash', 'in_kind')),
  restriction_kind text not null check (restriction_kind in ('general', 'basket', 'aid_type', 'region', 'programme')),
  restriction_code text,
  zakat boolean not null,
  item_code text references stock_items (code),
  warehouse_id uuid references warehouses (id),
  unit_value_minor bigint check (unit_value_minor >= 0),
  expires_on date,
  -- first in, first out: the day the gift was received (a child lot keeps its donation's)
  received_at timestamptz not null,
  created_at timestamptz not null,
  check ((restriction_kind = 'general') = (restriction_code is null)),
  check ((form = 'in_kind') = (item_code is not null and warehouse_id is not null and unit_value_minor is not null)),
  foreign key (donation_id, donor_id) references donations (id, donor_id)
);
create index donation_lots_fifo on donation_lots (org_id, form, received_at, id);
create index donation_lots_donation on donation_lots (donation_id);
create index donation_lots_parent on donation_lots (parent_lot_id) where parent_lot_id is not null;

create table lot_balances (
  lot_id uuid primary key references donation_lots (id),
  org_id uuid not null references organisations (id),
  -- the lot's own facts, copied when it opens (a lot never changes), so the grant path finds the
  -- lots that still hold something, first in, first out, in one index (lot_balances_live)
  form text not null,
  received_at timestamptz not null,
  item_code text,
  expires_on date,
  amount_minor bigint not null default 0,
  quantity integer not null default 0,
  constraint lot_balances_not_negative check (amount_minor >= 0 and quantity >= 0)
);
create index lot_balances_live on lot_balances (org_id, form, received_at, lot_id) where amount_minor > 0 or quantity > 0;

create table journal_entries (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('donation', 'allocation', 'disbursement', 'transfer', 'refund', 'reversal')),
  -- whose books the entry is written in (a transfer: the charity that sends)
  org_id uuid not null references organisations (id),
  at timestamptz not null,
  -- the transaction that wrote it: lines are added only by that transaction (journal_lines_same_tx)
  tx bigint not null default txid_current(),
  reverses uuid unique references journal_entries (id),
  donation_id uuid references donations (id),
  -- a disbursement: the grant, and what the service was (so a donor's trace never reads the grant)
  grant_id uuid references grants (id),
  -- copied from the grant's aid type and household when it is written (their own keys hold them)
  aid_type_code text,
  basket_code text,
  region_code text,
  service_on date,
  counterparty_org uuid references organisations (id),
  memo text check (length(memo) <= 500),
  created_by uuid,
  -- a reversal of a disbursement keeps its grant and service, so the two sum to nothing in a trace
  check (kind <> 'disbursement' or grant_id is not null),
  check ((kind = 'reversal') = (reverses is not null)),
  check ((kind = 'transfer') = (counterparty_org is not null))
);
create index journal_entries_org on journal_entries (org_id, at desc);
create unique index journal_entries_one_disbursement on journal_entries (grant_id) where kind = 'disbursement';

-- entry_id and lot_id need no foreign keys: journal_lines_check reads the entry (of this very
-- transaction) and the lot of every line before it is written, and neither is ever deleted
-- (journal_append_only); four key checks a grant fewer on the grant path.
create table journal_lines (
  entry_id uuid not null,
  line smallint not null check (line > 0),
  account text not null check (account in ('gifts', 'held', 'granted', 'refunded')),
  -- the lot's organisation, donation and donor, copied by journal_lines_check (the lot's keys hold them)
  org_id uuid not null,
  lot_id uuid not null,
  donation_id uuid not null,
  donor_id uuid not null,
  amount_minor bigint not null,
  quantity integer not null default 0,
  primary key (entry_id, line)
);
create index journal_lines_lot on journal_lines (lot_id);
create index journal_lines_donation on journal_lines (donation_id, account);
create index journal_lines_donor on journal_lines (donor_id, account);

create table donation_books (
  org_id uuid primary key references organisations (id),
  opened_at timestamptz not null,
  opened_by uuid references users (id)
);

alter table donors enable row level security;
alter table warehouses enable row level security;
alter table donations enable row level security;
alter table donation_items enable row level security;
alter table donation_lots enable row level security;
alter table lot_balances enable row level security;
alter table journal_entries enable row level security;
alter table journal_lines enable row level security;
alter table donation_books enable row level security;

-- Balances are derived: the application role reads them; only the journal's trigger writes them.
revoke insert, update, delete on lot_balances from mizan_app;
-- The journal is append-only (and its triggers refuse an update or a delete from anyone).
revoke update, delete on journal_entries, journal_lines from mizan_app;
