import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { Empty, Field, FormActions, Page, Query, When } from '../../components/ui';
import { DataTable } from '../../components/DataTable';
import type { Body } from '../../lib/api-types';

type Volumes = Body<'/api/v1/oversight/lookups'>;
type Row = Volumes['items'][number];

/** National-ID lookups per charity per day, and the days of unusual volume. */
export function Lookups() {
  const { t } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState({ from: '', to: '' });
  const [range, setRange] = useState({ from: '', to: '' });
  const q = useQuery({ queryKey: ['oversight', 'lookups', range], queryFn: () => api<Volumes>('GET', `/api/v1/oversight/lookups${qs({ from: range.from || undefined, to: range.to || undefined })}`) });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setRange({ ...draft });
  };
  const median = (n: number | null) => (n === null ? '—' : f.n(n, { maximumFractionDigits: 1 }));
  return (
    <Page title={t('lookups.title')}>
      <p className="lead">{t('lookups.intro')}</p>
      <form className="card filters" onSubmit={onSubmit} aria-label={t('lookups.title')}>
        <div className="filter-grid">
          <Field id="l-from" label={t('lookups.from')}>
            {(p) => <input {...p} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />}
          </Field>
          <Field id="l-to" label={t('lookups.to')}>
            {(p) => <input {...p} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />}
          </Field>
        </div>
        <FormActions label={t('lookups.show')} />
      </form>
      <Query q={q} empty={(v) => (v.items.length === 0 ? <Empty>{t('lookups.empty')}</Empty> : null)}>
        {(v) => (
          <>
            <p className="muted">{t('lookups.rule', { minimum: f.n(v.rule.minimum), factor: f.n(v.rule.factor), days: f.n(v.rule.historyDays) })}</p>
            <DataTable
              label={t('lookups.title')}
              rows={v.items}
              rowKey={(r) => `${r.orgId}:${r.day}`}
              rowMarks={(r) => (r.flagged ? { className: 'is-overdue', 'data-flagged': 'true' } : {})}
              columns={[
                { header: t('lookups.charity'), rowHeader: true, cell: (r) => r.name },
                { header: t('lookups.day'), cell: (r) => <When value={r.day} /> },
                { header: t('lookups.lookups'), num: true, cell: (r) => f.n(r.lookups) },
                { header: t('lookups.found'), num: true, cell: (r) => f.n(r.found) },
                { header: t('lookups.notFound'), num: true, cell: (r) => f.n(r.notFound) },
                { header: t('lookups.ownMedian'), num: true, cell: (r) => median(r.ownMedian) },
                { header: t('lookups.peerMedian'), num: true, cell: (r) => median(r.peerMedian) },
                { header: t('lookups.flag'), cell: (r) => (r.flagged ? <span className="badge overdue-badge">{r.reasons.map((x) => t(`lookups.reason.${x}`)).join(' · ')}</span> : t('lookups.notFlagged')) },
              ]}
            />
          </>
        )}
      </Query>
    </Page>
  );
}
