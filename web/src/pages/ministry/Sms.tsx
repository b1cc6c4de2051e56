import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { Empty, Field, Page, Query, When } from '../../components/ui';
import { DataTable } from '../../components/DataTable';
import type { Body, Schema } from '../../lib/api-types';

type Summary = Body<'/api/v1/sms/summary'>;
type Org = Schema<'Organisation'>;

const PERIODS = [7, 30, 90] as const;

/** The invitation SMS, as the ministry sees them: sent, delivered, failed and opted out, per day and charity (no numbers). */
export function Sms() {
  const { t } = useTranslation();
  const f = useFormat();
  const [days, setDays] = useState<number>(30);
  const q = useQuery({ queryKey: ['sms', 'summary', days], queryFn: () => api<Summary>('GET', `/api/v1/sms/summary${qs({ days })}`) });
  const orgs = useQuery({ queryKey: ['organisations', 'charities'], queryFn: () => api<Org[]>('GET', '/api/v1/organisations?kind=charity') });
  const nameOf = (id: string | null) => (id === null ? t('sms.noCharity') : (orgs.data?.find((o) => o.id === id)?.name ?? t('sms.unknownCharity')));
  return (
    <Page title={t('sms.title')}>
      <p className="lead">{t('sms.intro')}</p>
      <div className="card filters">
        <Field id="sms-days" label={t('sms.period')}>
          {(p) => (
            <select {...p} value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {PERIODS.map((d) => <option key={d} value={d}>{t('sms.lastDays', { count: d, n: f.n(d) })}</option>)}
            </select>
          )}
        </Field>
      </div>
      <Query q={q} empty={(v) => (v.items.length === 0 ? <Empty>{t('sms.empty')}</Empty> : null)}>
        {(v) => (
          <>
            <dl className="facts" aria-label={t('sms.totals')}>
              {(['sent', 'delivered', 'failed', 'optedOut', 'rejected', 'queued'] as const).map((k) => (
                <div key={k}>
                  <dt>{t(`sms.${k}`)}</dt>
                  <dd data-total={k}>{f.n(v.totals[k])}</dd>
                </div>
              ))}
            </dl>
            <DataTable
              label={t('sms.title')}
              rows={v.items}
              rowKey={(r) => `${r.day}:${r.orgId ?? ''}`}
              columns={[
                { header: t('sms.day'), rowHeader: true, cell: (r) => <When value={r.day} /> },
                { header: t('sms.charity'), cell: (r) => nameOf(r.orgId) },
                { header: t('sms.sent'), num: true, cell: (r) => f.n(r.sent) },
                { header: t('sms.delivered'), num: true, cell: (r) => f.n(r.delivered) },
                { header: t('sms.failed'), num: true, cell: (r) => f.n(r.failed) },
                { header: t('sms.optedOut'), num: true, cell: (r) => f.n(r.optedOut) },
                { header: t('sms.rejected'), num: true, cell: (r) => f.n(r.rejected) },
                { header: t('sms.queued'), num: true, cell: (r) => f.n(r.queued) },
              ]}
            />
          </>
        )}
      </Query>
    </Page>
  );
}
