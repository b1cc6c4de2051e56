import { useTranslation } from 'react-i18next';
import { useList } from '../../lib/queries';
import { useFormat } from '../../lib/session';
import { Page } from '../../components/ui';
import { QueryTable } from '../../components/DataTable';
import type { Schema } from '../../lib/api-types';

type Row = Schema<'CharityFigures'>;

/** How each charity keeps its deadlines. */
export function Sla() {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = useList<Row>(['oversight', 'charities'], '/api/v1/oversight/charities');
  return (
    <Page title={t('sla.title')}>
      <QueryTable
        q={rows}
        none={t('sla.empty')}
        label={t('sla.title')}
        rowKey={(r) => r.orgId}
        rowMarks={(r) => (r.overdue > 0 ? { className: 'is-overdue' } : {})}
        columns={[
          { header: t('sla.charity'), rowHeader: true, cell: (r) => r.name },
          { header: t('sla.pending'), num: true, cell: (r) => f.n(r.pending) },
          { header: t('sla.claimed'), num: true, cell: (r) => f.n(r.claimed) },
          { header: t('sla.overdue'), num: true, cell: (r) => f.n(r.overdue) },
          { header: t('sla.escalated'), num: true, cell: (r) => f.n(r.escalated ?? 0) },
          { header: t('sla.median'), num: true, cell: (r) => (r.medianHoursToAct === null ? '—' : t('sla.hours', { n: f.n(r.medianHoursToAct, { maximumFractionDigits: 1 }), count: r.medianHoursToAct })) },
          { header: t('sla.share'), num: true, cell: (r) => (r.shareWithinDeadline === null ? '—' : f.n(r.shareWithinDeadline, { style: 'percent', maximumFractionDigits: 0 })) },
        ]}
      />
    </Page>
  );
}
