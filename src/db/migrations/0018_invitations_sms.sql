-- Invitations and their SMS (issue 13, item 4).
--
-- invitations (module invitations): ONE per person ever, whichever charity referred them and
-- however often: unique (id_scheme, national_id). The link's token is never stored in clear, only
-- its SHA-256; a resend replaces it. Read through SECURITY DEFINER functions by the public
-- invitation page and the sign-in (invitations_by_token_hash, invitations_of_national_id,
-- invitations_redeem: the single use is that function's one conditional UPDATE).
create table invitations (
  id uuid primary key default gen_random_uuid(),
  id_scheme text not null,
  national_id text not null,
  phone text not null check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  locale text not null check (locale in ('ar', 'fa', 'en')),
  first_org_id uuid not null references organisations (id),
  status text not null default 'pending'
    check (status in ('pending', 'sent', 'delivered', 'failed', 'opted-out', 'used', 'expired')),
  token_hash bytea unique,
  token_expires_at timestamptz,
  sends integer not null default 0,
  -- the SMS of the current token (sms module's ID, no foreign key across modules): only its state moves the status
  sms_message_id uuid,
  used_at timestamptz,
  used_by_user_id uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint invitations_one_per_person unique (id_scheme, national_id),
  constraint invitations_used_once check ((status = 'used') = (used_at is not null)),
  constraint invitations_token_expires check ((token_hash is null) = (token_expires_at is null))
);
create index invitations_pending on invitations (created_at) where status = 'pending';
create index invitations_phone on invitations (phone);
create index invitations_org on invitations (first_org_id, created_at);

-- sms_messages (module sms): the outbox. Text is kept until the message has left; the part that
-- must not stay in clear (an invitation's token) is blanked once it was handed over (secret).
create table sms_messages (
  id uuid primary key default gen_random_uuid(),
  to_phone text not null check (to_phone ~ '^\+[1-9][0-9]{6,14}$'),
  text text not null,
  secret text,
  encoding text not null check (encoding in ('gsm7', 'ucs2')),
  segments integer not null check (segments between 1 and 255),
  purpose text not null,
  ref text,
  org_id uuid references organisations (id),
  state text not null default 'queued' check (state in ('queued', 'submitted', 'delivered', 'failed', 'rejected')),
  reason text,
  smsc_message_ids text[] not null default '{}',
  parts_delivered integer not null default 0,
  attempts integer not null default 0,
  created_at timestamptz not null,
  submitted_at timestamptz,
  done_at timestamptz
);
create index sms_messages_smsc_ids on sms_messages using gin (smsc_message_ids);
create index sms_messages_to on sms_messages (to_phone);
create index sms_messages_day on sms_messages (created_at);

-- sms_opt_outs (module sms): a number that answered STOP gets no more messages.
create table sms_opt_outs (
  phone text primary key check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  at timestamptz not null,
  via text not null check (via in ('smpp', 'http', 'staff'))
);

-- sms_senders (module sms): when each sender may send next, shared by every worker (sms_send_slot()).
create table sms_senders (
  source text primary key,
  next_at timestamptz not null
);
revoke all on sms_senders from mizan_app;

alter table invitations enable row level security;
alter table sms_messages enable row level security;
alter table sms_opt_outs enable row level security;
alter table sms_senders enable row level security;
grant select, insert, update, delete on invitations, sms_messages, sms_opt_outs to mizan_app;
