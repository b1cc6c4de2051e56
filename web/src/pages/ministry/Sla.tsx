import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, itemsOf } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { Empty, Page, Query } from '../../components/ui';

interface Row {
  orgId: string;
  name?: string;
  orgName?: string;
  pending: number;
  claimed: number;
  overdue: number;
  escalated?: number;
  decided?: number;
  medianHoursToAct: number | null;
  shareWithinDeadline: number | null;
}

/** How each charity keeps its deadlines. */
export function Sla() {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = useQuery({ queryKey: ['oversight', 'charities'], queryFn: async () => itemsOf(await api<Row[] | { items: Row[] }>('GET', '/api/v1/oversight/charities')) });
  return (
    <Page title={t('sla.title')}>
      <Query q={rows} empty={(xs) => (xs.length === 0 ? <Empty>{t('sla.empty')}</Empty> : null)}>
        {(xs) => (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('sla.title')}>
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t('sla.charity')}</th>
                  <th scope="col">{t('sla.pending')}</th>
                  <th scope="col">{t('sla.claimed')}</th>
                  <th scope="col">{t('sla.overdue')}</th>
                  <th scope="col">{t('sla.escalated')}</th>
                  <th scope="col">{t('sla.median')}</th>
                  <th scope="col">{t('sla.share')}</th>
                </tr>
              </thead>
              <tbody>
                {xs.map((r) => (
                  <tr key={r.orgId} className={r.overdue > 0 ? 'is-overdue' : ''}>
                    <th scope="row" data-label={t('sla.charity')}>{r.name ?? r.orgName ?? r.orgId}</th>
                    <td data-label={t('sla.pending')} className="num">{f.n(r.pending)}</td>
                    <td data-label={t('sla.claimed')} className="num">{f.n(r.claimed)}</td>
                    <td data-label={t('sla.overdue')} className="num">{f.n(r.overdue)}</td>
                    <td data-label={t('sla.escalated')} className="num">{f.n(r.escalated ?? 0)}</td>
                    <td data-label={t('sla.median')} className="num">{r.medianHoursToAct === null ? '—' : t('sla.hours', { n: f.n(r.medianHoursToAct, { maximumFractionDigits: 1 }) })}</td>
                    <td data-label={t('sla.share')} className="num">{r.shareWithinDeadline === null ? '—' : f.n(r.shareWithinDeadline, { style: 'percent', maximumFractionDigits: 0 })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Query>
    </Page>
  );
}
