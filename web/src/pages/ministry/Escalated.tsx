import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, itemsOf } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { indexBy, useCatalogue, useRegions } from '../../lib/reference';
import { Deadline, Empty, ErrorNote, Page, Query, StatusBadge } from '../../components/ui';

interface Escalation {
  id: string;
  aidType: string;
  status: string;
  region?: string | null;
  deadlineAt: string;
  submittedAt?: string;
  claimedByOrg?: string | null;
  claimedByName?: string | null;
  orgName?: string | null;
  overdue?: boolean;
}
interface Suggestion {
  orgId: string;
  name?: string;
  orgName?: string;
  score?: number;
  reasons?: string[];
  onTimeShare?: number | null;
  shareWithinDeadline?: number | null;
  openClaims?: number;
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
                  <StatusBadge status={r.status} />
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
                  {r.claimedByName ?? r.orgName ? (
                    <div>
                      <dt>{t('escalated.claimedBy')}</dt>
                      <dd>{r.claimedByName ?? r.orgName}</dd>
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
              const name = s.name ?? s.orgName ?? s.orgId;
              const share = s.shareWithinDeadline ?? s.onTimeShare;
              return (
                <li key={s.orgId}>
                  <span className="rank">{f.n(i + 1)}</span>
                  <span className="grow">
                    <strong>{name}</strong>
                    {share !== undefined && share !== null ? <span className="muted"> · {t('sla.share')}: {f.n(share, { style: 'percent', maximumFractionDigits: 0 })}</span> : null}
                    {s.openClaims ?? s.claimed ? <span className="muted"> · {t('sla.claimed')}: {f.n(s.openClaims ?? s.claimed)}</span> : null}
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
