/**
 * The programmes the ministry (or a charity, its own) runs: each with its status, its funding, the
 * version of its criteria in force and the regions where it is open, linked to its page.
 */
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { Schema } from '../../lib/api-types';
import { useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import { Page } from '../../components/ui';
import { QueryTable } from '../../components/DataTable';

export type ProgrammeView = Schema<'Programme'>;

export function useProgrammes() {
  return useQuery({ queryKey: ['programmes'], queryFn: () => api<ProgrammeView[]>('GET', '/api/v1/programmes') });
}

export function Programmes() {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const list = useProgrammes();
  return (
    <Page title={t('programmes.title')}>
      <p className="lead">{t('programmes.intro')}</p>
      <QueryTable
        q={list}
        none={t('programmes.none')}
        label={t('programmes.title')}
        rowKey={(p) => p.id}
        rowMarks={(p) => ({ 'data-programme': p.code })}
        columns={[
          { header: t('programmes.name'), rowHeader: true, cell: (p) => <Link to={p.id}>{f.name(p.names)}</Link> },
          { header: t('programmes.status'), cell: (p) => <span className={`badge status-${p.status}`}>{t(`programmes.statuses.${p.status}`)}</span> },
          { header: t('programmes.funding'), cell: (p) => t(`programmes.fundings.${p.funding}`) },
          { header: t('programmes.inForce'), num: true, cell: (p) => (p.current ? t('programmes.versionN', { n: f.n(p.current.version) }) : t('programmes.noVersion')) },
          {
            header: t('programmes.openIn'),
            cell: (p) => {
              const open = p.regions.filter((r) => r.openedAt);
              return open.length ? open.map((r) => names.region(r.regionCode)).join(' · ') : t('programmes.openNowhere');
            },
          },
        ]}
      />
    </Page>
  );
}
