-- The schema of a fresh Mizan database (migrations, then src/db/definitions), read from the catalog.
-- Regenerate: node bin/mizan.js schema dump > src/db/schema.snapshot.sql

-- extensions

extension btree_gist

extension pg_trgm

-- types



-- sequences

sequence audit_log_seq_seq bigint start 1 increment 1 min 1 max 9223372036854775807 cycle false acl mizan_app=rU/postgres postgres=rwU/postgres

sequence donation_receipt_seq bigint start 1 increment 1 min 1 max 9223372036854775807 cycle false acl mizan_app=rU/postgres postgres=rwU/postgres

sequence jobs_id_seq bigint start 1 increment 1 min 1 max 9223372036854775807 cycle false acl mizan_app=rU/postgres postgres=rwU/postgres

sequence request_events_id_seq bigint start 1 increment 1 min 1 max 9223372036854775807 cycle false acl mizan_app=rU/postgres postgres=rwU/postgres

-- tables

table aid_requests rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column household_id uuid not null
  column person_id uuid
  column aid_type_code text not null
  column group_code text not null
  column amount_minor bigint
  column item text
  column quantity integer
  column justification text not null
  column status text not null default 'open'::text
  column priority smallint not null default 0
  column channel text not null default 'staff'::text
  column submitted_by uuid
  column submitted_by_org uuid
  column submitted_at timestamp with time zone not null default now()
  column deadline_at timestamp with time zone not null
  column claimed_by_org uuid
  column claimed_at timestamp with time zone
  column decided_at timestamp with time zone
  column decided_by uuid
  column decision_reason text
  column grant_id uuid
  column assignment_round integer not null default 0
  column escalated_at timestamp with time zone
  column escalated_from_org uuid
  column reassigned_at timestamp with time zone
  column pool_household_size integer
  column pool_nationality text
  column pool_region text
  column pool_anon_region text
  column pool_basket text
  column offered_to_org_id uuid
  column offered_until timestamp with time zone
  constraint aid_requests_aid_type_code_fkey FOREIGN KEY (aid_type_code) REFERENCES aid_types(code)
  constraint aid_requests_amount_minor_check CHECK ((amount_minor > 0))
  constraint aid_requests_channel_check CHECK ((channel = ANY (ARRAY['staff'::text, 'applicant'::text, 'intake'::text])))
  constraint aid_requests_claimed_by_org_fkey FOREIGN KEY (claimed_by_org) REFERENCES organisations(id)
  constraint aid_requests_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users(id)
  constraint aid_requests_escalated_from_org_fkey FOREIGN KEY (escalated_from_org) REFERENCES organisations(id)
  constraint aid_requests_grant FOREIGN KEY (grant_id) REFERENCES grants(id)
  constraint aid_requests_group_code_fkey FOREIGN KEY (group_code) REFERENCES exclusivity_groups(code)
  constraint aid_requests_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint aid_requests_offer_whole CHECK (((offered_to_org_id IS NULL) = (offered_until IS NULL)))
  constraint aid_requests_offered_to_org_id_fkey FOREIGN KEY (offered_to_org_id) REFERENCES organisations(id)
  constraint aid_requests_open_is_unclaimed CHECK (((status <> 'open'::text) OR (claimed_by_org IS NULL)))
  constraint aid_requests_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons(id)
  constraint aid_requests_pkey PRIMARY KEY (id)
  constraint aid_requests_quantity_check CHECK ((quantity > 0))
  constraint aid_requests_status_check CHECK ((status = ANY (ARRAY['open'::text, 'claimed'::text, 'escalated'::text, 'approved'::text, 'rejected'::text, 'withdrawn'::text])))
  constraint aid_requests_submitted_by_fkey FOREIGN KEY (submitted_by) REFERENCES users(id)
  constraint aid_requests_submitted_by_org_fkey FOREIGN KEY (submitted_by_org) REFERENCES organisations(id)
  CREATE INDEX aid_requests_claimed_by ON public.aid_requests USING btree (claimed_by_org, deadline_at) WHERE (claimed_by_org IS NOT NULL)
  CREATE INDEX aid_requests_escalated ON public.aid_requests USING btree (escalated_at) WHERE (status = 'escalated'::text)
  CREATE INDEX aid_requests_household ON public.aid_requests USING btree (household_id)
  CREATE UNIQUE INDEX aid_requests_one_open_per_group ON public.aid_requests USING btree (household_id, group_code) WHERE (status = ANY (ARRAY['open'::text, 'claimed'::text, 'escalated'::text]))
  CREATE INDEX aid_requests_open_deadline ON public.aid_requests USING btree (deadline_at, id) WHERE (status = 'open'::text)
  CREATE INDEX aid_requests_open_priority ON public.aid_requests USING btree (priority DESC, deadline_at, id) WHERE (status = 'open'::text)
  CREATE INDEX aid_requests_open_region_deadline ON public.aid_requests USING btree (pool_anon_region, deadline_at, id) WHERE (status = 'open'::text)
  CREATE INDEX aid_requests_open_region_priority ON public.aid_requests USING btree (pool_anon_region, priority DESC, deadline_at, id) WHERE (status = 'open'::text)
  CREATE INDEX aid_requests_open_size_deadline ON public.aid_requests USING btree (pool_household_size, deadline_at, id) WHERE (status = 'open'::text)
  CREATE INDEX aid_requests_open_size_priority ON public.aid_requests USING btree (pool_household_size, priority DESC, deadline_at, id) WHERE (status = 'open'::text)
  CREATE INDEX aid_requests_open_type_deadline ON public.aid_requests USING btree (aid_type_code, deadline_at, id) WHERE (status = 'open'::text)
  CREATE INDEX aid_requests_open_type_priority ON public.aid_requests USING btree (aid_type_code, priority DESC, deadline_at, id) WHERE (status = 'open'::text)
  CREATE UNIQUE INDEX aid_requests_pkey ON public.aid_requests USING btree (id)

table aid_types rls false force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column code text not null
  column basket_code text not null
  column group_code text not null
  column name_en text not null
  column name_ar text not null
  column name_fa text not null
  column form text not null
  column deadline_days integer
  column active boolean not null default true
  constraint aid_types_basket_code_fkey FOREIGN KEY (basket_code) REFERENCES service_baskets(code)
  constraint aid_types_deadline_days_check CHECK ((deadline_days > 0))
  constraint aid_types_form_check CHECK ((form = ANY (ARRAY['cash'::text, 'in_kind'::text, 'service'::text])))
  constraint aid_types_group_code_fkey FOREIGN KEY (group_code) REFERENCES exclusivity_groups(code)
  constraint aid_types_pkey PRIMARY KEY (code)
  CREATE INDEX aid_types_group ON public.aid_types USING btree (group_code)
  CREATE UNIQUE INDEX aid_types_pkey ON public.aid_types USING btree (code)

table api_tokens rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column user_id uuid not null
  column token_hash bytea not null
  column name text not null
  column created_at timestamp with time zone not null default now()
  column expires_at timestamp with time zone
  column revoked_at timestamp with time zone
  column last_used_at timestamp with time zone
  column scopes text[] not null default '{read,write}'::text[]
  column revoked_by uuid
  constraint api_tokens_pkey PRIMARY KEY (id)
  constraint api_tokens_revoked_by_fkey FOREIGN KEY (revoked_by) REFERENCES users(id)
  constraint api_tokens_scopes_check CHECK (((scopes <@ ARRAY['read'::text, 'write'::text]) AND (cardinality(scopes) > 0)))
  constraint api_tokens_token_hash_key UNIQUE (token_hash)
  constraint api_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
  CREATE UNIQUE INDEX api_tokens_pkey ON public.api_tokens USING btree (id)
  CREATE UNIQUE INDEX api_tokens_token_hash_key ON public.api_tokens USING btree (token_hash)

table appeal_documents rls true force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column appeal_id uuid not null
  column name text not null
  column content_type text not null
  column size_bytes integer not null
  column sha256 text not null
  column content bytea not null
  column uploaded_at timestamp with time zone not null
  column uploaded_by uuid not null
  constraint appeal_documents_appeal_id_fkey FOREIGN KEY (appeal_id) REFERENCES programme_appeals(id)
  constraint appeal_documents_appeal_id_sha256_key UNIQUE (appeal_id, sha256)
  constraint appeal_documents_content_type_check CHECK ((content_type = ANY (ARRAY['application/pdf'::text, 'image/jpeg'::text, 'image/png'::text])))
  constraint appeal_documents_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200)))
  constraint appeal_documents_pkey PRIMARY KEY (id)
  constraint appeal_documents_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text))
  constraint appeal_documents_size_bytes_check CHECK (((size_bytes >= 1) AND (size_bytes <= 5242880)))
  constraint appeal_documents_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES users(id)
  CREATE UNIQUE INDEX appeal_documents_appeal_id_sha256_key ON public.appeal_documents USING btree (appeal_id, sha256)
  CREATE UNIQUE INDEX appeal_documents_pkey ON public.appeal_documents USING btree (id)

table audit_chain_head rls false force false acl postgres=arwdDxt/postgres
  column singleton boolean not null default true
  column pos bigint not null
  column hash bytea not null
  constraint audit_chain_head_pkey PRIMARY KEY (singleton)
  constraint audit_chain_head_singleton_check CHECK (singleton)
  CREATE UNIQUE INDEX audit_chain_head_pkey ON public.audit_chain_head USING btree (singleton)

table audit_log rls true force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column seq bigint not null generated always as identity
  column at timestamp with time zone not null default now()
  column actor_user uuid
  column actor_org uuid
  column actor_role text
  column action text not null
  column subject_type text not null
  column subject_id text
  column household_id uuid
  column reason text
  column details jsonb not null default '{}'::jsonb
  column xact_id xid8 not null default pg_current_xact_id()
  column chain_pos bigint
  column prev_hash bytea
  column hash bytea
  constraint audit_log_chain_pos_key UNIQUE (chain_pos)
  constraint audit_log_pkey PRIMARY KEY (seq)
  CREATE INDEX audit_log_action ON public.audit_log USING btree (action, at DESC) WHERE (action <> 'grant.create'::text)
  CREATE INDEX audit_log_actor_org ON public.audit_log USING btree (actor_org, at DESC)
  CREATE INDEX audit_log_at ON public.audit_log USING brin (at) WITH (pages_per_range='32', autosummarize='on')
  CREATE UNIQUE INDEX audit_log_chain_pos_key ON public.audit_log USING btree (chain_pos)
  CREATE INDEX audit_log_household ON public.audit_log USING btree (household_id, at DESC) WHERE (household_id IS NOT NULL)
  CREATE INDEX audit_log_lookup_by_at ON public.audit_log USING btree (at) INCLUDE (actor_org, household_id) WHERE (action = 'registry.lookup'::text)
  CREATE INDEX audit_log_lookup_by_user ON public.audit_log USING btree (actor_user, at) WHERE (action = 'registry.lookup'::text)
  CREATE UNIQUE INDEX audit_log_pkey ON public.audit_log USING btree (seq)
  CREATE INDEX audit_log_unsealed ON public.audit_log USING btree (seq) WHERE (chain_pos IS NULL)

table benefit_cycles rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column programme_id uuid not null
  column period date not null
  column version integer not null
  column status text not null default 'preview'::text
  column households integer not null default 0
  column total_minor bigint not null default 0
  column created_at timestamp with time zone not null
  column created_by uuid
  column approved_at timestamp with time zone
  column approved_by uuid
  column paid_at timestamp with time zone
  constraint benefit_cycles_approved_by_fkey FOREIGN KEY (approved_by) REFERENCES users(id)
  constraint benefit_cycles_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
  constraint benefit_cycles_four_eyes CHECK (((approved_by IS NULL) OR (approved_by <> created_by)))
  constraint benefit_cycles_period_check CHECK ((EXTRACT(day FROM period) = (1)::numeric))
  constraint benefit_cycles_pkey PRIMARY KEY (id)
  constraint benefit_cycles_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programmes(id)
  constraint benefit_cycles_programme_id_period_key UNIQUE (programme_id, period)
  constraint benefit_cycles_programme_id_version_fkey FOREIGN KEY (programme_id, version) REFERENCES programme_versions(programme_id, version)
  constraint benefit_cycles_status_check CHECK ((status = ANY (ARRAY['preview'::text, 'approved'::text, 'paid'::text])))
  CREATE UNIQUE INDEX benefit_cycles_pkey ON public.benefit_cycles USING btree (id)
  CREATE UNIQUE INDEX benefit_cycles_programme_id_period_key ON public.benefit_cycles USING btree (programme_id, period)

table declaration_facts rls true force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column version_id uuid not null
  column path text not null
  column value jsonb not null
  column source text not null
  constraint declaration_facts_pkey PRIMARY KEY (version_id, path)
  constraint declaration_facts_source_check CHECK ((source = ANY (ARRAY['declared'::text, 'uploaded'::text, 'verified-field'::text, 'verified-agency'::text])))
  constraint declaration_facts_version_id_fkey FOREIGN KEY (version_id) REFERENCES declaration_versions(id)
  CREATE UNIQUE INDEX declaration_facts_pkey ON public.declaration_facts USING btree (version_id, path)

table declaration_versions rls true force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column declaration_id uuid not null
  column version integer not null
  column household_id uuid not null
  column submitted_at timestamp with time zone not null
  column submitted_by uuid not null
  column facts jsonb not null
  column changes jsonb not null default '[]'::jsonb
  constraint declaration_versions_changes_check CHECK ((jsonb_typeof(changes) = 'array'::text))
  constraint declaration_versions_declaration_id_fkey FOREIGN KEY (declaration_id) REFERENCES declarations(id)
  constraint declaration_versions_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint declaration_versions_one_number UNIQUE (declaration_id, version)
  constraint declaration_versions_pkey PRIMARY KEY (id)
  constraint declaration_versions_submitted_by_fkey FOREIGN KEY (submitted_by) REFERENCES users(id)
  constraint declaration_versions_version_check CHECK ((version > 0))
  CREATE INDEX declaration_versions_household ON public.declaration_versions USING btree (household_id, submitted_at DESC)
  CREATE UNIQUE INDEX declaration_versions_one_number ON public.declaration_versions USING btree (declaration_id, version)
  CREATE UNIQUE INDEX declaration_versions_pkey ON public.declaration_versions USING btree (id)

table declarations rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column user_id uuid not null
  column id_scheme text not null
  column national_id text not null
  column invitation_id uuid
  column household_id uuid
  column draft jsonb not null default '{}'::jsonb
  column draft_saved_at timestamp with time zone
  column status text not null default 'new'::text
  column last_version integer not null default 0
  column created_at timestamp with time zone not null
  constraint declarations_draft_check CHECK ((jsonb_typeof(draft) = 'object'::text))
  constraint declarations_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint declarations_invitation_id_fkey FOREIGN KEY (invitation_id) REFERENCES invitations(id)
  constraint declarations_last_version_check CHECK ((last_version >= 0))
  constraint declarations_pkey PRIMARY KEY (id)
  constraint declarations_status_check CHECK ((status = ANY (ARRAY['new'::text, 'draft'::text, 'submitted'::text])))
  constraint declarations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
  constraint declarations_user_id_key UNIQUE (user_id)
  CREATE INDEX declarations_household ON public.declarations USING btree (household_id) WHERE (household_id IS NOT NULL)
  CREATE UNIQUE INDEX declarations_pkey ON public.declarations USING btree (id)
  CREATE UNIQUE INDEX declarations_user_id_key ON public.declarations USING btree (user_id)

table deployment rls false force false acl mizan_app=r/postgres postgres=arwdDxt/postgres
  column singleton boolean not null default true
  column country text not null
  column id_scheme text not null
  column currency text not null
  column currency_minor_units smallint not null
  column calendar text not null
  column default_locale text not null
  column request_deadline_days integer not null default 14
  column school_year_start_month smallint not null default 9
  column school_year_start_day smallint not null default 1
  column settings jsonb not null default '{}'::jsonb
  constraint deployment_country_check CHECK ((country = ANY (ARRAY['KW'::text, 'SA'::text, 'IR'::text])))
  constraint deployment_currency_minor_units_check CHECK (((currency_minor_units >= 0) AND (currency_minor_units <= 4)))
  constraint deployment_pkey PRIMARY KEY (singleton)
  constraint deployment_request_deadline_days_check CHECK ((request_deadline_days > 0))
  constraint deployment_school_year_start_day_check CHECK (((school_year_start_day >= 1) AND (school_year_start_day <= 31)))
  constraint deployment_school_year_start_month_check CHECK (((school_year_start_month >= 1) AND (school_year_start_month <= 12)))
  constraint deployment_singleton_check CHECK (singleton)
  CREATE UNIQUE INDEX deployment_pkey ON public.deployment USING btree (singleton)

table donation_books rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column org_id uuid not null
  column opened_at timestamp with time zone not null
  column opened_by uuid
  constraint donation_books_opened_by_fkey FOREIGN KEY (opened_by) REFERENCES users(id)
  constraint donation_books_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint donation_books_pkey PRIMARY KEY (org_id)
  CREATE UNIQUE INDEX donation_books_pkey ON public.donation_books USING btree (org_id)

table donation_items rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column donation_id uuid not null
  column line smallint not null
  column item_code text not null
  column quantity integer not null
  column unit_value_minor bigint not null
  column expires_on date
  constraint donation_items_donation_id_fkey FOREIGN KEY (donation_id) REFERENCES donations(id)
  constraint donation_items_item_code_fkey FOREIGN KEY (item_code) REFERENCES stock_items(code)
  constraint donation_items_line_check CHECK ((line > 0))
  constraint donation_items_pkey PRIMARY KEY (donation_id, line)
  constraint donation_items_quantity_check CHECK ((quantity > 0))
  constraint donation_items_unit_value_minor_check CHECK ((unit_value_minor >= 0))
  CREATE UNIQUE INDEX donation_items_pkey ON public.donation_items USING btree (donation_id, line)

table donation_lots rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column donation_id uuid not null
  column donor_id uuid not null
  column org_id uuid not null
  column parent_lot_id uuid
  column form text not null
  column restriction_kind text not null
  column restriction_code text
  column zakat boolean not null
  column item_code text
  column warehouse_id uuid
  column unit_value_minor bigint
  column expires_on date
  column received_at timestamp with time zone not null
  column created_at timestamp with time zone not null
  constraint donation_lots_check CHECK (((restriction_kind = 'general'::text) = (restriction_code IS NULL)))
  constraint donation_lots_check1 CHECK (((form = 'in_kind'::text) = ((item_code IS NOT NULL) AND (warehouse_id IS NOT NULL) AND (unit_value_minor IS NOT NULL))))
  constraint donation_lots_donation_id_donor_id_fkey FOREIGN KEY (donation_id, donor_id) REFERENCES donations(id, donor_id)
  constraint donation_lots_form_check CHECK ((form = ANY (ARRAY['cash'::text, 'in_kind'::text])))
  constraint donation_lots_item_code_fkey FOREIGN KEY (item_code) REFERENCES stock_items(code)
  constraint donation_lots_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint donation_lots_parent_lot_id_fkey FOREIGN KEY (parent_lot_id) REFERENCES donation_lots(id)
  constraint donation_lots_pkey PRIMARY KEY (id)
  constraint donation_lots_restriction_kind_check CHECK ((restriction_kind = ANY (ARRAY['general'::text, 'basket'::text, 'aid_type'::text, 'region'::text, 'programme'::text])))
  constraint donation_lots_unit_value_minor_check CHECK ((unit_value_minor >= 0))
  constraint donation_lots_warehouse_id_fkey FOREIGN KEY (warehouse_id) REFERENCES warehouses(id)
  CREATE INDEX donation_lots_donation ON public.donation_lots USING btree (donation_id)
  CREATE INDEX donation_lots_fifo ON public.donation_lots USING btree (org_id, form, received_at, id)
  CREATE INDEX donation_lots_parent ON public.donation_lots USING btree (parent_lot_id) WHERE (parent_lot_id IS NOT NULL)
  CREATE UNIQUE INDEX donation_lots_pkey ON public.donation_lots USING btree (id)

table donations rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column org_id uuid not null
  column donor_id uuid not null
  column form text not null
  column gift_kind text not null
  column restriction_kind text not null
  column restriction_code text
  column zakat boolean not null
  column currency text not null
  column amount_minor bigint
  column payment_reference text
  column status text not null
  column note text
  column pledged_at timestamp with time zone not null
  column received_at timestamp with time zone
  column received_by uuid
  column receipt_number text
  column verification_code text
  column created_by uuid
  constraint donations_amount_minor_check CHECK ((amount_minor > 0))
  constraint donations_check CHECK (((restriction_kind = 'general'::text) = (restriction_code IS NULL)))
  constraint donations_check1 CHECK (((form = 'cash'::text) = (amount_minor IS NOT NULL)))
  constraint donations_check2 CHECK (((status = 'received'::text) = (received_at IS NOT NULL)))
  constraint donations_check3 CHECK (((status = 'received'::text) = ((receipt_number IS NOT NULL) AND (verification_code IS NOT NULL))))
  constraint donations_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
  constraint donations_donor_id_fkey FOREIGN KEY (donor_id) REFERENCES donors(id)
  constraint donations_form_check CHECK ((form = ANY (ARRAY['cash'::text, 'in_kind'::text])))
  constraint donations_gift_kind_fkey FOREIGN KEY (gift_kind) REFERENCES gift_kinds(code)
  constraint donations_note_check CHECK ((length(note) <= 500))
  constraint donations_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint donations_payment_reference_check CHECK ((length(payment_reference) <= 80))
  constraint donations_pkey PRIMARY KEY (id)
  constraint donations_receipt_number_key UNIQUE (receipt_number)
  constraint donations_received_by_fkey FOREIGN KEY (received_by) REFERENCES users(id)
  constraint donations_restriction_kind_check CHECK ((restriction_kind = ANY (ARRAY['general'::text, 'basket'::text, 'aid_type'::text, 'region'::text, 'programme'::text])))
  constraint donations_status_check CHECK ((status = ANY (ARRAY['pledged'::text, 'received'::text, 'declined'::text])))
  constraint donations_verification_code_key UNIQUE (verification_code)
  CREATE INDEX donations_donor ON public.donations USING btree (donor_id, pledged_at DESC)
  CREATE UNIQUE INDEX donations_id_donor ON public.donations USING btree (id, donor_id)
  CREATE INDEX donations_org ON public.donations USING btree (org_id, status, pledged_at DESC)
  CREATE UNIQUE INDEX donations_pkey ON public.donations USING btree (id)
  CREATE UNIQUE INDEX donations_receipt_number_key ON public.donations USING btree (receipt_number)
  CREATE UNIQUE INDEX donations_verification_code_key ON public.donations USING btree (verification_code)

table donors rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column kind text not null
  column user_id uuid
  column display_name text not null
  column national_id text
  column registration_no text
  column phone text
  column locale text not null default 'en'::text
  column public_name boolean not null default false
  column registered_by_org uuid
  column created_at timestamp with time zone not null
  column created_by uuid
  constraint donors_check CHECK (((kind = 'individual'::text) OR (user_id IS NULL)))
  constraint donors_check1 CHECK (((user_id IS NOT NULL) OR (registered_by_org IS NOT NULL)))
  constraint donors_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
  constraint donors_display_name_check CHECK (((length(display_name) >= 1) AND (length(display_name) <= 200)))
  constraint donors_kind_check CHECK ((kind = ANY (ARRAY['individual'::text, 'company'::text, 'endowment'::text, 'government'::text])))
  constraint donors_locale_check CHECK ((locale = ANY (ARRAY['ar'::text, 'fa'::text, 'en'::text])))
  constraint donors_pkey PRIMARY KEY (id)
  constraint donors_registered_by_org_fkey FOREIGN KEY (registered_by_org) REFERENCES organisations(id)
  constraint donors_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
  constraint donors_user_id_key UNIQUE (user_id)
  CREATE UNIQUE INDEX donors_pkey ON public.donors USING btree (id)
  CREATE INDEX donors_registered_by ON public.donors USING btree (registered_by_org) WHERE (registered_by_org IS NOT NULL)
  CREATE UNIQUE INDEX donors_user_id_key ON public.donors USING btree (user_id)

table eligibility_decisions rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column programme_id uuid not null
  column version integer not null
  column household_id uuid not null
  column application_id uuid
  column passed boolean not null
  column reasons jsonb not null
  column facts jsonb not null
  column decided_at timestamp with time zone not null
  column decided_by uuid
  constraint eligibility_decisions_application_id_fkey FOREIGN KEY (application_id) REFERENCES programme_applications(id)
  constraint eligibility_decisions_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users(id)
  constraint eligibility_decisions_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint eligibility_decisions_pkey PRIMARY KEY (id)
  constraint eligibility_decisions_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programmes(id)
  constraint eligibility_decisions_programme_id_version_fkey FOREIGN KEY (programme_id, version) REFERENCES programme_versions(programme_id, version)
  constraint eligibility_decisions_reasons_check CHECK ((jsonb_typeof(reasons) = 'array'::text))
  CREATE INDEX eligibility_decisions_household ON public.eligibility_decisions USING btree (household_id, decided_at DESC)
  CREATE UNIQUE INDEX eligibility_decisions_pkey ON public.eligibility_decisions USING btree (id)

table enrolments rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column programme_id uuid not null
  column household_id uuid not null
  column application_id uuid
  column province_code text not null
  column status text not null default 'active'::text
  column since timestamp with time zone not null
  column ended_at timestamp with time zone
  column session_id uuid
  column follow_up_on date
  column followed_up_at timestamp with time zone
  column follow_up_note text
  constraint enrolments_application_id_fkey FOREIGN KEY (application_id) REFERENCES programme_applications(id)
  constraint enrolments_check CHECK (((status = 'active'::text) = (ended_at IS NULL)))
  constraint enrolments_follow_up_note_check CHECK ((length(follow_up_note) <= 2000))
  constraint enrolments_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint enrolments_pkey PRIMARY KEY (id)
  constraint enrolments_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programmes(id)
  constraint enrolments_province_code_fkey FOREIGN KEY (province_code) REFERENCES regions(code)
  constraint enrolments_session_id_fkey FOREIGN KEY (session_id) REFERENCES programme_sessions(id)
  constraint enrolments_status_check CHECK ((status = ANY (ARRAY['active'::text, 'completed'::text, 'employed'::text, 'dropped'::text, 'ended'::text])))
  CREATE INDEX enrolments_household ON public.enrolments USING btree (household_id)
  CREATE UNIQUE INDEX enrolments_one_active ON public.enrolments USING btree (programme_id, household_id) WHERE (status = 'active'::text)
  CREATE UNIQUE INDEX enrolments_pkey ON public.enrolments USING btree (id)
  CREATE INDEX enrolments_region ON public.enrolments USING btree (programme_id, province_code) WHERE (status = 'active'::text)
  CREATE INDEX enrolments_session ON public.enrolments USING btree (session_id) WHERE (session_id IS NOT NULL)

table entitlements rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column cycle_id uuid not null
  column household_id uuid not null
  column province_code text not null
  column amount_minor bigint not null
  column outcome text
  column grant_id uuid
  constraint entitlements_amount_minor_check CHECK ((amount_minor > 0))
  constraint entitlements_cycle_id_fkey FOREIGN KEY (cycle_id) REFERENCES benefit_cycles(id)
  constraint entitlements_grant_id_fkey FOREIGN KEY (grant_id) REFERENCES grants(id)
  constraint entitlements_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint entitlements_pkey PRIMARY KEY (cycle_id, household_id)
  constraint entitlements_province_code_fkey FOREIGN KEY (province_code) REFERENCES regions(code)
  CREATE UNIQUE INDEX entitlements_pkey ON public.entitlements USING btree (cycle_id, household_id)
  CREATE INDEX entitlements_unpaid ON public.entitlements USING btree (cycle_id, household_id) WHERE (outcome IS NULL)

table exclusivity_groups rls false force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column code text not null
  column name_en text not null acl mizan_app=w/postgres
  column name_ar text not null acl mizan_app=w/postgres
  column name_fa text not null acl mizan_app=w/postgres
  column scope text not null default 'household'::text acl mizan_app=w/postgres
  column window_kind text not null acl mizan_app=w/postgres
  column window_days integer acl mizan_app=w/postgres
  column updated_at timestamp with time zone not null default now() acl mizan_app=w/postgres
  column updated_by uuid acl mizan_app=w/postgres
  constraint exclusivity_groups_check CHECK (((window_kind = 'days'::text) = (window_days IS NOT NULL)))
  constraint exclusivity_groups_pkey PRIMARY KEY (code)
  constraint exclusivity_groups_scope_check CHECK ((scope = 'household'::text))
  constraint exclusivity_groups_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users(id)
  constraint exclusivity_groups_window_days_check CHECK ((window_days > 0))
  constraint exclusivity_groups_window_kind_check CHECK ((window_kind = ANY (ARRAY['days'::text, 'school_year'::text, 'lifetime'::text])))
  CREATE UNIQUE INDEX exclusivity_groups_pkey ON public.exclusivity_groups USING btree (code)

table gift_kinds rls false force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column code text not null
  column zakat boolean not null default false
  column position integer not null default 0
  column name_en text not null
  column name_ar text not null
  column name_fa text not null
  constraint gift_kinds_code_check CHECK ((code ~ '^[a-z0-9][a-z0-9-]{1,31}$'::text))
  constraint gift_kinds_pkey PRIMARY KEY (code)
  CREATE UNIQUE INDEX gift_kinds_pkey ON public.gift_kinds USING btree (code)

table grant_date_findings rls true force false acl mizan_app=r/postgres postgres=arwdDxt/postgres
  column grant_id uuid not null
  column finding text not null
  column household_id uuid not null
  column org_id uuid not null
  column aid_type_code text not null
  column granted_on date not null
  column recorded_on date not null
  column detail jsonb not null default '{}'::jsonb
  column found_at timestamp with time zone not null default now()
  constraint grant_date_findings_finding_check CHECK ((finding = ANY (ARRAY['future-date'::text, 'before-registration'::text, 'backdate-over-limit'::text, 'overlaps-when-recorded'::text])))
  constraint grant_date_findings_grant_id_fkey FOREIGN KEY (grant_id) REFERENCES grants(id)
  constraint grant_date_findings_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint grant_date_findings_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint grant_date_findings_pkey PRIMARY KEY (grant_id, finding)
  CREATE UNIQUE INDEX grant_date_findings_pkey ON public.grant_date_findings USING btree (grant_id, finding)

table grant_exceptions rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column household_id uuid not null
  column group_code text not null
  column reason text not null
  column document_ref text not null
  column status text not null default 'pending'::text
  column requested_by uuid not null
  column requested_by_org uuid not null
  column requested_at timestamp with time zone not null default now()
  column decided_by uuid
  column decided_at timestamp with time zone
  column decision_note text
  column kind text not null default 'repeat'::text
  column granted_on date
  constraint grant_exceptions_backdate_has_date CHECK (((kind = 'backdate'::text) = (granted_on IS NOT NULL)))
  constraint grant_exceptions_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users(id)
  constraint grant_exceptions_document_ref_check CHECK ((length(document_ref) >= 1))
  constraint grant_exceptions_group_code_fkey FOREIGN KEY (group_code) REFERENCES exclusivity_groups(code)
  constraint grant_exceptions_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint grant_exceptions_kind_check CHECK ((kind = ANY (ARRAY['repeat'::text, 'backdate'::text])))
  constraint grant_exceptions_pkey PRIMARY KEY (id)
  constraint grant_exceptions_reason_check CHECK ((length(reason) >= 10))
  constraint grant_exceptions_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES users(id)
  constraint grant_exceptions_requested_by_org_fkey FOREIGN KEY (requested_by_org) REFERENCES organisations(id)
  constraint grant_exceptions_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text, 'used'::text])))
  CREATE UNIQUE INDEX grant_exceptions_pkey ON public.grant_exceptions USING btree (id)

table grants rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default uuid_v7()
  column household_id uuid not null
  column person_id uuid
  column request_id uuid
  column org_id uuid not null
  column aid_type_code text not null
  column group_code text not null
  column form text not null
  column amount_minor bigint
  column currency text
  column item text
  column quantity integer
  column granted_on date not null
  column during daterange not null
  column exception_id uuid
  column status text not null default 'active'::text
  column revoked_reason text
  column created_by uuid not null
  column created_at timestamp with time zone not null default now()
  column recorded_on date
  column backdate_exception_id uuid
  column programme_id uuid
  constraint grants_aid_type_code_fkey FOREIGN KEY (aid_type_code) REFERENCES aid_types(code)
  constraint grants_amount_minor_check CHECK ((amount_minor > 0))
  constraint grants_backdate_exception_id_fkey FOREIGN KEY (backdate_exception_id) REFERENCES grant_exceptions(id)
  constraint grants_backdate_exception_id_key UNIQUE (backdate_exception_id)
  constraint grants_check CHECK (((amount_minor IS NULL) = (currency IS NULL)))
  constraint grants_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
  constraint grants_exception_id_fkey FOREIGN KEY (exception_id) REFERENCES grant_exceptions(id)
  constraint grants_exception_id_key UNIQUE (exception_id)
  constraint grants_form_check CHECK ((form = ANY (ARRAY['cash'::text, 'in_kind'::text, 'service'::text])))
  constraint grants_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint grants_no_duplicate_aid EXCLUDE USING gist (household_id WITH =, group_code WITH =, during WITH &&) WHERE (((exception_id IS NULL) AND (status = 'active'::text)))
  constraint grants_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint grants_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons(id)
  constraint grants_pkey PRIMARY KEY (id)
  constraint grants_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programmes(id)
  constraint grants_quantity_check CHECK ((quantity > 0))
  constraint grants_request_id_fkey FOREIGN KEY (request_id) REFERENCES aid_requests(id)
  constraint grants_request_id_key UNIQUE (request_id)
  constraint grants_status_check CHECK ((status = ANY (ARRAY['active'::text, 'revoked'::text])))
  CREATE UNIQUE INDEX grants_backdate_exception_id_key ON public.grants USING btree (backdate_exception_id)
  CREATE UNIQUE INDEX grants_exception_id_key ON public.grants USING btree (exception_id)
  CREATE INDEX grants_household ON public.grants USING btree (household_id, granted_on DESC)
  CREATE INDEX grants_no_duplicate_aid ON public.grants USING gist (household_id, group_code, during) WHERE ((exception_id IS NULL) AND (status = 'active'::text))
  CREATE UNIQUE INDEX grants_pkey ON public.grants USING btree (id)
  CREATE INDEX grants_programme ON public.grants USING btree (programme_id, granted_on) WHERE (programme_id IS NOT NULL)
  CREATE UNIQUE INDEX grants_request_id_key ON public.grants USING btree (request_id)

table household_facts rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column household_id uuid not null
  column region_code text not null
  column province_code text not null
  column members integer
  column children integer
  column elders integer
  column disabled_members integer
  column chronically_ill_members integer
  column head_age integer
  column head_nationality text
  column all_nationals boolean
  column monthly_income_minor bigint
  column income_per_member_minor bigint
  column monthly_rent_minor bigint
  column debts_minor bigint
  column cash_aid_90d_minor bigint
  column housing text
  column declared boolean not null
  column computed_at timestamp with time zone not null
  constraint household_facts_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint household_facts_pkey PRIMARY KEY (household_id)
  CREATE UNIQUE INDEX household_facts_pkey ON public.household_facts USING btree (household_id)
  CREATE INDEX household_facts_province ON public.household_facts USING btree (province_code)

table household_members rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column household_id uuid not null
  column person_id uuid not null
  column relation text not null
  column active boolean not null default true
  column joined_at timestamp with time zone not null default now()
  column left_at timestamp with time zone
  constraint household_members_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint household_members_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons(id)
  constraint household_members_pkey PRIMARY KEY (id)
  constraint household_members_relation_check CHECK ((relation = ANY (ARRAY['head'::text, 'spouse'::text, 'child'::text, 'parent'::text, 'sibling'::text, 'grandchild'::text, 'other'::text])))
  CREATE INDEX household_members_household ON public.household_members USING btree (household_id) WHERE active
  CREATE UNIQUE INDEX household_members_one_active ON public.household_members USING btree (person_id) WHERE active
  CREATE UNIQUE INDEX household_members_one_head ON public.household_members USING btree (household_id) WHERE (active AND (relation = 'head'::text))
  CREATE UNIQUE INDEX household_members_pkey ON public.household_members USING btree (id)

table households rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column region_code text not null
  column address text
  column phone text
  column created_by_org uuid
  column created_at timestamp with time zone not null default now()
  column updated_at timestamp with time zone not null default now()
  constraint households_created_by_org_fkey FOREIGN KEY (created_by_org) REFERENCES organisations(id)
  constraint households_pkey PRIMARY KEY (id)
  constraint households_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions(code)
  CREATE UNIQUE INDEX households_pkey ON public.households USING btree (id)
  CREATE INDEX households_region ON public.households USING btree (region_code)

table idp_dev_accounts rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column national_id text not null
  column label text not null
  column residency text
  column position integer not null default 0
  constraint idp_dev_accounts_pkey PRIMARY KEY (national_id)
  CREATE UNIQUE INDEX idp_dev_accounts_pkey ON public.idp_dev_accounts USING btree (national_id)

table import_mappings rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column org_id uuid not null
  column mapping jsonb not null
  column updated_at timestamp with time zone not null default now()
  constraint import_mappings_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint import_mappings_pkey PRIMARY KEY (org_id)
  CREATE UNIQUE INDEX import_mappings_pkey ON public.import_mappings USING btree (org_id)

table import_rows rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column import_id uuid not null
  column row_no integer not null
  column org_id uuid not null
  column national_id text
  column phone text
  column name text
  column birth_date text
  column region text
  column household_ref text
  column language text
  column own_verdict text
  column reason text
  column field text
  column verdict text
  column person_id uuid
  column likely_person uuid
  column likely_score real
  constraint import_rows_pkey PRIMARY KEY (import_id, row_no)
  CREATE INDEX import_rows_by_national_id ON public.import_rows USING btree (import_id, national_id, row_no) WHERE (own_verdict IS NULL)
  CREATE UNIQUE INDEX import_rows_pkey ON public.import_rows USING btree (import_id, row_no)

table imports rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column org_id uuid not null
  column created_by uuid
  column file_name text not null
  column file_sha256 bytea not null
  column file_bytes bigint not null
  column format text not null
  column encoding text not null
  column delimiter text
  column columns jsonb not null
  column preview jsonb not null
  column mapping jsonb
  column status text not null default 'mapping'::text
  column total_rows integer
  column rows_staged integer not null default 0
  column rows_applied integer not null default 0
  column accepted integer not null default 0
  column refused integer not null default 0
  column waiting integer not null default 0
  column failure text
  column created_at timestamp with time zone not null default now()
  column started_at timestamp with time zone
  column finished_at timestamp with time zone
  column applied_through text
  column matched_through integer
  constraint imports_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
  constraint imports_format_check CHECK ((format = ANY (ARRAY['csv'::text, 'xlsx'::text])))
  constraint imports_one_per_file UNIQUE (org_id, file_sha256)
  constraint imports_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint imports_pkey PRIMARY KEY (id)
  constraint imports_status_check CHECK ((status = ANY (ARRAY['mapping'::text, 'queued'::text, 'staging'::text, 'applying'::text, 'done'::text, 'failed'::text])))
  CREATE INDEX imports_by_org ON public.imports USING btree (org_id, created_at DESC)
  CREATE UNIQUE INDEX imports_one_per_file ON public.imports USING btree (org_id, file_sha256)
  CREATE UNIQUE INDEX imports_pkey ON public.imports USING btree (id)

table intake_referrals rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id_scheme text not null
  column national_id text not null
  column org_id uuid not null
  column first_import_id uuid not null
  column first_row_no integer not null
  column created_at timestamp with time zone not null default now()
  column first_referrer boolean not null default false
  constraint intake_referrals_pkey PRIMARY KEY (id_scheme, national_id, org_id)
  CREATE UNIQUE INDEX intake_referrals_first ON public.intake_referrals USING btree (id_scheme, national_id) WHERE first_referrer
  CREATE UNIQUE INDEX intake_referrals_pkey ON public.intake_referrals USING btree (id_scheme, national_id, org_id)

table invitations rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column id_scheme text not null
  column national_id text not null
  column phone text not null
  column locale text not null
  column first_org_id uuid not null
  column status text not null default 'pending'::text
  column token_hash bytea
  column token_expires_at timestamp with time zone
  column sends integer not null default 0
  column sms_message_id uuid
  column used_at timestamp with time zone
  column used_by_user_id uuid
  column created_at timestamp with time zone not null
  column updated_at timestamp with time zone not null
  constraint invitations_first_org_id_fkey FOREIGN KEY (first_org_id) REFERENCES organisations(id)
  constraint invitations_locale_check CHECK ((locale = ANY (ARRAY['ar'::text, 'fa'::text, 'en'::text])))
  constraint invitations_one_per_person UNIQUE (id_scheme, national_id)
  constraint invitations_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{6,14}$'::text))
  constraint invitations_pkey PRIMARY KEY (id)
  constraint invitations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sent'::text, 'delivered'::text, 'failed'::text, 'opted-out'::text, 'used'::text, 'expired'::text])))
  constraint invitations_token_expires CHECK (((token_hash IS NULL) = (token_expires_at IS NULL)))
  constraint invitations_token_hash_key UNIQUE (token_hash)
  constraint invitations_used_by_user_id_fkey FOREIGN KEY (used_by_user_id) REFERENCES users(id)
  constraint invitations_used_once CHECK (((status = 'used'::text) = (used_at IS NOT NULL)))
  CREATE INDEX invitations_expiring ON public.invitations USING btree (token_expires_at) WHERE (status = ANY (ARRAY['sent'::text, 'delivered'::text, 'failed'::text]))
  CREATE UNIQUE INDEX invitations_one_per_person ON public.invitations USING btree (id_scheme, national_id)
  CREATE INDEX invitations_org ON public.invitations USING btree (first_org_id, created_at)
  CREATE INDEX invitations_pending ON public.invitations USING btree (created_at) WHERE (status = 'pending'::text)
  CREATE INDEX invitations_phone ON public.invitations USING btree (phone)
  CREATE UNIQUE INDEX invitations_pkey ON public.invitations USING btree (id)
  CREATE UNIQUE INDEX invitations_token_hash_key ON public.invitations USING btree (token_hash)

table jobs rls false force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id bigint not null generated always as identity
  column key text not null
  column kind text not null
  column payload jsonb not null default '{}'::jsonb
  column run_at timestamp with time zone not null
  column status text not null default 'pending'::text
  column attempts integer not null default 0
  column max_attempts integer not null default 5
  column last_error text
  column created_at timestamp with time zone not null
  column done_at timestamp with time zone
  column done_by text
  constraint jobs_key_key UNIQUE (key)
  constraint jobs_max_attempts_check CHECK ((max_attempts > 0))
  constraint jobs_pkey PRIMARY KEY (id)
  constraint jobs_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'done'::text, 'failed'::text])))
  CREATE INDEX jobs_due ON public.jobs USING btree (run_at, id) WHERE (status = 'pending'::text)
  CREATE UNIQUE INDEX jobs_key_key ON public.jobs USING btree (key)
  CREATE UNIQUE INDEX jobs_pkey ON public.jobs USING btree (id)

table journal_entries rls true force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column kind text not null
  column org_id uuid not null
  column at timestamp with time zone not null
  column tx bigint not null default txid_current()
  column reverses uuid
  column donation_id uuid
  column grant_id uuid
  column aid_type_code text
  column basket_code text
  column region_code text
  column service_on date
  column counterparty_org uuid
  column memo text
  column created_by uuid
  constraint journal_entries_balanced TRIGGER DEFERRABLE INITIALLY DEFERRED
  constraint journal_entries_check CHECK (((kind <> 'disbursement'::text) OR (grant_id IS NOT NULL)))
  constraint journal_entries_check1 CHECK (((kind = 'reversal'::text) = (reverses IS NOT NULL)))
  constraint journal_entries_check2 CHECK (((kind = 'transfer'::text) = (counterparty_org IS NOT NULL)))
  constraint journal_entries_counterparty_org_fkey FOREIGN KEY (counterparty_org) REFERENCES organisations(id)
  constraint journal_entries_donation_id_fkey FOREIGN KEY (donation_id) REFERENCES donations(id)
  constraint journal_entries_grant_id_fkey FOREIGN KEY (grant_id) REFERENCES grants(id)
  constraint journal_entries_kind_check CHECK ((kind = ANY (ARRAY['donation'::text, 'allocation'::text, 'disbursement'::text, 'transfer'::text, 'refund'::text, 'reversal'::text])))
  constraint journal_entries_memo_check CHECK ((length(memo) <= 500))
  constraint journal_entries_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint journal_entries_pkey PRIMARY KEY (id)
  constraint journal_entries_reverses_fkey FOREIGN KEY (reverses) REFERENCES journal_entries(id)
  constraint journal_entries_reverses_key UNIQUE (reverses)
  CREATE UNIQUE INDEX journal_entries_one_disbursement ON public.journal_entries USING btree (grant_id) WHERE (kind = 'disbursement'::text)
  CREATE INDEX journal_entries_org ON public.journal_entries USING btree (org_id, at DESC)
  CREATE UNIQUE INDEX journal_entries_pkey ON public.journal_entries USING btree (id)
  CREATE UNIQUE INDEX journal_entries_reverses_key ON public.journal_entries USING btree (reverses)

table journal_lines rls true force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column entry_id uuid not null
  column line smallint not null
  column account text not null
  column org_id uuid not null
  column lot_id uuid not null
  column donation_id uuid not null
  column donor_id uuid not null
  column amount_minor bigint not null
  column quantity integer not null default 0
  constraint journal_lines_account_check CHECK ((account = ANY (ARRAY['gifts'::text, 'held'::text, 'granted'::text, 'refunded'::text])))
  constraint journal_lines_line_check CHECK ((line > 0))
  constraint journal_lines_pkey PRIMARY KEY (entry_id, line)
  CREATE INDEX journal_lines_donation ON public.journal_lines USING btree (donation_id, account)
  CREATE INDEX journal_lines_donor ON public.journal_lines USING btree (donor_id, account)
  CREATE INDEX journal_lines_lot ON public.journal_lines USING btree (lot_id)
  CREATE UNIQUE INDEX journal_lines_pkey ON public.journal_lines USING btree (entry_id, line)

table lot_balances rls true force false acl mizan_app=r/postgres postgres=arwdDxt/postgres
  column lot_id uuid not null
  column org_id uuid not null
  column form text not null
  column received_at timestamp with time zone not null
  column item_code text
  column expires_on date
  column amount_minor bigint not null default 0
  column quantity integer not null default 0
  constraint lot_balances_lot_id_fkey FOREIGN KEY (lot_id) REFERENCES donation_lots(id)
  constraint lot_balances_not_negative CHECK (((amount_minor >= 0) AND (quantity >= 0)))
  constraint lot_balances_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint lot_balances_pkey PRIMARY KEY (lot_id)
  CREATE INDEX lot_balances_live ON public.lot_balances USING btree (org_id, form, received_at, lot_id) WHERE ((amount_minor > 0) OR (quantity > 0))
  CREATE UNIQUE INDEX lot_balances_pkey ON public.lot_balances USING btree (lot_id)

table match_proposals rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column person_a uuid not null
  column person_b uuid not null
  column score real not null
  column explanation jsonb not null
  column status text not null default 'pending'::text
  column decided_by uuid
  column decided_at timestamp with time zone
  column reason text
  column created_at timestamp with time zone not null default now()
  constraint match_proposals_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users(id)
  constraint match_proposals_decision_whole CHECK ((((status = 'pending'::text) = (decided_at IS NULL)) AND ((status = 'pending'::text) = (decided_by IS NULL)) AND ((status = 'pending'::text) OR (reason IS NOT NULL))))
  constraint match_proposals_one_per_pair UNIQUE (person_a, person_b)
  constraint match_proposals_ordered CHECK ((person_a < person_b))
  constraint match_proposals_person_a_fkey FOREIGN KEY (person_a) REFERENCES persons(id)
  constraint match_proposals_person_b_fkey FOREIGN KEY (person_b) REFERENCES persons(id)
  constraint match_proposals_pkey PRIMARY KEY (id)
  constraint match_proposals_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'same'::text, 'different'::text])))
  CREATE UNIQUE INDEX match_proposals_one_per_pair ON public.match_proposals USING btree (person_a, person_b)
  CREATE INDEX match_proposals_pending ON public.match_proposals USING btree (score DESC, id) WHERE (status = 'pending'::text)
  CREATE INDEX match_proposals_person_b ON public.match_proposals USING btree (person_b)
  CREATE UNIQUE INDEX match_proposals_pkey ON public.match_proposals USING btree (id)

table need_models rls false force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column version integer not null
  column model jsonb not null
  column created_at timestamp with time zone not null default now()
  column created_by uuid
  column note text
  constraint need_models_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
  constraint need_models_pkey PRIMARY KEY (version)
  constraint need_models_version_check CHECK ((version > 0))
  CREATE UNIQUE INDEX need_models_pkey ON public.need_models USING btree (version)

table need_score_requests rls true force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column request_id uuid not null
  column need_score_id uuid not null
  constraint need_score_requests_need_score_id_fkey FOREIGN KEY (need_score_id) REFERENCES need_scores(id)
  constraint need_score_requests_pkey PRIMARY KEY (request_id)
  constraint need_score_requests_request_id_fkey FOREIGN KEY (request_id) REFERENCES aid_requests(id)
  CREATE UNIQUE INDEX need_score_requests_pkey ON public.need_score_requests USING btree (request_id)
  CREATE INDEX need_score_requests_score ON public.need_score_requests USING btree (need_score_id)

table need_scores rls true force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column household_id uuid not null
  column declaration_version_id uuid not null
  column model_version integer not null
  column score numeric(5,1) not null
  column priority smallint not null
  column contributions jsonb not null
  column created_at timestamp with time zone not null
  column created_by uuid
  constraint need_scores_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
  constraint need_scores_declaration_version_fk FOREIGN KEY (declaration_version_id) REFERENCES declaration_versions(id)
  constraint need_scores_declaration_version_id_key UNIQUE (declaration_version_id)
  constraint need_scores_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint need_scores_model_version_fkey FOREIGN KEY (model_version) REFERENCES need_models(version)
  constraint need_scores_pkey PRIMARY KEY (id)
  constraint need_scores_priority_check CHECK (((priority >= 0) AND (priority <= 3)))
  constraint need_scores_score_check CHECK (((score >= (0)::numeric) AND (score <= (100)::numeric)))
  CREATE UNIQUE INDEX need_scores_declaration_version_id_key ON public.need_scores USING btree (declaration_version_id)
  CREATE INDEX need_scores_household ON public.need_scores USING btree (household_id, created_at DESC)
  CREATE UNIQUE INDEX need_scores_pkey ON public.need_scores USING btree (id)

table notifications rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column recipient_org uuid
  column recipient_user uuid
  column channel text not null default 'in_app'::text
  column template text not null
  column params jsonb not null default '{}'::jsonb
  column locale text not null
  column request_id uuid
  column created_at timestamp with time zone not null
  column read_at timestamp with time zone
  constraint notifications_channel_check CHECK ((channel = ANY (ARRAY['in_app'::text, 'sms'::text, 'email'::text])))
  constraint notifications_check CHECK (((recipient_org IS NOT NULL) OR (recipient_user IS NOT NULL)))
  constraint notifications_locale_check CHECK ((locale = ANY (ARRAY['ar'::text, 'fa'::text, 'en'::text])))
  constraint notifications_pkey PRIMARY KEY (id)
  constraint notifications_recipient_org_fkey FOREIGN KEY (recipient_org) REFERENCES organisations(id)
  constraint notifications_recipient_user_fkey FOREIGN KEY (recipient_user) REFERENCES users(id)
  constraint notifications_request_id_fkey FOREIGN KEY (request_id) REFERENCES aid_requests(id)
  CREATE INDEX notifications_org ON public.notifications USING btree (recipient_org, created_at DESC) WHERE (recipient_org IS NOT NULL)
  CREATE UNIQUE INDEX notifications_pkey ON public.notifications USING btree (id)
  CREATE INDEX notifications_user ON public.notifications USING btree (recipient_user, created_at DESC) WHERE (recipient_user IS NOT NULL)

table oidc_logins rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column state_hash bytea not null
  column code_verifier text not null
  column nonce text not null
  column return_to text not null
  column created_at timestamp with time zone not null default now()
  column expires_at timestamp with time zone not null
  column invitation_id uuid
  column purpose text
  constraint oidc_logins_invitation_id_fkey FOREIGN KEY (invitation_id) REFERENCES invitations(id)
  constraint oidc_logins_pkey PRIMARY KEY (state_hash)
  constraint oidc_logins_purpose_check CHECK ((purpose = 'donor'::text))
  CREATE UNIQUE INDEX oidc_logins_pkey ON public.oidc_logins USING btree (state_hash)

table organisation_aid_types rls false force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column org_id uuid not null
  column aid_type_code text not null
  constraint organisation_aid_types_aid_type_code_fkey FOREIGN KEY (aid_type_code) REFERENCES aid_types(code)
  constraint organisation_aid_types_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint organisation_aid_types_pkey PRIMARY KEY (org_id, aid_type_code)
  CREATE UNIQUE INDEX organisation_aid_types_pkey ON public.organisation_aid_types USING btree (org_id, aid_type_code)

table organisation_applications rls false force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column org_id uuid not null
  column receipt_hash bytea not null
  column created_at timestamp with time zone not null default now()
  constraint organisation_applications_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id) ON DELETE CASCADE
  constraint organisation_applications_pkey PRIMARY KEY (org_id)
  constraint organisation_applications_receipt_hash_key UNIQUE (receipt_hash)
  CREATE UNIQUE INDEX organisation_applications_pkey ON public.organisation_applications USING btree (org_id)
  CREATE UNIQUE INDEX organisation_applications_receipt_hash_key ON public.organisation_applications USING btree (receipt_hash)

table organisation_regions rls false force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column org_id uuid not null
  column region_code text not null
  constraint organisation_regions_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint organisation_regions_pkey PRIMARY KEY (org_id, region_code)
  constraint organisation_regions_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions(code)
  CREATE UNIQUE INDEX organisation_regions_pkey ON public.organisation_regions USING btree (org_id, region_code)

table organisations rls false force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column kind text not null
  column name text not null
  column registration_number text
  column status text not null
  column contact_phone text
  column created_at timestamp with time zone not null default now()
  column decided_at timestamp with time zone
  column decided_by uuid
  column decision_reason text
  constraint organisations_kind_check CHECK ((kind = ANY (ARRAY['ministry'::text, 'charity'::text])))
  constraint organisations_pkey PRIMARY KEY (id)
  constraint organisations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'approved'::text, 'suspended'::text, 'rejected'::text])))
  CREATE UNIQUE INDEX organisations_one_ministry ON public.organisations USING btree (kind) WHERE (kind = 'ministry'::text)
  CREATE UNIQUE INDEX organisations_pkey ON public.organisations USING btree (id)

table person_match_counts rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column kind text not null
  column value text not null
  column n integer not null
  column counted_at timestamp with time zone not null
  constraint person_match_counts_kind_check CHECK ((kind = ANY (ARRAY['tg'::text, 'tf'::text, 'tl'::text, 'ph'::text, '*'::text])))
  constraint person_match_counts_n_check CHECK ((n > 0))
  constraint person_match_counts_pkey PRIMARY KEY (kind, value)
  CREATE UNIQUE INDEX person_match_counts_pkey ON public.person_match_counts USING btree (kind, value)

table person_match_indexed rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column person_id uuid not null
  column indexed_at timestamp with time zone not null
  constraint person_match_indexed_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons(id)
  constraint person_match_indexed_pkey PRIMARY KEY (person_id)
  CREATE UNIQUE INDEX person_match_indexed_pkey ON public.person_match_indexed USING btree (person_id)

table person_match_keys rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column person_id uuid not null
  column kind text not null
  column value text not null
  constraint person_match_keys_kind_check CHECK ((kind = ANY (ARRAY['id'::text, 'ide'::text, 'ph'::text, 'fy'::text, 'rg'::text, 'fn'::text, 'gd'::text, 'tg'::text, 'tf'::text, 'tl'::text])))
  constraint person_match_keys_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons(id)
  constraint person_match_keys_pkey PRIMARY KEY (kind, value, person_id)
  CREATE INDEX person_match_keys_person ON public.person_match_keys USING btree (person_id)
  CREATE UNIQUE INDEX person_match_keys_pkey ON public.person_match_keys USING btree (kind, value, person_id)

table persons rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column id_scheme text not null
  column national_id text not null
  column full_name text not null
  column name_key text not null
  column compact_key text not null
  column birth_date date
  column sex text
  column nationality text not null
  column phone text
  column created_at timestamp with time zone not null default now()
  column created_by_org uuid default (NULLIF(current_setting('mizan.org_id'::text, true), ''::text))::uuid
  column merged_into uuid
  column merged_at timestamp with time zone
  column merged_by uuid
  constraint persons_created_by_org_fkey FOREIGN KEY (created_by_org) REFERENCES organisations(id)
  constraint persons_id_scheme_national_id_key UNIQUE (id_scheme, national_id)
  constraint persons_merge_whole CHECK ((((merged_into IS NULL) = (merged_at IS NULL)) AND ((merged_into IS NULL) OR (merged_by IS NOT NULL))))
  constraint persons_merged_by_fkey FOREIGN KEY (merged_by) REFERENCES users(id)
  constraint persons_merged_into_fkey FOREIGN KEY (merged_into) REFERENCES persons(id)
  constraint persons_nationality_check CHECK ((nationality ~ '^[A-Z]{2}$'::text))
  constraint persons_not_merged_into_itself CHECK ((merged_into <> id))
  constraint persons_pkey PRIMARY KEY (id)
  constraint persons_sex_check CHECK ((sex = ANY (ARRAY['F'::text, 'M'::text])))
  CREATE INDEX persons_compact_key ON public.persons USING gin (compact_key gin_trgm_ops)
  CREATE UNIQUE INDEX persons_id_scheme_national_id_key ON public.persons USING btree (id_scheme, national_id)
  CREATE INDEX persons_merged_into ON public.persons USING btree (merged_into) WHERE (merged_into IS NOT NULL)
  CREATE UNIQUE INDEX persons_pkey ON public.persons USING btree (id)

table programme_appeals rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column application_id uuid not null
  column reason text not null
  column documents jsonb not null default '[]'::jsonb
  column lodged_at timestamp with time zone not null
  column due_at timestamp with time zone not null
  column status text not null default 'open'::text
  column decided_by uuid
  column decided_at timestamp with time zone
  column decision_note text
  constraint programme_appeals_application_id_fkey FOREIGN KEY (application_id) REFERENCES programme_applications(id)
  constraint programme_appeals_application_id_key UNIQUE (application_id)
  constraint programme_appeals_check CHECK (((status = 'open'::text) = (decided_at IS NULL)))
  constraint programme_appeals_check1 CHECK (((decided_by IS NULL) = (decided_at IS NULL)))
  constraint programme_appeals_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users(id)
  constraint programme_appeals_documents_check CHECK ((jsonb_typeof(documents) = 'array'::text))
  constraint programme_appeals_pkey PRIMARY KEY (id)
  constraint programme_appeals_reason_check CHECK (((length(reason) >= 10) AND (length(reason) <= 2000)))
  constraint programme_appeals_status_check CHECK ((status = ANY (ARRAY['open'::text, 'upheld'::text, 'overturned'::text])))
  CREATE UNIQUE INDEX programme_appeals_application_id_key ON public.programme_appeals USING btree (application_id)
  CREATE UNIQUE INDEX programme_appeals_pkey ON public.programme_appeals USING btree (id)

table programme_applications rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column programme_id uuid not null
  column household_id uuid not null
  column applicant_user uuid not null
  column status text not null
  column decision_id uuid
  column decided_by uuid
  column created_at timestamp with time zone not null
  constraint programme_applications_applicant_user_fkey FOREIGN KEY (applicant_user) REFERENCES users(id)
  constraint programme_applications_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users(id)
  constraint programme_applications_decision_fk FOREIGN KEY (decision_id) REFERENCES eligibility_decisions(id)
  constraint programme_applications_household_id_fkey FOREIGN KEY (household_id) REFERENCES households(id)
  constraint programme_applications_pkey PRIMARY KEY (id)
  constraint programme_applications_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programmes(id)
  constraint programme_applications_status_check CHECK ((status = ANY (ARRAY['eligible'::text, 'refused'::text, 'appealed'::text, 'overturned'::text, 'upheld'::text])))
  CREATE INDEX programme_applications_applicant ON public.programme_applications USING btree (applicant_user, created_at DESC)
  CREATE UNIQUE INDEX programme_applications_one_open ON public.programme_applications USING btree (programme_id, household_id) WHERE (status = ANY (ARRAY['eligible'::text, 'appealed'::text, 'overturned'::text]))
  CREATE UNIQUE INDEX programme_applications_pkey ON public.programme_applications USING btree (id)

table programme_regions rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column programme_id uuid not null
  column region_code text not null
  column phase integer not null
  column opened_at timestamp with time zone
  column capacity_households integer
  column budget_minor bigint
  constraint programme_regions_budget_minor_check CHECK ((budget_minor > 0))
  constraint programme_regions_capacity_households_check CHECK ((capacity_households > 0))
  constraint programme_regions_phase_check CHECK (((phase >= 1) AND (phase <= 20)))
  constraint programme_regions_pkey PRIMARY KEY (programme_id, region_code)
  constraint programme_regions_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programmes(id)
  constraint programme_regions_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions(code)
  CREATE UNIQUE INDEX programme_regions_pkey ON public.programme_regions USING btree (programme_id, region_code)

table programme_sessions rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column programme_id uuid not null
  column region_code text not null
  column title text not null
  column place text
  column starts_on date not null
  column ends_on date not null
  column capacity integer not null
  column created_at timestamp with time zone not null
  column created_by uuid not null
  constraint programme_sessions_capacity_check CHECK ((capacity > 0))
  constraint programme_sessions_check CHECK ((ends_on >= starts_on))
  constraint programme_sessions_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
  constraint programme_sessions_pkey PRIMARY KEY (id)
  constraint programme_sessions_place_check CHECK ((length(place) <= 200))
  constraint programme_sessions_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programmes(id)
  constraint programme_sessions_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions(code)
  constraint programme_sessions_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200)))
  CREATE UNIQUE INDEX programme_sessions_pkey ON public.programme_sessions USING btree (id)
  CREATE INDEX programme_sessions_programme ON public.programme_sessions USING btree (programme_id, starts_on)

table programme_versions rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column programme_id uuid not null
  column version integer not null
  column state text not null
  column rule jsonb not null
  column rule_sql text not null
  column benefit jsonb
  column benefit_sql text
  column note text
  column projection jsonb
  column created_at timestamp with time zone not null
  column created_by uuid not null
  column published_at timestamp with time zone
  column published_by uuid
  constraint programme_versions_check CHECK (((state = 'draft'::text) = (published_at IS NULL)))
  constraint programme_versions_check1 CHECK (((benefit IS NULL) = (benefit_sql IS NULL)))
  constraint programme_versions_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
  constraint programme_versions_pkey PRIMARY KEY (programme_id, version)
  constraint programme_versions_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programmes(id)
  constraint programme_versions_published_by_fkey FOREIGN KEY (published_by) REFERENCES users(id)
  constraint programme_versions_state_check CHECK ((state = ANY (ARRAY['draft'::text, 'published'::text, 'superseded'::text])))
  constraint programme_versions_version_check CHECK ((version > 0))
  CREATE UNIQUE INDEX programme_versions_one_current ON public.programme_versions USING btree (programme_id) WHERE (state = 'published'::text)
  CREATE UNIQUE INDEX programme_versions_one_draft ON public.programme_versions USING btree (programme_id) WHERE (state = 'draft'::text)
  CREATE UNIQUE INDEX programme_versions_pkey ON public.programme_versions USING btree (programme_id, version)

table programmes rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column code text not null
  column owner_org uuid not null
  column kind text not null
  column service_kind text
  column aid_type_code text not null
  column funding text not null
  column name_en text not null
  column name_ar text not null
  column name_fa text not null
  column status text not null default 'draft'::text
  column created_at timestamp with time zone not null
  column created_by uuid not null
  constraint programmes_aid_type_code_fkey FOREIGN KEY (aid_type_code) REFERENCES aid_types(code)
  constraint programmes_check CHECK (((kind = 'service'::text) = (service_kind IS NOT NULL)))
  constraint programmes_code_check CHECK ((code ~ '^[a-z0-9][a-z0-9-]{1,47}$'::text))
  constraint programmes_code_key UNIQUE (code)
  constraint programmes_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
  constraint programmes_funding_check CHECK ((funding = ANY (ARRAY['general'::text, 'zakat'::text, 'donor'::text])))
  constraint programmes_kind_check CHECK ((kind = ANY (ARRAY['cash'::text, 'in_kind'::text, 'service'::text])))
  constraint programmes_owner_org_fkey FOREIGN KEY (owner_org) REFERENCES organisations(id)
  constraint programmes_pkey PRIMARY KEY (id)
  constraint programmes_service_kind_check CHECK ((service_kind = ANY (ARRAY['training'::text, 'employment'::text, 'empowerment'::text])))
  constraint programmes_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'active'::text, 'closed'::text])))
  CREATE UNIQUE INDEX programmes_code_key ON public.programmes USING btree (code)
  CREATE UNIQUE INDEX programmes_pkey ON public.programmes USING btree (id)

table rate_limit_counters rls false force false acl postgres=arwdDxt/postgres
  column key text not null
  column hits integer not null
  column reset_at timestamp with time zone not null
  constraint rate_limit_counters_pkey PRIMARY KEY (key)
  CREATE UNIQUE INDEX rate_limit_counters_pkey ON public.rate_limit_counters USING btree (key)

table regions rls false force false acl mizan_app=r/postgres postgres=arwdDxt/postgres
  column code text not null
  column parent_code text
  column level smallint not null
  column name_en text not null
  column name_ar text not null
  column name_fa text not null
  constraint regions_level_check CHECK ((level = ANY (ARRAY[1, 2])))
  constraint regions_parent_code_fkey FOREIGN KEY (parent_code) REFERENCES regions(code)
  constraint regions_pkey PRIMARY KEY (code)
  CREATE INDEX regions_parent ON public.regions USING btree (parent_code)
  CREATE UNIQUE INDEX regions_pkey ON public.regions USING btree (code)

table request_assessments rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column request_id uuid not null
  column org_id uuid not null
  column notes text not null
  column documents jsonb not null default '[]'::jsonb
  column updated_by uuid not null
  column updated_at timestamp with time zone not null
  constraint request_assessments_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint request_assessments_pkey PRIMARY KEY (request_id, org_id)
  constraint request_assessments_request_id_fkey FOREIGN KEY (request_id) REFERENCES aid_requests(id)
  constraint request_assessments_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users(id)
  CREATE UNIQUE INDEX request_assessments_pkey ON public.request_assessments USING btree (request_id, org_id)

table request_events rls true force false acl mizan_app=ar/postgres postgres=arwdDxt/postgres
  column id bigint not null generated always as identity
  column request_id uuid not null
  column at timestamp with time zone not null
  column event text not null
  column actor_user uuid
  column actor_org uuid
  column actor_role text
  column org_id uuid
  column reason text
  column details jsonb not null default '{}'::jsonb
  constraint request_events_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint request_events_pkey PRIMARY KEY (id)
  constraint request_events_request_id_fkey FOREIGN KEY (request_id) REFERENCES aid_requests(id)
  CREATE INDEX request_events_escalated ON public.request_events USING btree (request_id, org_id) WHERE (event = 'escalated'::text)
  CREATE INDEX request_events_org_event ON public.request_events USING btree (org_id, event, at) WHERE (org_id IS NOT NULL)
  CREATE UNIQUE INDEX request_events_pkey ON public.request_events USING btree (id)
  CREATE INDEX request_events_request ON public.request_events USING btree (request_id, id)

table rollout_regions rls false force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column region_code text not null
  column phase integer not null
  column opened_at timestamp with time zone
  constraint rollout_regions_phase_check CHECK (((phase >= 1) AND (phase <= 20)))
  constraint rollout_regions_pkey PRIMARY KEY (region_code)
  constraint rollout_regions_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions(code)
  CREATE UNIQUE INDEX rollout_regions_pkey ON public.rollout_regions USING btree (region_code)

table schema_definitions rls false force false acl postgres=arwdDxt/postgres
  column name text not null
  column checksum text not null
  column applied_at timestamp with time zone not null default now()
  constraint schema_definitions_pkey PRIMARY KEY (name)
  CREATE UNIQUE INDEX schema_definitions_pkey ON public.schema_definitions USING btree (name)

table schema_migrations rls false force false acl postgres=arwdDxt/postgres
  column name text not null
  column checksum text not null
  column applied_at timestamp with time zone not null default now()
  constraint schema_migrations_pkey PRIMARY KEY (name)
  CREATE UNIQUE INDEX schema_migrations_pkey ON public.schema_migrations USING btree (name)

table service_baskets rls false force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column code text not null
  column name_en text not null
  column name_ar text not null
  column name_fa text not null
  column position smallint not null default 0
  constraint service_baskets_pkey PRIMARY KEY (code)
  CREATE UNIQUE INDEX service_baskets_pkey ON public.service_baskets USING btree (code)

table session_attendance rls true force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column enrolment_id uuid not null
  column on_day date not null
  column present boolean not null
  column recorded_by uuid not null
  column recorded_at timestamp with time zone not null
  constraint session_attendance_enrolment_id_fkey FOREIGN KEY (enrolment_id) REFERENCES enrolments(id)
  constraint session_attendance_pkey PRIMARY KEY (enrolment_id, on_day)
  constraint session_attendance_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES users(id)
  CREATE UNIQUE INDEX session_attendance_pkey ON public.session_attendance USING btree (enrolment_id, on_day)

table sessions rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column token_hash bytea not null
  column csrf_hash bytea not null
  column user_id uuid not null
  column created_at timestamp with time zone not null default now()
  column expires_at timestamp with time zone not null
  column last_seen_at timestamp with time zone not null default now()
  column revoked_at timestamp with time zone
  column revoked_by uuid
  constraint sessions_pkey PRIMARY KEY (id)
  constraint sessions_revoked_by_fkey FOREIGN KEY (revoked_by) REFERENCES users(id)
  constraint sessions_token_hash_key UNIQUE (token_hash)
  constraint sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
  CREATE UNIQUE INDEX sessions_pkey ON public.sessions USING btree (id)
  CREATE UNIQUE INDEX sessions_token_hash_key ON public.sessions USING btree (token_hash)
  CREATE INDEX sessions_user ON public.sessions USING btree (user_id) WHERE (revoked_at IS NULL)

table sms_messages rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column to_phone text not null
  column text text not null
  column secret text
  column encoding text not null
  column segments integer not null
  column purpose text not null
  column ref text
  column org_id uuid
  column state text not null default 'queued'::text
  column reason text
  column smsc_message_ids text[] not null default '{}'::text[]
  column parts_delivered integer not null default 0
  column attempts integer not null default 0
  column created_at timestamp with time zone not null
  column submitted_at timestamp with time zone
  column done_at timestamp with time zone
  constraint sms_messages_encoding_check CHECK ((encoding = ANY (ARRAY['gsm7'::text, 'ucs2'::text])))
  constraint sms_messages_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint sms_messages_pkey PRIMARY KEY (id)
  constraint sms_messages_segments_check CHECK (((segments >= 1) AND (segments <= 255)))
  constraint sms_messages_state_check CHECK ((state = ANY (ARRAY['queued'::text, 'submitted'::text, 'delivered'::text, 'failed'::text, 'rejected'::text])))
  constraint sms_messages_to_phone_check CHECK ((to_phone ~ '^\+[1-9][0-9]{6,14}$'::text))
  CREATE INDEX sms_messages_day ON public.sms_messages USING btree (created_at)
  CREATE UNIQUE INDEX sms_messages_pkey ON public.sms_messages USING btree (id)
  CREATE INDEX sms_messages_smsc_ids ON public.sms_messages USING gin (smsc_message_ids)
  CREATE INDEX sms_messages_to ON public.sms_messages USING btree (to_phone)

table sms_opt_outs rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column phone text not null
  column at timestamp with time zone not null
  column via text not null
  constraint sms_opt_outs_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{6,14}$'::text))
  constraint sms_opt_outs_pkey PRIMARY KEY (phone)
  constraint sms_opt_outs_via_check CHECK ((via = ANY (ARRAY['smpp'::text, 'http'::text, 'staff'::text])))
  CREATE UNIQUE INDEX sms_opt_outs_pkey ON public.sms_opt_outs USING btree (phone)

table sms_senders rls true force false acl postgres=arwdDxt/postgres
  column source text not null
  column next_at timestamp with time zone not null
  constraint sms_senders_pkey PRIMARY KEY (source)
  CREATE UNIQUE INDEX sms_senders_pkey ON public.sms_senders USING btree (source)

table stock_items rls false force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column code text not null
  column aid_type_code text not null
  column unit text not null
  column perishable boolean not null default false
  column name_en text not null
  column name_ar text not null
  column name_fa text not null
  constraint stock_items_aid_type_code_fkey FOREIGN KEY (aid_type_code) REFERENCES aid_types(code)
  constraint stock_items_code_check CHECK ((code ~ '^[a-z0-9][a-z0-9-]{1,47}$'::text))
  constraint stock_items_pkey PRIMARY KEY (code)
  constraint stock_items_unit_check CHECK ((unit = ANY (ARRAY['piece'::text, 'basket'::text, 'box'::text, 'pack'::text, 'kg'::text, 'litre'::text])))
  CREATE INDEX stock_items_aid_type ON public.stock_items USING btree (aid_type_code)
  CREATE UNIQUE INDEX stock_items_pkey ON public.stock_items USING btree (code)

table users rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column org_id uuid
  column role text not null
  column national_id text
  column display_name text not null
  column phone text
  column locale text not null default 'ar'::text
  column active boolean not null default true
  column created_at timestamp with time zone not null default now()
  constraint users_check CHECK (((role = ANY (ARRAY['applicant'::text, 'donor'::text])) = (org_id IS NULL)))
  constraint users_donor_national_id CHECK (((role <> 'donor'::text) OR (national_id IS NOT NULL)))
  constraint users_locale_check CHECK ((locale = ANY (ARRAY['ar'::text, 'fa'::text, 'en'::text])))
  constraint users_national_id_org_id_key UNIQUE (national_id, org_id)
  constraint users_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint users_pkey PRIMARY KEY (id)
  constraint users_role_check CHECK ((role = ANY (ARRAY['ministry_admin'::text, 'ministry_supervisor'::text, 'charity_admin'::text, 'caseworker'::text, 'field_visitor'::text, 'applicant'::text, 'donor'::text])))
  CREATE UNIQUE INDEX users_national_id_org_id_key ON public.users USING btree (national_id, org_id)
  CREATE UNIQUE INDEX users_one_applicant_per_national_id ON public.users USING btree (national_id) WHERE (role = 'applicant'::text)
  CREATE UNIQUE INDEX users_one_donor_per_national_id ON public.users USING btree (national_id) WHERE (role = 'donor'::text)
  CREATE INDEX users_org ON public.users USING btree (org_id)
  CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)

table warehouses rls true force false acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
  column id uuid not null default gen_random_uuid()
  column org_id uuid not null
  column name text not null
  column region_code text not null
  column created_at timestamp with time zone not null
  constraint warehouses_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120)))
  constraint warehouses_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations(id)
  constraint warehouses_org_id_name_key UNIQUE (org_id, name)
  constraint warehouses_pkey PRIMARY KEY (id)
  constraint warehouses_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions(code)
  CREATE UNIQUE INDEX warehouses_org_id_name_key ON public.warehouses USING btree (org_id, name)
  CREATE UNIQUE INDEX warehouses_pkey ON public.warehouses USING btree (id)

table zakat_categories rls false force false acl mizan_app=arw/postgres postgres=arwdDxt/postgres
  column version integer not null
  column rule jsonb not null
  column rule_sql text not null
  column note text
  column published_at timestamp with time zone not null
  column published_by uuid
  constraint zakat_categories_pkey PRIMARY KEY (version)
  constraint zakat_categories_published_by_fkey FOREIGN KEY (published_by) REFERENCES users(id)
  constraint zakat_categories_version_check CHECK ((version > 0))
  CREATE UNIQUE INDEX zakat_categories_pkey ON public.zakat_categories USING btree (version)

-- functions

-- aid_requests_pool_backfill() acl postgres=X/postgres
CREATE OR REPLACE FUNCTION public.aid_requests_pool_backfill()
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  n bigint;
begin
  with active as (
    select r.id, r.household_id, r.aid_type_code from aid_requests r where r.status in ('open', 'claimed', 'escalated')
  ), households_of as (
    select distinct household_id from active
  ), sizes as (
    select m.household_id, count(*)::int as household_size
      from household_members m join households_of using (household_id)
     where m.active group by m.household_id
  ), heads as (
    select distinct on (m.household_id) m.household_id, p.nationality
      from household_members m join households_of using (household_id) join persons p on p.id = m.person_id
     where m.active and m.relation = 'head'
     order by m.household_id
  ), facts as (
    select a.id, coalesce(s.household_size, 0) as household_size, hd.nationality, h.region_code as region,
           coalesce(reg.parent_code, reg.code) as anon_region, t.basket_code as basket
      from active a
      join households h on h.id = a.household_id
      join regions reg on reg.code = h.region_code
      join aid_types t on t.code = a.aid_type_code
      left join sizes s on s.household_id = a.household_id
      left join heads hd on hd.household_id = a.household_id
  )
  update aid_requests r
     set pool_household_size = f.household_size, pool_nationality = f.nationality, pool_region = f.region,
         pool_anon_region = f.anon_region, pool_basket = f.basket
    from facts f
   where r.id = f.id
     and (r.pool_household_size, r.pool_nationality, r.pool_region, r.pool_anon_region, r.pool_basket)
         is distinct from (f.household_size, f.nationality, f.region, f.anon_region, f.basket);
  get diagnostics n = row_count;
  return n;
end $function$

-- aid_requests_pool_columns() acl default
CREATE OR REPLACE FUNCTION public.aid_requests_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if new.status not in ('open', 'claimed', 'escalated') or aid_requests_pool_deferred() then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.status in ('open', 'claimed', 'escalated')
     and old.household_id = new.household_id and old.aid_type_code = new.aid_type_code then
    return new; -- claimed, released, escalated, reassigned: the columns are current already
  end if;
  perform 1 from households where id = new.household_id for share;
  select (select count(*)::int from household_members m where m.household_id = h.id and m.active),
         (select p.nationality from household_members m join persons p on p.id = m.person_id
           where m.household_id = h.id and m.active and m.relation = 'head' limit 1),
         h.region_code, coalesce(reg.parent_code, reg.code),
         (select t.basket_code from aid_types t where t.code = new.aid_type_code)
    into new.pool_household_size, new.pool_nationality, new.pool_region, new.pool_anon_region, new.pool_basket
    from households h join regions reg on reg.code = h.region_code
   where h.id = new.household_id;
  return new;
end $function$

-- aid_requests_pool_deferred() acl default
CREATE OR REPLACE FUNCTION public.aid_requests_pool_deferred()
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select coalesce(current_setting('mizan.pool_columns', true), '') = 'deferred'
     and coalesce(current_setting('role', true), 'none') = 'none'
$function$

-- aid_requests_pool_refresh(uuid) acl postgres=X/postgres
CREATE OR REPLACE FUNCTION public.aid_requests_pool_refresh(p_household uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if p_household is null or aid_requests_pool_deferred() then
    return;
  end if;
  -- one change of the household's facts at a time, and none while one of its requests is inserted
  perform 1 from households where id = p_household for no key update;
  update aid_requests r
     set pool_household_size = f.household_size, pool_nationality = f.nationality, pool_region = f.region, pool_anon_region = f.anon_region
    from (select (select count(*)::int from household_members m where m.household_id = h.id and m.active) as household_size,
                 (select p.nationality from household_members m join persons p on p.id = m.person_id
                   where m.household_id = h.id and m.active and m.relation = 'head' limit 1) as nationality,
                 h.region_code as region,
                 coalesce(reg.parent_code, reg.code) as anon_region
            from households h join regions reg on reg.code = h.region_code
           where h.id = p_household) f
   where r.household_id = p_household
     and r.status in ('open', 'claimed', 'escalated')
     and (r.pool_household_size, r.pool_nationality, r.pool_region, r.pool_anon_region)
         is distinct from (f.household_size, f.nationality, f.region, f.anon_region);
end $function$

-- aid_requests_set_group() acl default
CREATE OR REPLACE FUNCTION public.aid_requests_set_group()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  select group_code into new.group_code from aid_types where code = new.aid_type_code;
  if new.group_code is null then
    raise exception 'unknown aid type %', new.aid_type_code using errcode = 'foreign_key_violation';
  end if;
  return new;
end $function$

-- aid_types_pool_columns() acl default
CREATE OR REPLACE FUNCTION public.aid_types_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  update aid_requests set pool_basket = new.basket_code
   where aid_type_code = new.code and status in ('open', 'claimed', 'escalated');
  return null;
end $function$

-- aid_window(text,date) acl default
CREATE OR REPLACE FUNCTION public.aid_window(p_aid_type text, p_on date)
 RETURNS daterange
 LANGUAGE plpgsql
 STABLE
AS $function$
declare
  w daterange;
begin
  select aid_window_of(g.window_kind, g.window_days, d.school_year_start_month, d.school_year_start_day, p_on) into w
    from aid_types t join exclusivity_groups g on g.code = t.group_code left join deployment d on true
   where t.code = p_aid_type;
  if not found then
    raise exception 'unknown aid type %', p_aid_type using errcode = 'foreign_key_violation';
  end if;
  return w;
end $function$

-- aid_window_of(text,integer,smallint,smallint,date) acl default
CREATE OR REPLACE FUNCTION public.aid_window_of(p_kind text, p_days integer, p_month smallint, p_day smallint, p_on date)
 RETURNS daterange
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select case p_kind
    when 'days' then daterange(p_on, p_on + p_days)
    when 'lifetime' then daterange(p_on, null)
    -- school_year: the school year containing the date, from the deployment's start month and day
    else case
      when p_on < make_date(extract(year from p_on)::int, coalesce(p_month, 9), coalesce(p_day, 1))
        then daterange((make_date(extract(year from p_on)::int, coalesce(p_month, 9), coalesce(p_day, 1)) - interval '1 year')::date,
                       make_date(extract(year from p_on)::int, coalesce(p_month, 9), coalesce(p_day, 1)))
      else daterange(make_date(extract(year from p_on)::int, coalesce(p_month, 9), coalesce(p_day, 1)),
                     (make_date(extract(year from p_on)::int, coalesce(p_month, 9), coalesce(p_day, 1)) + interval '1 year')::date)
    end
  end
$function$

-- audit_canonical(audit_log,bigint) acl default
CREATE OR REPLACE FUNCTION public.audit_canonical(a audit_log, p_pos bigint)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
  select jsonb_build_array(p_pos, a.seq, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                           a.actor_user, a.actor_org, a.actor_role, a.action, a.subject_type, a.subject_id,
                           a.household_id, a.reason, a.details)::text
$function$

-- audit_head() acl default
CREATE OR REPLACE FUNCTION public.audit_head()
 RETURNS TABLE(pos bigint, hash bytea)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select pos, hash from audit_chain_head
$function$

-- audit_seal(integer) acl default
CREATE OR REPLACE FUNCTION public.audit_seal(p_limit integer DEFAULT 10000)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  head_pos bigint;
  head_hash bytea;
  r audit_log%rowtype;
  h bytea;
  n integer := 0;
begin
  -- one sealer at a time
  perform pg_advisory_xact_lock(7160003);
  select pos, hash into head_pos, head_hash from audit_chain_head;
  if not found then
    head_pos := 0;
    head_hash := sha256(convert_to('mizan audit chain', 'UTF8'));
  end if;
  for r in
    select * from audit_log
     where chain_pos is null and xact_id is distinct from pg_current_xact_id_if_assigned()
     order by seq limit p_limit
  loop
    head_pos := head_pos + 1;
    h := sha256(head_hash || convert_to(audit_canonical(r, head_pos), 'UTF8'));
    update audit_log set chain_pos = head_pos, prev_hash = head_hash, hash = h where seq = r.seq;
    head_hash := h;
    n := n + 1;
  end loop;
  if n > 0 then
    insert into audit_chain_head (singleton, pos, hash) values (true, head_pos, head_hash)
      on conflict (singleton) do update set pos = excluded.pos, hash = excluded.hash;
  end if;
  return n;
end $function$

-- auth_session_actor(bytea,timestamp with time zone) acl default
CREATE OR REPLACE FUNCTION public.auth_session_actor(p_hash bytea, p_now timestamp with time zone)
 RETURNS TABLE(session_id uuid, csrf_hash bytea, id uuid, org_id uuid, role text, locale text, national_id text, display_name text, org_kind text, org_status text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
declare
  r record;
begin
  select s.id as sid, s.csrf_hash as scsrf, s.last_seen_at as last_seen,
         u.id as uid, u.org_id as uorg, u.role as urole, u.locale as ulocale, u.national_id as unational,
         u.display_name as uname, o.kind as okind, o.status as ostatus
    into r
    from sessions s
    join users u on u.id = s.user_id
    left join organisations o on o.id = u.org_id
   where s.token_hash = p_hash and s.revoked_at is null and s.expires_at > p_now and u.active;
  if not found then
    return;
  end if;
  if r.last_seen < p_now - interval '1 minute' then
    update sessions s set last_seen_at = p_now
     where s.id = r.sid and s.last_seen_at < p_now - interval '1 minute';
  end if;
  session_id := r.sid; csrf_hash := r.scsrf; id := r.uid; org_id := r.uorg; role := r.urole; locale := r.ulocale;
  national_id := r.unational; display_name := r.uname; org_kind := r.okind; org_status := r.ostatus;
  return next;
end $function$

-- auth_token_actor(bytea,timestamp with time zone) acl default
CREATE OR REPLACE FUNCTION public.auth_token_actor(p_hash bytea, p_now timestamp with time zone)
 RETURNS TABLE(token_id uuid, id uuid, org_id uuid, role text, locale text, national_id text, display_name text, org_kind text, org_status text, scopes text[], expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
declare
  r record;
begin
  select t.id as tid, t.last_used_at as last_used, t.scopes as tscopes, t.expires_at as texpires,
         u.id as uid, u.org_id as uorg, u.role as urole, u.locale as ulocale, u.national_id as unational,
         u.display_name as uname, o.kind as okind, o.status as ostatus
    into r
    from api_tokens t
    join users u on u.id = t.user_id
    left join organisations o on o.id = u.org_id
   where t.token_hash = p_hash and t.revoked_at is null
     and (t.expires_at is null or t.expires_at > p_now) and u.active;
  if not found then
    return;
  end if;
  if r.last_used is null or r.last_used < p_now - interval '1 minute' then
    update api_tokens t set last_used_at = p_now
     where t.id = r.tid and (t.last_used_at is null or t.last_used_at < p_now - interval '1 minute');
  end if;
  token_id := r.tid; id := r.uid; org_id := r.uorg; role := r.urole; locale := r.ulocale;
  national_id := r.unational; display_name := r.uname; org_kind := r.okind; org_status := r.ostatus;
  scopes := r.tscopes; expires_at := r.texpires;
  return next;
end $function$

-- donation_lot_org(uuid) acl default
CREATE OR REPLACE FUNCTION public.donation_lot_org(p_lot uuid)
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select l.org_id from donation_lots l where l.id = p_lot
$function$

-- donation_lots_open() acl default
CREATE OR REPLACE FUNCTION public.donation_lots_open()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  insert into lot_balances (lot_id, org_id, form, received_at, item_code, expires_on)
  values (new.id, new.org_id, new.form, new.received_at, new.item_code, new.expires_on);
  return null;
end $function$

-- donations_books_open(uuid) acl default
CREATE OR REPLACE FUNCTION public.donations_books_open(p_org uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return exists (select 1 from donation_books b where b.org_id = p_org);
end $function$

-- donations_disburse(jsonb,jsonb,text,text,timestamp with time zone,uuid) acl default
CREATE OR REPLACE FUNCTION public.donations_disburse(p_grant jsonb, p_lots jsonb, p_basket text, p_province text, p_at timestamp with time zone, p_user uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_entry uuid;
  v_line smallint := 0;
  it jsonb;
begin
  if not exists (select 1 from grants g where g.id = (p_grant->>'id')::uuid and g.org_id = (p_grant->>'org_id')::uuid
                  and (mizan_ctx_reads_all() or g.org_id = mizan_ctx_org())) then
    raise exception 'a grant is funded in the books of the charity that gave it' using errcode = 'insufficient_privilege';
  end if;
  insert into journal_entries (kind, org_id, at, grant_id, aid_type_code, basket_code, region_code, service_on, created_by)
  values ('disbursement', (p_grant->>'org_id')::uuid, p_at, (p_grant->>'id')::uuid, p_grant->>'aid_type_code', p_basket, p_province,
          (p_grant->>'granted_on')::date, p_user)
  returning id into v_entry;
  for it in select e.value from jsonb_array_elements(p_lots) e loop
    insert into journal_lines (entry_id, line, account, lot_id, amount_minor, quantity)
    values (v_entry, v_line + 1, 'held', (it->>'lot')::uuid, -(it->>'amount')::bigint, -(it->>'quantity')::integer),
           (v_entry, v_line + 2, 'granted', (it->>'lot')::uuid, (it->>'amount')::bigint, (it->>'quantity')::integer);
    v_line := v_line + 2;
  end loop;
  return v_entry;
end $function$

-- donations_lot_allows(text,text,boolean,text,text,text,text,uuid,uuid,boolean) acl default
CREATE OR REPLACE FUNCTION public.donations_lot_allows(p_kind text, p_code text, p_zakat boolean, p_aid_type text, p_basket text, p_region text, p_province text, p_programme uuid, p_household uuid, p_zakat_ok boolean)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_fits boolean;
begin
  v_fits := case p_kind
              when 'general' then true
              when 'basket' then p_code = p_basket
              when 'aid_type' then p_code = p_aid_type
              when 'region' then p_code in (p_region, p_province)
              when 'programme' then p_programme is not null and p_code = p_programme::text
              else false
            end;
  if not coalesce(v_fits, false) then
    return false;
  end if;
  return not p_zakat or coalesce(p_zakat_ok, (select z.entitled from zakat_entitled(p_household) z));
end $function$

-- donations_pick_lots(uuid,text,text,bigint,integer,uuid[],date,jsonb) acl default
CREATE OR REPLACE FUNCTION public.donations_pick_lots(p_org uuid, p_form text, p_aid_type text, p_amount bigint, p_quantity integer, p_chosen uuid[], p_on date, p_fits jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  r record;
  v_lot record;
  v_bal record;
  v_left_amount bigint := case when p_form = 'cash' then p_amount else 0 end;
  v_left_qty integer := case when p_form = 'in_kind' then coalesce(p_quantity, 1) else 0 end;
  v_take_amount bigint;
  v_take_qty integer;
  v_lots jsonb := '[]'::jsonb;
  v_seen uuid[] := '{}';
  v_zakat_ok boolean;
  v_zakat_skipped boolean := false;
  v_restricted boolean := false;
  v_household uuid := (p_fits->>'household')::uuid;
  v_grant boolean := p_fits ? 'household';
  v_items text[];
  v_pass integer;
  v_walk text;
  v_cur refcursor;
begin
  if not coalesce(mizan_ctx_reads_all() or p_org = mizan_ctx_org(), false) then
    raise exception 'lots are drawn only by the charity that holds them' using errcode = 'insufficient_privilege';
  end if;
  v_walk := case when p_chosen is not null
              then 'select c.lot_id from unnest($1::uuid[]) with ordinality c(lot_id, n) order by n'
              else 'select b.lot_id from lot_balances b
                     where $1::uuid[] is null and b.org_id = $2 and b.form = $3 and (b.amount_minor > 0 or b.quantity > 0)
                       and ($3 = ''cash'' or b.item_code = any ($4::text[]))
                     order by b.received_at, b.lot_id' end;
  if p_form = 'in_kind' then
    v_items := case when p_fits ? 'item' then array[p_fits->>'item'] else array(select i.code from stock_items i where i.aid_type_code = p_aid_type) end;
  end if;
  for v_pass in 0..2 loop
    exit when v_left_amount <= 0 and v_left_qty <= 0;
    if v_pass = 0 then
      -- The lot the previous grant of this transaction drew on (p_fits->>'hint'), if it still pays: no walk.
      continue when p_chosen is not null or not (p_fits ? 'hint');
      open v_cur for select (p_fits->>'hint')::uuid as lot_id;
    else
      -- The caseworker's lots in their order, or the charity's lots still holding something, oldest first.
      open v_cur for execute v_walk using p_chosen, p_org, p_form, v_items;
    end if;
    loop
      fetch v_cur into r;
      exit when not found or (v_left_amount <= 0 and v_left_qty <= 0);
      continue when r.lot_id = any (v_seen);
      -- The lot, locked: at once on the first passes (skipped if another transaction holds it), waiting on the last.
      if v_pass < 2 then
        select l.* into v_lot from donation_lots l where l.id = r.lot_id and l.org_id = p_org and l.form = p_form for update skip locked;
      else
        select l.* into v_lot from donation_lots l where l.id = r.lot_id and l.org_id = p_org and l.form = p_form for update;
      end if;
      continue when not found;
      v_seen := v_seen || r.lot_id;
      continue when p_form = 'in_kind' and (not v_lot.item_code = any (v_items) or v_lot.expires_on < p_on);
      if v_grant then
        if not donations_lot_allows(v_lot.restriction_kind, v_lot.restriction_code, false, p_fits->>'aidType', p_fits->>'basket',
                                    p_fits->>'region', p_fits->>'province', (p_fits->>'programme')::uuid, v_household, true) then
          v_restricted := true;
          continue;
        end if;
        if v_lot.zakat then
          if v_zakat_ok is null then
            select z.entitled into v_zakat_ok from zakat_entitled(v_household) z;
          end if;
          if not v_zakat_ok then
            v_zakat_skipped := true;
            continue;
          end if;
        end if;
      elsif p_fits ? 'fund' then
        continue when not (v_lot.restriction_kind = p_fits->'fund'->>'kind' and v_lot.restriction_code is not distinct from p_fits->'fund'->>'code'
                           and v_lot.zakat = (p_fits->'fund'->>'zakat')::boolean);
      elsif p_fits ? 'donation' then
        continue when v_lot.donation_id <> (p_fits->>'donation')::uuid;
      else
        continue;
      end if;
      select b.amount_minor, b.quantity into v_bal from lot_balances b where b.lot_id = v_lot.id;
      if p_form = 'cash' then
        v_take_amount := least(v_bal.amount_minor, v_left_amount);
        v_take_qty := 0;
        v_left_amount := v_left_amount - v_take_amount;
      else
        v_take_qty := least(v_bal.quantity, v_left_qty);
        v_take_amount := v_take_qty * v_lot.unit_value_minor;
        v_left_qty := v_left_qty - v_take_qty;
      end if;
      if v_take_amount > 0 or v_take_qty > 0 then
        v_lots := v_lots || jsonb_build_object('lot', v_lot.id, 'amount', v_take_amount, 'quantity', v_take_qty);
      end if;
    end loop;
    close v_cur;
  end loop;

  if v_left_amount <= 0 and v_left_qty <= 0 then
    return jsonb_build_object('outcome', 'ok', 'lots', v_lots);
  end if;
  -- Not enough: say why, from what an allowed fund had and what stood in the way.
  return jsonb_build_object(
    'outcome', 'not-funded',
    'reason', case
                when p_chosen is not null and exists (select 1 from unnest(p_chosen) c(id) where not exists (select 1 from donation_lots l where l.id = c.id and l.org_id = p_org)) then 'unknown-lot'
                when jsonb_array_length(v_lots) > 0 then 'insufficient'
                when v_zakat_skipped then 'zakat-not-entitled'
                when v_restricted then 'restricted'
                else 'insufficient'
              end,
    'form', p_form,
    'neededMinor', case when p_form = 'cash' then p_amount end,
    'neededQuantity', case when p_form = 'in_kind' then coalesce(p_quantity, 1) end,
    'availableMinor', case when p_form = 'cash' then p_amount - v_left_amount end,
    'availableQuantity', case when p_form = 'in_kind' then coalesce(p_quantity, 1) - v_left_qty end);
end $function$

-- donations_reconcile() acl default
CREATE OR REPLACE FUNCTION public.donations_reconcile()
 RETURNS TABLE(journal_sum bigint, unbalanced_entries integer, balance_mismatches integer, negative_balances integer, unfunded_grants integer, funding_mismatches integer, entries integer, lots integer, books integer)
 LANGUAGE sql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select
    (select coalesce(sum(amount_minor), 0) from journal_lines)::bigint,
    (select count(*) from (select entry_id from journal_lines group by entry_id having sum(amount_minor) <> 0 or sum(quantity) <> 0 or count(*) < 2) u)::int,
    (select count(*) from lot_balances b
       left join (select lot_id, sum(amount_minor) a, sum(quantity) q from journal_lines where account = 'held' group by lot_id) s on s.lot_id = b.lot_id
      where b.amount_minor <> coalesce(s.a, 0) or b.quantity <> coalesce(s.q, 0))::int,
    (select count(*) from lot_balances where amount_minor < 0 or quantity < 0)::int,
    (select count(*) from grants g join donation_books k on k.org_id = g.org_id
      where g.status = 'active' and g.created_at >= k.opened_at and (g.form = 'in_kind' or g.amount_minor is not null)
        and not exists (select 1 from journal_entries e where e.grant_id = g.id and e.kind = 'disbursement'))::int,
    (select count(*) from grants g join journal_entries e on e.grant_id = g.id and e.kind = 'disbursement'
      where g.status = 'active' and (select case when g.form = 'in_kind' then sum(l.quantity) else sum(l.amount_minor) end
                                        from journal_lines l where l.entry_id = e.id and l.account = 'granted')
                                    <> case when g.form = 'in_kind' then coalesce(g.quantity, 1) else g.amount_minor end)::int,
    (select count(*) from journal_entries)::int,
    (select count(*) from donation_lots)::int,
    (select count(*) from donation_books)::int
$function$

-- donations_reverse_grant() acl default
CREATE OR REPLACE FUNCTION public.donations_reverse_grant()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_d journal_entries%rowtype;
  v_entry uuid;
begin
  select * into v_d from journal_entries e
   where e.grant_id = new.id and e.kind = 'disbursement'
     and not exists (select 1 from journal_entries r where r.reverses = e.id);
  if not found then
    return null;
  end if;
  insert into journal_entries (kind, org_id, at, reverses, grant_id, aid_type_code, basket_code, region_code, service_on, memo, created_by)
  values ('reversal', v_d.org_id, now(), v_d.id, new.id, v_d.aid_type_code, v_d.basket_code, v_d.region_code, v_d.service_on,
          left(coalesce(new.revoked_reason, 'grant revoked'), 500), nullif(current_setting('mizan.user_id', true), '')::uuid)
  returning id into v_entry;
  insert into journal_lines (entry_id, line, account, lot_id, amount_minor, quantity)
  select v_entry, l.line, l.account, l.lot_id, -l.amount_minor, -l.quantity from journal_lines l where l.entry_id = v_d.id;
  return null;
end $function$

-- grant_aid(jsonb) acl =X/postgres mizan_app=X/postgres postgres=X/postgres
CREATE OR REPLACE FUNCTION public.grant_aid(p_items jsonb)
 RETURNS TABLE(r_outcome text, r_household uuid, r_exception_status text, r_grant jsonb, r_detail jsonb)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  it jsonb;
  v_scheme text;
  v_tz text;
  v_limit integer;
  v_today date;
  v_on date;
  v_registered date;
  v_org uuid;
  v_org_status text;
  v_org_kind text;
  v_code text;
  v_group text;
  v_form text;
  v_active boolean;
  v_offered boolean;
  v_bene record;
  v_ex record;
  v_exception uuid;
  v_backdate uuid;
  v_grant grants%rowtype;
  v_org_found boolean;
  v_prog_id uuid;
  v_prog_owner uuid;
  v_prog_type text;
  v_prog_status text;
  v_prog_funding text;
  v_zakat record;
  v_basket text;
  v_funded boolean;
  v_funding jsonb;
  v_place record;
  v_hint uuid;
  v_hint_of text;
begin
  select d.id_scheme, coalesce(d.settings->>'time_zone', 'UTC'),
         case when jsonb_typeof(d.settings->'backdate_days') = 'number' then greatest(0, (d.settings->>'backdate_days')::numeric::integer) else 30 end
    into v_scheme, v_tz, v_limit
    from deployment d;
  for it in select e.value from jsonb_array_elements(p_items) e loop
    r_outcome := null;
    r_household := null;
    r_exception_status := null;
    r_grant := null;
    r_detail := null;
    v_org := nullif(it->>'orgId', '')::uuid;
    perform set_config('mizan.user_id', coalesce(it->>'userId', ''), true),
            set_config('mizan.org_id', coalesce(it->>'orgId', ''), true),
            set_config('mizan.role', coalesce(it->>'role', 'public'), true);

    -- the acting organisation, the aid type, and whether the organisation offers it: one read
    select o.status, o.kind, t.code, t.group_code, t.form, t.active, t.basket_code,
           exists (select 1 from organisation_aid_types oat where oat.org_id = o.id and oat.aid_type_code = t.code)
      into v_org_status, v_org_kind, v_code, v_group, v_form, v_active, v_basket, v_offered
      from organisations o
      left join aid_types t on t.code = it->>'aidTypeCode'
     where o.id = v_org;
    v_org_found := found;
    v_prog_id := null;
    v_prog_funding := null;
    if it->>'programmeId' is not null then
      select p.id, p.owner_org, p.aid_type_code, p.status, p.funding
        into v_prog_id, v_prog_owner, v_prog_type, v_prog_status, v_prog_funding
        from programmes p where p.id = (it->>'programmeId')::uuid;
    end if;
    if not v_org_found or v_org_status <> 'approved' or (v_org_kind <> 'charity' and it->>'programmeId' is null) then
      r_outcome := 'org-not-approved';
    elsif v_code is null or not v_active then
      r_outcome := 'unknown-aid-type';
    elsif it->>'programmeId' is not null and (v_prog_id is null or v_prog_status <> 'active' or v_prog_owner <> v_org or v_prog_type <> v_code) then
      r_outcome := 'programme-not-active';
    elsif it->>'programmeId' is null and not v_offered then
      r_outcome := 'not-offered';
    end if;
    if r_outcome is not null then
      return next;
      continue;
    end if;

    select * into v_bene from registry_beneficiary(v_scheme, it->>'nationalId', (it->>'householdId')::uuid, (it->>'personId')::uuid);
    if v_bene.outcome <> 'ok' then
      r_outcome := v_bene.outcome;
      return next;
      continue;
    end if;
    r_household := v_bene.beneficiary_household;

    if v_prog_funding = 'zakat' then
      select * into v_zakat from zakat_entitled(r_household);
      if not v_zakat.entitled then
        r_outcome := 'zakat-not-entitled';
        r_detail := jsonb_build_object('version', v_zakat.version);
        return next;
        continue;
      end if;
    end if;

    if v_form = 'cash' and it->'amountMinor' is null then
      r_outcome := 'amount-required';
      return next;
      continue;
    end if;

    -- The date: not after today, not before the household (or the member) was registered.
    v_today := ((it->>'at')::timestamptz at time zone v_tz)::date;
    v_on := coalesce((it->>'grantedOn')::date, v_today);
    if v_on > v_today then
      r_outcome := 'future-date';
      r_detail := jsonb_build_object('grantedOn', v_on, 'today', v_today);
      return next;
      continue;
    end if;
    -- A registration the application's clock has not reached yet (clocks apart) counts as today.
    v_registered := least(grant_registered_on(r_household, v_bene.beneficiary_person, v_tz), v_today);
    if v_on < v_registered then
      r_outcome := 'before-registration';
      r_detail := jsonb_build_object('grantedOn', v_on, 'registeredOn', v_registered);
      return next;
      continue;
    end if;

    v_exception := null;
    v_backdate := null;
    if it->>'exceptionId' is not null then
      select e.id, e.household_id, e.group_code, e.status, e.kind, e.granted_on into v_ex
        from grant_exceptions e where e.id = (it->>'exceptionId')::uuid for update;
      if not found then
        r_outcome := 'exception-missing';
      elsif v_ex.household_id <> r_household or v_ex.group_code <> v_group or (v_ex.kind = 'backdate' and v_ex.granted_on <> v_on) then
        r_outcome := 'exception-mismatch';
      elsif v_ex.status <> 'approved' then
        r_outcome := 'exception-not-approved';
        r_exception_status := v_ex.status;
      end if;
      if r_outcome is not null then
        return next;
        continue;
      end if;
      if v_ex.kind = 'backdate' then
        v_backdate := v_ex.id;
      else
        v_exception := v_ex.id;
      end if;
    end if;

    -- Back-dated further than the deployment allows: only with a supervisor's approval of that date.
    if v_backdate is null and v_on < v_today - v_limit then
      r_outcome := 'backdate-needs-approval';
      r_detail := jsonb_build_object('grantedOn', v_on, 'today', v_today, 'limitDays', v_limit, 'earliest', v_today - v_limit);
      return next;
      continue;
    end if;

    -- Funded by donations: the lots that pay it, locked until the transaction ends.
    v_funding := null;
    v_funded := (v_form = 'in_kind' or it->'amountMinor' is not null)
                and (v_prog_funding = 'donor' or donations_books_open(v_org));
    if v_funded then
      select * into v_place from registry_household_region(r_household);
      v_funding := donations_pick_lots(v_org, case when v_form = 'in_kind' then 'in_kind' else 'cash' end, v_code,
                     (it->>'amountMinor')::bigint, coalesce((it->>'quantity')::integer, 1),
                     case when jsonb_typeof(it->'fundingLots') = 'array' then array(select jsonb_array_elements_text(it->'fundingLots')::uuid) end,
                     v_on,
                     jsonb_build_object('household', r_household, 'aidType', v_code, 'basket', v_basket, 'region', v_place.region_code,
                                        'province', v_place.province_code, 'programme', v_prog_id)
                     || case when v_hint_of = v_org::text || v_form then jsonb_build_object('hint', v_hint) else '{}'::jsonb end);
      if v_funding->>'outcome' = 'ok' then
        -- the lot this grant drew on last: the next grant of this charity in this call tries it first
        v_hint := (v_funding->'lots'->-1->>'lot')::uuid;
        v_hint_of := v_org::text || v_form;
      else
        r_outcome := 'not-funded';
        r_detail := v_funding - 'outcome';
        return next;
        continue;
      end if;
    end if;

    insert into grants (household_id, person_id, request_id, org_id, aid_type_code, form, amount_minor, currency,
                        item, quantity, granted_on, recorded_on, exception_id, backdate_exception_id, revoked_reason, created_by, programme_id)
    values (r_household, v_bene.beneficiary_person, (it->>'requestId')::uuid, v_org, v_code, v_form,
            (it->>'amountMinor')::bigint, case when it->'amountMinor' is null then null else it->>'currency' end,
            case when v_form = 'cash' then null else coalesce(it->>'item', (select t.name_en from aid_types t where t.code = v_code)) end,
            case when v_form = 'cash' then null else coalesce((it->>'quantity')::integer, 1) end,
            v_on, v_today, v_exception, v_backdate, null, (it->>'userId')::uuid, v_prog_id)
    on conflict do nothing
    returning * into v_grant;
    if not found then
      r_outcome := 'refused';
      r_detail := jsonb_build_object('grantedOn', v_on, 'during', grant_window(v_code, v_on, v_today, v_backdate is not null)::text);
      return next;
      continue;
    end if;
    if v_funding is not null then
      perform donations_disburse(to_jsonb(v_grant), v_funding->'lots', v_basket, v_place.province_code, (it->>'at')::timestamptz, (it->>'userId')::uuid);
    end if;
    if coalesce(v_exception, v_backdate) is not null then
      update grant_exceptions set status = 'used' where id = coalesce(v_exception, v_backdate) and status = 'approved';
    end if;
    insert into audit_log (at, actor_user, actor_org, actor_role, action, subject_type, subject_id, household_id, details)
    values ((it->>'at')::timestamptz, (it->>'userId')::uuid, v_org, it->>'role',
            case when v_exception is not null then 'grant.create.exception' when v_backdate is not null then 'grant.create.backdated' else 'grant.create' end,
            'grant', v_grant.id::text, r_household,
            jsonb_build_object('aidType', v_code, 'group', v_group, 'amountMinor', v_grant.amount_minor,
                               'exceptionId', coalesce(v_exception, v_backdate), 'requestId', v_grant.request_id, 'programmeId', v_prog_id,
                               'grantedOn', v_on, 'recordedOn', v_today));
    r_outcome := 'granted';
    r_grant := to_jsonb(v_grant);
    return next;
  end loop;
end $function$

-- grant_registered_on(uuid,uuid,text) acl =X/postgres mizan_app=X/postgres postgres=X/postgres
CREATE OR REPLACE FUNCTION public.grant_registered_on(p_household uuid, p_person uuid, p_tz text)
 RETURNS date
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select greatest((h.created_at at time zone p_tz)::date,
                  (select max((m.joined_at at time zone p_tz)::date) from household_members m
                    where m.household_id = h.id and m.person_id = p_person and m.active))
    from households h where h.id = p_household
$function$

-- grant_window(text,date,date,boolean) acl =X/postgres mizan_app=X/postgres postgres=X/postgres
CREATE OR REPLACE FUNCTION public.grant_window(p_aid_type text, p_granted_on date, p_recorded_on date, p_vouched boolean)
 RETURNS daterange
 LANGUAGE sql
 STABLE
AS $function$
  select grant_window_of(g.window_kind, g.window_days, d.school_year_start_month, d.school_year_start_day,
                         p_granted_on, p_recorded_on, p_vouched)
    from aid_types t join exclusivity_groups g on g.code = t.group_code left join deployment d on true
   where t.code = p_aid_type
$function$

-- grant_window_of(text,integer,smallint,smallint,date,date,boolean) acl =X/postgres mizan_app=X/postgres postgres=X/postgres
CREATE OR REPLACE FUNCTION public.grant_window_of(p_kind text, p_days integer, p_month smallint, p_day smallint, p_granted_on date, p_recorded_on date, p_vouched boolean)
 RETURNS daterange
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select case when p_recorded_on is null or p_vouched
              then aid_window_of(p_kind, p_days, p_month, p_day, p_granted_on)
              else range_merge(aid_window_of(p_kind, p_days, p_month, p_day, p_granted_on),
                               aid_window_of(p_kind, p_days, p_month, p_day, p_recorded_on)) end
$function$

-- grants_find_blocking(uuid,text,date) acl default
CREATE OR REPLACE FUNCTION public.grants_find_blocking(p_household uuid, p_aid_type text, p_on date)
 RETURNS TABLE(id uuid, aid_type_code text, name_en text, name_ar text, name_fa text, group_code text, granted_on date, org_id uuid, org_kind text, window_end text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.id end,
         g.aid_type_code, t.name_en, t.name_ar, t.name_fa, g.group_code, g.granted_on,
         case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.org_id end,
         o.kind, upper(g.during)::text
    from grants g
    join organisations o on o.id = g.org_id
    join aid_types t on t.code = g.aid_type_code
   where g.household_id = p_household
     and g.status = 'active'
     and g.exception_id is null
     and g.group_code = (select group_code from aid_types where code = p_aid_type)
     and g.during && aid_window(p_aid_type, p_on)
   order by g.granted_on desc
   limit 1
$function$

-- grants_find_blocking(uuid,text,daterange) acl =X/postgres mizan_app=X/postgres postgres=X/postgres
CREATE OR REPLACE FUNCTION public.grants_find_blocking(p_household uuid, p_aid_type text, p_during daterange)
 RETURNS TABLE(id uuid, aid_type_code text, name_en text, name_ar text, name_fa text, group_code text, granted_on date, org_id uuid, org_kind text, window_end text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.id end,
         g.aid_type_code, t.name_en, t.name_ar, t.name_fa, g.group_code, g.granted_on,
         case when g.org_id = mizan_ctx_org() or mizan_ctx_reads_all() then g.org_id end,
         o.kind, upper(g.during)::text
    from grants g
    join organisations o on o.id = g.org_id
    join aid_types t on t.code = g.aid_type_code
   where g.household_id = p_household
     and g.status = 'active'
     and g.exception_id is null
     and g.group_code = (select group_code from aid_types where code = p_aid_type)
     and g.during && p_during
   order by g.granted_on desc
   limit 1
$function$

-- grants_of_household(uuid) acl default
CREATE OR REPLACE FUNCTION public.grants_of_household(p_household uuid)
 RETURNS TABLE(id uuid, aid_type_code text, basket_code text, group_code text, form text, amount_minor bigint, currency text, item text, quantity integer, granted_on date, status text, exception_id uuid, request_id uuid, person_id uuid, org_id uuid, org_kind text, org_name text)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
declare
  v_sees boolean := mizan_ctx_reads_all() or coalesce(mizan_can_see_household(p_household), false);
  v_org uuid := mizan_ctx_org();
begin
  return query
    select g.id, g.aid_type_code, t.basket_code, g.group_code, g.form, g.amount_minor, g.currency, g.item,
           g.quantity, g.granted_on, g.status, g.exception_id, g.request_id, g.person_id, g.org_id, o.kind, o.name
      from grants g
      join organisations o on o.id = g.org_id
      join aid_types t on t.code = g.aid_type_code
     where g.household_id = p_household
       and (v_sees or g.org_id = v_org)
     order by g.granted_on desc, g.created_at desc;
end $function$

-- grants_set_window() acl default
CREATE OR REPLACE FUNCTION public.grants_set_window()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  select t.group_code,
         grant_window_of(g.window_kind, g.window_days, d.school_year_start_month, d.school_year_start_day,
                         new.granted_on, new.recorded_on, new.backdate_exception_id is not null)
    into new.group_code, new.during
    from aid_types t join exclusivity_groups g on g.code = t.group_code left join deployment d on true
   where t.code = new.aid_type_code;
  if not found then
    raise exception 'unknown aid type %', new.aid_type_code using errcode = 'foreign_key_violation';
  end if;
  return new;
end $function$

-- grants_zakat_entitled() acl default
CREATE OR REPLACE FUNCTION public.grants_zakat_entitled()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_funding text;
  v_z record;
begin
  select p.funding into v_funding from programmes p where p.id = new.programme_id;
  if v_funding = 'zakat' then
    select * into v_z from zakat_entitled(new.household_id);
    if not v_z.entitled then
      raise exception 'household % does not meet the zakat categories (version %)', new.household_id, coalesce(v_z.version::text, 'none')
        using errcode = 'check_violation', constraint = 'grants_zakat_entitled';
    end if;
  end if;
  return new;
end $function$

-- household_members_person_not_merged() acl default
CREATE OR REPLACE FUNCTION public.household_members_person_not_merged()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if new.active and exists (select 1 from persons p where p.id = new.person_id and p.merged_into is not null) then
    raise exception 'person % was merged into another and joins no household', new.person_id
      using errcode = 'object_not_in_prerequisite_state', constraint = 'persons_merged_read_only';
  end if;
  return new;
end $function$

-- household_members_pool_columns() acl default
CREATE OR REPLACE FUNCTION public.household_members_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform aid_requests_pool_refresh(old.household_id);
  end if;
  if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.household_id is distinct from old.household_id) then
    perform aid_requests_pool_refresh(new.household_id);
  end if;
  return null;
end $function$

-- households_pool_columns() acl default
CREATE OR REPLACE FUNCTION public.households_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  perform aid_requests_pool_refresh(new.id);
  return null;
end $function$

-- intake_apply_rows(uuid,text,text,boolean) acl default
CREATE OR REPLACE FUNCTION public.intake_apply_rows(p_import uuid, p_from text, p_through text, p_own boolean)
 RETURNS TABLE(accepted integer, refused integer, waiting integer)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
 SET enable_nestloop TO 'off'
 SET jit TO 'off'
AS $function$
declare
  v_org uuid;
  v_scheme text;
  v_accepted integer;
  v_refused integer;
  v_waiting integer;
  v_new_ids text[];
  v_new_rows integer[];
  v_ref_ids text[];
  v_ref_rows integer[];
  v_first integer;
  v_lost_rows integer[];
begin
  select i.org_id into v_org from imports i where i.id = p_import;
  select d.id_scheme into v_scheme from deployment d;

  -- The verdicts: the range's rows in ID order (the partial index import_rows_by_national_id), each
  -- with one probe of earlier rows of its ID in the file, of persons and of the ID's referrals
  -- (lateral: index probes whatever the statistics of rows staged a moment ago say), in the same
  -- order. Computed once (materialized) and joined to the
  -- rows they update by hash: on statistics of rows staged a moment ago a nested loop rescanned the
  -- computed chunk for each row (3 min instead of 11 s per 20 000 rows on a 1M-row import); the
  -- UPDATE reads the same range along the same index. With
  -- nested loops off the planner's estimates are huge, which would JIT-compile the statement on
  -- every call (0.7 s a chunk): jit is off for this function.
  with d as materialized (
    select r.row_no,
           case
             when e.dup then 'duplicate-in-file'
             when p.id is not null then 'already-registered'
             when f.mine then 'already-referred'
             when f.others then 'already-invited'
             else 'accepted' end as verdict,
           case when not e.dup then p.id end as person_id
      from (select r.row_no, r.national_id
              from import_rows r
             where r.import_id = p_import and r.own_verdict is null and r.national_id >= p_from and r.national_id <= p_through and r.verdict is null
             order by r.national_id, r.row_no
            offset 0) r
      cross join lateral (
        select exists (
                 select 1 from import_rows e
                  where e.import_id = p_import and e.national_id = r.national_id
                    and e.own_verdict is null and e.row_no < r.row_no) as dup
        offset 0) e
      left join lateral (
        select p.id from persons p
         where p.id_scheme = v_scheme and p.national_id = r.national_id limit 1) p on true
      left join lateral (
        select coalesce(bool_or(x.org_id = v_org and not (x.first_import_id = p_import and x.first_row_no = r.row_no)), false) as mine,
               coalesce(bool_or(x.org_id <> v_org), false) as others
          from intake_referrals x
         where x.id_scheme = v_scheme and x.national_id = r.national_id) f on true
  ), u as (
    update import_rows r
       set verdict = d.verdict, person_id = d.person_id
      from d
     where r.import_id = p_import and r.own_verdict is null and r.national_id >= p_from and r.national_id <= p_through
       and r.verdict is null and r.row_no = d.row_no
    returning r.row_no, r.national_id, r.verdict, intake_verdict_kind(r.verdict, r.field) as kind)
  select count(*) filter (where u.kind = 'accepted'), count(*) filter (where u.kind = 'refused'), count(*) filter (where u.kind = 'waiting'),
         array_agg(u.national_id order by u.national_id) filter (where u.verdict = 'accepted'),
         array_agg(u.row_no order by u.national_id) filter (where u.verdict = 'accepted'),
         array_agg(u.national_id order by u.national_id) filter (where u.verdict in ('already-invited', 'already-registered')),
         array_agg(u.row_no order by u.national_id) filter (where u.verdict in ('already-invited', 'already-registered'))
    into v_accepted, v_refused, v_waiting, v_new_ids, v_new_rows, v_ref_ids, v_ref_rows
    from u;

  -- The rows that judged themselves (a bad or missing ID or phone): their own verdict is final.
  if p_own then
    with o as (
      update import_rows r set verdict = r.own_verdict
       where r.import_id = p_import and r.own_verdict is not null and r.verdict is null
      returning intake_verdict_kind(r.verdict, r.field) as kind)
    select v_accepted + count(*) filter (where o.kind = 'accepted'), v_refused + count(*) filter (where o.kind = 'refused'), v_waiting + count(*) filter (where o.kind = 'waiting')
      into v_accepted, v_refused, v_waiting
      from o;
  end if;

  -- The accepted rows' referrals are their IDs' first, in the order of the IDs (two imports
  -- taking the same IDs wait for each other in one order, never in a cycle). An ID another
  -- charity took first meanwhile (its transaction committed while this one waited) is not
  -- inserted.
  if v_new_ids is not null then
    insert into intake_referrals (id_scheme, national_id, org_id, first_import_id, first_row_no, first_referrer)
    select v_scheme, t.national_id, v_org, p_import, t.row_no, true
      from unnest(v_new_ids, v_new_rows) with ordinality as t(national_id, row_no, n)
     order by t.n
    on conflict do nothing;
    get diagnostics v_first = row_count;
    if v_first < cardinality(v_new_ids) then
      -- The rows that lost: "already-invited" when this charity is added as a referrer, or
      -- "already-referred" when this charity's own other import referred the ID meanwhile.
      select array_agg(t.row_no) into v_lost_rows
        from unnest(v_new_ids, v_new_rows) as t(national_id, row_no)
       where not exists (select 1 from intake_referrals x
                          where x.id_scheme = v_scheme and x.national_id = t.national_id and x.org_id = v_org
                            and x.first_import_id = p_import and x.first_row_no = t.row_no and x.first_referrer);
      with added as (
        insert into intake_referrals (id_scheme, national_id, org_id, first_import_id, first_row_no)
        select v_scheme, r.national_id, v_org, p_import, r.row_no
          from import_rows r
         where r.import_id = p_import and r.row_no = any (v_lost_rows)
         order by r.national_id
        on conflict do nothing
        returning first_row_no)
      update import_rows r
         set verdict = case when exists (select 1 from added a where a.first_row_no = r.row_no) then 'already-invited' else 'already-referred' end
       where r.import_id = p_import and r.row_no = any (v_lost_rows);
      select v_refused + count(*) filter (where r.verdict = 'already-referred'), v_accepted - count(*) filter (where r.verdict = 'already-referred')
        into v_refused, v_accepted
        from import_rows r where r.import_id = p_import and r.row_no = any (v_lost_rows);
    end if;
  end if;

  -- This charity as a further referrer of an ID registered or referred before.
  if v_ref_ids is not null then
    insert into intake_referrals (id_scheme, national_id, org_id, first_import_id, first_row_no)
    select v_scheme, t.national_id, v_org, p_import, t.row_no
      from unnest(v_ref_ids, v_ref_rows) with ordinality as t(national_id, row_no, n)
     order by t.n
    on conflict do nothing;
  end if;

  return query select v_accepted, v_refused, v_waiting;
end
$function$

-- intake_link_likely_person(uuid,integer) acl default
CREATE OR REPLACE FUNCTION public.intake_link_likely_person(p_import uuid, p_row integer)
 RETURNS TABLE(outcome text, person_id uuid, national_id text, household_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_org uuid;
  v_verdict text;
  v_field text;
  v_likely uuid;
  v_person uuid;
  v_scheme text;
  v_nid text;
  v_household uuid;
begin
  select i.org_id into v_org from imports i
   where i.id = p_import and (i.org_id = mizan_ctx_org() or mizan_ctx_role() = 'system');
  if v_org is null then
    return query select 'not-found'::text, null::uuid, null::text, null::uuid;
    return;
  end if;
  select r.verdict, r.field, r.likely_person into v_verdict, v_field, v_likely
    from import_rows r where r.import_id = p_import and r.row_no = p_row
     for update;
  if not found then
    return query select 'not-found'::text, null::uuid, null::text, null::uuid;
    return;
  end if;
  if intake_verdict_kind(v_verdict, v_field) is distinct from 'waiting' then
    return query select 'not-waiting'::text, null::uuid, null::text, null::uuid;
    return;
  end if;
  if v_likely is null then
    return query select 'no-likely-person'::text, null::uuid, null::text, null::uuid;
    return;
  end if;
  v_person := registry_surviving_person(v_likely);
  select p.id_scheme, p.national_id into v_scheme, v_nid from persons p where p.id = v_person;
  select m.household_id into v_household from household_members m where m.person_id = v_person and m.active limit 1;
  update import_rows r
     set verdict = 'already-registered', person_id = v_person, reason = 'likely-person', field = null
   where r.import_id = p_import and r.row_no = p_row;
  insert into intake_referrals (id_scheme, national_id, org_id, first_import_id, first_row_no)
  values (v_scheme, v_nid, v_org, p_import, p_row)
  on conflict do nothing;
  return query select 'linked'::text, v_person, v_nid, v_household;
end
$function$

-- intake_verdict_kind(text,text) acl default
CREATE OR REPLACE FUNCTION public.intake_verdict_kind(p_verdict text, p_field text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select case
    when p_verdict is null then null
    when p_verdict in ('accepted', 'already-registered', 'already-invited') then 'accepted'
    when p_verdict = 'invalid-national-id' or (p_verdict = 'missing-field' and p_field = 'nationalId') then 'waiting'
    else 'refused' end
$function$

-- invitations_by_id(uuid) acl default
CREATE OR REPLACE FUNCTION public.invitations_by_id(p_id uuid)
 RETURNS TABLE(id uuid, national_id text, org_id uuid, locale text, status text, token_expires_at timestamp with time zone, phone text, used_by_user_id uuid)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select i.id, i.national_id, i.first_org_id, i.locale, i.status, i.token_expires_at, i.phone, i.used_by_user_id
    from invitations i
   where i.id = p_id
$function$

-- invitations_by_token_hash(bytea) acl default
CREATE OR REPLACE FUNCTION public.invitations_by_token_hash(p_hash bytea)
 RETURNS TABLE(id uuid, national_id text, org_id uuid, locale text, status text, token_expires_at timestamp with time zone)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select i.id, i.national_id, i.first_org_id, i.locale, i.status, i.token_expires_at
    from invitations i
   where i.token_hash = p_hash
$function$

-- invitations_of_national_id(text,text) acl default
CREATE OR REPLACE FUNCTION public.invitations_of_national_id(p_scheme text, p_national_id text)
 RETURNS TABLE(id uuid, org_id uuid, locale text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select i.id, i.first_org_id, i.locale
    from invitations i
   where i.id_scheme = p_scheme and i.national_id = p_national_id and i.status <> 'opted-out'
$function$

-- invitations_redeem(uuid,uuid,timestamp with time zone) acl default
CREATE OR REPLACE FUNCTION public.invitations_redeem(p_id uuid, p_user uuid, p_now timestamp with time zone)
 RETURNS boolean
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  with used as (
    update invitations
       set status = 'used', used_at = p_now, used_by_user_id = p_user, updated_at = p_now
     where id = p_id
       and status not in ('used', 'expired')
       and (token_expires_at is null or token_expires_at > p_now)
    returning 1
  )
  select exists (select 1 from used)
$function$

-- journal_append_only() acl default
CREATE OR REPLACE FUNCTION public.journal_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  raise exception '% is append-only: write a reversing entry instead', tg_table_name
    using errcode = 'check_violation', constraint = tg_table_name || '_append_only';
end $function$

-- journal_entry_balanced() acl default
CREATE OR REPLACE FUNCTION public.journal_entry_balanced()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_n integer;
  v_amount numeric;
  v_quantity numeric;
begin
  select count(*), coalesce(sum(l.amount_minor), 0), coalesce(sum(l.quantity), 0) into v_n, v_amount, v_quantity
    from journal_lines l where l.entry_id = new.id;
  if v_n < 2 or v_amount <> 0 or v_quantity <> 0 then
    raise exception 'journal entry % is not balanced: % line(s), amounts sum to %, quantities to %', new.id, v_n, v_amount, v_quantity
      using errcode = 'check_violation', constraint = 'journal_entries_balanced';
  end if;
  return null;
end $function$

-- journal_entry_writable(uuid) acl default
CREATE OR REPLACE FUNCTION public.journal_entry_writable(p_entry uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return exists (select 1 from journal_entries e where e.id = p_entry and (mizan_ctx_reads_all() or e.org_id = mizan_ctx_org()));
end $function$

-- journal_lines_check() acl default
CREATE OR REPLACE FUNCTION public.journal_lines_check()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_entry record;
  v_lot record;
  v_grant record;
  v_region text;
  v_province text;
begin
  select e.tx, e.kind, e.grant_id, e.aid_type_code, e.basket_code into v_entry from journal_entries e where e.id = new.entry_id;
  if not found or v_entry.tx <> txid_current() then
    raise exception 'a journal line is added only with its entry, in the same transaction'
      using errcode = 'check_violation', constraint = 'journal_lines_same_tx';
  end if;
  select l.org_id, l.donation_id, l.donor_id, l.restriction_kind, l.restriction_code, l.zakat into v_lot from donation_lots l where l.id = new.lot_id;
  if not found then
    raise exception 'no donation lot %', new.lot_id using errcode = 'foreign_key_violation', constraint = 'journal_lines_lot';
  end if;
  new.org_id := v_lot.org_id;
  new.donation_id := v_lot.donation_id;
  new.donor_id := v_lot.donor_id;
  if v_entry.kind = 'disbursement' and new.account = 'granted' then
    select g.household_id, g.programme_id, g.org_id into v_grant from grants g where g.id = v_entry.grant_id;
    select h.region_code, coalesce(r.parent_code, r.code) into v_region, v_province
      from households h join regions r on r.code = h.region_code where h.id = v_grant.household_id;
    if v_grant.org_id <> v_lot.org_id
       or not donations_lot_allows(v_lot.restriction_kind, v_lot.restriction_code, v_lot.zakat, v_entry.aid_type_code, v_entry.basket_code,
                                   v_region, v_province, v_grant.programme_id, v_grant.household_id, null) then
      raise exception 'lot % may not pay grant %', new.lot_id, v_entry.grant_id
        using errcode = 'check_violation', constraint = 'journal_lines_lot_allows';
    end if;
  end if;
  return new;
end $function$

-- journal_lines_post() acl default
CREATE OR REPLACE FUNCTION public.journal_lines_post()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  update lot_balances set amount_minor = amount_minor + new.amount_minor, quantity = quantity + new.quantity
   where lot_id = new.lot_id;
  return null;
end $function$

-- mizan_applicant_household() acl default
CREATE OR REPLACE FUNCTION public.mizan_applicant_household()
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select m.household_id
    from users u
    join persons p on p.national_id = u.national_id
    join household_members m on m.person_id = (case when p.merged_into is null then p.id else registry_surviving_person(p.id) end) and m.active
   where u.id = mizan_ctx_user() and u.role = 'applicant' and u.active
   limit 1
$function$

-- mizan_can_see_applicant(text) acl default
CREATE OR REPLACE FUNCTION public.mizan_can_see_applicant(p_national_id text)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select exists (select 1 from persons p join household_members m on m.person_id = p.id and m.active
                  where p.national_id = p_national_id and mizan_can_see_household(m.household_id))
$function$

-- mizan_can_see_household(uuid) acl default
CREATE OR REPLACE FUNCTION public.mizan_can_see_household(p_household uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_role text := mizan_ctx_role();
begin
  if v_role in ('ministry_admin', 'ministry_supervisor', 'system') then
    return true;
  elsif v_role = 'applicant' then
    return p_household = mizan_applicant_household();
  elsif v_role in ('charity_admin', 'caseworker', 'field_visitor') then
    return mizan_org_may_see_household(mizan_ctx_org(), p_household);
  end if;
  return false;
end $function$

-- mizan_can_see_person(uuid) acl default
CREATE OR REPLACE FUNCTION public.mizan_can_see_person(p_person uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select exists (select 1 from household_members m where m.person_id = p_person and mizan_can_see_household(m.household_id))
$function$

-- mizan_ctx_donor() acl default
CREATE OR REPLACE FUNCTION public.mizan_ctx_donor()
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select d.id from donors d where mizan_ctx_role() = 'donor' and d.user_id = mizan_ctx_user()
$function$

-- mizan_ctx_org() acl default
CREATE OR REPLACE FUNCTION public.mizan_ctx_org()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$
  select nullif(current_setting('mizan.org_id', true), '')::uuid $function$

-- mizan_ctx_reads_all() acl default
CREATE OR REPLACE FUNCTION public.mizan_ctx_reads_all()
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select mizan_ctx_role() in ('ministry_admin', 'ministry_supervisor', 'system') $function$

-- mizan_ctx_role() acl default
CREATE OR REPLACE FUNCTION public.mizan_ctx_role()
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
  select coalesce(nullif(current_setting('mizan.role', true), ''), 'public') $function$

-- mizan_ctx_user() acl default
CREATE OR REPLACE FUNCTION public.mizan_ctx_user()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$
  select nullif(current_setting('mizan.user_id', true), '')::uuid $function$

-- mizan_org_lost_household(uuid,uuid) acl default
CREATE OR REPLACE FUNCTION public.mizan_org_lost_household(p_org uuid, p_household uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return exists (select 1 from request_events e join aid_requests r on r.id = e.request_id
                  where r.household_id = p_household and e.event = 'escalated' and e.org_id = p_org);
end $function$

-- mizan_org_may_see_household(uuid,uuid) acl default
CREATE OR REPLACE FUNCTION public.mizan_org_may_see_household(p_org uuid, p_household uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if p_org is null then
    return false;
  end if;
  if exists (select 1 from aid_requests r where r.household_id = p_household and r.claimed_by_org = p_org
               and r.status in ('claimed', 'approved', 'rejected')) then
    return true;
  end if;
  return (   exists (select 1 from households h where h.id = p_household and h.created_by_org = p_org)
          or exists (select 1 from grants g where g.household_id = p_household and g.org_id = p_org))
         and not mizan_org_lost_household(p_org, p_household);
end $function$

-- mizan_person_unattached(uuid) acl default
CREATE OR REPLACE FUNCTION public.mizan_person_unattached(p_person uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select not exists (select 1 from household_members m where m.person_id = p_person and m.active)
$function$

-- mizan_programme_of_org(uuid,boolean) acl default
CREATE OR REPLACE FUNCTION public.mizan_programme_of_org(p_programme uuid, p_admin boolean)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select (p_admin and mizan_ctx_reads_all())
      or exists (select 1 from programmes p
                  where p.id = p_programme and p.owner_org = mizan_ctx_org()
                    and (not p_admin or mizan_ctx_role() = 'charity_admin'))
$function$

-- need_score_explanations(uuid[],timestamp with time zone) acl default
CREATE OR REPLACE FUNCTION public.need_score_explanations(p_request_ids uuid[], p_at timestamp with time zone)
 RETURNS TABLE(request_id uuid, score numeric, priority smallint, model_version integer, contributions jsonb, offered_until timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return query
  select l.request_id, s.score, s.priority, s.model_version, s.contributions,
         case when p_at < r.offered_until and (mizan_ctx_reads_all() or r.offered_to_org_id = mizan_ctx_org()) then r.offered_until end
    from need_score_requests l
    join need_scores s on s.id = l.need_score_id
    join aid_requests r on r.id = l.request_id
   where l.request_id = any(p_request_ids)
     and (   mizan_ctx_reads_all()
          or exists (select 1 from request_pool p where p.id = l.request_id and p.org_id = mizan_ctx_org())
          or mizan_can_see_household(s.household_id));
end $function$

-- org_suits_request(uuid,text,text) acl default
CREATE OR REPLACE FUNCTION public.org_suits_request(p_org uuid, p_aid_type text, p_region text)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select exists (
    select 1
      from organisations o
      join organisation_aid_types oat on oat.org_id = o.id and oat.aid_type_code = p_aid_type
     where o.id = p_org and o.kind = 'charity' and o.status = 'approved'
       and exists (
         select 1 from organisation_regions orr join regions reg on reg.code = p_region
          where orr.org_id = o.id and orr.region_code in (reg.code, reg.parent_code)))
$function$

-- persons_match_stale() acl default
CREATE OR REPLACE FUNCTION public.persons_match_stale()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  delete from person_match_indexed where person_id = new.id;
  return null;
end $function$

-- persons_merged_read_only() acl default
CREATE OR REPLACE FUNCTION public.persons_merged_read_only()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  raise exception 'person % was merged into % and is read-only', old.id, old.merged_into
    using errcode = 'object_not_in_prerequisite_state', constraint = 'persons_merged_read_only';
end $function$

-- persons_pool_columns() acl default
CREATE OR REPLACE FUNCTION public.persons_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  h uuid;
begin
  for h in select m.household_id from household_members m where m.person_id = new.id and m.active and m.relation = 'head' loop
    perform aid_requests_pool_refresh(h);
  end loop;
  return null;
end $function$

-- programme_appeals_other_reviewer() acl default
CREATE OR REPLACE FUNCTION public.programme_appeals_other_reviewer()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_decider uuid;
begin
  if new.decided_by is not null then
    select a.decided_by into v_decider from programme_applications a where a.id = new.application_id;
    if v_decider = new.decided_by then
      raise exception 'appeal % is decided by the person who decided the case', new.id
        using errcode = 'check_violation', constraint = 'programme_appeals_other_reviewer';
    end if;
  end if;
  return new;
end $function$

-- programme_versions_frozen() acl default
CREATE OR REPLACE FUNCTION public.programme_versions_frozen()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if old.state <> 'draft' and (new.rule is distinct from old.rule or new.rule_sql is distinct from old.rule_sql
      or new.benefit is distinct from old.benefit or new.benefit_sql is distinct from old.benefit_sql
      or new.published_at is distinct from old.published_at or new.projection is distinct from old.projection or not (old.state = 'published' and new.state in ('published', 'superseded'))) then
    raise exception 'programme % version % is % and cannot change', old.programme_id, old.version, old.state
      using errcode = 'object_not_in_prerequisite_state', constraint = 'programme_versions_frozen';
  end if;
  return new;
end $function$

-- programmes_refresh_facts(uuid[]) acl default
CREATE OR REPLACE FUNCTION public.programmes_refresh_facts(p_households uuid[] DEFAULT NULL::uuid[])
 RETURNS bigint
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_n bigint;
begin
  insert into household_facts (household_id, region_code, province_code, members, children, elders, disabled_members,
                               chronically_ill_members, head_age, head_nationality, all_nationals, monthly_income_minor,
                               income_per_member_minor, monthly_rent_minor, debts_minor, cash_aid_90d_minor, housing, declared, computed_at)
  select f.household_id, f.region_code, f.province_code, f.members, f.children, f.elders, f.disabled_members,
         f.chronically_ill_members, f.head_age, f.head_nationality, f.all_nationals, f.monthly_income_minor,
         f.income_per_member_minor, f.monthly_rent_minor, f.debts_minor, f.cash_aid_90d_minor, f.housing, f.declared, now()
    from household_facts_live f
   where p_households is null or f.household_id = any (p_households)
  on conflict (household_id) do update set
    region_code = excluded.region_code, province_code = excluded.province_code, members = excluded.members,
    children = excluded.children, elders = excluded.elders, disabled_members = excluded.disabled_members,
    chronically_ill_members = excluded.chronically_ill_members, head_age = excluded.head_age,
    head_nationality = excluded.head_nationality, all_nationals = excluded.all_nationals,
    monthly_income_minor = excluded.monthly_income_minor, income_per_member_minor = excluded.income_per_member_minor,
    monthly_rent_minor = excluded.monthly_rent_minor, debts_minor = excluded.debts_minor,
    cash_aid_90d_minor = excluded.cash_aid_90d_minor, housing = excluded.housing, declared = excluded.declared,
    computed_at = excluded.computed_at;
  get diagnostics v_n = row_count;
  return v_n;
end $function$

-- programmes_refresh_facts_batch(uuid,integer) acl default
CREATE OR REPLACE FUNCTION public.programmes_refresh_facts_batch(p_after uuid, p_limit integer)
 RETURNS TABLE(last_id uuid, refreshed integer)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_ids uuid[];
begin
  select array_agg(h.id order by h.id) into v_ids
    from (select id from households where p_after is null or id > p_after order by id limit p_limit) h;
  if v_ids is null then
    last_id := p_after;
    refreshed := 0;
    return next;
    return;
  end if;
  perform programmes_refresh_facts(v_ids);
  last_id := v_ids[array_length(v_ids, 1)];
  refreshed := array_length(v_ids, 1);
  return next;
end $function$

-- rate_limit_hit(text[],integer[],integer[]) acl mizan_app=X/postgres postgres=X/postgres
CREATE OR REPLACE FUNCTION public.rate_limit_hit(p_keys text[], p_max integer[], p_window_ms integer[])
 RETURNS TABLE(hits integer, allowed boolean, reset_ms integer)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
declare
  v_now timestamptz := statement_timestamp();
  v_hits integer;
  v_reset timestamptz;
begin
  for i in 1 .. coalesce(array_length(p_keys, 1), 0) loop
    insert into rate_limit_counters as c (key, hits, reset_at)
    values (p_keys[i], 1, v_now + p_window_ms[i] * interval '1 millisecond')
    on conflict (key) do update
      set hits = case when c.reset_at <= v_now then 1 else c.hits + 1 end,
          reset_at = case when c.reset_at <= v_now then excluded.reset_at else c.reset_at end
    returning c.hits, c.reset_at into v_hits, v_reset;
    hits := v_hits;
    allowed := v_hits <= p_max[i];
    reset_ms := greatest(0, ceil(extract(epoch from v_reset - v_now) * 1000))::integer;
    return next;
    exit when not allowed;
  end loop;
end $function$

-- rate_limit_sweep() acl mizan_app=X/postgres postgres=X/postgres
CREATE OR REPLACE FUNCTION public.rate_limit_sweep()
 RETURNS integer
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  with gone as (
    delete from rate_limit_counters
     where key in (select key from rate_limit_counters where reset_at < statement_timestamp() for update skip locked)
    returning 1
  )
  select count(*)::integer from gone
$function$

-- regions_pool_columns() acl default
CREATE OR REPLACE FUNCTION public.regions_pool_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  update aid_requests set pool_anon_region = coalesce(new.parent_code, new.code)
   where pool_region = new.code and status in ('open', 'claimed', 'escalated');
  return null;
end $function$

-- registry_active_memberships(uuid[]) acl default
CREATE OR REPLACE FUNCTION public.registry_active_memberships(p_persons uuid[])
 RETURNS TABLE(person_id uuid, household_id uuid, relation text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select m.person_id, m.household_id, m.relation from household_members m where m.person_id = any (p_persons) and m.active
$function$

-- registry_beneficiary(text,text,uuid,uuid) acl =X/postgres mizan_app=X/postgres postgres=X/postgres
CREATE OR REPLACE FUNCTION public.registry_beneficiary(p_scheme text, p_national_id text, p_household uuid, p_person uuid, OUT outcome text, OUT beneficiary_household uuid, OUT beneficiary_person uuid)
 RETURNS record
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  if p_national_id is not null then
    select m.household_id, p.id into beneficiary_household, beneficiary_person
      from persons p join household_members m on m.person_id = p.id and m.active
     where p.id_scheme = p_scheme and p.national_id = p_national_id
     limit 1;
    if not found then
      outcome := 'unknown-beneficiary';
    elsif p_household is not null and p_household <> beneficiary_household then
      outcome := 'beneficiary-not-in-household';
    else
      outcome := 'ok';
    end if;
    return;
  end if;
  if p_household is null or not exists (select 1 from households h where h.id = p_household) then
    outcome := 'unknown-household';
    return;
  end if;
  if p_person is not null and not exists (select 1 from household_members m
                                           where m.person_id = p_person and m.household_id = p_household and m.active) then
    outcome := 'person-not-member';
    return;
  end if;
  outcome := 'ok';
  beneficiary_household := p_household;
  beneficiary_person := p_person;
end $function$

-- registry_household_exists(uuid) acl default
CREATE OR REPLACE FUNCTION public.registry_household_exists(p_household uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select exists (select 1 from households where id = p_household)
$function$

-- registry_household_of_national_id(text,text) acl default
CREATE OR REPLACE FUNCTION public.registry_household_of_national_id(p_scheme text, p_national_id text)
 RETURNS TABLE(household_id uuid, person_id uuid)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
begin
  return query
    select m.household_id, m.person_id
      from persons p join household_members m on m.person_id = case when p.merged_into is null then p.id else registry_surviving_person(p.id) end and m.active
     where p.id_scheme = p_scheme and p.national_id = p_national_id
     limit 1;
end $function$

-- registry_household_region(uuid) acl default
CREATE OR REPLACE FUNCTION public.registry_household_region(p_household uuid)
 RETURNS TABLE(region_code text, province_code text)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
begin
  return query
  select h.region_code, coalesce(r.parent_code, r.code)
    from households h join regions r on r.code = h.region_code
   where h.id = p_household;
end $function$

-- registry_lookups_used(timestamp with time zone,timestamp with time zone) acl mizan_app=X/postgres postgres=X/postgres
CREATE OR REPLACE FUNCTION public.registry_lookups_used(p_since_hour timestamp with time zone, p_since_day timestamp with time zone, OUT last_hour integer, OUT last_day integer)
 RETURNS record
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_user uuid := nullif(current_setting('mizan.user_id', true), '')::uuid;
begin
  last_hour := 0;
  last_day := 0;
  if v_user is null then
    return;
  end if;
  perform pg_advisory_xact_lock(hashtextextended('mizan.registry.lookup:' || v_user::text, 0));
  select count(*) filter (where a.at >= p_since_hour)::integer, count(*)::integer
    into last_hour, last_day
    from audit_log a
   where a.action = 'registry.lookup' and a.actor_user = v_user and a.at >= least(p_since_hour, p_since_day);
end $function$

-- registry_move_person_aid(uuid,uuid,uuid,uuid) acl default
CREATE OR REPLACE FUNCTION public.registry_move_person_aid(p_from_person uuid, p_to_person uuid, p_from_household uuid, p_to_household uuid)
 RETURNS TABLE(grants_moved integer, requests_moved integer)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  g integer;
  r integer;
  gh integer := 0;
  rh integer := 0;
begin
  update grants
     set person_id = p_to_person,
         household_id = case when household_id = p_from_household and p_to_household is not null then p_to_household else household_id end
   where person_id = p_from_person;
  get diagnostics g = row_count;
  update aid_requests
     set person_id = p_to_person,
         household_id = case when household_id = p_from_household and p_to_household is not null then p_to_household else household_id end
   where person_id = p_from_person;
  get diagnostics r = row_count;
  if p_from_household is not null and p_to_household is not null and p_from_household <> p_to_household
     and not exists (select 1 from household_members m where m.household_id = p_from_household and m.active and m.person_id <> p_from_person) then
    update grants set household_id = p_to_household where household_id = p_from_household and person_id is null;
    get diagnostics gh = row_count;
    update aid_requests set household_id = p_to_household where household_id = p_from_household and person_id is null;
    get diagnostics rh = row_count;
  end if;
  return query select g + gh, r + rh;
end $function$

-- registry_persons_by_national_ids(text,text[]) acl default
CREATE OR REPLACE FUNCTION public.registry_persons_by_national_ids(p_scheme text, p_ids text[])
 RETURNS TABLE(id uuid, national_id text, active_household_id uuid)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select s.id, p.national_id,
         (select m.household_id from household_members m where m.person_id = s.id and m.active limit 1)
    from persons p
   cross join lateral (select case when p.merged_into is null then p.id else registry_surviving_person(p.id) end as id) s
   where p.id_scheme = p_scheme and p.national_id = any (p_ids)
$function$

-- registry_surviving_person(uuid) acl default
CREATE OR REPLACE FUNCTION public.registry_surviving_person(p_person uuid)
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  with recursive chain (id, merged_into, depth) as (
    select p.id, p.merged_into, 0 from persons p where p.id = p_person
    union all
    select p.id, p.merged_into, c.depth + 1 from chain c join persons p on p.id = c.merged_into where c.depth < 32
  )
  select id from chain where merged_into is null limit 1
$function$

-- request_claim(uuid,timestamp with time zone) acl default
CREATE OR REPLACE FUNCTION public.request_claim(p_request uuid, p_at timestamp with time zone)
 RETURNS TABLE(outcome text, request_status text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_org uuid := nullif(current_setting('mizan.org_id', true), '')::uuid;
  v_status text;
  v_claimed uuid;
  v_offered_to uuid;
  v_offered_until timestamptz;
begin
  select r.status, r.claimed_by_org, r.offered_to_org_id, r.offered_until into v_status, v_claimed, v_offered_to, v_offered_until
    from aid_requests r where r.id = p_request;
  if not found or v_org is null then
    return query select 'not-found'::text, null::text;
    return;
  end if;
  if v_claimed is not null or v_status in ('claimed', 'escalated') then
    return query select case when v_claimed = v_org then 'mine' else 'taken' end, v_status;
    return;
  end if;
  if v_status <> 'open' then
    return query select 'invalid-state'::text, v_status;
    return;
  end if;
  if request_offer_excludes(v_offered_to, v_offered_until, v_org, p_at) then
    return query select 'offered'::text, v_status;
    return;
  end if;
  if not exists (select 1 from request_pool p where p.id = p_request and p.org_id = v_org) then
    -- Not in the pool: either the organisation does not suit the request, or another charity
    -- claimed it a moment ago (this statement saw its commit). Look again to say which.
    select r.status, r.claimed_by_org into v_status, v_claimed from aid_requests r where r.id = p_request;
    if v_claimed is not null or v_status <> 'open' then
      return query select case when v_claimed = v_org then 'mine' else 'taken' end, v_status;
      return;
    end if;
    return query select 'not-in-pool'::text, v_status;
    return;
  end if;
  update aid_requests r set status = 'claimed', claimed_by_org = v_org, claimed_at = p_at
   where r.id = p_request and r.status = 'open' and r.claimed_by_org is null
     and not request_offer_excludes(r.offered_to_org_id, r.offered_until, v_org, p_at);
  if found then
    return query select 'claimed'::text, 'claimed'::text;
  else
    return query select 'taken'::text, 'claimed'::text;
  end if;
end $function$

-- request_exists(uuid) acl default
CREATE OR REPLACE FUNCTION public.request_exists(p_request uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  select exists (select 1 from aid_requests where id = p_request)
$function$

-- request_offer_excludes(uuid,timestamp with time zone,uuid,timestamp with time zone) acl default
CREATE OR REPLACE FUNCTION public.request_offer_excludes(p_offered_to uuid, p_offered_until timestamp with time zone, p_org uuid, p_at timestamp with time zone)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select p_offered_until is not null and p_at < p_offered_until and p_offered_to is distinct from p_org
$function$

-- request_pool_page(text,text,text,text,integer,text,integer,timestamp with time zone,uuid,integer,timestamp with time zone) acl default
CREATE OR REPLACE FUNCTION public.request_pool_page(p_aid_type text, p_basket text, p_region text, p_nationality text, p_household_size integer, p_sort text, p_after_priority integer, p_after_deadline timestamp with time zone, p_after_id uuid, p_limit integer, p_at timestamp with time zone)
 RETURNS TABLE(id uuid, aid_type_code text, basket_code text, nationality text, household_size integer, region_code text, submitted_at timestamp with time zone, deadline_at timestamp with time zone, priority smallint, offered_until timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
 SET enable_sort TO 'off'
 SET enable_bitmapscan TO 'off'
AS $function$
declare
  v_org uuid := nullif(current_setting('mizan.org_id', true), '')::uuid;
  v_types text[];
  v_tops text[];
  v_leaves text[];
  q text;
begin
  if p_sort is null or p_sort not in ('deadline', 'priority') then
    raise exception 'unknown pool sort %', p_sort using errcode = 'invalid_parameter_value';
  end if;
  -- the aid types an approved charity offers, as far as the filters keep them
  select array_agg(oat.aid_type_code order by oat.aid_type_code) into v_types
    from organisations o
    join organisation_aid_types oat on oat.org_id = o.id
    join aid_types t on t.code = oat.aid_type_code
   where o.id = v_org and o.kind = 'charity' and o.status = 'approved'
     and (p_aid_type is null or oat.aid_type_code = p_aid_type)
     and (p_basket is null or t.basket_code = p_basket);
  -- the regions it serves: whole level-1 regions, and level-2 regions whose parent it does not serve
  select array_agg(reg.code order by reg.code) filter (where reg.parent_code is null),
         array_agg(reg.code order by reg.code) filter (where reg.parent_code is not null)
    into v_tops, v_leaves
    from organisation_regions orr join regions reg on reg.code = orr.region_code
   where orr.org_id = v_org
     and (p_region is null or reg.code = p_region or reg.parent_code = p_region);
  if v_types is null or (v_tops is null and v_leaves is null) then
    return;
  end if;
  if v_tops is not null and v_leaves is not null then
    v_leaves := array(select x from unnest(v_leaves) x join regions reg on reg.code = x where reg.parent_code <> all(v_tops));
  end if;

  q := 'select r.id, r.aid_type_code, r.pool_basket, r.pool_nationality, r.pool_household_size, r.pool_anon_region,'
    || ' r.submitted_at, r.deadline_at, r.priority,'
    || ' case when r.offered_to_org_id = $13 and r.offered_until > $15 then r.offered_until end'
    || ' from aid_requests r where r.status = ''open'''
    || case when cardinality(v_types) = 1 then ' and r.aid_type_code = $2' else ' and r.aid_type_code = any($1)' end
    || case when v_tops is null then ' and r.pool_region = any($4)'
            when cardinality(v_leaves) > 0 then ' and (r.pool_anon_region = any($3) or r.pool_region = any($4))'
            when cardinality(v_tops) = 1 then ' and r.pool_anon_region = $5'
            else ' and r.pool_anon_region = any($3)' end
    || case when p_region is not null then ' and r.pool_anon_region = $6' else '' end
    || case when p_basket is not null then ' and r.pool_basket = $7' else '' end
    || case when p_nationality is not null then ' and r.pool_nationality = $8' else '' end
    || case when p_household_size is not null then ' and r.pool_household_size = $9' else '' end
    || case when p_after_deadline is null then ''
            when p_sort = 'deadline' then ' and (r.deadline_at, r.id) > ($11, $12)'
            else ' and r.priority <= $10 and (r.priority < $10 or (r.deadline_at, r.id) > ($11, $12))' end
    || ' and not exists (select 1 from request_events e where e.request_id = r.id and e.event = ''escalated'' and e.org_id = $13)'
    || ' and not request_offer_excludes(r.offered_to_org_id, r.offered_until, $13, $15)'
    || case when p_sort = 'deadline' then ' order by r.deadline_at, r.id' else ' order by r.priority desc, r.deadline_at, r.id' end
    || ' limit $14';
  return query execute q
    using v_types, v_types[1], v_tops, v_leaves, v_tops[1], p_region, p_basket, p_nationality, p_household_size,
          p_after_priority::smallint, p_after_deadline, p_after_id, v_org, p_limit, p_at;
end $function$

-- sms_send_slot(text,double precision) acl default
CREATE OR REPLACE FUNCTION public.sms_send_slot(p_source text, p_interval_ms double precision)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_slot timestamptz;
begin
  insert into sms_senders as s (source, next_at)
  values (p_source, clock_timestamp() + p_interval_ms * interval '1 millisecond')
  on conflict (source) do update
    set next_at = greatest(s.next_at, clock_timestamp()) + p_interval_ms * interval '1 millisecond'
  returning s.next_at - p_interval_ms * interval '1 millisecond' into v_slot;
  return greatest(0, ceil(extract(epoch from v_slot - clock_timestamp()) * 1000))::integer;
end $function$

-- uuid_v7() acl default
CREATE OR REPLACE FUNCTION public.uuid_v7()
 RETURNS uuid
 LANGUAGE sql
 PARALLEL SAFE
AS $function$
  select overlay(overlay(replace(gen_random_uuid()::text, '-', '')
                         placing lpad(to_hex(floor(extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') from 1)
                 placing '7' from 13)::uuid
$function$

-- zakat_entitled(uuid) acl default
CREATE OR REPLACE FUNCTION public.zakat_entitled(p_household uuid)
 RETURNS TABLE(entitled boolean, version integer)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
declare
  v_sql text;
  v_ok boolean;
  v_role text := current_setting('mizan.role', true);
begin
  select z.version, z.rule_sql into version, v_sql from zakat_categories z order by z.version desc limit 1;
  if not found then
    entitled := false;
    version := null;
    return next;
    return;
  end if;
  perform set_config('mizan.role', 'system', true);
  execute format('select coalesce((select (%s) is true from household_facts_live f where f.household_id = $1), false)', v_sql)
    into v_ok using p_household;
  perform set_config('mizan.role', coalesce(v_role, ''), true);
  entitled := v_ok;
  return next;
end $function$

-- views

view household_facts_live options security_invoker=true acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
 SELECT h.id AS household_id,
    h.region_code,
    COALESCE(r.parent_code, r.code) AS province_code,
    m.members,
    m.children,
    m.elders,
    d.disabled_members,
    d.chronically_ill_members,
    m.head_age,
    m.head_nationality,
    m.all_nationals,
    d.monthly_income_minor,
        CASE
            WHEN (m.members > 0) THEN (d.monthly_income_minor / m.members)
            ELSE NULL::bigint
        END AS income_per_member_minor,
    d.monthly_rent_minor,
    d.debts_minor,
    COALESCE(g.cash_minor, (0)::bigint) AS cash_aid_90d_minor,
    d.housing,
    (d.household_id IS NOT NULL) AS declared
   FROM ((((households h
     JOIN regions r ON ((r.code = h.region_code)))
     LEFT JOIN LATERAL ( SELECT (count(*))::integer AS members,
            (count(*) FILTER (WHERE (age((CURRENT_DATE)::timestamp with time zone, (p.birth_date)::timestamp with time zone) < '18 years'::interval)))::integer AS children,
            (count(*) FILTER (WHERE (age((CURRENT_DATE)::timestamp with time zone, (p.birth_date)::timestamp with time zone) >= '60 years'::interval)))::integer AS elders,
            (max(date_part('year'::text, age((CURRENT_DATE)::timestamp with time zone, (p.birth_date)::timestamp with time zone))) FILTER (WHERE (hm.relation = 'head'::text)))::integer AS head_age,
            max(p.nationality) FILTER (WHERE (hm.relation = 'head'::text)) AS head_nationality,
            bool_and((p.nationality = ( SELECT dep.country
                   FROM deployment dep))) AS all_nationals
           FROM (household_members hm
             JOIN persons p ON ((p.id = hm.person_id)))
          WHERE ((hm.household_id = h.id) AND hm.active)) m ON (true))
     LEFT JOIN LATERAL ( SELECT v.household_id,
            (( SELECT count(*) AS count
                   FROM jsonb_array_elements((v.facts -> 'members'::text)) x(value)
                  WHERE ((x.value ->> 'disability'::text) = 'true'::text)))::integer AS disabled_members,
            (( SELECT count(*) AS count
                   FROM jsonb_array_elements((v.facts -> 'members'::text)) x(value)
                  WHERE ((x.value ->> 'chronicIllness'::text) = 'true'::text)))::integer AS chronically_ill_members,
            (( SELECT COALESCE(sum(((x.value ->> 'monthlyAmountMinor'::text))::bigint), (0)::numeric) AS "coalesce"
                   FROM jsonb_array_elements((v.facts -> 'incomes'::text)) x(value)))::bigint AS monthly_income_minor,
            (((v.facts -> 'housing'::text) ->> 'monthlyRentMinor'::text))::bigint AS monthly_rent_minor,
            (( SELECT COALESCE(sum(((x.value ->> 'totalMinor'::text))::bigint), (0)::numeric) AS "coalesce"
                   FROM jsonb_array_elements((v.facts -> 'debts'::text)) x(value)))::bigint AS debts_minor,
            ((v.facts -> 'housing'::text) ->> 'tenure'::text) AS housing
           FROM declaration_versions v
          WHERE (v.household_id = h.id)
          ORDER BY v.submitted_at DESC
         LIMIT 1) d ON (true))
     LEFT JOIN LATERAL ( SELECT (sum(gr.amount_minor))::bigint AS cash_minor
           FROM grants gr
          WHERE ((gr.household_id = h.id) AND (gr.status = 'active'::text) AND (gr.form = 'cash'::text) AND (gr.granted_on >= (CURRENT_DATE - 90)))) g ON (true));

view request_pool options none acl mizan_app=arwd/postgres postgres=arwdDxt/postgres
 SELECT r.id,
    r.aid_type_code,
    r.pool_basket AS basket_code,
    r.pool_nationality AS nationality,
    r.pool_household_size AS household_size,
    r.pool_anon_region AS region_code,
    r.submitted_at,
    r.deadline_at,
    r.priority,
    o.id AS org_id
   FROM (aid_requests r
     JOIN organisations o ON (((o.kind = 'charity'::text) AND (o.status = 'approved'::text))))
  WHERE ((r.status = 'open'::text) AND (EXISTS ( SELECT 1
           FROM organisation_aid_types oat
          WHERE ((oat.org_id = o.id) AND (oat.aid_type_code = r.aid_type_code)))) AND (EXISTS ( SELECT 1
           FROM organisation_regions orr
          WHERE ((orr.org_id = o.id) AND (orr.region_code = ANY (ARRAY[r.pool_region, r.pool_anon_region]))))) AND (NOT (EXISTS ( SELECT 1
           FROM request_events e
          WHERE ((e.request_id = r.id) AND (e.event = 'escalated'::text) AND (e.org_id = o.id))))) AND (NOT request_offer_excludes(r.offered_to_org_id, r.offered_until, o.id, now())));

-- triggers

CREATE TRIGGER aid_requests_pool_columns BEFORE INSERT OR UPDATE OF status, household_id, aid_type_code ON public.aid_requests FOR EACH ROW EXECUTE FUNCTION aid_requests_pool_columns() -- enabled O

CREATE TRIGGER aid_requests_set_group BEFORE INSERT ON public.aid_requests FOR EACH ROW EXECUTE FUNCTION aid_requests_set_group() -- enabled O

CREATE TRIGGER aid_types_pool_columns AFTER UPDATE OF basket_code ON public.aid_types FOR EACH ROW WHEN ((old.basket_code IS DISTINCT FROM new.basket_code)) EXECUTE FUNCTION aid_types_pool_columns() -- enabled O

CREATE TRIGGER donation_lots_append_only BEFORE DELETE OR UPDATE ON public.donation_lots FOR EACH ROW EXECUTE FUNCTION journal_append_only() -- enabled O

CREATE TRIGGER donation_lots_open AFTER INSERT ON public.donation_lots FOR EACH ROW EXECUTE FUNCTION donation_lots_open() -- enabled O

CREATE TRIGGER grants_reverse_funding AFTER UPDATE OF status ON public.grants FOR EACH ROW WHEN (((old.status = 'active'::text) AND (new.status = 'revoked'::text))) EXECUTE FUNCTION donations_reverse_grant() -- enabled O

CREATE TRIGGER grants_set_window BEFORE INSERT OR UPDATE OF aid_type_code, group_code ON public.grants FOR EACH ROW EXECUTE FUNCTION grants_set_window() -- enabled O

CREATE TRIGGER grants_zakat_entitled BEFORE INSERT OR UPDATE OF programme_id, household_id ON public.grants FOR EACH ROW WHEN ((new.programme_id IS NOT NULL)) EXECUTE FUNCTION grants_zakat_entitled() -- enabled O

CREATE TRIGGER household_members_person_not_merged BEFORE INSERT OR UPDATE OF person_id, active ON public.household_members FOR EACH ROW EXECUTE FUNCTION household_members_person_not_merged() -- enabled O

CREATE TRIGGER household_members_pool_columns AFTER INSERT OR DELETE ON public.household_members FOR EACH ROW EXECUTE FUNCTION household_members_pool_columns() -- enabled O

CREATE TRIGGER household_members_pool_columns_update AFTER UPDATE OF active, relation, household_id, person_id ON public.household_members FOR EACH ROW WHEN (((old.active IS DISTINCT FROM new.active) OR (old.relation IS DISTINCT FROM new.relation) OR (old.household_id IS DISTINCT FROM new.household_id) OR (old.person_id IS DISTINCT FROM new.person_id))) EXECUTE FUNCTION household_members_pool_columns() -- enabled O

CREATE TRIGGER households_pool_columns AFTER UPDATE OF region_code ON public.households FOR EACH ROW WHEN ((old.region_code IS DISTINCT FROM new.region_code)) EXECUTE FUNCTION households_pool_columns() -- enabled O

CREATE TRIGGER journal_entries_append_only BEFORE DELETE OR UPDATE ON public.journal_entries FOR EACH ROW EXECUTE FUNCTION journal_append_only() -- enabled O

CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON public.journal_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced() -- enabled O

CREATE TRIGGER journal_lines_append_only BEFORE DELETE OR UPDATE ON public.journal_lines FOR EACH ROW EXECUTE FUNCTION journal_append_only() -- enabled O

CREATE TRIGGER journal_lines_check BEFORE INSERT ON public.journal_lines FOR EACH ROW EXECUTE FUNCTION journal_lines_check() -- enabled O

CREATE TRIGGER journal_lines_post AFTER INSERT ON public.journal_lines FOR EACH ROW WHEN ((new.account = 'held'::text)) EXECUTE FUNCTION journal_lines_post() -- enabled O

CREATE TRIGGER persons_match_stale AFTER UPDATE OF national_id, full_name, birth_date, sex, phone ON public.persons FOR EACH ROW WHEN (((old.national_id IS DISTINCT FROM new.national_id) OR (old.full_name IS DISTINCT FROM new.full_name) OR (old.birth_date IS DISTINCT FROM new.birth_date) OR (old.sex IS DISTINCT FROM new.sex) OR (old.phone IS DISTINCT FROM new.phone))) EXECUTE FUNCTION persons_match_stale() -- enabled O

CREATE TRIGGER persons_merged_read_only BEFORE DELETE OR UPDATE ON public.persons FOR EACH ROW WHEN ((old.merged_into IS NOT NULL)) EXECUTE FUNCTION persons_merged_read_only() -- enabled O

CREATE TRIGGER persons_pool_columns AFTER UPDATE OF nationality ON public.persons FOR EACH ROW WHEN ((old.nationality IS DISTINCT FROM new.nationality)) EXECUTE FUNCTION persons_pool_columns() -- enabled O

CREATE TRIGGER programme_appeals_other_reviewer BEFORE INSERT OR UPDATE OF decided_by ON public.programme_appeals FOR EACH ROW EXECUTE FUNCTION programme_appeals_other_reviewer() -- enabled O

CREATE TRIGGER programme_versions_frozen BEFORE UPDATE ON public.programme_versions FOR EACH ROW EXECUTE FUNCTION programme_versions_frozen() -- enabled O

CREATE TRIGGER regions_pool_columns AFTER UPDATE OF parent_code ON public.regions FOR EACH ROW WHEN ((old.parent_code IS DISTINCT FROM new.parent_code)) EXECUTE FUNCTION regions_pool_columns() -- enabled O

-- policies

policy aid_requests_insert on aid_requests permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((submitted_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND mizan_can_see_household(household_id)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'applicant'::text) AND (submitted_by_org IS NULL) AND mizan_can_see_household(household_id)))

policy aid_requests_read on aid_requests permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (submitted_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR (claimed_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR mizan_can_see_household(household_id))

policy aid_requests_update on aid_requests permissive for update to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (claimed_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR mizan_can_see_household(household_id))

policy api_tokens_own on api_tokens permissive for all to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = ANY (ARRAY['ministry_admin'::text, 'system'::text])) OR (user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text) AND (EXISTS ( SELECT 1
   FROM users u
  WHERE ((u.id = api_tokens.user_id) AND (u.org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))))))

policy appeal_documents_insert on appeal_documents permissive for insert to public
  with check (EXISTS ( SELECT 1
   FROM (programme_appeals a
     JOIN programme_applications p ON ((p.id = a.application_id)))
  WHERE ((a.id = appeal_documents.appeal_id) AND (a.status = 'open'::text) AND (p.applicant_user = ( SELECT mizan_ctx_user() AS mizan_ctx_user)))))

policy appeal_documents_read on appeal_documents permissive for select to public
  using (EXISTS ( SELECT 1
   FROM programme_appeals a
  WHERE (a.id = appeal_documents.appeal_id)))

policy audit_log_append on audit_log permissive for insert to public
  with check ((xact_id = pg_current_xact_id()) AND (chain_pos IS NULL) AND (prev_hash IS NULL) AND (hash IS NULL))

policy audit_log_read on audit_log permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (xact_id = pg_current_xact_id_if_assigned()) OR ((actor_org IS NOT NULL) AND (actor_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org))) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'applicant'::text) AND (household_id = ( SELECT mizan_applicant_household() AS mizan_applicant_household))))

policy benefit_cycles_insert on benefit_cycles permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_programme_of_org(programme_id, false))

policy benefit_cycles_read on benefit_cycles permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_programme_of_org(programme_id, false))

policy benefit_cycles_update on benefit_cycles permissive for update to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_programme_of_org(programme_id, false))

policy declaration_facts_insert on declaration_facts permissive for insert to public
  with check (EXISTS ( SELECT 1
   FROM declaration_versions v
  WHERE ((v.id = declaration_facts.version_id) AND ((v.submitted_by = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text)))))

policy declaration_facts_read on declaration_facts permissive for select to public
  using (EXISTS ( SELECT 1
   FROM declaration_versions v
  WHERE (v.id = declaration_facts.version_id)))

policy declaration_versions_insert on declaration_versions permissive for insert to public
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR ((submitted_by = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) AND (EXISTS ( SELECT 1
   FROM declarations d
  WHERE ((d.id = declaration_versions.declaration_id) AND (d.user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)))))))

policy declaration_versions_read on declaration_versions permissive for select to public
  using ((EXISTS ( SELECT 1
   FROM declarations d
  WHERE ((d.id = declaration_versions.declaration_id) AND (d.user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user))))) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) <> 'applicant'::text) AND (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_household(household_id))))

policy declarations_insert on declarations permissive for insert to public
  with check ((user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text))

policy declarations_read on declarations permissive for select to public
  using ((user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) <> 'applicant'::text) AND (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((household_id IS NOT NULL) AND mizan_can_see_household(household_id)))))

policy declarations_update on declarations permissive for update to public
  using ((user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text))

policy donation_books_insert on donation_books permissive for insert to public
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR ((org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text)))

policy donation_books_read on donation_books permissive for select to public
  using true

policy donation_items_insert on donation_items permissive for insert to public
  with check (EXISTS ( SELECT 1
   FROM donations d
  WHERE ((d.id = donation_items.donation_id) AND (d.status = 'pledged'::text))))

policy donation_items_read on donation_items permissive for select to public
  using (EXISTS ( SELECT 1
   FROM donations d
  WHERE (d.id = donation_items.donation_id)))

policy donation_lots_insert on donation_lots permissive for insert to public
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR (donation_lot_org(parent_lot_id) = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy donation_lots_lock on donation_lots permissive for update to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy donation_lots_read on donation_lots permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR (donor_id = ( SELECT mizan_ctx_donor() AS mizan_ctx_donor)))

policy donations_insert on donations permissive for insert to public
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR ((org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (( SELECT mizan_ctx_role() AS mizan_ctx_role) = ANY (ARRAY['charity_admin'::text, 'caseworker'::text]))) OR ((status = 'pledged'::text) AND (donor_id = ( SELECT mizan_ctx_donor() AS mizan_ctx_donor))))

policy donations_read on donations permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR (donor_id = ( SELECT mizan_ctx_donor() AS mizan_ctx_donor)))

policy donations_update on donations permissive for update to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy donors_insert on donors permissive for insert to public
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR ((user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) AND (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'donor'::text)) OR ((registered_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (( SELECT mizan_ctx_role() AS mizan_ctx_role) = ANY (ARRAY['charity_admin'::text, 'caseworker'::text]))))

policy donors_read on donors permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR (registered_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR (EXISTS ( SELECT 1
   FROM donations d
  WHERE ((d.donor_id = donors.id) AND (d.org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))))))

policy donors_update on donors permissive for update to public
  using ((user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((registered_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (user_id IS NULL)))

policy eligibility_decisions_insert on eligibility_decisions permissive for insert to public
  with check mizan_can_see_household(household_id)

policy eligibility_decisions_read on eligibility_decisions permissive for select to public
  using mizan_can_see_household(household_id)

policy enrolments_insert on enrolments permissive for insert to public
  with check (mizan_can_see_household(household_id) OR mizan_programme_of_org(programme_id, false))

policy enrolments_read on enrolments permissive for select to public
  using (mizan_can_see_household(household_id) OR mizan_programme_of_org(programme_id, false))

policy enrolments_update on enrolments permissive for update to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) <> 'applicant'::text) AND (mizan_can_see_household(household_id) OR mizan_programme_of_org(programme_id, false)))

policy entitlements_delete on entitlements permissive for delete to public
  using ((outcome IS NULL) AND (EXISTS ( SELECT 1
   FROM benefit_cycles c
  WHERE ((c.id = entitlements.cycle_id) AND (c.status = 'preview'::text)))))

policy entitlements_insert on entitlements permissive for insert to public
  with check (EXISTS ( SELECT 1
   FROM benefit_cycles c
  WHERE (c.id = entitlements.cycle_id)))

policy entitlements_read on entitlements permissive for select to public
  using (EXISTS ( SELECT 1
   FROM benefit_cycles c
  WHERE (c.id = entitlements.cycle_id)))

policy entitlements_update on entitlements permissive for update to public
  using (EXISTS ( SELECT 1
   FROM benefit_cycles c
  WHERE (c.id = entitlements.cycle_id)))

policy grant_date_findings_read on grant_date_findings permissive for select to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy grant_exceptions_insert on grant_exceptions permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (requested_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy grant_exceptions_read on grant_exceptions permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (requested_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR mizan_can_see_household(household_id))

policy grant_exceptions_update on grant_exceptions permissive for update to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (requested_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR mizan_can_see_household(household_id))

policy grants_insert on grants permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy grants_read on grants permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR mizan_can_see_household(household_id))

policy grants_update on grants permissive for update to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy household_facts_delete on household_facts permissive for delete to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy household_facts_insert on household_facts permissive for insert to public
  with check mizan_can_see_household(household_id)

policy household_facts_read on household_facts permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_household(household_id))

policy household_facts_update on household_facts permissive for update to public
  using mizan_can_see_household(household_id)

policy household_members_insert on household_members permissive for insert to public
  with check mizan_can_see_household(household_id)

policy household_members_read on household_members permissive for select to public
  using mizan_can_see_household(household_id)

policy household_members_update on household_members permissive for update to public
  using mizan_can_see_household(household_id)

policy households_insert on households permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (created_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy households_read on households permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_household(id) OR ((created_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (NOT mizan_org_lost_household(created_by_org, id))))

policy households_update on households permissive for update to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_household(id))

policy idp_dev_accounts_system on idp_dev_accounts permissive for all to public
  using (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text)

policy import_mappings_ministry_read on import_mappings permissive for select to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy import_mappings_own on import_mappings permissive for all to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy import_rows_ministry_read on import_rows permissive for select to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy import_rows_own on import_rows permissive for all to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy imports_ministry_read on imports permissive for select to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy imports_own on imports permissive for all to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy intake_referrals_ministry_read on intake_referrals permissive for select to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy intake_referrals_own on intake_referrals permissive for all to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy invitations_insert on invitations permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (first_org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy invitations_read on invitations permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (first_org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy invitations_update on invitations permissive for update to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (first_org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy journal_entries_insert on journal_entries permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (( SELECT mizan_ctx_role() AS mizan_ctx_role) = ANY (ARRAY['charity_admin'::text, 'caseworker'::text]))))

policy journal_entries_read on journal_entries permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR (counterparty_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR ((( SELECT mizan_ctx_donor() AS mizan_ctx_donor) IS NOT NULL) AND (EXISTS ( SELECT 1
   FROM journal_lines l
  WHERE (l.entry_id = journal_entries.id)))))

policy journal_lines_insert on journal_lines permissive for insert to public
  with check ((org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR journal_entry_writable(entry_id))

policy journal_lines_read on journal_lines permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR (donor_id = ( SELECT mizan_ctx_donor() AS mizan_ctx_donor)))

policy lot_balances_read on lot_balances permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy match_proposals_insert on match_proposals permissive for insert to public
  with check ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy match_proposals_read on match_proposals permissive for select to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy match_proposals_update on match_proposals permissive for update to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy need_score_requests_all on need_score_requests permissive for all to public
  using (EXISTS ( SELECT 1
   FROM need_scores s
  WHERE (s.id = need_score_requests.need_score_id)))
  with check (EXISTS ( SELECT 1
   FROM need_scores s
  WHERE (s.id = need_score_requests.need_score_id)))

policy need_scores_insert on need_scores permissive for insert to public
  with check mizan_can_see_household(household_id)

policy need_scores_read on need_scores permissive for select to public
  using mizan_can_see_household(household_id)

policy notifications_insert on notifications permissive for insert to public
  with check true

policy notifications_read on notifications permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((recipient_org IS NOT NULL) AND (recipient_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org))) OR ((recipient_user IS NOT NULL) AND (recipient_user = ( SELECT mizan_ctx_user() AS mizan_ctx_user))))

policy notifications_update on notifications permissive for update to public
  using (((recipient_org IS NOT NULL) AND (recipient_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org))) OR ((recipient_user IS NOT NULL) AND (recipient_user = ( SELECT mizan_ctx_user() AS mizan_ctx_user))))

policy oidc_logins_system on oidc_logins permissive for all to public
  using (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text)

policy person_match_counts_all on person_match_counts permissive for all to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)
  with check ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy person_match_indexed_all on person_match_indexed permissive for all to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)
  with check ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy person_match_keys_all on person_match_keys permissive for all to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)
  with check ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy persons_insert on persons permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (created_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy persons_read on persons permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_person(id) OR ((created_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND mizan_person_unattached(id)))

policy persons_update on persons permissive for update to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_can_see_person(id) OR ((created_by_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND mizan_person_unattached(id)))

policy programme_appeals_insert on programme_appeals permissive for insert to public
  with check (EXISTS ( SELECT 1
   FROM programme_applications a
  WHERE (a.id = programme_appeals.application_id)))

policy programme_appeals_read on programme_appeals permissive for select to public
  using (EXISTS ( SELECT 1
   FROM programme_applications a
  WHERE (a.id = programme_appeals.application_id)))

policy programme_appeals_update on programme_appeals permissive for update to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) <> 'applicant'::text) AND (EXISTS ( SELECT 1
   FROM programme_applications a
  WHERE (a.id = programme_appeals.application_id))))

policy programme_applications_insert on programme_applications permissive for insert to public
  with check ((applicant_user = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all))

policy programme_applications_read on programme_applications permissive for select to public
  using ((applicant_user = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) <> 'applicant'::text) AND (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_programme_of_org(programme_id, false))))

policy programme_applications_update on programme_applications permissive for update to public
  using ((applicant_user = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) <> 'applicant'::text) AND (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_programme_of_org(programme_id, false))))

policy programme_regions_insert on programme_regions permissive for insert to public
  with check mizan_programme_of_org(programme_id, true)

policy programme_regions_read on programme_regions permissive for select to public
  using true

policy programme_regions_update on programme_regions permissive for update to public
  using mizan_programme_of_org(programme_id, true)

policy programme_sessions_insert on programme_sessions permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_programme_of_org(programme_id, false))

policy programme_sessions_read on programme_sessions permissive for select to public
  using true

policy programme_sessions_update on programme_sessions permissive for update to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR mizan_programme_of_org(programme_id, false))

policy programme_versions_insert on programme_versions permissive for insert to public
  with check mizan_programme_of_org(programme_id, true)

policy programme_versions_read on programme_versions permissive for select to public
  using true

policy programme_versions_update on programme_versions permissive for update to public
  using mizan_programme_of_org(programme_id, true)

policy programmes_insert on programmes permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((owner_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text)))

policy programmes_read on programmes permissive for select to public
  using true

policy programmes_update on programmes permissive for update to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((owner_org = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text)))

policy request_assessments_own on request_assessments permissive for all to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))

policy request_events_append on request_events permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (NOT (actor_user IS DISTINCT FROM ( SELECT mizan_ctx_user() AS mizan_ctx_user))))

policy request_events_read on request_events permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((org_id IS NOT NULL) AND (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))) OR (EXISTS ( SELECT 1
   FROM aid_requests r
  WHERE (r.id = request_events.request_id))))

policy session_attendance_insert on session_attendance permissive for insert to public
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) <> 'applicant'::text) AND (EXISTS ( SELECT 1
   FROM enrolments e
  WHERE (e.id = session_attendance.enrolment_id))))

policy session_attendance_read on session_attendance permissive for select to public
  using (EXISTS ( SELECT 1
   FROM enrolments e
  WHERE (e.id = session_attendance.enrolment_id)))

policy session_attendance_update on session_attendance permissive for update to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) <> 'applicant'::text) AND (EXISTS ( SELECT 1
   FROM enrolments e
  WHERE (e.id = session_attendance.enrolment_id))))

policy sessions_own on sessions permissive for all to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = ANY (ARRAY['ministry_admin'::text, 'system'::text])) OR (user_id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text) AND (EXISTS ( SELECT 1
   FROM users u
  WHERE ((u.id = sessions.user_id) AND (u.org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))))))

policy sms_messages_all on sms_messages permissive for all to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)
  with check ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy sms_opt_outs_all on sms_opt_outs permissive for all to public
  using ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)
  with check ( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all)

policy users_insert on users permissive for insert to public
  with check (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text) AND (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (role <> 'applicant'::text)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'public'::text) AND (role = 'charity_admin'::text) AND (EXISTS ( SELECT 1
   FROM organisations o
  WHERE ((o.id = users.org_id) AND (o.status = 'pending'::text))))))

policy users_read on users permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) OR ((role = 'applicant'::text) AND (( SELECT mizan_ctx_org() AS mizan_ctx_org) IS NOT NULL) AND mizan_can_see_applicant(national_id)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'public'::text) AND (role = 'charity_admin'::text) AND (created_at = now()) AND (EXISTS ( SELECT 1
   FROM organisations o
  WHERE ((o.id = users.org_id) AND (o.status = 'pending'::text))))))

policy users_update on users permissive for update to public
  using ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = ANY (ARRAY['ministry_admin'::text, 'system'::text])) OR (id = ( SELECT mizan_ctx_user() AS mizan_ctx_user)) OR ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text) AND (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org))))

policy warehouses_insert on warehouses permissive for insert to public
  with check ((( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'system'::text) OR ((org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)) AND (( SELECT mizan_ctx_role() AS mizan_ctx_role) = 'charity_admin'::text)))

policy warehouses_read on warehouses permissive for select to public
  using (( SELECT mizan_ctx_reads_all() AS mizan_ctx_reads_all) OR (org_id = ( SELECT mizan_ctx_org() AS mizan_ctx_org)))
