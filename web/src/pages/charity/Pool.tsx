import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, qs } from '../../lib/api';
import { useDeployment, useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import { asciiDigits } from '../../lib/format';
import { countryChoices, MAX_PRIORITY } from '../../lib/small';
import { CardHead, Deadline, Empty, ErrorNote, Field, FormActions, Loading, Page, problemText, When, RequestRef } from '../../components/ui';
import { CodeSelect, namedChoices } from '../../components/CodeSelect';
import { Facts } from '../../components/Facts';
import type { Item } from '../../lib/api-types';

export type PoolItem = Item<'/api/v1/pool'>;

const FILTERS = ['aidType', 'basket', 'region', 'nationality', 'householdSize', 'sort'] as const;

/** The anonymous pool: open requests without names or IDs, filtered and sorted; a charity claims one to study it. */
export function Pool() {
  const { t } = useTranslation();
  const f = useFormat();
  const nav = useNavigate();
  const qc = useQueryClient();
  const dep = useDeployment();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const [draft, setDraft] = useState(filters);
  const [wide] = useState(() => window.matchMedia('(min-width: 40rem)').matches || params.size > 0);
  const names = useNames();
  const { catalogue, regions } = names;
  const country = (dep.data as { country?: string } | undefined)?.country;
  const level = (dep.data as { anonymousRegionLevel?: number } | undefined)?.anonymousRegionLevel ?? 1;

  const pool = useInfiniteQuery({
    queryKey: ['pool', filters],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<{ items: PoolItem[]; nextCursor: string | null }>('GET', `/api/v1/pool${qs({ ...filters, cursor: pageParam, limit: 20 })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [claimError, setClaimError] = useState<{ id: string; error: unknown } | null>(null);
  const claim = useMutation({
    mutationFn: (id: string) => api('POST', `/api/v1/requests/${id}/claim`),
    onSuccess: async (_r, id) => {
      await Promise.all([qc.invalidateQueries({ queryKey: ['pool'] }), qc.invalidateQueries({ queryKey: ['queue'] })]);
      nav(`/charity/requests/${id}`);
    },
    onError: (error, id) => {
      setClaimError({ id, error });
      if (error instanceof ApiError && error.status === 409) void qc.invalidateQueries({ queryKey: ['pool'] });
    },
  });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const v = k === 'householdSize' ? asciiDigits(draft[k]) : draft[k];
      if (v) next.set(k, v);
    }
    setParams(next);
  };
  const items = pool.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: (typeof FILTERS)[number]) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  return (
    <Page title={t('pool.title')}>
      <p className="lead">{t('pool.intro')}</p>
      <details className="card filters" open={wide}>
        <summary>{t('pool.filters')}</summary>
      <form onSubmit={apply} aria-label={t('pool.filters')}>
        <div className="filter-grid">
          <Field id="f-aidType" label={t('aid.type')}>
            {(p) => <CodeSelect {...p} value={draft.aidType} onChange={set('aidType')} empty={t('common.all')} choices={namedChoices(catalogue.data?.aidTypes, f.name)} />}
          </Field>
          <Field id="f-basket" label={t('aid.basket')}>
            {(p) => <CodeSelect {...p} value={draft.basket} onChange={set('basket')} empty={t('common.all')} choices={namedChoices(catalogue.data?.baskets, f.name)} />}
          </Field>
          <Field id="f-region" label={t('pool.region')}>
            {(p) => <CodeSelect {...p} value={draft.region} onChange={set('region')} empty={t('common.all')} choices={namedChoices(regions.data?.filter((r) => r.level === level), f.name)} />}
          </Field>
          <Field id="f-nationality" label={t('pool.nationality')}>
            {(p) => <CodeSelect {...p} value={draft.nationality} onChange={set('nationality')} empty={t('common.all')} choices={countryChoices(f.lang, country)} />}
          </Field>
          <Field id="f-size" label={t('pool.householdSize')}>
            {(p) => <input {...p} inputMode="numeric" value={draft.householdSize} onChange={set('householdSize')} />}
          </Field>
          <Field id="f-sort" label={t('pool.sort')}>
            {(p) => <CodeSelect {...p} value={draft.sort} onChange={set('sort')} empty={t('pool.sortDeadline')} choices={[{ value: 'priority', label: t('pool.sortPriority') }]} />}
          </Field>
        </div>
        <FormActions label={t('pool.apply')} />
      </form>
      </details>

      {pool.isPending ? <Loading /> : pool.error ? <ErrorNote error={pool.error} /> : items.length === 0 ? <Empty>{t('pool.empty')}</Empty> : null}
      {items.length > 0 ? (
        <ul className="cards" aria-label={t('pool.results')}>
          {items.map((r) => (
            <li key={r.id} className="card pool-item" data-request={r.id}>
              <CardHead title={names.aidType(r.aidType)}>
                {r.priority > 0 ? (
                  <span className="badge priority" title={t('small.priorityMeans', { n: f.n(r.priority), max: f.n(MAX_PRIORITY), level: t(`small.priorityLevel.${Math.min(r.priority, MAX_PRIORITY)}`) })}>
                    {t('pool.priority', { n: f.n(r.priority) })}
                  </span>
                ) : null}
              </CardHead>
              {r.offeredUntil ? (
                <p className="offered-first" data-offered-until={r.offeredUntil}>
                  {t('pool.offeredFirst')} <When value={r.offeredUntil} />
                </p>
              ) : null}
              {r.priority > 0 ? <p className="muted priority-means">{t('small.priorityMeans', { n: f.n(r.priority), max: f.n(MAX_PRIORITY), level: t(`small.priorityLevel.${Math.min(r.priority, MAX_PRIORITY)}`) })}</p> : null}
              <Facts
                items={[
                  { label: t('aid.basket'), value: names.basket(r.basket) },
                  { label: t('pool.region'), value: names.region(r.region) },
                  { label: t('pool.householdSize'), num: true, value: f.n(r.householdSize) },
                  { label: t('pool.nationality'), value: f.country(r.nationality) },
                  { label: t('request.submittedAt'), value: <When value={r.submittedAt} /> },
                  { label: t('request.deadline'), value: <Deadline at={r.deadlineAt} /> }, { label: t('lang.reference'), value: <RequestRef id={r.id} /> },
                ]}
              />
              {claimError?.id === r.id ? (
                <p className="field-error" role="alert">
                  {problemText(t, claimError.error, f.lang)}
                </p>
              ) : null}
              <div className="card-actions">
                <button type="button" className="button primary" onClick={() => claim.mutate(r.id)} disabled={claim.isPending}>
                  {t('pool.claim')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {pool.hasNextPage ? (
        <button type="button" className="button secondary" onClick={() => void pool.fetchNextPage()} disabled={pool.isFetchingNextPage}>
          {pool.isFetchingNextPage ? t('common.loading') : t('common.more')}
        </button>
      ) : null}
    </Page>
  );
}
