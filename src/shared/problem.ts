/**
 * RFC 9457 problem details. Every error Mizan answers with is a Problem with a stable `type`
 * (a relative URI under /problems/, documented at that address) that clients may switch on.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** The catalogue of problem types: slug -> [status, title]. Add here, never inline. */
export const PROBLEM_TYPES = {
  'validation': [400, 'The request is not valid'],
  'invalid-text': [400, 'A text contains a character that is not allowed'],
  'invalid-national-id': [400, 'The national ID is not valid'],
  'invalid-amount': [400, 'The amount is not valid for the currency'],
  'unknown-reference': [400, 'A referenced item does not exist'],
  'unauthenticated': [401, 'Authentication is required'],
  'forbidden': [403, 'You are not allowed to do this'],
  'csrf': [403, 'The CSRF token is missing or does not match'],
  'insufficient-scope': [403, 'The API token does not have the scope for this'],
  'sign-in-refused': [403, 'Sign-in refused'],
  'sign-in-failed': [400, 'The sign-in could not be completed'],
  'not-found': [404, 'Not found'],
  'duplicate-aid': [409, 'The household already received this type of aid'],
  'future-date': [400, 'The date is in the future'],
  'before-registration': [400, 'The date is before the household was registered'],
  'backdate-needs-approval': [409, 'The date is further back than allowed without a supervisor\'s approval'],
  'member-of-other-household': [409, 'A person is already an active member of another household'],
  'duplicate-person': [409, 'A national ID appears twice'],
  'possible-duplicate-person': [409, 'A member may be a person already registered under another national ID'],
  'member-in-other-household': [409, 'This person is already a member of another household'],
  'declaration-incomplete': [422, 'The declaration is not complete'],
  'open-request-exists': [409, 'The household already has an open request for this type of aid'],
  'already-claimed': [409, 'The request has already been claimed'],
  'invalid-state': [409, 'The item is not in a state that allows this'],
  'conflict': [409, 'The change conflicts with existing data'],
  'person-merged': [409, 'The person was merged into another record'],
  'merge-conflicts-aid': [409, 'Merging the two records would give a household the same aid twice'],
  'match-decided': [409, 'The match proposal was already decided'],
  'no-likely-person': [409, 'The registry search found no person this row may be'],
  'zakat-not-entitled': [409, 'The household does not meet the zakat categories'],
  'invalid-rule': [400, 'The eligibility rule or benefit formula is not valid'],
  'region-not-open': [409, 'The programme is not open in this region yet'],
  'household-not-registered': [409, 'Your household is not registered yet'],
  'same-reviewer': [409, 'An appeal is decided by someone who did not decide the case'],
  'four-eyes': [409, 'Someone other than the person who prepared it approves it'],
  'session-full': [409, 'The session is full'],
  'over-budget': [409, 'The amounts exceed the budget per period of a region'],
  'not-funded': [409, 'No fund the donors allowed can pay this'],
  'insufficient-funds': [409, 'The fund or the stock does not hold that much'],
  'restriction-not-narrower': [409, 'An allocation only narrows what a gift may pay for'],
  'payload-too-large': [413, 'The request body is too large'],
  'import-too-large': [413, 'The file is larger than the import allows'],
  'import-unreadable': [422, 'The file cannot be read as CSV or XLSX'],
  'import-empty': [422, 'The file has no rows to import'],
  'uri-too-long': [414, 'The address is too long'],
  'unsupported-media-type': [415, 'The content type is not supported'],
  'headers-too-large': [431, 'The request headers are too large'],
  'rate-limited': [429, 'Too many requests'],
  'internal': [500, 'Internal error'],
} as const satisfies Record<string, readonly [number, string]>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const problemTypeUri = (slug: ProblemType) => `/problems/${slug}`;

export class Problem extends Error {
  readonly status: number;
  readonly slug: ProblemType;
  readonly extensions: Record<string, unknown>;

  constructor(slug: ProblemType, detail?: string, extensions: Record<string, unknown> = {}) {
    super(detail ?? PROBLEM_TYPES[slug][1]);
    this.slug = slug;
    this.status = PROBLEM_TYPES[slug][0];
    this.extensions = extensions;
  }

  toBody(instance?: string): ProblemBody {
    // Extensions never override the standard members (an extension named `status` is dropped).
    return {
      ...this.extensions,
      type: problemTypeUri(this.slug),
      title: PROBLEM_TYPES[this.slug][1],
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
    };
  }
}

export const notFound = (what: string) => new Problem('not-found', `${what} was not found.`);
export const forbidden = (detail = 'Your role does not allow this action.') => new Problem('forbidden', detail);
