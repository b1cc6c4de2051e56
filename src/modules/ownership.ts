/**
 * Which module owns each table (and view). Only the owner's files name a table in SQL; every
 * other module goes through the owner's exported functions. Owners outside src/modules/ (the
 * deployment's reference data, the HTTP layer's rate-limit counters) are named by their folder.
 * Read by test/unit/module-boundaries.test.ts; pictured in ARCHITECTURE.md ("Modules and their
 * tables"). SQL functions, triggers and policies in src/db/ belong to the database layer and are
 * not checked here. The read models own no table: kardex (the service record, the applicant's
 * access log) and oversight (the ministry's figures and audit search) compose published reads.
 */
export const TABLE_OWNERS = {
  deployment: 'deployments',
  regions: 'deployments',
  rate_limit_counters: 'http',

  service_baskets: 'catalogue',
  exclusivity_groups: 'catalogue',
  aid_types: 'catalogue',

  organisations: 'registry',
  organisation_aid_types: 'registry',
  organisation_regions: 'registry',
  organisation_applications: 'registry',
  persons: 'registry',
  households: 'registry',
  household_members: 'registry',

  users: 'identity',
  api_tokens: 'identity',
  sessions: 'identity',
  oidc_logins: 'identity',
  idp_dev_accounts: 'identity',

  grants: 'grants',
  grant_exceptions: 'grants',
  grant_date_findings: 'grants',

  aid_requests: 'requests',
  request_events: 'requests',
  request_assessments: 'requests',
  request_pool: 'requests',

  audit_log: 'audit',
  audit_chain_head: 'audit',

  jobs: 'jobs',
  notifications: 'notifications',
  need_models: 'scoring', need_scores: 'scoring', need_score_requests: 'scoring',

  imports: 'intake',
  import_rows: 'intake',
  import_mappings: 'intake',
  intake_referrals: 'intake',

  invitations: 'invitations',
  sms_messages: 'sms',
  sms_opt_outs: 'sms',
  sms_senders: 'sms',

  declarations: 'declarations',
  declaration_versions: 'declarations',
  declaration_facts: 'declarations',

  person_match_keys: 'matching',
  person_match_indexed: 'matching',
  person_match_counts: 'matching',
  match_proposals: 'matching',

  programmes: 'programmes',
  programme_versions: 'programmes',
  programme_regions: 'programmes',
  rollout_regions: 'programmes',
  zakat_categories: 'programmes',
  household_facts: 'programmes',
  household_facts_live: 'programmes',
  programme_applications: 'programmes',
  eligibility_decisions: 'programmes',
  programme_appeals: 'programmes',
  enrolments: 'programmes',
  benefit_cycles: 'programmes',
  entitlements: 'programmes',

  gift_kinds: 'donations',
  stock_items: 'donations',
  donors: 'donations',
  warehouses: 'donations',
  donations: 'donations',
  donation_items: 'donations',
  donation_lots: 'donations',
  lot_balances: 'donations',
  journal_entries: 'donations',
  journal_lines: 'donations',
  donation_books: 'donations',
  programme_sessions: 'programmes',
  appeal_documents: 'programmes',
  session_attendance: 'programmes',
} as const satisfies Record<string, string>;

export type Table = keyof typeof TABLE_OWNERS;
