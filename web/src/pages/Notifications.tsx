import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../lib/api';
import { isApplicant, isCharity, useMe } from '../lib/session';
import { ErrorNote, Page, Query, When } from '../components/ui';
import type { Schema } from '../lib/api-types';

export type Notice = Schema<'Notification'>;

/** How many unread messages (shown next to the menu item); polled, so news arrives without a reload. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: async () => (await api<{ items: Notice[] }>('GET', '/api/v1/notifications?unread=true&limit=200')).items.length,
    enabled,
    refetchInterval: 60_000,
  });
}

/** Messages to me and to my organisation (reminders, escalations, decisions), newest first. */
export function Notifications() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe();
  const list = useQuery({ queryKey: ['notifications', 'all'], queryFn: async () => (await api<{ items: Notice[] }>('GET', '/api/v1/notifications?limit=100')).items });
  const read = useMutation({
    mutationFn: (id: string) => api('POST', `/api/v1/notifications/${id}/read`),
    // The list and the count next to the menu item change in the same render, then both are read again.
    onSuccess: (_r, id) => {
      const at = new Date().toISOString();
      qc.setQueryData<Notice[]>(['notifications', 'all'], (xs) => xs?.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: at } : n)));
      qc.setQueryData<number>(['notifications', 'unread'], (c) => (c === undefined ? c : Math.max(0, c - 1)));
      return qc.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
  const linkOf = (n: Notice) => (n.requestId && isCharity(me.data) && n.to === 'organisation' ? `/charity/requests/${n.requestId}` : n.requestId && isApplicant(me.data) ? `/me/requests/${n.requestId}` : null);
  return (
    <Page title={t('notifications.title')}>
      <ErrorNote error={read.error} />
      <Query q={list} none={t('notifications.empty')}>
        {(xs) => (
          <ul className="cards notices">
            {xs.map((n) => {
              const to = linkOf(n);
              return (
                <li key={n.id} className={`card notice${n.readAt ? '' : ' unread'}`}>
                  <div className="card-head">
                    <When value={n.createdAt} withTime />
                    {n.readAt ? null : <span className="badge priority">{t('notifications.new')}</span>}
                  </div>
                  <p lang={n.locale} dir="auto">
                    {n.text}
                  </p>
                  <div className="card-actions">
                    {to ? <Link to={to}>{t('notifications.open')}</Link> : null}
                    {n.readAt ? null : (
                      <button type="button" className="button secondary small" onClick={() => read.mutate(n.id)} disabled={read.isPending}>
                        {t('notifications.markRead')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </Query>
    </Page>
  );
}
