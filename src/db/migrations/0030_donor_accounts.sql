-- Donor accounts (owned by src/modules/identity/). An individual donor signs in with the national
-- digital identity, like an applicant, and gets an account of the role 'donor': no organisation,
-- one per national ID (users_one_donor_per_national_id). A person may be a household's applicant
-- and a donor: two accounts, chosen by how they sign in (/auth/login?as=donor).
--
-- oidc_logins.purpose: what the sign-in in progress is for, kept until the callback; null is the
-- ordinary sign-in (staff or applicant), 'donor' the donor's.
--
-- Row-level security needs no new policy: a donor reads their own users row (users_read: id =
-- mizan_ctx_user()) and, by default, nothing of households, persons, requests or grants
-- (mizan_can_see_household() answers false for a role it does not name).

alter table users drop constraint users_role_check;
alter table users add constraint users_role_check
  check (role in ('ministry_admin', 'ministry_supervisor', 'charity_admin', 'caseworker', 'field_visitor', 'applicant', 'donor'));

-- staff belong to an organisation; applicants and donors do not
alter table users drop constraint users_check;
alter table users add constraint users_check check ((role in ('applicant', 'donor')) = (org_id is null));

-- a donor is known by their national ID: one donor account per national ID
alter table users add constraint users_donor_national_id check (role <> 'donor' or national_id is not null);
create unique index users_one_donor_per_national_id on users (national_id) where role = 'donor';

alter table oidc_logins add column purpose text check (purpose in ('donor'));
