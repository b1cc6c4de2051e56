/**
 * One import as charity staff follow it: the mapping step (the first rows of the file, a column
 * chosen for each field, national ID and phone required, the charity's remembered mapping chosen
 * first), then the progress (read every second while it runs), then the report: every row's
 * verdict on screen, filtered and paged, downloadable as CSV and XLSX in the reader's language, and
 * a waiting row fixed by hand where it stands, or linked (after a confirmation) to the registered
 * person the registry search found it may be, shown by score only.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api, qs } from '../../lib/api';
import { asciiDigits } from '../../lib/format';
import { useFormat } from '../../lib/session';
import { ErrorNote, Field, FormActions, Page, Query, SuccessNote, When } from '../../components/ui';
import { DataTable } from '../../components/DataTable';
import { CodeSelect } from '../../components/CodeSelect';
import { useConfirm } from '../../components/Confirm';
import { Facts } from '../../components/Facts';
import {
  FIXABLE_VERDICTS,
  initialMapping,
  MAPPING_FIELDS,
  mappingProblems,
  mayLinkLikely,
  percentDone,
  REQUIRED_FIELDS,
  RUNNING,
  splitSeconds,
  VERDICTS,
  type ImportProgress,
  type ImportRowView,
  type ImportView,
  type Mapping,
  type MappingField,
} from './import-parts';
import './imports.css';

const PAGE_SIZE = 50;

export function ImportDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const again = (location.state as { again?: boolean } | null)?.again === true;
  const imp = useQuery({
    queryKey: ['import', id],
    queryFn: () => api<ImportView>('GET', `/api/v1/imports/${id}`),
    // Polled every second while the import runs; left alone once it is waiting for its mapping or has ended.
    refetchInterval: (q) => (q.state.data && RUNNING.has(q.state.data.status) ? 1000 : false),
  });
  return (
    <Page title={imp.data ? t('imports.detail.title', { name: imp.data.fileName }) : t('imports.detail.loading')} actions={<Link to="/charity/imports">{t('imports.detail.back')}</Link>}>
      <Query q={imp}>
        {(i) => (
          <>
            {again ? <SuccessNote>{t('imports.detail.again')}</SuccessNote> : null}
            <Facts
              items={[
                { label: t('imports.detail.format'), value: `${i.format.toUpperCase()}${i.format === 'csv' ? ` · ${i.encoding}` : ''}` },
                { label: t('imports.list.uploaded'), value: <When value={i.createdAt} withTime /> },
                { label: t('imports.list.status'), value: t(`imports.status.${i.status}`) },
                !!i.finishedAt && { label: t('imports.detail.finished'), value: <When value={i.finishedAt} withTime /> },
              ]}
            />
            {i.status === 'mapping' ? <MappingStep imp={i} /> : <ProgressBar imp={i} />}
            {i.status === 'failed' ? (
              <div className="alert error" role="alert">
                {i.failure ? <p className="alert-title">{t(`imports.problems.${i.failure.split('/').pop()}`, { defaultValue: '' }) || t('problems.internal')}</p> : null}
                <p>{t('imports.detail.failed')}</p>
              </div>
            ) : null}
            {i.status !== 'mapping' && i.status !== 'queued' ? <Report imp={i} /> : null}
          </>
        )}
      </Query>
    </Page>
  );
}

/** The mapping step: the preview, one select per field, the remembered mapping chosen first; starting asks first. */
function MappingStep({ imp }: { imp: ImportView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const remembered = useQuery({
    queryKey: ['import-mapping'],
    queryFn: () => api<{ mapping: Record<string, string> | null }>('GET', '/api/v1/imports/mapping'),
  });
  const [chosen, setChosen] = useState<Mapping | null>(null);
  const [checked, setChecked] = useState(false);
  const start = useMutation({
    mutationFn: (m: Mapping) => api('PUT', `/api/v1/imports/${imp.id}/mapping`, m),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['import', imp.id] }), qc.invalidateQueries({ queryKey: ['imports'] })]),
  });
  if (remembered.isPending) return null;
  const mapping = chosen ?? initialMapping(imp.columns, imp.suggestedMapping, remembered.data?.mapping);
  const problems = mappingProblems(mapping);
  const columnName = (i: number) => imp.columns[i] || t('imports.mapping.column', { n: f.n(i + 1) });
  const set = (field: MappingField, value: string) => {
    const next = { ...mapping };
    if (value === '') delete next[field];
    else next[field] = Number(value);
    setChosen(next);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (problems.missing.length || problems.twice.length) return;
    confirm.ask({
      title: t('imports.mapping.confirmTitle'),
      summary: MAPPING_FIELDS.filter((fl) => mapping[fl] !== undefined).map((fl) => [t(`imports.fields.${fl}`), <bdi key={fl}>{columnName(mapping[fl]!)}</bdi>]),
      note: t('imports.mapping.confirmNote'),
      confirmLabel: t('imports.mapping.start'),
      onConfirm: () => start.mutate(mapping),
    });
  };
  const choices = imp.columns.map((_, i) => ({ value: String(i), label: columnName(i) }));
  return (
    <>
      <h2>{t('imports.mapping.previewTitle')}</h2>
      <p className="hint">{t('imports.mapping.previewHint', { n: f.n(imp.preview.length) })}</p>
      <DataTable
        label={t('imports.mapping.previewTitle')}
        rows={imp.preview}
        rowKey={(_, i) => i}
        columns={imp.columns.map((_, c) => ({ header: columnName(c), cell: (row: string[]) => <bdi>{row[c] ?? ''}</bdi> }))}
      />
      <form className="card form" noValidate aria-labelledby="mapping-title" onSubmit={onSubmit}>
        <h2 id="mapping-title">{t('imports.mapping.title')}</h2>
        <p className="hint">{t('imports.mapping.hint')}</p>
        <ErrorNote error={start.error} />
        <div className="mapping-fields">
          {MAPPING_FIELDS.map((field) => {
            const required = REQUIRED_FIELDS.includes(field);
            const error = checked && problems.missing.includes(field) ? t('imports.mapping.required') : checked && problems.twice.includes(field) ? t('imports.mapping.twice') : undefined;
            return (
              <Field key={field} id={`map-${field}`} label={required ? t('imports.mapping.requiredLabel', { field: t(`imports.fields.${field}`) }) : t(`imports.fields.${field}`)} error={error}>
                {(p) => <CodeSelect {...p} required={required} value={mapping[field] === undefined ? '' : String(mapping[field])} onChange={(e) => set(field, e.target.value)} choices={choices} empty={required ? t('imports.mapping.choose') : t('imports.mapping.none')} />}
              </Field>
            );
          })}
        </div>
        <FormActions label={t('imports.mapping.start')} busy={start.isPending} />
      </form>
      {confirm.dialog}
    </>
  );
}

/** How far the import has come: a progress bar, the counts, the rate and the time left. */
function ProgressBar({ imp }: { imp: ImportView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const p: ImportProgress = imp.progress;
  const pct = percentDone(imp.status, p);
  const running = RUNNING.has(imp.status);
  const [h, m, s] = splitSeconds(p.secondsLeft ?? 0);
  const left = h ? t('imports.progress.hm', { h: f.n(h), m: f.n(m) }) : m ? t('imports.progress.ms', { m: f.n(m), s: f.n(s) }) : t('imports.progress.s', { s: f.n(s) });
  return (
    <section className="card import-progress" aria-labelledby="progress-title">
      <h2 id="progress-title">{t('imports.progress.title')}</h2>
      <div
        className="progress"
        role="progressbar"
        aria-labelledby="progress-title"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct === null ? {} : { 'aria-valuenow': pct, 'aria-valuetext': t('imports.progress.percent', { n: f.n(pct) }) })}
      >
        <div className={`progress-fill${pct === null ? ' is-unknown' : ''}`} style={{ inlineSize: `${pct ?? 100}%` }} />
      </div>
      <p className="progress-line" aria-live="polite">
        {pct === null ? t('imports.progress.reading') : t('imports.progress.percent', { n: f.n(pct) })}
        {running && p.secondsLeft !== null ? ` · ${t('imports.progress.left', { time: left })}` : null}
      </p>
      <Facts
        items={[
          { label: t('imports.progress.rowsRead'), value: p.total ? t('imports.progress.ofTotal', { n: f.n(p.rowsRead), total: f.n(p.total) }) : f.n(p.rowsRead) },
          { label: t('imports.progress.accepted'), value: f.n(p.accepted) },
          { label: t('imports.progress.refused'), value: f.n(p.refused) },
          { label: t('imports.progress.waiting'), value: f.n(p.waiting) },
          running && { label: t('imports.progress.rate'), value: t('imports.progress.perSecond', { n: f.n(Math.round(p.ratePerSecond)) }) },
        ]}
      />
    </section>
  );
}

/** The report on screen (filtered by verdict, paged by the server's cursor) and its two downloads. */
function Report({ imp }: { imp: ImportView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [verdict, setVerdict] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [fixing, setFixing] = useState<number | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;
  const rows = useQuery({
    queryKey: ['import-rows', imp.id, verdict, cursor, imp.status],
    queryFn: () => api<{ items: ImportRowView[]; next: string | null }>('GET', `/api/v1/imports/${imp.id}/rows${qs({ verdict, cursor, limit: PAGE_SIZE })}`),
  });
  const filter = (v: string) => {
    setVerdict(v);
    setCursors([null]);
    setFixing(null);
  };
  const verdictText = (r: ImportRowView) => {
    if (!r.verdict) return t('imports.report.unjudged');
    const reason = r.reason ? t(`imports.reasons.${r.reason}`, { defaultValue: r.reason }) : r.field ? t(`imports.fields.${r.field}`, { defaultValue: r.field }) : '';
    const text = reason ? `${t(`imports.verdicts.${r.verdict}`, { defaultValue: r.verdict })} — ${reason}` : t(`imports.verdicts.${r.verdict}`, { defaultValue: r.verdict });
    if (r.likelyScore === null) return text;
    return (
      <>
        {text}
        <br />
        <span className="hint">{t('imports.likely.note', { score: scoreText(r.likelyScore) })}</span>
      </>
    );
  };
  const scoreText = (score: number) => f.n(score, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const done = imp.status === 'done';
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">{t('imports.report.title')}</h2>
      {done ? (
        <div className="report-downloads">
          <a className="button secondary" href={`/api/v1/imports/${imp.id}/report.csv${qs({ lang: f.lang })}`} download>
            {t('imports.report.csv')}
          </a>
          <a className="button secondary" href={`/api/v1/imports/${imp.id}/report.xlsx${qs({ lang: f.lang })}`} download>
            {t('imports.report.xlsx')}
          </a>
        </div>
      ) : null}
      <Field id="verdict-filter" label={t('imports.report.filter')}>
        {(p) => <CodeSelect {...p} value={verdict} onChange={(e) => filter(e.target.value)} choices={[...VERDICTS, 'waiting'].map((v) => ({ value: v, label: t(`imports.verdicts.${v}`) }))} empty={t('imports.report.all')} />}
      </Field>
      <Query q={rows}>
        {(page) => (
          <>
            <DataTable
              label={t('imports.report.title')}
              rows={page.items}
              rowKey={(r) => r.rowNo}
              rowMarks={(r) => ({ 'data-verdict': r.verdict ?? undefined })}
              empty={t('imports.report.empty')}
              columns={[
                { header: t('imports.report.row'), num: true, rowHeader: true, cell: (r) => f.n(r.rowNo, { useGrouping: false }) },
                { header: t('imports.report.verdict'), cell: verdictText },
                { header: t('imports.fields.nationalId'), cell: (r) => <bdi dir="ltr">{f.digits(r.nationalId)}</bdi> },
                { header: t('imports.fields.phone'), cell: (r) => <bdi dir="ltr">{f.digits(r.phone)}</bdi> },
                { header: t('imports.fields.name'), cell: (r) => r.name ?? '—' },
                {
                  header: t('common.actions'),
                  hiddenHeader: true,
                  cell: (r) =>
                    done && !!r.verdict && FIXABLE_VERDICTS.has(r.verdict) ? (
                      fixing === r.rowNo ? (
                        <FixRow imp={imp} row={r} onDone={() => setFixing(null)} />
                      ) : (
                        <>
                          {mayLinkLikely(imp.status, r) ? <LinkLikely imp={imp} row={r} score={scoreText(r.likelyScore!)} /> : null}
                          <button type="button" className="button secondary small" onClick={() => setFixing(r.rowNo)}>
                            {t('imports.fix.open', { n: f.n(r.rowNo, { useGrouping: false }) })}
                          </button>
                        </>
                      )
                    ) : null,
                },
              ]}
            />
            <div className="pager">
              {cursors.length > 1 ? (
                <button type="button" className="button secondary small" onClick={() => setCursors(cursors.slice(0, -1))}>
                  {t('imports.report.previous')}
                </button>
              ) : null}
              {page.next ? (
                <button type="button" className="button secondary small" onClick={() => setCursors([...cursors, page.next])}>
                  {t('imports.report.next')}
                </button>
              ) : null}
            </div>
          </>
        )}
      </Query>
    </section>
  );
}

/** A waiting row linked to the registered person the registry search found it may be, after a confirmation (nothing of that person is shown). */
function LinkLikely({ imp, row, score }: { imp: ImportView; row: ImportRowView; score: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const link = useMutation({
    mutationFn: () => api<ImportRowView>('PATCH', `/api/v1/imports/${imp.id}/rows/${row.rowNo}`, { linkLikelyPerson: true }),
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: ['import-rows', imp.id] }), qc.invalidateQueries({ queryKey: ['import', imp.id] })]);
    },
  });
  const n = f.n(row.rowNo, { useGrouping: false });
  return (
    <>
      {confirm.dialog}
      <ErrorNote error={link.error} />
      <button
        type="button"
        className="button small"
        disabled={link.isPending}
        onClick={() =>
          confirm.ask({
            title: t('imports.likely.confirmTitle', { n }),
            summary: [[t('imports.report.row'), n], [t('imports.likely.score'), score]],
            note: t('imports.likely.confirmNote'),
            confirmLabel: t('imports.likely.confirm'),
            onConfirm: () => link.mutate(),
          })
        }
      >
        {t('imports.likely.link')}
      </button>
    </>
  );
}

/** A waiting row fixed where it stands: its national ID and phone typed again, judged again by the server. */
function FixRow({ imp, row, onDone }: { imp: ImportView; row: ImportRowView; onDone(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [draft, setDraft] = useState({ nationalId: row.nationalId ?? '', phone: row.phone ?? '' });
  const fix = useMutation({
    mutationFn: () => api<ImportRowView>('PATCH', `/api/v1/imports/${imp.id}/rows/${row.rowNo}`, { nationalId: asciiDigits(draft.nationalId.trim()), phone: asciiDigits(draft.phone.trim()) }),
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: ['import-rows', imp.id] }), qc.invalidateQueries({ queryKey: ['import', imp.id] })]);
      onDone();
    },
  });
  const n = f.n(row.rowNo, { useGrouping: false });
  return (
    <form
      className="fix-row"
      noValidate
      aria-label={t('imports.fix.title', { n })}
      onSubmit={(e) => {
        e.preventDefault();
        fix.mutate();
      }}
    >
      <ErrorNote error={fix.error} />
      <Field label={t('imports.fields.nationalId')}>{(p) => <input {...p} dir="ltr" inputMode="numeric" autoComplete="off" value={draft.nationalId} onChange={(e) => setDraft({ ...draft, nationalId: e.target.value })} />}</Field>
      <Field label={t('imports.fields.phone')}>{(p) => <input {...p} dir="ltr" type="tel" autoComplete="off" value={draft.phone} onChange={(e) => setDraft({ ...draft, phone: e.target.value })} />}</Field>
      <FormActions label={t('imports.fix.save')} busy={fix.isPending}>
        <button type="button" className="button secondary" onClick={onDone}>
          {t('imports.fix.cancel')}
        </button>
      </FormActions>
    </form>
  );
}
