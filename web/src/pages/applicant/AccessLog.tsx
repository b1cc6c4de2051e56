import { useTranslation } from 'react-i18next';
import { useList } from '../../lib/queries';
import { Page, When } from '../../components/ui';
import { QueryTable } from '../../components/DataTable';
import type { Schema } from '../../lib/api-types';

type AccessEntry = Schema<'AccessEntry'>;

/** Who read or changed my household's data, and when. */
export function AccessLog() {
  const { t } = useTranslation();
  const log = useList<AccessEntry>(['me', 'access-log'], '/api/v1/me/access-log');
  return (
    <Page title={t('access.title')}>
      <p className="lead">{t('access.intro')}</p>
      <p>{t('access.lookupsNote')}</p>
      <QueryTable
        q={log}
        none={t('access.empty')}
        label={t('access.title')}
        rowKey={(_e, i) => i}
        columns={[
          { header: t('access.when'), cell: (e) => <When value={e.at} withTime /> },
          {
            header: t('access.who'),
            cell: (e) => (
              <>
                {e.organisation?.name ?? t('by.system')}
                {e.role ? <span className="muted"> · {t(`roles.${e.role}`, { defaultValue: e.role })}</span> : null}
              </>
            ),
          },
          { header: t('access.what'), cell: (e) => t(`actions.${e.action.replaceAll('.', '_')}`, { defaultValue: e.action }) },
          { header: t('access.why'), cell: (e) => (e.purpose ? t(`lookupPurposes.${e.purpose}`, { defaultValue: e.purpose }) : (e.reason ?? '—')) },
        ]}
      />
    </Page>
  );
}
