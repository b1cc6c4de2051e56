import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import { CardHead, Page, When } from '../../components/ui';
import { CardList } from '../../components/CardList';
import { DecisionForm } from '../../components/DecisionForm';
import type { Schema } from '../../lib/api-types';

type ExceptionRow = Schema<'GrantException'>;

/** Documented exceptions to the no-duplicate rule, waiting for a supervisor. */
export function Exceptions() {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const list = useQuery({ queryKey: ['exceptions', 'pending'], queryFn: () => api<ExceptionRow[]>('GET', '/api/v1/exceptions?status=pending') });
  return (
    <Page title={t('exception.pendingTitle')}>
      <p className="lead">{t('exception.pendingIntro')}</p>
      <CardList q={list} none={t('exception.none')} itemKey={(x) => x.id} itemMarks={() => ({ className: 'exception-card' })}>
        {(x) => (
          <>
            <CardHead title={names.group(x.group_code)}>
              <When value={x.requested_at} />
            </CardHead>
            {x.kind === 'backdate' && x.granted_on ? (
              <p>
                <strong>{t('exception.backdateTo')}:</strong> {f.date(x.granted_on)}
              </p>
            ) : null}
            <p>
              <strong>{t('exception.reason')}:</strong> <bdi>{x.reason}</bdi>
            </p>
            <p>
              <strong>{t('exception.documentRef')}:</strong> <bdi>{x.document_ref}</bdi>
            </p>
            <Decide id={x.id} />
          </>
        )}
      </CardList>
    </Page>
  );
}

function Decide({ id }: { id: string }) {
  const { t } = useTranslation();
  const choices = [
    { decision: 'approved', label: t('exception.approve'), kind: 'primary' as const },
    { decision: 'rejected', label: t('exception.reject'), kind: 'danger' as const },
  ];
  return <DecisionForm route="/api/v1/exceptions/{id}/decision" url={`/api/v1/exceptions/${id}/decision`} field="note" label={t('exception.note')} choices={choices} invalidate="exceptions" />;
}
