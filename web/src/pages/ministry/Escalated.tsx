import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, itemsOf } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { indexBy, useCatalogue, useRegions } from '../../lib/reference';
import { Deadline, Empty, ErrorNote, Page, Query, StatusBadge , When } from '../../components/ui';

interface Escalation {
  id: string;
  aidType: string;
  status?: string;
  region?: string | null;
  deadlineAt: string;
  submittedAt?: string;
  escalatedAt?: string;
  fromOrg?: { id: string; name: string } | null;
  round?: number;
  overdue?: boolean;
}
interface Suggestion {
  rank?: number;
  orgId: string;
  name: string;
  overdueNow?: number;
  overdueLoad?: number;
  escalatedLast90Days?: number;
  claimed?: number;
}

/** Overdue and escalated requests; for each, the charities ranked to take it over. */
export function Escalated() {
  const { t } = useTranslation();
  const f = useFormat();
  const catalogue = useCatalogue();
  const regions = useRegions();
  const types = indexBy(catalogue.data?.aidTypes);
  const regionIndex = indexBy(regions.data);
  const list = useQuery({ queryKey: ['oversight', 'escalated'], queryFn: async () => itemsOf(await api<Escalation[] | { items: Escalation[] }>('GET', '/api/v1/oversight/escalated')) });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Page title={t('escalated.title')}>
      <p className="lead">{t('escalated.intro')}</p>
      <Query q={list} empty={(xs) => (xs.length === 0 ? <Empty>{t('escalated.empty')}</Empty> : null)}>
        {(xs) => (
          <ul className="cards">
            {xs.map((r) => (
              <li key={r.id} className="card">
                <div className="card-head">
                  <h2 className="h3">{f.name(types.get(r.aidType)?.names, r.aidType)}</h2>
                  <StatusBadge status={r.status ?? 'escalated'} />
                </div>
                <dl className="facts">
                  <div>
                    <dt>{t('request.deadline')}</dt>
                    <dd>
                      <Deadline at={r.deadlineAt} {...(r.overdue !== undefined ? { overdue: r.overdue } : {})} />
                    </dd>
                  </div>
                  {r.region ? (
                    <div>
                      <dt>{t('pool.region')}</dt>
                      <dd>{f.name(regionIndex.get(r.region)?.names, r.region)}</dd>
                    </div>
                  ) : null}
                  {r.escalatedAt ? (
                    <div>
                      <dt>{t('escalated.escalatedAt')}</dt>
                      <dd>
                      <When value={r.escalatedAt} />
                    </dd>
                    </div>
                  ) : null}
                  {r.fromOrg ? (
                    <div>
                      <dt>{t('escalated.claimedBy')}</dt>
                      <dd>{r.fromOrg.name}</dd>
                    </div>
                  ) : null}
                </dl>
                <button type="button" className="button secondary small" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>
                  {t('escalated.suggestions')}
                </button>
                {open === r.id ? <Suggestions id={r.id} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Query>
    </Page>
  );
}

function Suggestions({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['suggestions', id], queryFn: async () => itemsOf(await api<Suggestion[] | { items: Suggestion[] }>('GET', `/api/v1/requests/${id}/suggestions`)) });
  const reassign = useMutation({
    mutationFn: (orgId: string) => api('POST', `/api/v1/requests/${id}/reassign`, { orgId }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['oversight'] }), qc.invalidateQueries({ queryKey: ['suggestions', id] })]),
  });
  return (
    <div className="suggestions">
      <ErrorNote error={reassign.error} />
      {reassign.isSuccess ? (
        <p className="alert success" role="status">
          {t('escalated.reassigned')}
        </p>
      ) : null}
      <Query q={list} empty={(xs) => (xs.length === 0 ? <Empty>{t('escalated.noSuggestions')}</Empty> : null)}>
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
                  <button type="button" className="button primary small" onClick={() => reassign.mutate(s.orgId)} disabled={reassign.isPending}>
                    {t('escalated.reassignTo', { name })}
                  </button>
                </li>
              );
            })}
          </ol>
        )}
      </Query>
    </div>
  );
}
