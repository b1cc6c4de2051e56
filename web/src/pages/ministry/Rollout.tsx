/**
 * The deployment's rollout, for the ministry: each first-level region with the phase it opens in
 * and whether it is open, a region moved into another phase, and a phase opened after a
 * confirmation (rollout:manage); the zakat categories, written with the same condition editor as a
 * programme's criteria and published as a new version (zakat:manage); and how fresh the facts
 * snapshot is that the what-if reads, with a refresh asked for now.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { Body } from '../../lib/api-types';
import { asciiDigits } from '../../lib/format';
import { useFormat, useMe } from '../../lib/session';
import { useNames } from '../../lib/names';
import { conditionsOf, ruleOf, type ConditionList, type FactInfo } from '../../lib/programme-rule';
import { CardHead, ErrorNote, Field, Loading, Page, Query, SuccessNote, When } from '../../components/ui';
import { DataTable } from '../../components/DataTable';
import { useConfirm } from '../../components/Confirm';
import { ConditionsEditor, emptyCondition } from '../../components/ConditionsEditor';
import { may } from './Programmes';
import { useFacts } from './Programme';
import { OpenPhase } from './OpenPhase';
import './programmes.css';

type RolloutView = Body<'/api/v1/rollout'>;
type ZakatView = Body<'/api/v1/zakat/categories'>;
type FactsStatus = Body<'/api/v1/programmes/facts/status'>;

export function Rollout() {
  const { t } = useTranslation();
  return (
    <Page title={t('rollout.title')}>
      <p className="lead">{t('rollout.intro')}</p>
      <RolloutPlan />
      <ZakatCategories />
      <FactsFreshness />
    </Page>
  );
}

function RolloutPlan() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const names = useNames();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['rollout'], queryFn: () => api<RolloutView>('GET', '/api/v1/rollout') });
  const canManage = may(me, 'rollout:manage');
  const open = useMutation({ mutationFn: (phase: number) => api<RolloutView>('POST', '/api/v1/rollout/open', { phase }), onSuccess: (r) => qc.setQueryData(['rollout'], r) });
  const level1 = names.regions.data?.filter((r) => r.level === 1) ?? [];
  return (
    <section className="card" aria-labelledby="rollout-plan">
      <CardHead title={<span id="rollout-plan">{t('rollout.plan')}</span>} />
      <p className="muted">{t('rollout.planIntro')}</p>
      <Query q={q}>
        {(plan) => (
          <>
            <DataTable
              label={t('rollout.plan')}
              rowKey={(r) => r.code}
              rowMarks={(r) => ({ 'data-region': r.code })}
              rows={level1}
              columns={[
                { header: t('programmes.whatIf.region'), rowHeader: true, cell: (r) => f.name(r.names) },
                { header: t('programmes.phases.phase'), cell: (r) => <RegionPhase code={r.code} name={f.name(r.names)} plan={plan} canManage={canManage} /> },
                {
                  header: t('rollout.standing'),
                  cell: (r) => {
                    const at = plan.regions.find((x) => x.regionCode === r.code);
                    return at?.openedAt ? <span className="badge status-active">{t('programmes.phases.openSince', { date: f.date(at.openedAt) })}</span> : <span className="badge">{at ? t('programmes.phases.closed') : t('programmes.phases.notPlanned')}</span>;
                  },
                },
              ]}
            />
            {canManage ? <OpenPhase plan={plan.regions} busy={open.isPending} note={t('rollout.openNote')} onOpen={(n) => open.mutate(n)} /> : null}
          </>
        )}
      </Query>
      <ErrorNote error={open.error} />
      {open.isSuccess ? <SuccessNote>{t('rollout.opened')}</SuccessNote> : null}
      {names.regions.isPending ? <Loading /> : null}
    </section>
  );
}

/** A region's phase, changed in place by whoever may manage the rollout. */
function RegionPhase({ code, name, plan, canManage }: { code: string; name: string; plan: RolloutView; canManage: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const at = plan.regions.find((x) => x.regionCode === code);
  const [phase, setPhase] = useState(at ? String(at.phase) : '');
  const [problem, setProblem] = useState('');
  const save = useMutation({ mutationFn: (n: number) => api<RolloutView>('PUT', `/api/v1/rollout/regions/${encodeURIComponent(code)}`, { phase: n }), onSuccess: (r) => qc.setQueryData(['rollout'], r) });
  if (!canManage) return at ? t('programmes.phases.phaseN', { n: f.n(at.phase) }) : '—';
  return (
    <form
      className="inline-form"
      noValidate
      aria-label={name}
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(asciiDigits(phase.trim()));
        const ok = Number.isInteger(n) && n >= 1 && n <= 20;
        setProblem(ok ? '' : t('programmes.phases.phaseProblem', { min: f.n(1), max: f.n(20) }));
        if (ok) save.mutate(n);
      }}
    >
      <Field id={`rollout-phase-${code}`} label={t('rollout.phaseOf', { region: name })} {...(problem ? { error: problem } : {})}>
        {(props) => <input {...props} inputMode="numeric" dir="ltr" size={3} value={phase} onChange={(e) => setPhase(e.target.value)} />}
      </Field>
      <button type="submit" className="button secondary small" disabled={save.isPending}>{t('rollout.move', { region: name })}</button>
      {save.isSuccess ? <span role="status">{t('common.saved')}</span> : null}
      <ErrorNote error={save.error} />
    </form>
  );
}

function ZakatCategories() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['zakat'], queryFn: () => api<ZakatView>('GET', '/api/v1/zakat/categories') });
  const facts = useFacts();
  return (
    <section className="card criteria" aria-labelledby="zakat-categories">
      <CardHead title={<span id="zakat-categories">{t('rollout.zakat.title')}</span>} />
      <p className="muted">{t('rollout.zakat.intro')}</p>
      <Query q={q}>{(z) => (facts.data ? <ZakatEditor key={z.version ?? 0} z={z} facts={facts.data} /> : <Query q={facts}>{() => null}</Query>)}</Query>
    </section>
  );
}

function ZakatEditor({ z, facts }: { z: ZakatView; facts: FactInfo[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const units = f.currency.minorUnits;
  const canManage = may(me, 'zakat:manage');
  const read = z.version === null ? null : conditionsOf(z.rule, facts, units);
  const [list, setList] = useState<ConditionList>(read ?? { combine: 'all', conditions: [emptyCondition(facts)] });
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Record<number, string>>({});
  const publish = useMutation({
    mutationFn: (rule: unknown) => api<ZakatView>('PUT', '/api/v1/zakat/categories', { rule, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: (saved) => qc.setQueryData(['zakat'], saved),
  });
  const submit = () => {
    const r = ruleOf(list, facts, units);
    const found = Object.fromEntries(Object.entries(r.problems).map(([i, pr]) => [i, t(`programmes.criteria.valueProblems.${pr}`, { currency: f.currency.code, example: f.n(35.5, { minimumFractionDigits: 1 }) })]));
    setProblems(found);
    if (Object.keys(found).length) return;
    confirm.ask({
      title: t('rollout.zakat.publishTitle'),
      summary: [[t('programmes.criteria.publishVersion'), t('programmes.versionN', { n: f.n((z.version ?? 0) + 1) })]],
      note: t('rollout.zakat.publishNote'),
      confirmLabel: t('rollout.zakat.publish'),
      onConfirm: () => publish.mutate(r.rule),
    });
  };
  return (
    <>
      <p className="muted">
        {z.version === null ? t('rollout.zakat.none') : t('rollout.zakat.inForce', { n: f.n(z.version) })}
        {z.publishedAt ? <> · <When value={z.publishedAt} /></> : null}
      </p>
      {z.version !== null && !read ? <p className="alert warning">{t('programmes.criteria.notConditions')}</p> : null}
      <ConditionsEditor idPrefix="zakat" list={list} facts={facts} disabled={!canManage} errors={problems} onChange={setList} />
      {canManage ? (
        <>
          <Field label={t('programmes.criteria.note')}>{(props) => <input {...props} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
          <div className="form-actions">
            <button type="button" className="button primary" disabled={publish.isPending} onClick={submit}>{t('rollout.zakat.publish')}</button>
          </div>
        </>
      ) : null}
      <ErrorNote error={publish.error} />
      {publish.isSuccess ? <SuccessNote>{t('rollout.zakat.published', { n: f.n(publish.data.version ?? 0) })}</SuccessNote> : null}
      {confirm.dialog}
    </>
  );
}

function FactsFreshness() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const qc = useQueryClient();
  const allowed = may(me, 'programme:what-if');
  const q = useQuery({
    queryKey: ['facts-status'],
    queryFn: () => api<FactsStatus>('GET', '/api/v1/programmes/facts/status'),
    enabled: allowed,
    refetchInterval: (query) => (query.state.data?.refreshing ? 5000 : false),
  });
  const refresh = useMutation({ mutationFn: () => api<FactsStatus>('POST', '/api/v1/programmes/facts/refresh', {}), onSuccess: (s) => qc.setQueryData(['facts-status'], s) });
  if (!allowed) return null;
  return (
    <section className="card" aria-labelledby="facts-freshness">
      <CardHead title={<span id="facts-freshness">{t('rollout.facts.title')}</span>} />
      <p className="muted">{t('rollout.facts.intro')}</p>
      <Query q={q}>
        {(s) => (
          <>
            <dl className="facts">
              <div><dt>{t('rollout.facts.rows')}</dt><dd className="num">{f.n(s.rows)}</dd></div>
              <div><dt>{t('rollout.facts.oldest')}</dt><dd><When value={s.oldest} withTime /></dd></div>
              <div><dt>{t('rollout.facts.newest')}</dt><dd><When value={s.newest} withTime /></dd></div>
              <div><dt>{t('rollout.facts.state')}</dt><dd data-refreshing={String(s.refreshing)}>{s.refreshing ? t('rollout.facts.refreshing') : t('rollout.facts.idle')}</dd></div>
            </dl>
            {may(me, 'rollout:manage') ? (
              <div className="form-actions">
                <button type="button" className="button secondary" disabled={refresh.isPending || s.refreshing} onClick={() => refresh.mutate()}>{t('rollout.facts.refresh')}</button>
                <p className="hint">{t('rollout.facts.refreshHint')}</p>
              </div>
            ) : null}
          </>
        )}
      </Query>
      <ErrorNote error={refresh.error} />
    </section>
  );
}
