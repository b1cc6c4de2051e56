/**
 * The declarations module's HTTP contract: the applicant's own declaration (read, the draft saved
 * as they type, a member's national ID checked, the submit). Money in integer minor units of the
 * deployment's currency.
 */
import { Type, type Static } from 'typebox';
import { DateTime, IsoDate, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';
import { NeedScore } from '../scoring/scoring.contracts.js';
import { HOUSING } from '../scoring/need-score.js';

const Minor = Type.Integer({ minimum: 0, maximum: 1e12, description: 'Integer minor units of the deployment currency (KWD: fils)' });
/** A union of string literals, typed as such. */
const literals = <T extends string>(xs: readonly T[]) => Type.Unsafe<T>(Type.Union(xs.map((x) => Type.Literal(x))));
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'other'] as const;

export const INCOME_SOURCES = ['work', 'pension', 'benefit', 'family', 'other'] as const;
export const DEBT_KINDS = ['rent-arrears', 'loan', 'medical', 'utility', 'other'] as const;
export const MAX_MEMBERS = 30;

export const DraftMember = Strict({
  /** As typed (any script's digits); may be empty while the person is still typing. */
  nationalId: Type.String({ maxLength: 40 }),
  fullName: Type.String({ maxLength: 200 }),
  birthDate: Type.Optional(IsoDate),
  relation: literals(RELATIONS),
  disability: Type.Boolean(),
  chronicIllness: Type.Boolean(),
});

/** The working copy: every field optional (saved as they go; incomplete is fine). The first member is the head: the applicant. */
export const DeclarationDraft = Strict({
  regionCode: Type.Optional(Type.String({ maxLength: 32 })),
  members: Type.Optional(Type.Array(DraftMember, { maxItems: MAX_MEMBERS })),
  incomes: Type.Optional(Type.Array(Strict({ source: literals(INCOME_SOURCES), monthlyAmountMinor: Minor }), { maxItems: 20 })),
  housing: Type.Optional(Strict({ tenure: literals(HOUSING), monthlyRentMinor: Minor })),
  debts: Type.Optional(Type.Array(Strict({ kind: literals(DEBT_KINDS), totalMinor: Minor, monthlyRepaymentMinor: Minor }), { maxItems: 20 })),
  needs: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20, description: 'Aid type codes (active ones, from the catalogue)' })),
});
export type DeclarationDraft = Static<typeof DeclarationDraft>;

export const MemberCheckBody = Type.Object({ nationalId: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });

const Change = Strict({ path: Type.String(), before: Type.Unknown(), after: Type.Unknown() });
export type Change = Static<typeof Change>;

export const Declaration = Named('Declaration', {
  status: literals(['new', 'draft', 'submitted'] as const),
  draft: DeclarationDraft,
  savedAt: Nullable(DateTime),
  applicant: Strict({ nationalId: Type.String(), fullName: Nullable(Type.String()), phone: Nullable(Type.String()) }),
  invitedBy: Nullable(Strict({ orgName: Type.String() })),
  versions: Type.Array(Strict({ version: Type.Integer(), submittedAt: DateTime, changes: Type.Array(Change) })),
  score: Nullable(Ref(NeedScore)),
  requests: Type.Array(Strict({ id: Uuid, aidTypeCode: Type.String(), status: Type.String() })),
});
export type DeclarationView = Static<typeof Declaration>;

export const DraftSaved = Strict({ savedAt: DateTime });
export const MemberChecked = Strict({ nationalId: Type.String() });

export const DeclarationSubmitted = Named('DeclarationSubmitted', {
  version: Type.Integer(),
  score: Ref(NeedScore),
  requestIds: Type.Array(Uuid),
  skipped: Type.Array(Strict({ aidTypeCode: Type.String(), reason: Type.String() })),
});

/** What a household declared, for staff who may see the household (each read audited). */
export const HouseholdDeclaration = Named('HouseholdDeclaration', {
  householdId: Uuid,
  latest: Nullable(Strict({
    version: Type.Integer(),
    submittedAt: DateTime,
    facts: Type.Array(Strict({ path: Type.String(), value: Type.Unknown(), source: literals(['declared', 'uploaded', 'verified-field', 'verified-agency'] as const) })),
  })),
  versions: Type.Array(Strict({ version: Type.Integer(), submittedAt: DateTime, changes: Type.Array(Change) })),
});

export const DECLARATIONS_SCHEMAS = [Declaration, DeclarationSubmitted, HouseholdDeclaration];
