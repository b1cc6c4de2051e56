/** Kysely table types. Kept by hand next to the SQL migrations in ./migrations. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateStr = ColumnType<string, string, string>;
type Json<T = Record<string, unknown>> = ColumnType<T, string | undefined, string>;

export interface DeploymentTable {
  singleton: Generated<boolean>;
  country: 'KW' | 'SA' | 'IR';
  id_scheme: string;
  currency: string;
  currency_minor_units: number;
  calendar: string;
  default_locale: string;
  request_deadline_days: Generated<number>;
  school_year_start_month: Generated<number>;
  school_year_start_day: Generated<number>;
  settings: Json;
}

export interface RegionsTable {
  code: string;
  parent_code: string | null;
  level: number;
  name_en: string;
  name_ar: string;
  name_fa: string;
}

export type OrgKind = 'ministry' | 'charity';
export type OrgStatus = 'pending' | 'approved' | 'suspended' | 'rejected';
export interface OrganisationsTable {
  id: Generated<string>;
  kind: OrgKind;
  name: string;
  registration_number: string | null;
  status: OrgStatus;
  contact_phone: string | null;
  created_at: Generated<Date>;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
}

/** What a sign-in in progress is for (oidc_logins.purpose, 0030); without one, staff or applicant. */
export type SignInPurpose = 'donor';
export type Role = 'ministry_admin' | 'ministry_supervisor' | 'charity_admin' | 'caseworker' | 'field_visitor' | 'applicant' | 'donor';
export type Locale = 'ar' | 'fa' | 'en';
export interface UsersTable {
  id: Generated<string>;
  org_id: string | null;
  role: Role;
  national_id: string | null;
  display_name: string;
  phone: string | null;
  locale: Generated<Locale>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: Buffer;
  name: string;
  created_at: Generated<Date>;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  /** 'read' (GET/HEAD only) and/or 'write'. */
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  revoked_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ServiceBasketsTable {
  code: string;
  name_en: string;
  name_ar: string;
  name_fa: string;
  position: Generated<number>;
}

export type WindowKind = 'days' | 'school_year' | 'lifetime';
export interface ExclusivityGroupsTable {
  code: string;
  name_en: string;
  name_ar: string;
  name_fa: string;
  scope: Generated<'household'>;
  window_kind: WindowKind;
  window_days: number | null;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export type AidForm = 'cash' | 'in_kind' | 'service';
export interface AidTypesTable {
  code: string;
  basket_code: string;
  group_code: string;
  name_en: string;
  name_ar: string;
  name_fa: string;
  form: AidForm;
  deadline_days: number | null;
  active: Generated<boolean>;
}

export interface OrganisationAidTypesTable {
  org_id: string;
  aid_type_code: string;
}
export interface OrganisationRegionsTable {
  org_id: string;
  region_code: string;
}
export interface OrganisationApplicationsTable {
  org_id: string;
  receipt_hash: Buffer;
  created_at: Generated<Date>;
}

export interface PersonsTable {
  id: Generated<string>;
  id_scheme: string;
  national_id: string;
  full_name: string;
  name_key: string;
  compact_key: string;
  birth_date: DateStr | null;
  sex: 'F' | 'M' | null;
  nationality: string;
  phone: string | null;
  created_at: Generated<Date>;
  /** The organisation that first recorded the person (defaults to the acting organisation). */
  created_by_org: ColumnType<string | null, string | null | undefined, string | null>;
  /** The person this record was merged into (0024); the record is read-only from then on. */
  merged_into: ColumnType<string | null, never, string | null>;
  merged_at: ColumnType<Date | null, never, Date | null>;
  merged_by: ColumnType<string | null, never, string | null>;
}

export interface HouseholdsTable {
  id: Generated<string>;
  region_code: string;
  address: string | null;
  phone: string | null;
  created_by_org: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'sibling' | 'grandchild' | 'other';
export interface HouseholdMembersTable {
  id: Generated<string>;
  household_id: string;
  person_id: string;
  relation: Relation;
  active: Generated<boolean>;
  joined_at: Generated<Date>;
  left_at: Date | null;
}

export type RequestStatus = 'open' | 'claimed' | 'escalated' | 'approved' | 'rejected' | 'withdrawn';
export interface AidRequestsTable {
  id: Generated<string>;
  household_id: string;
  person_id: string | null;
  aid_type_code: string;
  group_code: Generated<string>;
  amount_minor: number | null;
  item: string | null;
  quantity: number | null;
  justification: string;
  status: Generated<RequestStatus>;
  priority: Generated<number>;
  channel: Generated<'staff' | 'applicant' | 'intake'>;
  submitted_by: string | null;
  submitted_by_org: string | null;
  submitted_at: Timestamp;
  deadline_at: Timestamp;
  claimed_by_org: string | null;
  claimed_at: Date | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
  grant_id: string | null;
  assignment_round: Generated<number>;
  escalated_at: Date | null;
  escalated_from_org: string | null;
  reassigned_at: Date | null;
  /** The pool's anonymous columns, kept by triggers while the request is open, claimed or escalated (0007). */
  pool_household_size: PoolColumn<number>;
  pool_nationality: PoolColumn<string>;
  pool_region: PoolColumn<string>;
  pool_anon_region: PoolColumn<string>;
  pool_basket: PoolColumn<string>;
  /** The first offer (0020): the charity the request is offered to first, and until when. */
  offered_to_org_id: ColumnType<string | null, string | null | undefined, string | null>;
  offered_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** Written by the database only. */
type PoolColumn<T> = ColumnType<T | null, never, never>;

export interface RequestEventsTable {
  id: Generated<number>;
  request_id: string;
  at: Timestamp;
  event: string;
  actor_user: string | null;
  actor_org: string | null;
  actor_role: string | null;
  org_id: string | null;
  reason: string | null;
  details: Json;
}

export interface RequestAssessmentsTable {
  request_id: string;
  org_id: string;
  notes: string;
  documents: Json<string[]>;
  updated_by: string;
  updated_at: Timestamp;
}

/** The anonymous pool (a view): one row per open request and charity that may see it. */
export interface RequestPoolView {
  id: string;
  aid_type_code: string;
  basket_code: string;
  nationality: string | null;
  household_size: number;
  region_code: string;
  submitted_at: Date;
  deadline_at: Date;
  priority: number;
  org_id: string;
}

export interface JobsTable {
  id: Generated<number>;
  key: string;
  kind: string;
  payload: Json;
  run_at: Timestamp;
  status: Generated<'pending' | 'done' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  done_at: Date | null;
  done_by: string | null;
}

export interface NotificationsTable {
  id: Generated<string>;
  recipient_org: string | null;
  recipient_user: string | null;
  channel: Generated<'in_app' | 'sms' | 'email'>;
  template: string;
  params: Json;
  locale: Locale;
  request_id: string | null;
  created_at: Timestamp;
  read_at: Date | null;
}

export interface GrantExceptionsTable {
  id: Generated<string>;
  household_id: string;
  group_code: string;
  reason: string;
  document_ref: string;
  status: Generated<'pending' | 'approved' | 'rejected' | 'used'>;
  requested_by: string;
  requested_by_org: string;
  requested_at: Generated<Date>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  /** 'backdate': approval to record aid given on granted_on, further back than backdate_days (0011). */
  kind: Generated<'repeat' | 'backdate'>;
  granted_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface GrantsTable {
  id: Generated<string>;
  household_id: string;
  person_id: string | null;
  request_id: string | null;
  org_id: string;
  aid_type_code: string;
  group_code: Generated<string>;
  form: AidForm;
  amount_minor: number | null;
  currency: string | null;
  item: string | null;
  quantity: number | null;
  granted_on: DateStr;
  during: Generated<string>;
  /** The day grant_aid() recorded it (0011); null for older grants and bulk loads. */
  recorded_on: ColumnType<string | null, string | null | undefined, string | null>;
  exception_id: string | null;
  /** The supervisor's approval of a back-dated grant's date (0011). */
  backdate_exception_id: Generated<string | null>;
  status: Generated<'active' | 'revoked'>;
  revoked_reason: string | null;
  created_by: string;
  created_at: Generated<Date>;
  /** The programme that paid it (0029), null for a charity's own aid. */
  programme_id: Generated<string | null>;
}

/** Existing grants the date rules of 0011 would refuse, reported by that migration. */
export interface GrantDateFindingsTable {
  grant_id: string;
  finding: 'future-date' | 'before-registration' | 'backdate-over-limit' | 'overlaps-when-recorded';
  household_id: string;
  org_id: string;
  aid_type_code: string;
  granted_on: DateStr;
  recorded_on: DateStr;
  detail: Json;
  found_at: Generated<Date>;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: Timestamp;
  actor_user: string | null;
  actor_org: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  household_id: string | null;
  reason: string | null;
  details: Json;
  /** The inserting transaction (pg_current_xact_id()); the sealer links only finished ones. */
  xact_id: Generated<string>;
  /** Position in the hash chain, set by audit_seal() (null until sealed). */
  chain_pos: ColumnType<number | null, never, never>;
  prev_hash: ColumnType<Buffer | null, never, never>;
  hash: ColumnType<Buffer | null, never, never>;
}

export interface AuditChainHeadTable {
  singleton: Generated<boolean>;
  pos: number;
  hash: Buffer;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: Buffer;
  csrf_hash: Buffer;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
  last_seen_at: Generated<Date>;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface OidcLoginsTable {
  state_hash: Buffer;
  code_verifier: string;
  nonce: string;
  return_to: string;
  created_at: Generated<Date>;
  expires_at: Date;
  /** The invitation a sign-in started from (0021; never the token). */
  invitation_id: string | null;
  /** What the sign-in is for (0030): null the ordinary one (staff, applicant), 'donor' a donor's. */
  purpose: SignInPurpose | null;
}

export interface IdpDevAccountsTable {
  national_id: string;
  label: string;
  residency: string | null;
  position: Generated<number>;
}

/** The ministry's scoring model, one row per version; the highest is the active one (0020). */
export interface NeedModelsTable {
  version: number;
  model: Json;
  created_at: Generated<Date>;
  created_by: string | null;
  note: string | null;
}

/** A household's need score per declaration version, with its explanation (0020). */
export interface NeedScoresTable {
  id: Generated<string>;
  household_id: string;
  declaration_version_id: string;
  model_version: number;
  score: ColumnType<string, number, number>;
  priority: number;
  contributions: Json;
  created_at: Date;
  created_by: string | null;
}

export interface NeedScoreRequestsTable {
  request_id: string;
  need_score_id: string;
}

export interface DB {
  deployment: DeploymentTable;
  regions: RegionsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  service_baskets: ServiceBasketsTable;
  exclusivity_groups: ExclusivityGroupsTable;
  aid_types: AidTypesTable;
  organisation_aid_types: OrganisationAidTypesTable;
  organisation_regions: OrganisationRegionsTable;
  organisation_applications: OrganisationApplicationsTable;
  persons: PersonsTable;
  households: HouseholdsTable;
  household_members: HouseholdMembersTable;
  aid_requests: AidRequestsTable;
  grant_exceptions: GrantExceptionsTable;
  grant_date_findings: GrantDateFindingsTable;
  grants: GrantsTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  sessions: SessionsTable;
  oidc_logins: OidcLoginsTable;
  idp_dev_accounts: IdpDevAccountsTable;
  request_events: RequestEventsTable;
  request_assessments: RequestAssessmentsTable;
  request_pool: RequestPoolView;
  jobs: JobsTable;
  notifications: NotificationsTable;
  need_models: NeedModelsTable;
  need_scores: NeedScoresTable;
  need_score_requests: NeedScoreRequestsTable;
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  import_mappings: ImportMappingsTable;
  intake_referrals: IntakeReferralsTable;
  person_match_keys: PersonMatchKeysTable;
  person_match_indexed: PersonMatchIndexedTable;
  person_match_counts: PersonMatchCountsTable;
  match_proposals: MatchProposalsTable;
  programmes: ProgrammesTable;
  programme_versions: ProgrammeVersionsTable;
  zakat_categories: ZakatCategoriesTable;
  rollout_regions: RolloutRegionsTable;
  programme_regions: ProgrammeRegionsTable;
  household_facts: HouseholdFactsTable;
  household_facts_live: Omit<HouseholdFactsTable, 'computed_at'>;
  programme_applications: ProgrammeApplicationsTable;
  eligibility_decisions: EligibilityDecisionsTable;
  programme_appeals: ProgrammeAppealsTable;
  enrolments: EnrolmentsTable;
  benefit_cycles: BenefitCyclesTable;
  entitlements: EntitlementsTable;
  programme_sessions: ProgrammeSessionsTable;
  appeal_documents: AppealDocumentsTable;
  session_attendance: SessionAttendanceTable;
  gift_kinds: GiftKindsTable;
  stock_items: StockItemsTable;
  donors: DonorsTable;
  warehouses: WarehousesTable;
  donations: DonationsTable;
  donation_items: DonationItemsTable;
  donation_lots: DonationLotsTable;
  lot_balances: LotBalancesTable;
  journal_entries: JournalEntriesTable;
  journal_lines: JournalLinesTable;
  donation_books: DonationBooksTable;
}

/** Programmes (migration 0029): what is offered, to whom (rules as data), where, and what was paid. */
export type ProgrammeKind = 'cash' | 'in_kind' | 'service';
export type ServiceKind = 'training' | 'employment' | 'empowerment';
export type Funding = 'general' | 'zakat' | 'donor';
export type ProgrammeStatus = 'draft' | 'active' | 'closed';
export interface ProgrammesTable {
  id: Generated<string>;
  code: string;
  owner_org: string;
  kind: ProgrammeKind;
  service_kind: ServiceKind | null;
  aid_type_code: string;
  funding: Funding;
  name_en: string;
  name_ar: string;
  name_fa: string;
  status: Generated<ProgrammeStatus>;
  created_at: Timestamp;
  created_by: string;
}

export interface ProgrammeVersionsTable {
  programme_id: string;
  version: number;
  state: 'draft' | 'published' | 'superseded';
  rule: Json<unknown>;
  rule_sql: string;
  benefit: Json<unknown> | null;
  benefit_sql: string | null;
  note: string | null;
  projection: Json<unknown> | null;
  created_at: Timestamp;
  created_by: string;
  published_at: Timestamp | null;
  published_by: string | null;
}

export interface ZakatCategoriesTable {
  version: number;
  rule: Json<unknown>;
  rule_sql: string;
  note: string | null;
  published_at: Timestamp;
  published_by: string | null;
}

export interface RolloutRegionsTable {
  region_code: string;
  phase: number;
  opened_at: Timestamp | null;
}

export interface ProgrammeRegionsTable {
  programme_id: string;
  region_code: string;
  phase: number;
  opened_at: Timestamp | null;
  capacity_households: number | null;
  budget_minor: number | null;
}

export interface HouseholdFactsTable {
  household_id: string;
  region_code: string;
  province_code: string;
  members: number | null;
  children: number | null;
  elders: number | null;
  disabled_members: number | null;
  chronically_ill_members: number | null;
  head_age: number | null;
  head_nationality: string | null;
  all_nationals: boolean | null;
  monthly_income_minor: number | null;
  income_per_member_minor: number | null;
  monthly_rent_minor: number | null;
  debts_minor: number | null;
  cash_aid_90d_minor: number | null;
  housing: string | null;
  declared: boolean;
  computed_at: Timestamp;
}

export type ApplicationStatus = 'eligible' | 'refused' | 'appealed' | 'overturned' | 'upheld';
export interface ProgrammeApplicationsTable {
  id: Generated<string>;
  programme_id: string;
  household_id: string;
  applicant_user: string;
  status: ApplicationStatus;
  decision_id: string | null;
  decided_by: string | null;
  created_at: Timestamp;
}

export interface EligibilityDecisionsTable {
  id: Generated<string>;
  programme_id: string;
  version: number;
  household_id: string;
  application_id: string | null;
  passed: boolean;
  reasons: Json<unknown[]>;
  facts: Json<Record<string, unknown>>;
  decided_at: Timestamp;
  decided_by: string | null;
}

export interface ProgrammeAppealsTable {
  id: Generated<string>;
  application_id: string;
  reason: string;
  documents: Json<unknown[]>;
  lodged_at: Timestamp;
  due_at: Timestamp;
  status: Generated<'open' | 'upheld' | 'overturned'>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
}

export type EnrolmentStatus = 'active' | 'completed' | 'employed' | 'dropped' | 'ended';
export interface EnrolmentsTable {
  id: Generated<string>;
  programme_id: string;
  household_id: string;
  application_id: string | null;
  province_code: string;
  status: Generated<EnrolmentStatus>;
  since: Timestamp;
  ended_at: Timestamp | null;
  session_id: Generated<string | null>;
  follow_up_on: ColumnType<string | null, string | null | undefined, string | null>;
  followed_up_at: Generated<Date | null>;
  follow_up_note: Generated<string | null>;
}

export interface AppealDocumentsTable {
  id: Generated<string>;
  appeal_id: string;
  name: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_at: Timestamp;
  uploaded_by: string;
}

export interface ProgrammeSessionsTable {
  id: Generated<string>;
  programme_id: string;
  region_code: string;
  title: string;
  place: string | null;
  starts_on: DateStr;
  ends_on: DateStr;
  capacity: number;
  created_at: Timestamp;
  created_by: string;
}

export interface SessionAttendanceTable {
  enrolment_id: string;
  on_day: DateStr;
  present: boolean;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface BenefitCyclesTable {
  id: Generated<string>;
  programme_id: string;
  period: DateStr;
  version: number;
  status: Generated<'preview' | 'approved' | 'paid'>;
  households: Generated<number>;
  total_minor: Generated<number>;
  created_at: Timestamp;
  created_by: string | null;
  approved_at: Timestamp | null;
  approved_by: string | null;
  paid_at: Timestamp | null;
}

export interface EntitlementsTable {
  cycle_id: string;
  household_id: string;
  province_code: string;
  amount_minor: number;
  outcome: string | null;
  grant_id: string | null;
}

/** Person matching (migration 0025): each indexed person's blocking keys, and the proposals the ministry decides. */
export interface PersonMatchKeysTable {
  person_id: string;
  kind: string;
  value: string;
}

export interface PersonMatchIndexedTable {
  person_id: string;
  indexed_at: Date;
}

export interface PersonMatchCountsTable {
  kind: string;
  value: string;
  n: number;
  counted_at: Date;
}

export interface MatchProposalsTable {
  id: Generated<string>;
  person_a: string;
  person_b: string;
  score: number;
  explanation: Json;
  status: Generated<'pending' | 'same' | 'different'>;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  created_at: Date;
}

/** Intake (migration 0017): a charity's uploads, their rows with verdicts, the remembered mapping, referrals. */
export interface ImportsTable {
  id: Generated<string>;
  org_id: string;
  created_by: string | null;
  file_name: string;
  file_sha256: Buffer;
  file_bytes: number;
  format: 'csv' | 'xlsx';
  encoding: string;
  delimiter: string | null;
  columns: Json<string[]>;
  preview: Json<string[][]>;
  mapping: Json<Record<string, number>> | null;
  status: Generated<'mapping' | 'queued' | 'staging' | 'applying' | 'done' | 'failed'>;
  total_rows: number | null;
  rows_staged: Generated<number>;
  rows_applied: Generated<number>;
  applied_through: string | null;
  matched_through: number | null;
  accepted: Generated<number>;
  refused: Generated<number>;
  waiting: Generated<number>;
  failure: string | null;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
}
export interface ImportRowsTable {
  import_id: string;
  row_no: number;
  org_id: string;
  national_id: string | null;
  phone: string | null;
  name: string | null;
  birth_date: string | null;
  region: string | null;
  household_ref: string | null;
  language: string | null;
  own_verdict: string | null;
  reason: string | null;
  field: string | null;
  verdict: string | null;
  person_id: string | null;
  likely_person: string | null;
  likely_score: number | null;
}
export interface ImportMappingsTable {
  org_id: string;
  mapping: Json<Record<string, string>>;
  updated_at: Timestamp;
}
export interface IntakeReferralsTable {
  id_scheme: string;
  national_id: string;
  org_id: string;
  first_import_id: string;
  first_row_no: number;
  created_at: Generated<Date>;
  /** The ID's first referral (migration 0022): at most one per (id_scheme, national_id). */
  first_referrer: Generated<boolean>;
}

// Donations and the fund ledger (0031) -----------------------------------------------------------

export type DonorKind = 'individual' | 'company' | 'endowment' | 'government';
export type RestrictionKind = 'general' | 'basket' | 'aid_type' | 'region' | 'programme';
export type DonationForm = 'cash' | 'in_kind';
export type DonationStatus = 'pledged' | 'received' | 'declined';
export type JournalKind = 'donation' | 'allocation' | 'disbursement' | 'transfer' | 'refund' | 'reversal';
export type JournalAccount = 'gifts' | 'held' | 'granted' | 'refunded';
export type StockUnit = 'piece' | 'basket' | 'box' | 'pack' | 'kg' | 'litre';

export interface GiftKindsTable {
  code: string;
  zakat: boolean;
  position: number;
  name_en: string;
  name_ar: string;
  name_fa: string;
}
export interface StockItemsTable {
  code: string;
  aid_type_code: string;
  unit: StockUnit;
  perishable: boolean;
  name_en: string;
  name_ar: string;
  name_fa: string;
}
export interface DonorsTable {
  id: Generated<string>;
  kind: DonorKind;
  user_id: string | null;
  display_name: string;
  national_id: string | null;
  registration_no: string | null;
  phone: string | null;
  locale: Locale;
  public_name: boolean;
  registered_by_org: string | null;
  created_at: Timestamp;
  created_by: string | null;
}
export interface WarehousesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  region_code: string;
  created_at: Timestamp;
}
export interface DonationsTable {
  id: Generated<string>;
  org_id: string;
  donor_id: string;
  form: DonationForm;
  gift_kind: string;
  restriction_kind: RestrictionKind;
  restriction_code: string | null;
  zakat: boolean;
  currency: string;
  amount_minor: number | null;
  payment_reference: string | null;
  status: DonationStatus;
  note: string | null;
  pledged_at: Timestamp;
  received_at: Timestamp | null;
  received_by: string | null;
  receipt_number: string | null;
  verification_code: string | null;
  created_by: string | null;
}
export interface DonationItemsTable {
  donation_id: string;
  line: number;
  item_code: string;
  quantity: number;
  unit_value_minor: number;
  expires_on: string | null;
}
export interface DonationLotsTable {
  id: Generated<string>;
  donation_id: string;
  donor_id: string;
  org_id: string;
  parent_lot_id: string | null;
  form: DonationForm;
  restriction_kind: RestrictionKind;
  restriction_code: string | null;
  zakat: boolean;
  item_code: string | null;
  warehouse_id: string | null;
  unit_value_minor: number | null;
  expires_on: string | null;
  received_at: Timestamp;
  created_at: Timestamp;
}
export interface LotBalancesTable {
  lot_id: string;
  org_id: string;
  amount_minor: number;
  quantity: number;
}
export interface JournalEntriesTable {
  id: Generated<string>;
  kind: JournalKind;
  org_id: string;
  at: Timestamp;
  tx: Generated<number>;
  reverses: string | null;
  donation_id: string | null;
  grant_id: string | null;
  aid_type_code: string | null;
  basket_code: string | null;
  region_code: string | null;
  service_on: string | null;
  counterparty_org: string | null;
  memo: string | null;
  created_by: string | null;
}
export interface JournalLinesTable {
  entry_id: string;
  line: number;
  account: JournalAccount;
  /** Set by journal_lines_check() from the lot: never given. */
  org_id: Generated<string>;
  lot_id: string;
  donation_id: Generated<string>;
  donor_id: Generated<string>;
  amount_minor: number;
  quantity: number;
}
export interface DonationBooksTable {
  org_id: string;
  opened_at: Timestamp;
  opened_by: string | null;
}
