import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, itemsOf } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { Empty, Page, Query , When } from '../../components/ui';

interface AccessEntry {
  at: string;
  action: string;
  organisation: { name: string; kind: string } | null;
  role: string | null;
  reason: string | null;
  /** A lookup's purpose code (action registry.lookup). */
  purpose?: string | null;
}

/** Who read or changed my household's data, and when. */
export function AccessLog() {
  const { t } = useTranslation();
  const f = useFormat();
  const log = useQuery({ queryKey: ['me', 'access-log'], queryFn: async () => itemsOf(await api<AccessEntry[] | { items: AccessEntry[] }>('GET', '/api/v1/me/access-log')) });
  return (
    <Page title={t('access.title')}>
      <p className="lead">{t('access.intro')}</p>
      <p>{t('access.lookupsNote')}</p>
      <Query q={log} empty={(xs) => (xs.length === 0 ? <Empty>{t('access.empty')}</Empty> : null)}>
        {(xs) => (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('access.title')}>
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t('access.when')}</th>
                  <th scope="col">{t('access.who')}</th>
                  <th scope="col">{t('access.what')}</th>
                  <th scope="col">{t('access.why')}</th>
                </tr>
              </thead>
              <tbody>
                {xs.map((e, i) => {
                  const role = e.role;
                  return (
                    <tr key={i}>
                      <td data-label={t('access.when')}>
                        <When value={e.at} withTime />
                      </td>
                      <td data-label={t('access.who')}>
                        {e.organisation?.name ?? t('by.system')}
                        {role ? <span className="muted"> · {t(`roles.${role}`, { defaultValue: role })}</span> : null}
                      </td>
                      <td data-label={t('access.what')}>{t(`actions.${e.action.replaceAll('.', '_')}`, { defaultValue: e.action })}</td>
                      <td data-label={t('access.why')}>{e.purpose ? t(`lookupPurposes.${e.purpose}`, { defaultValue: e.purpose }) : (e.reason ?? '—')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Query>
    </Page>
  );
}
