import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, itemsOf } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { indexBy, useCatalogue, useRegions } from '../../lib/reference';
import { Deadline, Empty, Page, Query, StatusBadge , When } from '../../components/ui';

interface QueueItem {
  id: string;
  aidType: string;
  status: string;
  region?: string | null;
  claimedAt?: string | null;
  deadlineAt: string;
  overdue?: boolean;
}

/** My organisation's claimed requests, soonest deadline first; overdue ones marked. */
export function Queue() {
  const { t } = useTranslation();
  const f = useFormat();
  const catalogue = useCatalogue();
  const regions = useRegions();
  const types = indexBy(catalogue.data?.aidTypes);
  const regionIndex = indexBy(regions.data);
  const queue = useQuery({
    queryKey: ['queue'],
    queryFn: async () => itemsOf(await api<QueueItem[] | { items: QueueItem[] }>('GET', '/api/v1/queue')).sort((a, b) => a.deadlineAt.localeCompare(b.deadlineAt)),
  });
  return (
    <Page title={t('queue.title')}>
      <Query q={queue} empty={(xs) => (xs.length === 0 ? <Empty>{t('queue.empty')}</Empty> : null)}>
        {(xs) => (
          <ol className="cards" aria-label={t('queue.title')}>
            {xs.map((r) => {
              const late = r.overdue ?? new Date(r.deadlineAt).getTime() < Date.now();
              return (
                <li key={r.id} className={`card queue-item${late ? ' is-overdue' : ''}`}>
                  <div className="card-head">
                    <h2 className="h3">
                      <Link to={`/charity/requests/${r.id}`}>{f.name(types.get(r.aidType)?.names, r.aidType)}</Link>
                    </h2>
                    <StatusBadge status={r.status} />
                  </div>
                  <dl className="facts">
                    <div>
                      <dt>{t('request.deadline')}</dt>
                      <dd>
                        <Deadline at={r.deadlineAt} overdue={late} />
                      </dd>
                    </div>
                    {r.region ? (
                      <div>
                        <dt>{t('pool.region')}</dt>
                        <dd>{f.name(regionIndex.get(r.region)?.names, r.region)}</dd>
                      </div>
                    ) : null}
                    {r.claimedAt ? (
                      <div>
                        <dt>{t('queue.claimedAt')}</dt>
                        <dd>
                      <When value={r.claimedAt} />
                    </dd>
                      </div>
                    ) : null}
                  </dl>
                </li>
              );
            })}
          </ol>
        )}
      </Query>
    </Page>
  );
}
