import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { shortRef } from '../../lib/format';
import { useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import { CardHead, Page, When } from '../../components/ui';
import { CardList } from '../../components/CardList';
import { Facts } from '../../components/Facts';
import { DecisionForm, type DecisionChoice } from '../../components/DecisionForm';
import type { Schema } from '../../lib/api-types';

type ExceptionRow = Schema<'GrantException'>;

/** Documented exceptions to the no-duplicate rule, waiting for a supervisor: the case as the charity put it, and the decision after a confirmation. */
export function Exceptions() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['exceptions', 'pending'], queryFn: () => api<ExceptionRow[]>('GET', '/api/v1/exceptions?status=pending') });
  const orgs = useQuery({ queryKey: ['organisations', 'names'], queryFn: () => api<Schema<'Organisation'>[]>('GET', '/api/v1/organisations?kind=charity') });
  const orgName = (id: string) => orgs.data?.find((o) => o.id === id)?.name ?? shortRef(id);
  return (
    <Page title={t('exception.pendingTitle')}>
      <p className="lead">{t('exception.pendingIntro')}</p>
      <CardList q={list} none={t('exception.none')} itemKey={(x) => x.id} itemMarks={() => ({ className: 'exception-card' })}>
        {(x) => <ExceptionCase x={x} charity={orgName(x.requested_by_org)} />}
      </CardList>
    </Page>
  );
}

function ExceptionCase({ x, charity }: { x: ExceptionRow; charity: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const kind = x.kind === 'backdate' ? t('exc.kindBackdate') : t('exc.kindRepeat');
  // The facts the supervisor decides on, shown on the card and again in the confirmation.
  const facts: [string, string][] = [
    [t('exc.ref'), shortRef(x.id)],
    [t('exc.charity'), charity],
    [t('exc.household'), shortRef(x.household_id)],
    [t('exc.group'), names.group(x.group_code)],
    [t('exc.kind'), kind],
    ...(x.kind === 'backdate' && x.granted_on ? [[t('exception.backdateTo'), f.date(x.granted_on)] as [string, string]] : []),
    [t('exception.reason'), x.reason],
    [t('exception.documentRef'), x.document_ref],
  ];
  const choices: DecisionChoice[] = [
    { decision: 'approved', label: t('exception.approve'), kind: 'primary' },
    { decision: 'rejected', label: t('exception.reject'), kind: 'danger' },
  ];
  return (
    <>
      <CardHead title={names.group(x.group_code)}>
        <When value={x.requested_at} />
      </CardHead>
      <Facts items={facts.map(([label, value]) => ({ label, value: <bdi>{value}</bdi> }))} />
      <DecisionForm
        route="/api/v1/exceptions/{id}/decision"
        url={`/api/v1/exceptions/${x.id}/decision`}
        field="note"
        label={t('exception.note')}
        choices={choices}
        invalidate="exceptions"
        confirm={(c, note) => ({
          title: c.decision === 'approved' ? t('exc.confirmApprove') : t('exc.confirmReject'),
          summary: [...facts.map(([l, v]) => [l, <bdi key={l}>{v}</bdi>] as [string, ReactNode]), ...(note ? [[t('exception.note'), <bdi key="note">{note}</bdi>] as [string, ReactNode]] : [])],
          note: c.decision === 'approved' ? t('exc.exceptionApproveNote') : t('exc.exceptionRejectNote'),
          confirmLabel: c.label,
        })}
      />
    </>
  );
}
