/**
 * WHAT grant_aid() ANSWERS, and what each answer means to the caller.
 *
 * grant_aid() (src/db/definitions/functions/grant_aid.sql) decides every grant in the database and
 * answers one outcome per grant; registry_beneficiary() (registry_beneficiary.sql), which it calls,
 * answers the beneficiary's part. This file is the one TypeScript picture of those answers:
 * GRANT_OUTCOMES lists every outcome string the SQL can answer (test/unit/grant-outcome.test.ts reads
 * the SQL and fails when the two differ), GrantOutcome is the typed row, and refusalProblem is the
 * single mapping of a refusal to the Problem the caller reads: each refusal's sentence is written
 * here once. The rule itself stays in SQL; nothing here decides it again.
 */
import type { Acting } from '../../kernel/actor.js';
import { Problem, forbidden } from '../../shared/problem.js';
import type { GrantRow } from './grants.repository.js';

/** The refusals of registry_beneficiary(): the beneficiary by a member's national ID, or a household (and member) by ID. */
export const BENEFICIARY_REFUSALS = ['unknown-beneficiary', 'beneficiary-not-in-household', 'unknown-household', 'person-not-member'] as const;
export type BeneficiaryRefusal = (typeof BENEFICIARY_REFUSALS)[number];

/** Every outcome grant_aid() answers, in the order it checks them. */
export const GRANT_OUTCOMES = [
  'granted',
  'org-not-approved', 'unknown-aid-type', 'programme-not-active', 'not-offered',
  ...BENEFICIARY_REFUSALS,
  'zakat-not-entitled', 'amount-required', 'future-date', 'before-registration',
  'exception-missing', 'exception-mismatch', 'exception-not-approved',
  'backdate-needs-approval', 'not-funded', 'refused',
] as const;
export type GrantOutcomeName = (typeof GRANT_OUTCOMES)[number];

/** Why grant_aid() refused a date, and the limit it broke (0011_grant_dates.sql). */
export interface DateRefusal {
  grantedOn: string;
  today?: string;
  registeredOn?: string;
  earliest?: string;
  limitDays?: number;
}

/** Why no lot could fund a grant (donations_pick_lots(), 0031): what was needed and what an allowed fund had. */
export interface FundingRefusal {
  reason: 'insufficient' | 'restricted' | 'zakat-not-entitled' | 'unknown-lot';
  form: 'cash' | 'in_kind';
  neededMinor: number | null;
  neededQuantity: number | null;
  availableMinor: number | null;
  availableQuantity: number | null;
}

/** One answer of grant_aid(), typed by its outcome. */
export type GrantOutcome =
  | { outcome: 'granted'; householdId: string; grant: GrantRow }
  | { outcome: 'refused'; householdId: string; grantedOn: string; during: string }
  | { outcome: 'future-date' | 'before-registration' | 'backdate-needs-approval'; householdId: string; detail: DateRefusal }
  | { outcome: 'exception-not-approved'; householdId: string; exceptionStatus: string }
  | { outcome: 'org-not-approved' | 'unknown-aid-type' | 'programme-not-active' | 'not-offered' | BeneficiaryRefusal; householdId: null }
  | { outcome: 'zakat-not-entitled'; householdId: string; zakatVersion: number | null }
  | { outcome: 'not-funded'; householdId: string; detail: FundingRefusal }
  | { outcome: 'amount-required' | 'exception-missing' | 'exception-mismatch'; householdId: string };

export type GrantRefusalOutcome = Exclude<GrantOutcome, { outcome: 'granted' }>;

// The union and the list name the same outcomes: a missing or extra one fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const unionMatchesList: Same<GrantOutcome['outcome'], GrantOutcomeName> = true;
void unionMatchesList;

/** Outcomes decided before the beneficiary was looked up: they say nothing about a national ID. */
export const BEFORE_BENEFICIARY: ReadonlySet<GrantOutcomeName> = new Set(['granted', 'org-not-approved', 'unknown-aid-type', 'programme-not-active', 'not-offered']);

/** The grant that blocks a new one, as grants_find_blocking() tells it to the acting organisation. */
export interface BlockingGrant {
  id: string | null;
  aid_type_code: string;
  name_en: string;
  name_ar: string;
  name_fa: string;
  group_code: string;
  granted_on: string;
  org_id: string | null;
  org_kind: 'ministry' | 'charity';
  window_end: string | null;
}

/** Neither a household nor a beneficiary's national ID was given (checked before the database). */
export const noBeneficiaryGiven = () => new Problem('validation', 'Give householdId or beneficiaryNationalId.', { field: 'householdId' });

/** A refusal of registry_beneficiary() as the Problem that names the field to correct. */
export function beneficiaryProblem(outcome: BeneficiaryRefusal): Problem {
  switch (outcome) {
    case 'unknown-beneficiary':
      return new Problem('unknown-reference', 'No registered household has a member with this national ID.', { field: 'beneficiaryNationalId' });
    case 'beneficiary-not-in-household':
      return new Problem('validation', 'The beneficiary is not a member of the given household.', { field: 'beneficiaryNationalId' });
    case 'unknown-household':
      return new Problem('unknown-reference', 'The household does not exist.', { field: 'householdId' });
    case 'person-not-member':
      return new Problem('validation', 'The person is not an active member of the household.', { field: 'personId' });
  }
}

export interface RefusalContext {
  /** Who asked: the sentence about a blocking grant says "your organisation", and the ministry and the giver learn its ID. */
  actor: Pick<Acting, 'orgId'> & { orgKind?: string | null | undefined };
  aidTypeCode: string;
  /** The grant cited a request or an exception (a unique key may have refused it). */
  cites: boolean;
  /** For 'refused': the grant that blocks it, read through grants_find_blocking() (none: a unique key refused). */
  blocking?: BlockingGrant | undefined;
}

/** The 409 that names the earlier grant: its aid type, date and the kind of organisation. */
export function duplicateAidProblem(actor: RefusalContext['actor'], householdId: string, b: BlockingGrant | undefined): Problem {
  if (!b) return new Problem('duplicate-aid', 'The household already received this type of aid inside the policy window.');
  const same = b.org_id === actor.orgId;
  const who = same ? 'your organisation' : b.org_kind === 'ministry' ? 'the ministry' : 'another charity';
  const until = b.window_end ? `until ${b.window_end}` : 'again (the policy allows it once per household)';
  return new Problem(
    'duplicate-aid',
    `This household received "${b.name_en}" on ${b.granted_on} from ${who}. Aid of the same kind cannot be given ${until} without a supervisor-approved exception documenting a new need.`,
    {
      conflict: {
        aidType: b.aid_type_code,
        aidTypeName: { en: b.name_en, ar: b.name_ar, fa: b.name_fa },
        group: b.group_code,
        grantedOn: b.granted_on,
        organisationKind: b.org_kind,
        sameOrganisation: same,
        blockedUntil: b.window_end,
        ...(same || actor.orgKind === 'ministry' ? { grantId: b.id } : {}),
      },
      householdId,
    },
  );
}

/** The one mapping of a refusal of grant_aid() to the Problem the caller reads. */
export function refusalProblem(o: GrantRefusalOutcome, ctx: RefusalContext): Problem {
  const code = ctx.aidTypeCode;
  switch (o.outcome) {
    case 'org-not-approved':
      return forbidden('Your organisation is not approved.');
    case 'unknown-aid-type':
      return new Problem('unknown-reference', `Unknown aid type "${code}".`, { field: 'aidTypeCode', value: code });
    case 'not-offered':
      return forbidden(`Your organisation does not offer the aid type "${code}".`);
    case 'programme-not-active':
      return new Problem('invalid-state', 'The programme is not active, is not your organisation\'s, or does not give this aid type.', { field: 'programmeId' });
    case 'zakat-not-entitled':
      return new Problem('zakat-not-entitled', 'The programme is funded by zakat, and the household does not meet the zakat categories.', { householdId: o.householdId, zakatVersion: o.zakatVersion });
    case 'unknown-beneficiary':
    case 'beneficiary-not-in-household':
    case 'unknown-household':
    case 'person-not-member':
      return beneficiaryProblem(o.outcome);
    case 'amount-required':
      return new Problem('validation', 'Cash aid needs an amount.', { field: 'amount' });
    case 'exception-missing':
      return new Problem('unknown-reference', 'The exception does not exist.', { field: 'exceptionId' });
    case 'exception-mismatch':
      return new Problem('validation', 'The exception was approved for another household, aid group or date.', { field: 'exceptionId' });
    case 'exception-not-approved':
      return new Problem('invalid-state', `The exception is ${o.exceptionStatus}, not approved.`, { field: 'exceptionId', exceptionStatus: o.exceptionStatus });
    case 'future-date':
      return new Problem('future-date', `The grant's date ${o.detail.grantedOn} is after today (${o.detail.today}).`, { field: 'grantedOn', value: o.detail.grantedOn, today: o.detail.today });
    case 'before-registration':
      return new Problem('before-registration', `The grant's date ${o.detail.grantedOn} is before the household (or the member) was registered, on ${o.detail.registeredOn}.`, {
        field: 'grantedOn', value: o.detail.grantedOn, registeredOn: o.detail.registeredOn,
      });
    case 'backdate-needs-approval':
      return new Problem(
        'backdate-needs-approval',
        `The grant's date ${o.detail.grantedOn} is more than ${o.detail.limitDays} days before today (${o.detail.today}); the earliest date without a supervisor's approval is ${o.detail.earliest}. Ask for a back-dating exception (POST /exceptions with grantedOn) and cite it.`,
        { field: 'grantedOn', value: o.detail.grantedOn, today: o.detail.today, limitDays: o.detail.limitDays, earliest: o.detail.earliest },
      );
    case 'not-funded':
      return fundingProblem(o.detail, o.householdId);
    case 'refused':
      // Nothing blocks in the group's window, so a unique key refused: the request or exception already has its grant.
      if (!ctx.blocking && ctx.cites) return new Problem('conflict', 'A grant was already recorded for this request or exception.');
      return duplicateAidProblem(ctx.actor, o.householdId, ctx.blocking);
  }
}

const FUNDING_SENTENCES: Record<FundingRefusal['reason'], string> = {
  'insufficient': 'Your organisation\'s funds that may pay this do not hold enough',
  'restricted': 'None of your organisation\'s funds may pay this: the donors restricted them to other aid, places or programmes',
  'zakat-not-entitled': 'Only zakat may pay this, and the household does not meet the zakat categories',
  'unknown-lot': 'A donation lot you chose is not your organisation\'s',
};

/** A grant no allowed fund can pay, with what was needed and what an allowed fund had. */
export function fundingProblem(d: FundingRefusal, householdId: string): Problem {
  const need = d.form === 'cash' ? `${d.neededMinor} (minor units)` : `${d.neededQuantity} item(s)`;
  const had = d.form === 'cash' ? `${d.availableMinor ?? 0} (minor units)` : `${d.availableQuantity ?? 0} item(s)`;
  return new Problem('not-funded', `${FUNDING_SENTENCES[d.reason]}: needed ${need}, available ${had}. Receive a donation that allows it, or choose other lots.`, {
    reason: d.reason, householdId, form: d.form, neededMinor: d.neededMinor, neededQuantity: d.neededQuantity, availableMinor: d.availableMinor, availableQuantity: d.availableQuantity,
  });
}
