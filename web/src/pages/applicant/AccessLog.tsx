import { useTranslation } from 'react-i18next';
import { useList } from '../../lib/queries';
import { useFormat } from '../../lib/session';
import { Page, When } from '../../components/ui';
import { QueryTable } from '../../components/DataTable';
import type { Schema } from '../../lib/api-types';

type AccessEntry = Schema<'AccessEntry'>;

/** Who read or changed my household's data, and when: newest first, reloads within one visit shown once with their count. */
export function AccessLog() {
  const { t } = useTranslation();
  const f = useFormat();
  const log = useList<AccessEntry>(['me', 'access-log'], '/api/v1/me/access-log');
  // A purpose is a code: a case's (follow.purposes) or a lookup's (lookupPurposes); older entries hold free text.
  const purposeText = (code: string) => t(`follow.purposes.${code}`, { defaultValue: t(`lookupPurposes.${code}`, { defaultValue: code }) });
  // A reason is free text, except the codes a step writes (how a request was reassigned).
  const reasonText = (reason: string) => (/^[a-z-]+$/.test(reason) ? t(`follow.reasons.${reason}`, { defaultValue: reason }) : <bdi>{reason}</bdi>);
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
          {
            header: t('access.when'),
            cell: (e) => (
              <>
                <When value={e.at} withTime />
                {e.views > 1 ? (
                  <span className="muted">
                    {' '}
                    · {t('follow.views', { n: f.n(e.views), since: f.dateTime(e.firstAt) })}
                  </span>
                ) : null}
              </>
            ),
          },
          {
            header: t('access.who'),
            cell: (e) => (
              <>
                {e.organisation?.name ?? t('by.system')}
                {e.role ? <span className="muted"> · {t(`roles.${e.role}`, { defaultValue: e.role })}</span> : null}
              </>
            ),
          },
          { header: t('access.what'), cell: (e) => (e.action === 'personal_data.read' && e.subjectType === 'request' ? t('actions.case_read') : t(`actions.${e.action.replaceAll('.', '_')}`, { defaultValue: e.action })) },
          { header: t('access.why'), cell: (e) => (e.purpose ? purposeText(e.purpose) : e.reason ? reasonText(e.reason) : '—') },
        ]}
      />
    </Page>
  );
}
