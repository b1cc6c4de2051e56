import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { Empty, Page, Query, When } from '../../components/ui';

interface Row {
  orgId: string;
  name: string;
  day: string;
  lookups: number;
  found: number;
  notFound: number;
  ownMedian: number | null;
  peerMedian: number | null;
  flagged: boolean;
  reasons: ('own-history' | 'peers')[];
}
interface Volumes {
  from: string;
  to: string;
  rule: { factor: number; minimum: number; historyDays: number };
  items: Row[];
}

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
          <div className="field">
            <label htmlFor="l-from">{t('lookups.from')}</label>
            <input id="l-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="l-to">{t('lookups.to')}</label>
            <input id="l-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t('lookups.show')}
          </button>
        </div>
      </form>
      <Query q={q} empty={(v) => (v.items.length === 0 ? <Empty>{t('lookups.empty')}</Empty> : null)}>
        {(v) => (
          <>
            <p className="muted">{t('lookups.rule', { minimum: f.n(v.rule.minimum), factor: f.n(v.rule.factor), days: f.n(v.rule.historyDays) })}</p>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('lookups.title')}>
              <table className="responsive">
                <thead>
                  <tr>
                    <th scope="col">{t('lookups.charity')}</th>
                    <th scope="col">{t('lookups.day')}</th>
                    <th scope="col">{t('lookups.lookups')}</th>
                    <th scope="col">{t('lookups.found')}</th>
                    <th scope="col">{t('lookups.notFound')}</th>
                    <th scope="col">{t('lookups.ownMedian')}</th>
                    <th scope="col">{t('lookups.peerMedian')}</th>
                    <th scope="col">{t('lookups.flag')}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.items.map((r) => (
                    <tr key={`${r.orgId}:${r.day}`} className={r.flagged ? 'is-overdue' : ''} data-flagged={r.flagged ? 'true' : undefined}>
                      <th scope="row" data-label={t('lookups.charity')}>{r.name}</th>
                      <td data-label={t('lookups.day')}>
                        <When value={r.day} />
                      </td>
                      <td data-label={t('lookups.lookups')} className="num">{f.n(r.lookups)}</td>
                      <td data-label={t('lookups.found')} className="num">{f.n(r.found)}</td>
                      <td data-label={t('lookups.notFound')} className="num">{f.n(r.notFound)}</td>
                      <td data-label={t('lookups.ownMedian')} className="num">{median(r.ownMedian)}</td>
                      <td data-label={t('lookups.peerMedian')} className="num">{median(r.peerMedian)}</td>
                      <td data-label={t('lookups.flag')}>
                        {r.flagged ? <span className="badge overdue-badge">{r.reasons.map((x) => t(`lookups.reason.${x}`)).join(' · ')}</span> : t('lookups.notFlagged')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Query>
    </Page>
  );
}
