import type { ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useList } from '../../lib/queries';
import { useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import { CardHead, Deadline, ErrorNote, Page, Query, StatusBadge, SuccessNote, When, RequestRef } from '../../components/ui';
import { Facts } from '../../components/Facts';
import { CardList } from '../../components/CardList';
import { useConfirm } from '../../components/Confirm';
import { shortRef } from '../../lib/format';
import type { Schema } from '../../lib/api-types';

type Escalation = Schema<'EscalatedRequest'>;
type Suggestion = Schema<'Suggestion'>;

function Suggestions({ request }: { request: Escalation }) {
  const id = request.id;
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const qc = useQueryClient();
  const confirm = useConfirm();
  // Reassigning moves the case to another charity at once: it asks first, with what moves where.
  const askReassign = (s: Suggestion) =>
    confirm.ask({
      title: t('exc.reassignTitle'),
      summary: [
        [t('exc.request'), <bdi key="ref">{shortRef(id)}</bdi>],
        [t('aid.type'), names.aidType(request.aidType)],
        ...(request.region ? [[t('pool.region'), names.region(request.region)] as [string, string]] : []),
        ...(request.fromOrg ? [[t('exc.from'), <bdi key="from">{request.fromOrg.name}</bdi>] as [string, ReactNode]] : []),
        [t('exc.to'), <bdi key="to">{s.name}</bdi>],
      ],
      note: t('exc.reassignNote'),
      confirmLabel: t('escalated.reassignTo', { name: s.name }),
      onConfirm: () => reassign.mutate(s.orgId),
    });
  const list = useList<Suggestion>(['suggestions', id], `/api/v1/requests/${id}/suggestions`);
  const reassign = useMutation({
    mutationFn: (orgId: string) => api('POST', `/api/v1/requests/${id}/reassign`, { orgId }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['oversight'] }), qc.invalidateQueries({ queryKey: ['suggestions', id] })]),
  });
  return (
    <div className="suggestions">
      <ErrorNote error={reassign.error} />
      {reassign.isSuccess ? <SuccessNote>{t('escalated.reassigned')}</SuccessNote> : null}
      <Query q={list} none={t('escalated.noSuggestions')}>
        {(xs) => (
          <ol className="ranked">
            {xs.map((s, i) => {
              const name = s.name;
              return (
                <li key={s.orgId}>
                  <span className="rank">{f.n(s.rank ?? i + 1)}</span>
                  <span className="grow">
                    <strong>{name}</strong>
                    <span className="muted">
                      {' '}
                      · {t('escalated.overdueNow')}: {f.n(s.overdueNow ?? 0)} · {t('escalated.escalated90')}: {f.n(s.escalatedLast90Days ?? 0)} · {t('sla.claimed')}: {f.n(s.claimed ?? 0)}
                    </span>
                  </span>
                  <button type="button" className="button primary small" onClick={() => askReassign(s)} disabled={reassign.isPending}>
                    {t('escalated.reassignTo', { name })}
                  </button>
                </li>
              );
            })}
          </ol>
        )}
      </Query>
      {confirm.dialog}
    </div>
  );
}

/** Overdue and escalated requests; for each, the charities ranked to take it over. */
export function Escalated() {
  const { t } = useTranslation();
  const names = useNames();
  const list = useList<Escalation>(['oversight', 'escalated'], '/api/v1/oversight/escalated');
  return (
    <Page title={t('escalated.title')}>
      <p className="lead">{t('escalated.intro')}</p>
      <CardList q={list} none={t('escalated.empty')} itemKey={(r) => r.id} more={{ label: t('escalated.suggestions'), content: (r) => <Suggestions request={r} /> }}>
        {(r) => (
          <>
            <CardHead title={names.aidType(r.aidType)}>
              <StatusBadge status="escalated" />
            </CardHead>
            <Facts
              items={[
                { label: t('request.deadline'), value: <Deadline at={r.deadlineAt} /> }, { label: t('lang.reference'), value: <RequestRef id={r.id} /> },
                !!r.region && { label: t('pool.region'), value: names.region(r.region) },
                !!r.escalatedAt && { label: t('escalated.escalatedAt'), value: <When value={r.escalatedAt} /> },
                !!r.fromOrg && { label: t('escalated.claimedBy'), value: r.fromOrg.name },
              ]}
            />
          </>
        )}
      </CardList>
    </Page>
  );
}
