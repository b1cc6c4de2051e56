/** The programmes module's rows as its contract shows them (programmes.contracts.ts). */
import type { Selectable } from 'kysely';
import type { BenefitCyclesTable, EligibilityDecisionsTable, Locale, ProgrammeAppealsTable, ProgrammeApplicationsTable, ProgrammeRegionsTable, ProgrammesTable, ProgrammeVersionsTable } from '../../db/schema.js';
import { formatMinor, type Currency } from '../../shared/money.js';
import type { AppealView, ApplicationView, CycleView, DecisionView, ProgrammeView } from './programmes.contracts.js';
import type { StoredReason } from './decide-eligibility.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

type VersionRow = Selectable<ProgrammeVersionsTable>;
const versionView = (v: VersionRow | undefined) =>
  v ? { version: v.version, state: v.state, rule: v.rule, benefit: v.benefit, note: v.note, createdAt: iso(v.created_at), publishedAt: isoOrNull(v.published_at) } : null;

export function programmeView(p: Selectable<ProgrammesTable>, versions: VersionRow[], regions: Selectable<ProgrammeRegionsTable>[], currency: Currency): ProgrammeView {
  return {
    id: p.id, code: p.code, kind: p.kind, serviceKind: p.service_kind, aidTypeCode: p.aid_type_code, funding: p.funding,
    names: { en: p.name_en, ar: p.name_ar, fa: p.name_fa }, status: p.status, ownerOrgId: p.owner_org,
    current: versionView(versions.find((v) => v.state === 'published')),
    draft: versionView(versions.find((v) => v.state === 'draft')),
    regions: regions.map((r) => ({
      regionCode: r.region_code, phase: r.phase, openedAt: isoOrNull(r.opened_at), capacityHouseholds: r.capacity_households,
      budget: r.budget_minor === null ? null : formatMinor(Number(r.budget_minor), currency),
    })),
  };
}

/** A stored reason in the reader's language (each decision keeps its reasons in all three). */
export const reasonView = (r: StoredReason, locale: Locale) => ({ fact: r.fact, op: r.op, held: r.held, text: r.texts[locale] });

export function decisionView(d: Selectable<EligibilityDecisionsTable>, locale: Locale): DecisionView {
  return {
    id: d.id, programmeId: d.programme_id, version: d.version, passed: d.passed,
    reasons: (d.reasons as StoredReason[]).map((r) => reasonView(r, locale)),
    decidedAt: iso(d.decided_at), byRule: d.decided_by === null,
  };
}

export function appealView(a: Selectable<ProgrammeAppealsTable>, now: Date, files: { id: string; name: string; content_type: string; size_bytes: number }[] = []): AppealView {
  return {
    id: a.id, applicationId: a.application_id, status: a.status, reason: a.reason,
    documents: a.documents as { name: string; note?: string }[],
    files: files.map((f) => ({ id: f.id, name: f.name, contentType: f.content_type, sizeBytes: f.size_bytes })),
    lodgedAt: iso(a.lodged_at), dueAt: iso(a.due_at), overdue: a.status === 'open' && new Date(a.due_at) < now,
    decidedAt: isoOrNull(a.decided_at), decisionNote: a.decision_note,
  };
}

export function applicationView(
  a: Selectable<ProgrammeApplicationsTable>,
  decision: Selectable<EligibilityDecisionsTable> | undefined,
  appeal: Selectable<ProgrammeAppealsTable> | undefined,
  enrolled: boolean,
  locale: Locale,
  now: Date,
  files: { id: string; name: string; content_type: string; size_bytes: number }[] = [],
): ApplicationView {
  return {
    id: a.id, programmeId: a.programme_id, householdId: a.household_id, status: a.status, createdAt: iso(a.created_at),
    decision: decision ? decisionView(decision, locale) : null,
    appeal: appeal ? appealView(appeal, now, files) : null,
    enrolled,
  };
}

export interface CycleRegion { regionCode: string; households: number; totalMinor: number; budgetMinor: number | null }

export function cycleView(c: Selectable<BenefitCyclesTable>, outcomes: { outcome: string | null; n: number; total: number }[], regions: CycleRegion[], currency: Currency): CycleView {
  return {
    id: c.id, programmeId: c.programme_id, period: String(c.period).slice(0, 10), version: c.version, status: c.status,
    households: c.households, total: formatMinor(Number(c.total_minor), currency),
    outcomes: outcomes.map((o) => ({ outcome: o.outcome, households: Number(o.n), total: formatMinor(Number(o.total), currency) })),
    regions: regions.map((r) => ({
      regionCode: r.regionCode, households: r.households, total: formatMinor(r.totalMinor, currency),
      budget: r.budgetMinor === null ? null : formatMinor(r.budgetMinor, currency), overBudget: r.budgetMinor !== null && r.totalMinor > r.budgetMinor,
    })),
    createdAt: iso(c.created_at), approvedAt: isoOrNull(c.approved_at), paidAt: isoOrNull(c.paid_at),
  };
}
