import { useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, qs } from '../lib/api';
import { isMinistry, useDeployment, useFormat, useMe } from '../lib/session';
import { useNames } from '../lib/names';
import { MAX_PRIORITY } from '../lib/small';
import { CardHead, Deadline, Empty, ErrorNote, Field, FormActions, Loading, Page, RequestRef, When } from '../components/ui';
import { CodeSelect, namedChoices } from '../components/CodeSelect';
import { Facts } from '../components/Facts';
import type { Schema } from '../lib/api-types';

type PriorityItem = Schema<'PriorityItem'>;
const FILTERS = ['region', 'aidType'] as const;

/**
 * The priority list of a region: open requests, most urgent first, each with "why this priority"
 * (the points each factor of the need score gave). The ministry sees every open request; a charity
 * what its pool shows. Nothing names a person.
 */
export function PriorityList() {
  const { t } = useTranslation();
  const f = useFormat();
  const dep = useDeployment();
  const names = useNames();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const [draft, setDraft] = useState(filters);
  const level = (dep.data as { anonymousRegionLevel?: number } | undefined)?.anonymousRegionLevel ?? 1;

  const list = useInfiniteQuery({
    queryKey: ['priority', filters],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<{ items: PriorityItem[]; nextCursor: string | null }>('GET', `/api/v1/priority${qs({ ...filters, cursor: pageParam, limit: 20 })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTERS) if (draft[k]) next.set(k, draft[k]);
    setParams(next);
  };
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const level3 = (p: number) => t(`small.priorityLevel.${Math.min(p, MAX_PRIORITY)}`, { defaultValue: '' });

  return (
    <Page title={t('priority.title')}>
      <p className="lead">{t('priority.intro')}</p>
      <form className="card filters" onSubmit={apply} aria-label={t('priority.filters')}>
        <div className="filter-grid">
          <Field id="p-region" label={t('pool.region')}>
            {(p) => <CodeSelect {...p} value={draft.region} onChange={(e) => setDraft({ ...draft, region: e.target.value })} empty={t('common.all')} choices={namedChoices(names.regions.data?.filter((r) => r.level === level), f.name)} />}
          </Field>
          <Field id="p-aidType" label={t('aid.type')}>
            {(p) => <CodeSelect {...p} value={draft.aidType} onChange={(e) => setDraft({ ...draft, aidType: e.target.value })} empty={t('common.all')} choices={namedChoices(names.catalogue.data?.aidTypes, f.name)} />}
          </Field>
        </div>
        <FormActions label={t('priority.show')} />
      </form>

      {list.isPending ? <Loading /> : list.error ? <ErrorNote error={list.error} /> : items.length === 0 ? <Empty>{t('priority.empty')}</Empty> : null}
      {items.length > 0 ? (
        <ol className="cards" aria-label={t('priority.results')}>
          {items.map((r) => (
            <li key={r.id} className="card priority-item" data-request={r.id}>
              <CardHead title={names.aidType(r.aidType)}>
                <span className="badge priority">{t('pool.priority', { n: f.n(r.priority) })}</span>
              </CardHead>
              {r.priority > 0 ? <p className="muted">{t('small.priorityMeans', { n: f.n(r.priority), max: f.n(MAX_PRIORITY), level: level3(r.priority) })}</p> : null}
              {r.firstOfferUntil ? <p className="first-offer">{t(isMinistry(me.data) ? 'priority.firstOfferMinistry' : 'priority.firstOffer', { date: f.dateTime(r.firstOfferUntil) })}</p> : null}
              <Facts
                items={[
                  { label: t('priority.score'), num: true, value: r.score === null ? t('priority.noScore') : f.n(r.score, { maximumFractionDigits: 1 }) },
                  { label: t('pool.region'), value: names.region(r.region) },
                  { label: t('pool.householdSize'), num: true, value: f.n(r.householdSize) },
                  { label: t('pool.nationality'), value: f.country(r.nationality) },
                  { label: t('request.submittedAt'), value: <When value={r.submittedAt} /> },
                  { label: t('request.deadline'), value: <Deadline at={r.deadlineAt} /> },
                  { label: t('lang.reference'), value: <RequestRef id={r.id} /> },
                ]}
              />
              {r.why.length > 0 ? (
                <details className="why">
                  <summary>{t('priority.why')}</summary>
                  <ul className="why-list">
                    {r.why.map((c) => (
                      <li key={c.factor}>
                        <span>{t(`needModel.factors.${c.factor}`, { defaultValue: c.factor })}</span>{' '}
                        <strong>{t('priority.points', { n: f.n(c.points, { maximumFractionDigits: 1 }) })}</strong>
                      </li>
                    ))}
                  </ul>
                  {r.modelVersion !== null ? <p className="muted">{t('priority.modelVersion', { n: f.n(r.modelVersion) })}</p> : null}
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {list.hasNextPage ? (
        <button type="button" className="button secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? t('common.loading') : t('common.more')}
        </button>
      ) : null}
    </Page>
  );
}
