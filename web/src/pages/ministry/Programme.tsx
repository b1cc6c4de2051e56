/**
 * One programme, as the ministry (or the charity that owns it) runs it: its criteria edited as a
 * list of conditions with the benefit formula, previewed over the whole registry (what-if), and
 * published after a confirmation; its phase plan (which first-level region opens in which phase,
 * with its capacity); its activation or closing; its monthly benefit cycles, computed by one
 * person and approved by another, each region against its budget per period; a course's sessions
 * (ProgrammeSessions); and the monitoring of what the criteria did, month by month
 * (ProgrammeMonitoring).
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api';
import type { Schema } from '../../lib/api-types';
import { useFormat, useMe } from '../../lib/session';
import { useNames } from '../../lib/names';
import { asciiDigits } from '../../lib/format';
import {
  benefitFieldsOf, benefitOf, conditionsOf, ruleOf, thisPeriod,
  type BenefitFields, type ConditionList, type FactInfo, type ValueProblem,
} from '../../lib/programme-rule';
import { CardHead, ErrorNote, Field, Loading, Page, SuccessNote, problemText } from '../../components/ui';
import { CodeSelect } from '../../components/CodeSelect';
import { ConditionsEditor, emptyCondition } from '../../components/ConditionsEditor';
import { DataTable } from '../../components/DataTable';
import { BarChart } from '../../components/BarChart';
import { ProgrammeMonitoring, useCount } from './ProgrammeMonitoring';
import { ProgrammeSessions } from './ProgrammeSessions';
import { OpenPhase } from './OpenPhase';
import { useConfirm } from '../../components/Confirm';
import { may, mayManage, type ProgrammeView } from './Programmes';
import './programmes.css';

type WhatIf = Schema<'WhatIf'>;
type Cycle = Schema<'BenefitCycle'>;

export function useFacts() {
  return useQuery({ queryKey: ['programme-facts'], queryFn: () => api<FactInfo[]>('GET', '/api/v1/programmes/facts'), staleTime: Infinity });
}

export function Programme() {
  const { t } = useTranslation();
  const f = useFormat();
  const { id = '' } = useParams();
  const programme = useQuery({ queryKey: ['programme', id], queryFn: () => api<ProgrammeView>('GET', `/api/v1/programmes/${id}`) });
  const facts = useFacts();
  if (programme.isPending || facts.isPending) return <Page title={t('programmes.title')}><Loading /></Page>;
  if (programme.error || facts.error) return <Page title={t('programmes.title')}><ErrorNote error={programme.error ?? facts.error} /></Page>;
  const p = programme.data!;
  return (
    <Page title={f.name(p.names)}>
      <Standing p={p} />
      <CriteriaEditor key={p.id} p={p} facts={facts.data!} />
      <PhasePlan p={p} />
      <Cycles p={p} />
      {p.kind === 'service' ? <ProgrammeSessions p={p} /> : null}
      <ProgrammeMonitoring p={p} />
    </Page>
  );
}

/** Replaces the programme in the cache with the server's answer. */
function useProgrammeUpdate(id: string) {
  const qc = useQueryClient();
  return async (p: ProgrammeView) => {
    qc.setQueryData(['programme', id], p);
    await Promise.all([qc.invalidateQueries({ queryKey: ['programmes'] }), qc.invalidateQueries({ queryKey: ['monitoring', id] })]);
  };
}

/** Status, funding, version in force; activate (once criteria are in force) or close. */
function Standing({ p }: { p: ProgrammeView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const confirm = useConfirm();
  const update = useProgrammeUpdate(p.id);
  const status = useMutation({ mutationFn: (s: 'active' | 'closed') => api<ProgrammeView>('POST', `/api/v1/programmes/${p.id}/status`, { status: s }), onSuccess: update });
  const canManage = mayManage(me.data, p);
  return (
    <section className="card" aria-labelledby="pg-standing">
      <CardHead title={<span id="pg-standing">{t('programmes.standing')}</span>}>
        <span className={`badge status-${p.status}`}>{t(`programmes.statuses.${p.status}`)}</span>
      </CardHead>
      <dl className="facts">
        <div><dt>{t('programmes.code')}</dt><dd><bdi dir="ltr">{p.code}</bdi></dd></div>
        <div><dt>{t('programmes.funding')}</dt><dd>{t(`programmes.fundings.${p.funding}`)}</dd></div>
        <div><dt>{t('programmes.kind')}</dt><dd>{t(`programmes.kinds.${p.kind}`)}</dd></div>
        <div><dt>{t('programmes.inForce')}</dt><dd>{p.current ? t('programmes.versionN', { n: f.n(p.current.version) }) : t('programmes.noVersion')}</dd></div>
        <div><dt>{t('programmes.draftVersion')}</dt><dd>{p.draft ? t('programmes.versionN', { n: f.n(p.draft.version) }) : t('programmes.noDraft')}</dd></div>
      </dl>
      {canManage ? (
        <div className="form-actions">
          {p.status !== 'active' ? (
            <button type="button" className="button primary" disabled={!p.current || status.isPending} onClick={() => status.mutate('active')}>
              {t('programmes.activate')}
            </button>
          ) : null}
          {p.status === 'active' ? (
            <button
              type="button"
              className="button danger"
              disabled={status.isPending}
              onClick={() => confirm.ask({ title: t('programmes.closeTitle'), summary: [[t('programmes.name'), f.name(p.names)]], note: t('programmes.closeNote'), confirmLabel: t('programmes.close'), kind: 'danger', onConfirm: () => status.mutate('closed') })}
            >
              {t('programmes.close')}
            </button>
          ) : null}
          {!p.current && p.status !== 'active' ? <p className="hint">{t('programmes.activateNeedsVersion')}</p> : null}
        </div>
      ) : null}
      {status.error ? <ErrorNote error={status.error} /> : null}
      {confirm.dialog}
    </section>
  );
}

/**
 * The criteria: conditions combined with all/any and the benefit formula, saved as the draft;
 * the what-if of what is typed; publishing the saved draft after a confirmation.
 */
function CriteriaEditor({ p, facts }: { p: ProgrammeView; facts: FactInfo[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const confirm = useConfirm();
  const update = useProgrammeUpdate(p.id);
  const units = f.currency.minorUnits;
  const source = p.draft ?? p.current;
  const read = source ? conditionsOf(source.rule, facts, units) : { combine: 'all' as const, conditions: [emptyCondition(facts)] };
  const [list, setList] = useState<ConditionList>(read ?? { combine: 'all', conditions: [emptyCondition(facts)] });
  const [benefit, setBenefit] = useState<BenefitFields>(benefitFieldsOf(source?.benefit, units));
  const [note, setNote] = useState('');
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<{ conditions: Record<number, string>; benefit: Partial<Record<keyof BenefitFields, string>>; form: unknown }>({ conditions: {}, benefit: {}, form: null });
  const canManage = mayManage(me.data, p);
  const canPreview = may(me, 'programme:what-if');

  const valueText = (problem: ValueProblem) => t(`programmes.criteria.valueProblems.${problem}`, { currency: f.currency.code, example: f.n(35.5, { minimumFractionDigits: 1 }) });
  /** The rule and formula typed, or null with the problems shown next to their fields. */
  const built = () => {
    const r = ruleOf(list, facts, units);
    const b = benefitOf(benefit, source?.benefit, units);
    const conditionProblems = Object.fromEntries(Object.entries(r.problems).map(([i, pr]) => [i, valueText(pr)]));
    const benefitProblems = Object.fromEntries(Object.entries(b.problems).map(([k, pr]) => [k, valueText(pr!)]));
    setProblems({ conditions: conditionProblems, benefit: benefitProblems, form: null });
    return Object.keys(conditionProblems).length || Object.keys(benefitProblems).length ? null : { rule: r.rule, benefit: b.benefit };
  };
  /** A refusal from the server, next to the condition or the formula it names (invalid-rule's JSON pointer). */
  const refused = (e: unknown) => {
    if (e instanceof ApiError && e.slug === 'invalid-rule') {
      const text = problemText(t, e, f.lang);
      const path = typeof e.problem.path === 'string' ? e.problem.path : '';
      const at = /^\/(?:and|or)\/(\d+)/.exec(path);
      if (e.problem.field === 'rule' && at) return setProblems({ conditions: { [Number(at[1])]: text }, benefit: {}, form: null });
      if (e.problem.field === 'benefit') {
        const key = /perMember/.test(path) ? 'perMember' : /cap/.test(path) ? 'cap' : 'base';
        return setProblems({ conditions: {}, benefit: { [key]: text }, form: null });
      }
    }
    setProblems({ conditions: {}, benefit: {}, form: e });
  };

  const save = useMutation({
    mutationFn: (body: { rule: unknown; benefit: unknown }) => api<ProgrammeView>('PUT', `/api/v1/programmes/${p.id}/criteria`, { ...body, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: async (saved) => {
      setDirty(false);
      await update(saved);
    },
    onError: refused,
  });
  const publish = useMutation({ mutationFn: () => api<ProgrammeView>('POST', `/api/v1/programmes/${p.id}/criteria/publish`), onSuccess: update });
  const whatIf = useMutation({ mutationFn: (body: { rule: unknown; benefit: unknown }) => api<WhatIf>('POST', `/api/v1/programmes/${p.id}/what-if`, body), onError: refused });

  const edit = (next: ConditionList) => {
    setList(next);
    setDirty(true);
  };
  const json = (() => {
    const r = ruleOf(list, facts, units);
    return JSON.stringify(r.rule, null, 2);
  })();

  return (
    <section className="card criteria" aria-labelledby="pg-criteria">
      <CardHead title={<span id="pg-criteria">{t('programmes.criteria.title')}</span>}>
        {p.draft ? <span className="badge">{t('programmes.criteria.draftN', { n: f.n(p.draft.version) })}</span> : null}
      </CardHead>
      {source && !read ? <p className="alert warning">{t('programmes.criteria.notConditions')}</p> : null}
      <ConditionsEditor list={list} facts={facts} disabled={!canManage} errors={problems.conditions} onChange={edit} />

      <fieldset className="benefit" disabled={!canManage}>
        <legend>{t('programmes.criteria.benefit')}</legend>
        <div className="filter-grid">
          {(['base', 'perMember', 'cap'] as const).map((k) => (
            <Field key={k} id={`benefit-${k}`} label={t(`programmes.criteria.benefitFields.${k}`, { currency: f.currency.code })} error={problems.benefit[k]}>
              {(props) => (
                <input
                  {...props}
                  inputMode="decimal"
                  dir="ltr"
                  value={benefit[k]}
                  onChange={(e) => {
                    setBenefit({ ...benefit, [k]: e.target.value });
                    setDirty(true);
                  }}
                />
              )}
            </Field>
          ))}
        </div>
      </fieldset>
      {canManage ? (
        <Field label={t('programmes.criteria.note')}>{(props) => <input {...props} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
      ) : null}

      <details className="rule-json">
        <summary>{t('programmes.criteria.json')}</summary>
        <pre dir="ltr" tabIndex={0} aria-label={t('programmes.criteria.json')}>{json}</pre>
      </details>

      <ErrorNote error={problems.form} />
      {save.isSuccess && !dirty && !publish.isSuccess ? <SuccessNote>{t('programmes.criteria.saved', { n: f.n(save.data.draft?.version ?? 0) })}</SuccessNote> : null}
      {publish.isSuccess ? <SuccessNote>{t('programmes.criteria.published', { n: f.n(publish.data.current?.version ?? 0) })}</SuccessNote> : null}
      {publish.error ? <ErrorNote error={publish.error} /> : null}
      <div className="form-actions">
        {canPreview ? (
          <button type="button" className="button secondary" disabled={whatIf.isPending} onClick={() => { const b = built(); if (b) whatIf.mutate(b); }}>
            {t('programmes.whatIf.run')}
          </button>
        ) : null}
        {canManage ? (
          <button type="button" className="button secondary" disabled={save.isPending} onClick={() => { const b = built(); if (b) save.mutate(b); }}>
            {t('programmes.criteria.save')}
          </button>
        ) : null}
        {canManage ? (
          <button
            type="button"
            className="button primary"
            disabled={!p.draft || dirty || publish.isPending}
            onClick={() =>
              confirm.ask({
                title: t('programmes.criteria.publishTitle'),
                summary: [
                  [t('programmes.name'), f.name(p.names)],
                  [t('programmes.criteria.publishVersion'), p.current ? t('programmes.criteria.versionChange', { from: f.n(p.current.version), to: f.n(p.draft!.version) }) : t('programmes.versionN', { n: f.n(p.draft!.version) })],
                ],
                note: t('programmes.criteria.publishNote'),
                confirmLabel: t('programmes.criteria.publish'),
                onConfirm: () => publish.mutate(),
              })
            }
          >
            {t('programmes.criteria.publish')}
          </button>
        ) : null}
      </div>
      {canManage && dirty && p.draft ? <p className="hint">{t('programmes.criteria.saveFirst')}</p> : null}
      {whatIf.isPending ? <Loading /> : null}
      {whatIf.data ? <WhatIfView w={whatIf.data} /> : null}
      {confirm.dialog}
    </section>
  );
}

/** The what-if: now against proposed, gains and losses, per region, and a bar chart of households. */
function WhatIfView({ w }: { w: WhatIf }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const count = useCount(w.suppressedBelow);
  const rows: [string, string, string][] = [
    [t('programmes.whatIf.households'), count(w.now.households), count(w.proposed.households)],
    [t('programmes.whatIf.persons'), count(w.now.persons), count(w.proposed.persons)],
    [t('programmes.whatIf.budget'), f.money(w.now.budget), f.money(w.proposed.budget)],
  ];
  return (
    <div className="what-if" aria-live="polite">
      <h3>{t('programmes.whatIf.title')}</h3>
      <p className="muted">
        {t('programmes.whatIf.against', { version: w.version === null ? t('programmes.noVersion') : t('programmes.versionN', { n: f.n(w.version) }), n: f.n(w.households) })}
        {w.factsAt ? ` ${t('programmes.whatIf.factsAt', { date: f.dateTime(w.factsAt) })}` : ''}
      </p>
      <DataTable
        label={t('programmes.whatIf.title')}
        rowKey={(r) => r[0]}
        rows={rows}
        columns={[
          { header: t('programmes.whatIf.measure'), rowHeader: true, cell: (r) => r[0] },
          { header: t('programmes.whatIf.now'), num: true, cell: (r) => r[1] },
          { header: t('programmes.whatIf.proposed'), num: true, cell: (r) => r[2] },
        ]}
      />
      <dl className="facts gain-lose">
        <div data-what="gain"><dt>{t('programmes.whatIf.gain')}</dt><dd>{count(w.gain)}</dd></div>
        <div data-what="lose"><dt>{t('programmes.whatIf.lose')}</dt><dd>{count(w.lose)}</dd></div>
      </dl>
      {w.regions.length ? (
        <DataTable
          label={t('programmes.whatIf.byRegion')}
          rowKey={(r) => r.regionCode}
          rows={w.regions}
          columns={[
            { header: t('programmes.whatIf.region'), rowHeader: true, cell: (r) => names.region(r.regionCode) },
            { header: t('programmes.whatIf.nowHouseholds'), num: true, cell: (r) => count(r.now.households) },
            { header: t('programmes.whatIf.proposedHouseholds'), num: true, cell: (r) => count(r.proposed.households) },
            { header: t('programmes.whatIf.gain'), num: true, cell: (r) => count(r.gain) },
            { header: t('programmes.whatIf.lose'), num: true, cell: (r) => count(r.lose) },
            { header: t('programmes.whatIf.proposedBudget'), num: true, cell: (r) => f.money(r.proposed.budget) },
          ]}
        />
      ) : null}
      <BarChart
        caption={t('programmes.whatIf.chart')}
        series={(['now', 'proposed'] as const).map((k) => ({ key: k, label: t(`programmes.whatIf.${k}`) }))}
        groups={[{ key: 'all', label: t('programmes.whatIf.everywhere'), values: { now: w.now.households, proposed: w.proposed.households } }, ...w.regions.map((r) => ({ key: r.regionCode, label: names.region(r.regionCode), values: { now: r.now.households, proposed: r.proposed.households } }))]}
        say={count}
      />
    </div>
  );
}

/** The phase plan: each first-level region with its phase, capacity and whether it is open; opening a phase asks first. */
function PhasePlan({ p }: { p: ProgrammeView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const names = useNames();
  const update = useProgrammeUpdate(p.id);
  const canManage = mayManage(me.data, p);
  const level1 = names.regions.data?.filter((r) => r.level === 1) ?? [];
  const open = useMutation({ mutationFn: (n: number) => api<ProgrammeView>('POST', `/api/v1/programmes/${p.id}/phases/open`, { phase: n }), onSuccess: update });
  if (names.regions.isPending) return <Loading />;
  return (
    <section className="card" aria-labelledby="pg-phases">
      <CardHead title={<span id="pg-phases">{t('programmes.phases.title')}</span>} />
      <p className="muted">{t('programmes.phases.intro')}</p>
      <ul className="cards region-plan">
        {level1.map((r) => (
          <li key={r.code} className="card" data-region={r.code}>
            <RegionPlanRow p={p} code={r.code} name={f.name(r.names)} canManage={canManage} />
          </li>
        ))}
      </ul>
      {canManage ? <OpenPhase plan={p.regions} busy={open.isPending} note={t('programmes.phases.openNote')} onOpen={(n) => open.mutate(n)} /> : null}
      {open.error ? <ErrorNote error={open.error} /> : null}
    </section>
  );
}

function RegionPlanRow({ p, code, name, canManage }: { p: ProgrammeView; code: string; name: string; canManage: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const update = useProgrammeUpdate(p.id);
  const plan = p.regions.find((r) => r.regionCode === code);
  const [phase, setPhase] = useState(plan ? String(plan.phase) : '');
  const [capacity, setCapacity] = useState(plan?.capacityHouseholds ? String(plan.capacityHouseholds) : '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: { phase: number; capacityHouseholds: number | null }) => api<ProgrammeView>('PUT', `/api/v1/programmes/${p.id}/regions/${encodeURIComponent(code)}`, body),
    onSuccess: update,
  });
  const submit = () => {
    const ph = Number(asciiDigits(phase.trim()));
    const cap = capacity.trim() === '' ? null : Number(asciiDigits(capacity.trim()));
    const errs: Record<string, string> = {};
    if (!Number.isInteger(ph) || ph < 1 || ph > 20) errs.phase = t('programmes.phases.phaseProblem', { min: f.n(1), max: f.n(20) });
    if (cap !== null && (!Number.isInteger(cap) || cap < 1)) errs.capacity = t('programmes.phases.capacityProblem');
    setErrors(errs);
    if (!Object.keys(errs).length) save.mutate({ phase: ph, capacityHouseholds: cap });
  };
  return (
    <form noValidate aria-label={name} onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <div className="card-head">
        <h3>{name}</h3>
        {plan?.openedAt ? (
          <span className="badge status-active">{t('programmes.phases.openSince', { date: f.date(plan.openedAt) })}</span>
        ) : (
          <span className="badge">{plan ? t('programmes.phases.closed') : t('programmes.phases.notPlanned')}</span>
        )}
      </div>
      <div className="filter-grid">
        <Field id={`phase-${code}`} label={t('programmes.phases.phase')} error={errors.phase}>
          {(props) => <input {...props} inputMode="numeric" dir="ltr" value={phase} disabled={!canManage} onChange={(e) => setPhase(e.target.value)} />}
        </Field>
        <Field id={`capacity-${code}`} label={t('programmes.phases.capacity')} hint={t('programmes.phases.capacityHint')} error={errors.capacity}>
          {(props) => <input {...props} inputMode="numeric" dir="ltr" value={capacity} disabled={!canManage} onChange={(e) => setCapacity(e.target.value)} />}
        </Field>
      </div>
      {plan?.budget ? <p className="muted">{t('programmes.phases.budget', { amount: f.money(plan.budget) })}</p> : null}
      {canManage ? (
        <div className="form-actions">
          <button type="submit" className="button secondary small" disabled={save.isPending}>
            {t('programmes.phases.save', { region: name })}
          </button>
          {save.isSuccess ? <span role="status">{t('common.saved')}</span> : null}
        </div>
      ) : null}
      {save.error ? <ErrorNote error={save.error} /> : null}
    </form>
  );
}

/** This month's cycle computed (a preview), its totals by outcome, and its approval by someone else. */
function Cycles({ p }: { p: ProgrammeView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const qc = useQueryClient();
  const ours = me.data?.orgKind === 'ministry' || p.ownerOrgId === me.data?.orgId;
  const canRun = may(me, 'cycle:run') && ours;
  const canApprove = may(me, 'cycle:approve') && ours;
  const names = useNames();
  const cycles = useQuery({ queryKey: ['cycles', p.id], queryFn: () => api<Cycle[]>('GET', `/api/v1/programmes/${p.id}/cycles`), enabled: canRun });
  const refresh = () => qc.invalidateQueries({ queryKey: ['cycles', p.id] });
  const compute = useMutation({ mutationFn: () => api<Cycle>('POST', `/api/v1/programmes/${p.id}/cycles`, { period: thisPeriod() }), onSuccess: refresh });
  const approve = useMutation({ mutationFn: (id: string) => api<Cycle>('POST', `/api/v1/cycles/${id}/approve`), onSuccess: refresh });
  if (!canRun) return null;
  return (
    <section className="card" aria-labelledby="pg-cycles">
      <CardHead title={<span id="pg-cycles">{t('programmes.cycles.title')}</span>} />
      <p className="muted">{t('programmes.cycles.intro')}</p>
      <div className="form-actions">
        <button type="button" className="button secondary" disabled={compute.isPending || p.status !== 'active'} onClick={() => compute.mutate()}>
          {t('programmes.cycles.compute')}
        </button>
        <p className="hint">{t('programmes.cycles.recompute')}</p>
      </div>
      {compute.error ? <ErrorNote error={compute.error} /> : null}
      {approve.error ? <ErrorNote error={approve.error} /> : null}
      {cycles.isPending ? <Loading /> : cycles.error ? <ErrorNote error={cycles.error} /> : cycles.data!.length === 0 ? <p className="state empty">{t('programmes.cycles.none')}</p> : (
        <ul className="cards">
          {cycles.data!.map((c) => (
            <li key={c.id} className="card" data-cycle={c.id}>
              <CardHead plain title={t('programmes.cycles.period', { date: f.date(c.period) })}>
                <span className={`badge status-${c.status}`}>{t(`programmes.cycles.statuses.${c.status}`)}</span>
              </CardHead>
              <dl className="facts">
                <div><dt>{t('programmes.cycles.households')}</dt><dd>{f.n(c.households)}</dd></div>
                <div><dt>{t('programmes.cycles.total')}</dt><dd>{f.money(c.total)}</dd></div>
                <div><dt>{t('programmes.cycles.version')}</dt><dd>{t('programmes.versionN', { n: f.n(c.version) })}</dd></div>
              </dl>
              {c.outcomes.length ? (
                <DataTable
                  label={t('programmes.cycles.outcomes')}
                  rowKey={(o) => o.outcome ?? 'pending'}
                  rows={c.outcomes}
                  columns={[
                    { header: t('programmes.cycles.outcome'), rowHeader: true, cell: (o) => (o.outcome === null ? t('programmes.cycles.pending') : o.outcome === 'granted' ? t('programmes.cycles.granted') : t(`problems.${o.outcome}`, { defaultValue: o.outcome })) },
                    { header: t('programmes.cycles.households'), num: true, cell: (o) => f.n(o.households) },
                    { header: t('programmes.cycles.total'), num: true, cell: (o) => f.money(o.total) },
                  ]}
                />
              ) : null}
              {c.regions.length ? (
                <DataTable
                  label={t('programmes.cycles.byRegion')}
                  rowKey={(r) => r.regionCode}
                  rowMarks={(r) => ({ 'data-region': r.regionCode, ...(r.overBudget ? { className: 'over-budget' } : {}) })}
                  rows={c.regions}
                  columns={[
                    { header: t('programmes.whatIf.region'), rowHeader: true, cell: (r) => names.region(r.regionCode) },
                    { header: t('programmes.cycles.households'), num: true, cell: (r) => f.n(r.households) },
                    { header: t('programmes.cycles.total'), num: true, cell: (r) => f.money(r.total) },
                    { header: t('programmes.cycles.budget'), num: true, cell: (r) => (r.budget === null ? t('programmes.cycles.noBudget') : f.money(r.budget)) },
                    { header: t('programmes.cycles.againstBudget'), cell: (r) => (r.overBudget ? <span className="badge status-over-budget">{t('programmes.cycles.overBudget')}</span> : r.budget === null ? '—' : t('programmes.cycles.withinBudget')) },
                  ]}
                />
              ) : null}
              {c.status === 'preview' && canApprove ? (
                <div className="form-actions">
                  <button type="button" className="button primary" disabled={approve.isPending} onClick={() => approve.mutate(c.id)}>
                    {t('programmes.cycles.approve')}
                  </button>
                  <p className="hint">{t('programmes.cycles.fourEyes')}</p>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
