import { useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, itemsOf, qs } from '../../lib/api';
import { Empty, ErrorNote, Field, FormActions, Loading, Page, When } from '../../components/ui';
import { DataTable } from '../../components/DataTable';
import type { Schema } from '../../lib/api-types';

type AuditEntry = Schema<'AuditEntry'>;

const FILTERS = ['action', 'householdId', 'subjectId', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const EMPTY: Filters = { action: '', householdId: '', subjectId: '', from: '', to: '' };

/** The audit trail: who did what to which record, searchable by action, household, subject and date. */
export function AuditSearch() {
  const { t } = useTranslation();
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
          <Field id="a-action" label={t('audit.action')}>
            {(p) => <input {...p} value={draft.action} onChange={set('action')} placeholder="request.claim" dir="ltr" />}
          </Field>
          <Field id="a-household" label={t('audit.household')}>
            {(p) => <input {...p} value={draft.householdId} onChange={set('householdId')} dir="ltr" />}
          </Field>
          <Field id="a-subject" label={t('audit.subject')}>
            {(p) => <input {...p} value={draft.subjectId} onChange={set('subjectId')} dir="ltr" />}
          </Field>
          <Field id="a-from" label={t('audit.from')}>
            {(p) => <input {...p} type="date" value={draft.from} onChange={set('from')} />}
          </Field>
          <Field id="a-to" label={t('audit.to')}>
            {(p) => <input {...p} type="date" value={draft.to} onChange={set('to')} />}
          </Field>
        </div>
        <FormActions label={t('audit.searchButton')} />
      </form>
      {q.isPending ? <Loading /> : q.error ? <ErrorNote error={q.error} /> : items.length === 0 ? <Empty>{t('audit.empty')}</Empty> : null}
      {items.length > 0 ? (
        <DataTable
          label={t('audit.results')}
          rows={items}
          rowKey={(e, i) => e.seq ?? i}
          columns={[
            { header: t('audit.when'), cell: (e) => <When value={e.at} withTime /> },
            { header: t('audit.action'), cell: (e) => t(`actions.${e.action.replaceAll('.', '_')}`, { defaultValue: e.action }) },
            {
              header: t('audit.who'),
              cell: (e) => (
                <>
                  {e.actor.role ? t(`roles.${e.actor.role}`, { defaultValue: e.actor.role }) : t('by.system')}
                  {e.actor.orgName ? <span className="muted"> · {e.actor.orgName}</span> : null}
                </>
              ),
            },
            {
              header: t('audit.subject'),
              cell: (e) => (
                <bdi className="code" title={e.subject.id ?? undefined}>
                  {e.subject.type} {e.subject.id ? e.subject.id.slice(0, 8) : ''}
                </bdi>
              ),
            },
            { header: t('audit.reason'), cell: (e) => e.reason ?? '—' },
          ]}
        />
      ) : null}
      {q.hasNextPage ? (
        <button type="button" className="button secondary" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {t('common.more')}
        </button>
      ) : null}
    </Page>
  );
}
