/**
 * The self-declaration (/me/declaration), phone first: a form in steps (household, income,
 * housing, health, debts, help needed, review) saved as the person types (a debounced PUT of the
 * draft, "saved at …" shown, a failed save said and tried again), each member's national ID
 * checked when its field is left, and a review that asks for confirmation before submitting.
 * Once submitted: the need score with how it was made, the requests opened, and the versions
 * with what changed, when; "change my declaration" opens the form again for a new version.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { indexBy, useCatalogue, useRegions } from '../../lib/reference';
import { isRtl } from '../../lib/format';
import { pathParts, reviewSummary, startingDraft, stepOfPath, STEPS, type DeclarationDraft, type DeclarationView, type Step, type SubmitResult } from '../../lib/declaration-form';
import { ErrorNote, Page, Query, StatusBadge, When } from '../../components/ui';
import { useConfirm } from '../../components/Confirm';
import './declaration.css';
import { DebtsStep, HealthStep, HousingStep, IncomeStep, MembersStep, NeedsStep, type IdCheck } from './DeclarationSteps';

const ROUTE = '/api/v1/me/declaration';
const SAVE_DELAY_MS = 800;
const RETRY_MS = 5000;

export function Declaration() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['declaration'], queryFn: () => api<DeclarationView>('GET', ROUTE), staleTime: 0 });
  return (
    <Page title={t('declaration.title')}>
      <Query q={q}>{(view) => <DeclarationBody view={view} />}</Query>
    </Page>
  );
}

function DeclarationBody({ view }: { view: DeclarationView }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(view.status !== 'submitted');
  const [skipped, setSkipped] = useState<SubmitResult['skipped']>([]);
  return (
    <>
      {view.invitedBy ? <p className="muted">{t('declaration.invitedBy', { org: view.invitedBy.orgName })}</p> : null}
      {editing ? (
        <DeclarationForm
          view={view}
          onSubmitted={(r) => {
            setSkipped(r.skipped);
            setEditing(false);
          }}
        />
      ) : (
        <Outcome view={view} skipped={skipped} onEdit={() => setEditing(true)} />
      )}
    </>
  );
}

type SaveState = { state: 'idle' | 'saving' | 'saved' | 'failed'; at: string | null };

/** The draft saved as it changes: one PUT at a time, the latest draft after a pause, a failed one tried again. */
function useAutosave(initialAt: string | null) {
  const [save, setSave] = useState<SaveState>({ state: initialAt ? 'saved' : 'idle', at: initialAt });
  const pending = useRef<DeclarationDraft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<Promise<boolean>>(Promise.resolve(true));

  const flush = useCallback((): Promise<boolean> => {
    clearTimeout(timer.current);
    inflight.current = inflight.current.then(async () => {
      const body = pending.current;
      if (!body) return true;
      pending.current = null;
      setSave((s) => ({ ...s, state: 'saving' }));
      try {
        const r = await api<{ savedAt: string }>('PUT', `${ROUTE}/draft`, body);
        setSave({ state: 'saved', at: r.savedAt });
        return true;
      } catch {
        pending.current ??= body;
        setSave((s) => ({ ...s, state: 'failed' }));
        timer.current = setTimeout(() => void flush(), RETRY_MS);
        return false;
      }
    });
    return inflight.current;
  }, []);

  const schedule = useCallback(
    (draft: DeclarationDraft) => {
      pending.current = draft;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );
  // Leaving the page saves what is waiting.
  useEffect(() => () => void flush(), [flush]);
  return { save, schedule, flush };
}

function SaveStatus({ save, onRetry }: { save: SaveState; onRetry(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className={`save-status save-${save.state}`} role="status" aria-live="polite">
      {save.state === 'saving' ? t('declaration.save.saving') : save.state === 'failed' ? t('declaration.save.failed') : save.at ? t('declaration.save.saved', { time: f.dateTime(save.at) }) : t('declaration.save.never')}
      {save.state === 'failed' ? (
        <button type="button" className="button secondary small" onClick={onRetry}>
          {t('declaration.save.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** The problem's path ("/members/2/nationalId"), from `path`, `field` or `fields[]`. */
function problemPaths(e: ApiError): string[] {
  const p = e.problem;
  const out: string[] = [];
  if (Array.isArray(p.fields)) out.push(...p.fields.filter((x): x is string => typeof x === 'string'));
  if (typeof p.path === 'string') out.push(p.path);
  return out.map((x) => (x.startsWith('/') ? x : `/${x.replace(/\./g, '/')}`));
}

function DeclarationForm({ view, onSubmitted }: { view: DeclarationView; onSubmitted(r: SubmitResult): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const [draft, setDraft] = useState<DeclarationDraft>(() => startingDraft(view.draft, view.applicant));
  const [step, setStep] = useState<Step>('members');
  // Each ID's check by the ID checked (not by the member's place: removing a member moves the others up).
  const [idChecks, setIdChecks] = useState<Record<string, IdCheck>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const { save, schedule, flush } = useAutosave(view.savedAt);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  const change = (next: DeclarationDraft) => {
    setDraft(next);
    schedule(next);
  };
  // The draft as the server first saw it (the applicant added as the head): saved once.
  useEffect(() => {
    if (!view.draft.members?.length) schedule(startingDraft(view.draft, view.applicant));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (!moved.current) return;
    heading.current?.focus();
    window.scrollTo({ top: 0 });
  }, [step]);
  const go = (s: Step) => {
    moved.current = true;
    // Leaving the income or debts step without a row answers "none" (an empty list), not "not answered".
    if (step === 'income' && !draft.incomes) change({ ...draft, incomes: [] });
    if (step === 'debts' && !draft.debts) change({ ...draft, debts: [] });
    setStep(s);
  };

  const checkId = async (index: number, nationalId: string) => {
    if (!nationalId) return;
    setIdChecks((c) => ({ ...c, [nationalId]: { state: 'checking' } }));
    try {
      const r = await api<{ nationalId: string }>('POST', `${ROUTE}/members/check`, { nationalId });
      setIdChecks((c) => ({ ...c, [nationalId]: { state: 'ok' }, [r.nationalId]: { state: 'ok' } }));
      setServerErrors(({ [`/members/${index}/nationalId`]: _, ...rest }) => rest);
      if (r.nationalId !== nationalId)
        setDraft((d) => {
          const next = { ...d, members: (d.members ?? []).map((m, j) => (j === index ? { ...m, nationalId: r.nationalId } : m)) };
          schedule(next);
          return next;
        });
    } catch (e) {
      setIdChecks((c) => ({ ...c, [nationalId]: { state: 'error', message: idProblemText(e) } }));
    }
  };
  const idProblemText = (e: unknown): string => {
    if (!(e instanceof ApiError)) return t('declaration.idReasons.failed');
    if (e.slug === 'invalid-national-id') return t(`declaration.idReasons.${String(e.problem.reason ?? 'invalid')}`, { defaultValue: t('declaration.idReasons.invalid') });
    if (e.slug === 'member-in-other-household') return t('declaration.idReasons.otherHousehold');
    if (e.status === 429) return t('declaration.problems.rate-limited');
    if (e.status === 400) return t('declaration.idReasons.invalid');
    return t('declaration.idReasons.failed');
  };

  const submit = async () => {
    setSubmitting(true);
    setFormError(null);
    setServerErrors({});
    try {
      if (!(await flush())) throw new ApiError(0, { type: '/problems/network', title: 'Network error', status: 0 });
      const r = await api<SubmitResult>('POST', `${ROUTE}/submit`);
      await Promise.all([qc.invalidateQueries({ queryKey: ['declaration'] }), qc.invalidateQueries({ queryKey: ['me'] }), qc.invalidateQueries({ queryKey: ['requests'] })]);
      onSubmitted(r);
    } catch (e) {
      if (e instanceof ApiError && problemPaths(e).length) {
        const text = pathProblemText(e);
        setServerErrors(Object.fromEntries(problemPaths(e).map((p) => [p, text])));
      } else setFormError(e);
    } finally {
      setSubmitting(false);
    }
  };
  /** What a refusal naming answers says at each of them. */
  const pathProblemText = (e: ApiError): string => {
    switch (e.slug) {
      case 'member-in-other-household':
        return t('declaration.idReasons.otherHousehold');
      case 'invalid-national-id':
        return t(`declaration.idReasons.${String(e.problem.reason ?? 'invalid')}`, { defaultValue: t('declaration.idReasons.invalid') });
      case 'duplicate-person':
        return t('declaration.idReasons.twice');
      case 'unknown-reference':
      case 'validation':
        return t(`declaration.problems.${e.slug}`);
      default:
        return t('declaration.problems.declaration-incomplete');
    }
  };
  const ask = () => {
    const s = reviewSummary(draft);
    confirm.ask({
      title: t('declaration.review.confirmTitle'),
      summary: [
        [t('declaration.review.members'), t('declaration.review.people', { n: f.n(s.members) })],
        [t('declaration.review.income'), f.moneyMinor(s.monthlyIncomeMinor)],
        [t('declaration.review.needs'), f.n(s.needs)],
      ],
      note: t('declaration.review.confirmNote'),
      confirmLabel: t('declaration.review.confirm'),
      onConfirm: () => void submit(),
    });
  };

  const index = STEPS.indexOf(step);
  const errorAt = (path: string) => serverErrors[path];
  const props = { draft, onChange: change, errorAt };
  const body: Record<Step, ReactNode> = {
    members: <MembersStep {...props} idChecks={idChecks} checkId={(i, id) => void checkId(i, id)} />,
    income: <IncomeStep {...props} />,
    housing: <HousingStep {...props} />,
    health: <HealthStep {...props} />,
    debts: <DebtsStep {...props} />,
    needs: <NeedsStep {...props} />,
    review: <Review draft={draft} go={go} />,
  };
  const serverPaths = Object.keys(serverErrors);
  return (
    <>
      {view.status === 'submitted' || view.versions.length ? <p className="alert">{t('declaration.result.editing')}</p> : <p className="lead">{t('declaration.intro')}</p>}
      <SaveStatus save={save} onRetry={() => void flush()} />
      <nav className="declaration-steps" aria-label={t('declaration.stepsLabel')}>
        <ol>
          {STEPS.map((s, i) => (
            <li key={s}>
              <button type="button" className={`step-link${s === step ? ' is-current' : ''}${serverPaths.some((p) => stepOfPath(p) === s) ? ' has-error' : ''}`} aria-current={s === step ? 'step' : undefined} onClick={() => go(s)}>
                <span className="step-n" aria-hidden="true">{f.n(i + 1)}</span> {t(`declaration.steps.${s}`)}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <form
        className="card form declaration-form"
        noValidate
        aria-labelledby="declaration-step"
        onSubmit={(e) => {
          e.preventDefault();
          if (step === 'review') ask();
          else go(STEPS[index + 1]!);
        }}
      >
        <h2 id="declaration-step" ref={heading} tabIndex={-1}>
          {t('declaration.stepOf', { n: f.n(index + 1), total: f.n(STEPS.length), name: t(`declaration.steps.${step}`) })}
        </h2>
        {serverPaths.length ? (
          <div className="alert error" role="alert">
            <p>{t('declaration.review.incomplete')}</p>
            <ul>
              {serverPaths.map((p) => (
                <li key={p}>
                  <PathLabel path={p} />{' '}
                  <button type="button" className="button secondary small" onClick={() => go(stepOfPath(p))}>
                    {t('declaration.review.goTo', { step: t(`declaration.steps.${stepOfPath(p)}`) })}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {formError instanceof ApiError && t(`declaration.problems.${formError.slug}`, { defaultValue: '' }) ? (
          <div className="alert error" role="alert">
            {t(`declaration.problems.${formError.slug}`)}
          </div>
        ) : (
          <ErrorNote error={formError} />
        )}
        {body[step]}
        <div className="form-actions step-actions">
          {step === 'review' ? (
            <button type="submit" className="button primary" disabled={submitting}>
              {submitting ? t('declaration.review.submitting') : t('declaration.review.submit')}
            </button>
          ) : (
            <button type="submit" className="button primary">
              {t('declaration.next')}
            </button>
          )}
          {index > 0 ? (
            <button type="button" className="button secondary" onClick={() => go(STEPS[index - 1]!)}>
              {t('declaration.back')}
            </button>
          ) : null}
        </div>
      </form>
      {confirm.dialog}
    </>
  );
}

/** A path the server names, in words: "Member 3: national ID". */
function PathLabel({ path }: { path: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { section, row, field } = pathParts(path);
  const where = row !== null ? t(`declaration.sections.${section}`, { n: f.n(row), defaultValue: section }) : t(`declaration.sections.${['members', 'incomes', 'debts'].includes(section) ? `${section}All` : section}`, { defaultValue: section });
  const what = field ? t(`declaration.fields.${field}`, { defaultValue: field }) : null;
  return <span className="path-label">{what ? `${where}: ${what}` : where}</span>;
}

/** The review: the totals, then each step's answers with a way back to it. */
function Review({ draft, go }: { draft: DeclarationDraft; go(s: Step): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const regions = useRegions();
  const catalogue = useCatalogue();
  const aid = indexBy(catalogue.data?.aidTypes);
  const region = (regions.data ?? []).find((r) => r.code === draft.regionCode);
  const s = reviewSummary(draft);
  const none = t('declaration.review.nothing');
  const section = (step: Step, title: string, rows: [string, ReactNode][]) => (
    <section className="review-section" aria-labelledby={`review-${step}`}>
      <div className="card-head">
        <h3 id={`review-${step}`}>{title}</h3>
        <button type="button" className="button secondary small" onClick={() => go(step)} aria-label={`${t('declaration.review.edit')}: ${title}`}>
          {t('declaration.review.edit')}
        </button>
      </div>
      <dl className="facts">
        {rows.map(([label, value], i) => (
          <div key={`${label}-${i}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
  const members = draft.members ?? [];
  return (
    <div className="declaration-review">
      <p className="lead">{t('declaration.review.intro')}</p>
      {section('members', t('declaration.steps.members'), [
        [t('declaration.review.members'), t('declaration.review.people', { n: f.n(s.members) })],
        ...members.map((m, i): [string, ReactNode] => [
          `${t(`relations.${m.relation}`)}`,
          <>
            <bdi>{m.fullName || none}</bdi> · <bdi dir="ltr">{f.digits(m.nationalId)}</bdi>
            {m.birthDate ? <> · {f.date(m.birthDate)}</> : null}
            <span className="visually-hidden"> ({f.n(i + 1)})</span>
          </>,
        ]),
      ])}
      {section('income', t('declaration.steps.income'), [
        ...(draft.incomes ?? []).map((r): [string, ReactNode] => [t(`declaration.income.sources.${r.source}`), f.moneyMinor(r.monthlyAmountMinor)]),
        [t('declaration.review.income'), <strong key="total">{f.moneyMinor(s.monthlyIncomeMinor)}</strong>],
      ])}
      {section('housing', t('declaration.steps.housing'), [
        [t('declaration.review.region'), region ? f.name(region.names, region.code) : none],
        [t('declaration.review.tenure'), draft.housing ? t(`declaration.housing.tenures.${draft.housing.tenure}`) : none],
        ...(draft.housing?.tenure === 'rented' ? [[t('declaration.review.rent'), f.moneyMinor(s.monthlyRentMinor)] as [string, ReactNode]] : []),
      ])}
      {section('health', t('declaration.steps.health'), [
        [
          t('declaration.review.health'),
          members.some((m) => m.disability || m.chronicIllness)
            ? f.list(members.filter((m) => m.disability || m.chronicIllness).map((m) => `${m.fullName || t(`relations.${m.relation}`)} (${f.list([m.disability ? t('declaration.review.disabilityOf') : '', m.chronicIllness ? t('declaration.review.chronicOf') : ''].filter(Boolean))})`))
            : none,
        ],
      ])}
      {section('debts', t('declaration.steps.debts'), [
        ...(draft.debts ?? []).map((d): [string, ReactNode] => [t(`declaration.debts.kinds.${d.kind}`), `${f.moneyMinor(d.totalMinor)} · ${t('declaration.debts.repayment')}: ${f.moneyMinor(d.monthlyRepaymentMinor)}`]),
        [t('declaration.review.debts'), f.moneyMinor(s.debtsMinor)],
        [t('declaration.review.repayments'), f.moneyMinor(s.monthlyRepaymentMinor)],
      ])}
      {section('needs', t('declaration.steps.needs'), [[t('declaration.review.needs'), (draft.needs ?? []).length ? f.list((draft.needs ?? []).map((c) => f.name(aid.get(c)?.names, c))) : none]])}
    </div>
  );
}

/** After the submit: the score and why, the requests opened, the versions. */
function Outcome({ view, skipped, onEdit }: { view: DeclarationView; skipped: SubmitResult['skipped']; onEdit(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const catalogue = useCatalogue();
  const aid = indexBy(catalogue.data?.aidTypes);
  const latest = view.versions.reduce((a, v) => Math.max(a, v.version), 0);
  const versions = [...view.versions].sort((a, b) => b.version - a.version);
  return (
    <>
      {latest ? <p className="alert success" role="status">{t('declaration.result.submitted', { n: f.n(latest) })}</p> : null}
      {view.score ? (
        <section className="card declaration-score" aria-labelledby="score-title">
          <h2 id="score-title">{t('declaration.result.title')}</h2>
          <p className="score-line">
            <span className="score-value" data-score={view.score.score}>
              {t('declaration.result.score')}: <strong>{f.n(view.score.score, { maximumFractionDigits: 1 })}</strong>
            </span>{' '}
            <span className="badge priority" data-priority={view.score.priority}>
              {t('pool.priority', { n: f.n(view.score.priority) })}
            </span>
          </p>
          <h3>{t('declaration.result.why')}</h3>
          <ul className="contributions">
            {view.score.contributions.map((c) => (
              <li key={c.factor} data-factor={c.factor}>
                <span>{t(`needModel.factors.${c.factor}`, { defaultValue: c.factor })}</span> <strong>{t('priority.points', { n: f.n(c.points, { maximumFractionDigits: 1 }) })}</strong>
              </li>
            ))}
          </ul>
          <p className="muted">{t('priority.modelVersion', { n: f.n(view.score.modelVersion) })}</p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="requests-title">
        <h2 id="requests-title">{t('declaration.result.requests')}</h2>
        {view.requests.length ? (
          <ul className="declaration-requests">
            {view.requests.map((r) => (
              <li key={r.id} data-request={r.id}>
                <Link to={`/me/requests/${r.id}`}>{f.name(aid.get(r.aidTypeCode)?.names, r.aidTypeCode)}</Link> <StatusBadge status={r.status} />
              </li>
            ))}
          </ul>
        ) : skipped.length ? null : (
          <p className="state empty">{t('declaration.result.noRequests')}</p>
        )}
        {skipped.length ? (
          <ul className="declaration-skipped">
            {skipped.map((x) => (
              <li key={x.aidTypeCode} data-skipped={x.aidTypeCode}>
                {t(`declaration.result.skipped.${x.reason === 'open-request-exists' ? x.reason : 'other'}`, { aid: f.name(aid.get(x.aidTypeCode)?.names, x.aidTypeCode) })}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">{t('declaration.result.versions')}</h2>
        <ol className="declaration-versions">
          {versions.map((v) => (
            <li key={v.version} data-version={v.version}>
              <p>
                <strong>{t('declaration.result.version', { n: f.n(v.version) })}</strong> · <When value={v.submittedAt} withTime />
              </p>
              {v.version === 1 ? <p className="muted">{t('declaration.result.first')}</p> : v.changes.length === 0 ? <p className="muted">{t('declaration.result.noChange')}</p> : <Changes changes={v.changes} />}
            </li>
          ))}
        </ol>
      </section>
      <div className="form-actions">
        <button type="button" className="button primary" onClick={onEdit}>
          {t('declaration.result.edit')}
        </button>
      </div>
    </>
  );
}

function Changes({ changes }: { changes: DeclarationView['versions'][number]['changes'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const catalogue = useCatalogue();
  const regions = useRegions();
  const aid = indexBy(catalogue.data?.aidTypes);
  const region = indexBy(regions.data);
  const arrow = isRtl(f.lang) ? '←' : '→';
  const text = (path: string, v: unknown): string => {
    const field = pathParts(path).field ?? pathParts(path).section;
    if (v === null || v === undefined) return '—';
    if (typeof v === 'boolean') return t(v ? 'declaration.result.yes' : 'declaration.result.no');
    if (typeof v === 'number') return field.endsWith('Minor') ? f.moneyMinor(v) : f.n(v);
    if (Array.isArray(v)) return f.list(v.map((x) => text(path, x)));
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.fullName === 'string') return o.fullName;
      if (typeof o.source === 'string') return `${t(`declaration.income.sources.${o.source}`)} ${text('/x/monthlyAmountMinor', o.monthlyAmountMinor)}`;
      if (typeof o.kind === 'string') return `${t(`declaration.debts.kinds.${o.kind}`)} ${text('/x/totalMinor', o.totalMinor)}`;
      if (typeof o.tenure === 'string') return t(`declaration.housing.tenures.${o.tenure}`);
      return '…';
    }
    const s = String(v);
    if (field === 'relation') return t(`relations.${s}`, { defaultValue: s });
    if (field === 'source') return t(`declaration.income.sources.${s}`, { defaultValue: s });
    if (field === 'tenure') return t(`declaration.housing.tenures.${s}`, { defaultValue: s });
    if (field === 'kind') return t(`declaration.debts.kinds.${s}`, { defaultValue: s });
    if (field === 'needs') return f.name(aid.get(s)?.names, s);
    if (field === 'regionCode') return f.name(region.get(s)?.names, s);
    if (field === 'birthDate') return f.date(s);
    if (field === 'nationalId') return f.digits(s);
    return s;
  };
  return (
    <ul className="changes">
      {changes.map((c, i) => (
        <li key={`${c.path}-${i}`} data-path={c.path}>
          <PathLabel path={c.path} />:{' '}
          {c.before === undefined || c.before === null ? (
            <ins>{t('declaration.result.added')}: {text(c.path, c.after)}</ins>
          ) : c.after === undefined || c.after === null ? (
            <del>{t('declaration.result.removed')}: {text(c.path, c.before)}</del>
          ) : (
            <>
              <del>{text(c.path, c.before)}</del> <span aria-hidden="true">{arrow}</span> <ins>{text(c.path, c.after)}</ins>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
