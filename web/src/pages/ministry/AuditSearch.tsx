import { useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, itemsOf, qs } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { Empty, ErrorNote, Loading, Page , When } from '../../components/ui';

interface AuditEntry {
  seq: number;
  at: string;
  action: string;
  actor: { userId: string | null; orgId: string | null; orgName: string | null; orgKind: string | null; role: string | null };
  subject: { type: string; id: string | null };
  householdId: string | null;
  reason: string | null;
  sealed?: boolean;
}

const FILTERS = ['action', 'householdId', 'subjectId', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const EMPTY: Filters = { action: '', householdId: '', subjectId: '', from: '', to: '' };

/** The audit trail: who did what to which record, searchable by action, household, subject and date. */
export function AuditSearch() {
  const { t } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const q = useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) => {
      // Dates are whole days in the person's time zone; the API takes instants.
      const from = filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined;
      const to = filters.to ? new Date(`${filters.to}T23:59:59.999`).toISOString() : undefined;
      const res = await api<{ items: AuditEntry[]; nextCursor: number | null }>('GET', `/api/v1/audit${qs({ ...filters, from, to, before: pageParam, limit: 50 })}`);
      return { items: itemsOf(res), nextCursor: res.nextCursor };
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft });
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value.trim() });
  return (
    <Page title={t('audit.title')}>
      <form className="card filters" onSubmit={onSubmit} aria-label={t('audit.search')}>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="a-action">{t('audit.action')}</label>
            <input id="a-action" value={draft.action} onChange={set('action')} placeholder="request.claim" dir="ltr" />
          </div>
          <div className="field">
            <label htmlFor="a-household">{t('audit.household')}</label>
            <input id="a-household" value={draft.householdId} onChange={set('householdId')} dir="ltr" />
          </div>
          <div className="field">
            <label htmlFor="a-subject">{t('audit.subject')}</label>
            <input id="a-subject" value={draft.subjectId} onChange={set('subjectId')} dir="ltr" />
          </div>
          <div className="field">
            <label htmlFor="a-from">{t('audit.from')}</label>
            <input id="a-from" type="date" value={draft.from} onChange={set('from')} />
          </div>
          <div className="field">
            <label htmlFor="a-to">{t('audit.to')}</label>
            <input id="a-to" type="date" value={draft.to} onChange={set('to')} />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t('audit.searchButton')}
          </button>
        </div>
      </form>
      {q.isPending ? <Loading /> : q.error ? <ErrorNote error={q.error} /> : items.length === 0 ? <Empty>{t('audit.empty')}</Empty> : null}
      {items.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('audit.results')}>
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.subject')}</th>
                <th scope="col">{t('audit.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e, i) => (
                <tr key={e.seq ?? i}>
                  <td data-label={t('audit.when')}>
                    <When value={e.at} withTime />
                  </td>
                  <td data-label={t('audit.action')}>{t(`actions.${e.action.replaceAll('.', '_')}`, { defaultValue: e.action })}</td>
                  <td data-label={t('audit.who')}>
                    {e.actor.role ? t(`roles.${e.actor.role}`, { defaultValue: e.actor.role }) : t('by.system')}
                    {e.actor.orgName ? <span className="muted"> · {e.actor.orgName}</span> : null}
                  </td>
                  <td data-label={t('audit.subject')}>
                    <bdi className="code" title={e.subject.id ?? undefined}>
                      {e.subject.type} {e.subject.id ? e.subject.id.slice(0, 8) : ''}
                    </bdi>
                  </td>
                  <td data-label={t('audit.reason')}>{e.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {q.hasNextPage ? (
        <button type="button" className="button secondary" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {t('common.more')}
        </button>
      ) : null}
    </Page>
  );
}
