/**
 * The programmes module's HTTP contract: programmes and their criteria as data (a JSON Logic rule
 * and a benefit formula per version), the zakat categories, the phase plan, the what-if preview,
 * the applicant's e-service (which programmes, apply, follow, appeal), reviews and appeals, benefit
 * cycles, and the outcomes of training and employment programmes.
 */
import { Type, type Static } from 'typebox';
import { AmountInput, AnyJson, DateTime, IsoDate, Named, Nullable, Ref, Strict, Uuid } from '../../http/schemas.js';

const literals = <T extends string>(xs: readonly T[]) => Type.Unsafe<T>(Type.Union(xs.map((x) => Type.Literal(x))));

export const PROGRAMME_KINDS = ['cash', 'in_kind', 'service'] as const;
export const SERVICE_KINDS = ['training', 'employment', 'empowerment'] as const;
export const FUNDINGS = ['general', 'zakat', 'donor'] as const;
export const ENROLMENT_OUTCOMES = ['completed', 'employed', 'dropped', 'ended'] as const;

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const ProgrammeNames = Strict({ en: Text(200), ar: Text(200), fa: Text(200) });
const RegionCode = Type.String({ minLength: 1, maxLength: 32 });
const Phase = Type.Integer({ minimum: 1, maximum: 20 });
/** A decimal amount in the deployment's currency, as text ("35.000"). */
const Amount = Type.String({ description: 'Decimal amount in the deployment currency' });

export const ProgrammeBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,47}$', description: 'A short stable name, e.g. "monthly-cash"' }),
    kind: literals(PROGRAMME_KINDS),
    serviceKind: Type.Optional(literals(SERVICE_KINDS)),
    aidTypeCode: Text(64),
    funding: literals(FUNDINGS),
    names: ProgrammeNames,
  },
  { additionalProperties: false },
);

export const ProgrammeStatusBody = Type.Object({ status: literals(['active', 'closed'] as const) }, { additionalProperties: false });

export const CriteriaBody = Type.Object(
  {
    rule: Type.Unknown({ description: 'A JSON Logic rule over the household facts (GET /programmes/facts)' }),
    benefit: Type.Optional(Type.Union([Type.Unknown({ description: 'The benefit formula: baseMinor, perMemberMinor, maxMembers, capMinor, bySize' }), Type.Null()])),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const RegionPlanParams = Type.Object({ id: Uuid, code: RegionCode });
export const RegionPlanBody = Type.Object(
  { phase: Phase, capacityHouseholds: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000_000 }))), budget: Type.Optional(Nullable(AmountInput)) },
  { additionalProperties: false },
);
export const RolloutParams = Type.Object({ code: RegionCode });
export const PhaseBody = Type.Object({ phase: Phase }, { additionalProperties: false });
export const OpenPhaseBody = Type.Object({ phase: Phase }, { additionalProperties: false });

export const ZakatBody = Type.Object({ rule: Type.Unknown({ description: 'A JSON Logic rule: who may receive zakat' }), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const WhatIfBody = Type.Object(
  {
    rule: Type.Optional(Type.Unknown({ description: 'The rule to try; absent: the draft (or the version in force)' })),
    benefit: Type.Optional(Type.Union([Type.Unknown(), Type.Null()])),
  },
  { additionalProperties: false },
);

export const ReviewBody = Type.Object({ eligible: Type.Boolean(), note: Type.String({ minLength: 5, maxLength: 2000 }) }, { additionalProperties: false });
export const AppealBody = Type.Object(
  {
    reason: Type.String({ minLength: 10, maxLength: 2000 }),
    documents: Type.Optional(Type.Array(Strict({ name: Text(200), note: Type.Optional(Type.String({ maxLength: 500 })) }), { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export const AppealDecisionBody = Type.Object({ outcome: literals(['upheld', 'overturned'] as const), note: Type.String({ minLength: 5, maxLength: 2000 }) }, { additionalProperties: false });
export const AppealsQuery = Type.Object({ status: Type.Optional(literals(['open', 'upheld', 'overturned'] as const)) }, { additionalProperties: false });

export const CycleBody = Type.Object({ period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }) }, { additionalProperties: false });
export const OutcomeBody = Type.Object({ status: literals(ENROLMENT_OUTCOMES) }, { additionalProperties: false });

// Responses ----------------------------------------------------------------------------------

const VersionView = Strict({
  version: Type.Integer(),
  state: literals(['draft', 'published', 'superseded'] as const),
  rule: AnyJson,
  benefit: AnyJson,
  note: Nullable(Type.String()),
  createdAt: DateTime,
  publishedAt: Nullable(DateTime),
});

const RegionPlanView = Strict({ regionCode: Type.String(), phase: Type.Integer(), openedAt: Nullable(DateTime), capacityHouseholds: Nullable(Type.Integer()), budget: Nullable(Amount) });

export const Programme = Named('Programme', {
  id: Uuid,
  code: Type.String(),
  kind: literals(PROGRAMME_KINDS),
  serviceKind: Nullable(literals(SERVICE_KINDS)),
  aidTypeCode: Type.String(),
  funding: literals(FUNDINGS),
  names: Strict({ en: Type.String(), ar: Type.String(), fa: Type.String() }),
  status: literals(['draft', 'active', 'closed'] as const),
  ownerOrgId: Uuid,
  current: Nullable(VersionView),
  draft: Nullable(VersionView),
  regions: Type.Array(RegionPlanView),
});
export type ProgrammeView = Static<typeof Programme>;
export const Programmes = Type.Array(Ref(Programme));

export const FactsCatalogue = Type.Array(Strict({ name: Type.String(), kind: Type.String(), label: Strict({ en: Type.String(), ar: Type.String(), fa: Type.String() }), codes: Nullable(Type.Array(Type.String())) }));

export const ReasonView = Strict({
  fact: Nullable(Type.String()),
  op: Type.String(),
  held: Nullable(Type.Boolean()),
  text: Type.String({ description: "The reason in plain words, in the reader's language" }),
});

export const Decision = Named('EligibilityDecision', {
  id: Uuid,
  programmeId: Uuid,
  version: Type.Integer(),
  passed: Type.Boolean(),
  reasons: Type.Array(ReasonView),
  decidedAt: DateTime,
  byRule: Type.Boolean({ description: 'Decided by the rule alone (no person)' }),
});
export type DecisionView = Static<typeof Decision>;

export const Appeal = Named('Appeal', {
  id: Uuid,
  applicationId: Uuid,
  status: literals(['open', 'upheld', 'overturned'] as const),
  reason: Type.String(),
  documents: Type.Array(Strict({ name: Type.String(), note: Type.Optional(Type.String()) }), { description: 'Documents named when lodging (handed in elsewhere)' }),
  files: Type.Array(Strict({ id: Uuid, name: Type.String(), contentType: Type.String(), sizeBytes: Type.Integer() }), { description: 'Files attached: GET /appeals/:id/documents/:documentId' }),
  lodgedAt: DateTime,
  dueAt: DateTime,
  overdue: Type.Boolean(),
  decidedAt: Nullable(DateTime),
  decisionNote: Nullable(Type.String()),
});
export type AppealView = Static<typeof Appeal>;
export const Appeals = Type.Array(Strict({ appeal: Ref(Appeal), programmeId: Uuid, householdId: Uuid, caseDecidedBy: Nullable(Uuid) }));

export const Application = Named('ProgrammeApplication', {
  id: Uuid,
  programmeId: Uuid,
  householdId: Uuid,
  status: literals(['eligible', 'refused', 'appealed', 'overturned', 'upheld'] as const),
  createdAt: DateTime,
  decision: Nullable(Ref(Decision)),
  appeal: Nullable(Ref(Appeal)),
  enrolled: Type.Boolean(),
});
export type ApplicationView = Static<typeof Application>;

export const MyProgramme = Strict({
  programme: Strict({ id: Uuid, code: Type.String(), kind: Type.String(), serviceKind: Nullable(Type.String()), names: Strict({ en: Type.String(), ar: Type.String(), fa: Type.String() }), funding: Type.String() }),
  open: Type.Boolean({ description: 'Open in my region' }),
  mayQualify: Nullable(Type.Boolean({ description: 'What the criteria say of my household now; null when the programme is not open here' })),
  reasons: Type.Array(ReasonView),
  application: Nullable(Ref(Application)),
});
export const MyProgrammes = Strict({ regionCode: Nullable(Type.String()), provinceCode: Nullable(Type.String()), deploymentOpen: Type.Boolean(), programmes: Type.Array(MyProgramme) });

const Count = Nullable(Type.Integer({ description: 'Null when fewer than 5 (suppressed)' }));
const Side = Strict({ households: Count, persons: Count, budget: Nullable(Amount) });
export const WhatIf = Named('WhatIf', {
  programmeId: Uuid,
  version: Nullable(Type.Integer({ description: 'The version in force it compares with' })),
  households: Type.Integer({ description: 'Households in the facts snapshot' }),
  factsAt: Nullable(DateTime),
  now: Side,
  proposed: Side,
  gain: Count,
  lose: Count,
  regions: Type.Array(Strict({ regionCode: Type.String(), now: Side, proposed: Side, gain: Count, lose: Count })),
  suppressedBelow: Type.Integer(),
  elapsedMs: Type.Number(),
});
export type WhatIfView = Static<typeof WhatIf>;

export const Cycle = Named('BenefitCycle', {
  id: Uuid,
  programmeId: Uuid,
  period: IsoDate,
  version: Type.Integer(),
  status: literals(['preview', 'approved', 'paid'] as const),
  households: Type.Integer(),
  total: Amount,
  outcomes: Type.Array(Strict({ outcome: Nullable(Type.String()), households: Type.Integer(), total: Amount })),
  regions: Type.Array(Strict({ regionCode: Type.String(), households: Type.Integer(), total: Amount, budget: Nullable(Amount), overBudget: Type.Boolean() }), { description: "Per first-level region, against the region's budget per period" }),
  createdAt: DateTime,
  approvedAt: Nullable(DateTime),
  paidAt: Nullable(DateTime),
});
export type CycleView = Static<typeof Cycle>;
export const Cycles = Type.Array(Ref(Cycle));

export const RolloutView = Strict({ regions: Type.Array(Strict({ regionCode: Type.String(), phase: Type.Integer(), openedAt: Nullable(DateTime) })) });
export const ZakatView = Strict({ version: Nullable(Type.Integer()), rule: AnyJson, note: Nullable(Type.String()), publishedAt: Nullable(DateTime) });
export const ZakatCheck = Strict({ householdId: Uuid, entitled: Type.Boolean(), version: Nullable(Type.Integer()), reasons: Type.Array(ReasonView) });
export const EnrolmentView = Strict({ id: Uuid, programmeId: Uuid, status: Type.String(), since: DateTime, endedAt: Nullable(DateTime), sessionId: Nullable(Uuid), followUpOn: Nullable(IsoDate), followedUpAt: Nullable(DateTime) });
export const SessionBody = Type.Object(
  { regionCode: RegionCode, title: Text(200), place: Type.Optional(Type.String({ maxLength: 200 })), startsOn: IsoDate, endsOn: IsoDate, capacity: Type.Integer({ minimum: 1, maximum: 100_000 }) },
  { additionalProperties: false },
);
export const SessionView = Strict({ id: Uuid, programmeId: Uuid, regionCode: Type.String(), title: Type.String(), place: Nullable(Type.String()), startsOn: IsoDate, endsOn: IsoDate, capacity: Type.Integer(), placed: Type.Integer() });
export const Sessions = Type.Array(SessionView);
export const PlaceBody = Type.Object({ sessionId: Uuid }, { additionalProperties: false });
export const AttendanceBody = Type.Object({ onDay: IsoDate, present: Type.Boolean() }, { additionalProperties: false });
export const AttendanceView = Strict({ enrolmentId: Uuid, days: Type.Integer(), present: Type.Integer() });
export const FollowUpBody = Type.Object({ note: Type.String({ minLength: 5, maxLength: 2000 }) }, { additionalProperties: false });

const Money = Nullable(Amount);
const Flow = { enrolled: Count, entered: Count, left: Count, due: Strict({ households: Count, amount: Money }), paid: Strict({ households: Count, amount: Money }) };
export const Monitoring = Named('ProgrammeMonitoring', {
  programmeId: Uuid,
  suppressedBelow: Type.Integer(),
  months: Type.Array(Strict({
    month: Type.String({ description: 'YYYY-MM' }),
    version: Nullable(Type.Integer({ description: 'The criteria in force that month' })),
    projected: Strict({ households: Count, budget: Money }),
    ...Flow,
    appeals: Strict({ lodged: Count, upheld: Count, overturned: Count }),
    regions: Type.Array(Strict({ regionCode: Type.String(), projected: Strict({ households: Count, budget: Money }), ...Flow })),
  })),
});
export const MonitoringQuery = Type.Object({ months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36 })) }, { additionalProperties: false });

export const RefreshBody = Type.Object({}, { additionalProperties: false, description: 'Nothing to say: {}' });
export const FactsStatus = Strict({ rows: Type.Integer(), oldest: Nullable(DateTime), newest: Nullable(DateTime), refreshing: Type.Boolean() });

export const AppealDocument = Strict({ id: Uuid, name: Type.String(), contentType: Type.String(), sizeBytes: Type.Integer() });
export const AppealDocumentParams = Type.Object({ id: Uuid, documentId: Uuid });

export const PROGRAMMES_SCHEMAS = [Programme, Decision, Appeal, Application, WhatIf, Cycle, Monitoring];
