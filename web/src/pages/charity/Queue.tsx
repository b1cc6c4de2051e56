import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, itemsOf } from '../../lib/api';
import { useNames } from '../../lib/names';
import { CardHead, Deadline, Page, Query, StatusBadge, When, RequestRef } from '../../components/ui';
import { Facts } from '../../components/Facts';
import type { Schema } from '../../lib/api-types';

type QueueItem = Schema<'QueueItem'>;

/** My organisation's claimed requests, soonest deadline first; overdue ones marked. */
export function Queue() {
  const { t } = useTranslation();
  const names = useNames();
  const queue = useQuery({
    queryKey: ['queue'],
    queryFn: async () => itemsOf(await api<QueueItem[] | { items: QueueItem[] }>('GET', '/api/v1/queue')).sort((a, b) => a.deadlineAt.localeCompare(b.deadlineAt)),
  });
  return (
    <Page title={t('queue.title')}>
      <Query q={queue} none={t('queue.empty')}>
        {(xs) => (
          <ol className="cards" aria-label={t('queue.title')}>
            {xs.map((r) => {
              const late = r.overdue ?? new Date(r.deadlineAt).getTime() < Date.now();
              return (
                <li key={r.id} className={`card queue-item${late ? ' is-overdue' : ''}`}>
                  <CardHead title={<Link to={`/charity/requests/${r.id}`}>{names.aidType(r.aidType)}</Link>}>
                    <StatusBadge status={r.status} />
                  </CardHead>
                  <Facts
                    items={[
                      { label: t('request.deadline'), value: <Deadline at={r.deadlineAt} overdue={late} /> }, { label: t('lang.reference'), value: <RequestRef id={r.id} /> },
                      !!r.region && { label: t('pool.region'), value: names.region(r.region) },
                      !!r.claimedAt && { label: t('queue.claimedAt'), value: <When value={r.claimedAt} /> },
                    ]}
                  />
                </li>
              );
            })}
          </ol>
        )}
      </Query>
    </Page>
  );
}
