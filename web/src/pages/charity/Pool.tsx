import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, qs } from '../../lib/api';
import { useDeployment, useFormat } from '../../lib/session';
import { indexBy, useCatalogue, useRegions } from '../../lib/reference';
import { asciiDigits } from '../../lib/format';
import { Deadline, Empty, ErrorNote, Loading, Page, problemText , When } from '../../components/ui';

export interface PoolItem {
  id: string;
  aidType: string;
  basket: string;
  nationality: string | null;
  householdSize: number;
  region: string | null;
  submittedAt: string;
  deadlineAt: string;
  priority: number;
}

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
  const catalogue = useCatalogue();
  const regions = useRegions();
  const types = indexBy(catalogue.data?.aidTypes);
  const baskets = indexBy(catalogue.data?.baskets);
  const regionIndex = indexBy(regions.data);
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
      const v = k === 'householdSize' ? asciiDigits(draft[k]) : k === 'nationality' ? draft[k].toUpperCase() : draft[k];
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
          <div className="field">
            <label htmlFor="f-aidType">{t('aid.type')}</label>
            <select id="f-aidType" value={draft.aidType} onChange={set('aidType')}>
              <option value="">{t('common.all')}</option>
              {catalogue.data?.aidTypes.map((x) => (
                <option key={x.code} value={x.code}>
                  {f.name(x.names)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-basket">{t('aid.basket')}</label>
            <select id="f-basket" value={draft.basket} onChange={set('basket')}>
              <option value="">{t('common.all')}</option>
              {catalogue.data?.baskets.map((x) => (
                <option key={x.code} value={x.code}>
                  {f.name(x.names)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-region">{t('pool.region')}</label>
            <select id="f-region" value={draft.region} onChange={set('region')}>
              <option value="">{t('common.all')}</option>
              {regions.data
                ?.filter((r) => r.level === level)
                .map((r) => (
                  <option key={r.code} value={r.code}>
                    {f.name(r.names)}
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-nationality">{t('pool.nationality')}</label>
            <input id="f-nationality" value={draft.nationality} onChange={set('nationality')} maxLength={2} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="f-size">{t('pool.householdSize')}</label>
            <input id="f-size" inputMode="numeric" value={draft.householdSize} onChange={set('householdSize')} />
          </div>
          <div className="field">
            <label htmlFor="f-sort">{t('pool.sort')}</label>
            <select id="f-sort" value={draft.sort} onChange={set('sort')}>
              <option value="">{t('pool.sortDeadline')}</option>
              <option value="priority">{t('pool.sortPriority')}</option>
            </select>
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t('pool.apply')}
          </button>
        </div>
      </form>
      </details>

      {pool.isPending ? <Loading /> : pool.error ? <ErrorNote error={pool.error} /> : items.length === 0 ? <Empty>{t('pool.empty')}</Empty> : null}
      {items.length > 0 ? (
        <ul className="cards" aria-label={t('pool.results')}>
          {items.map((r) => (
            <li key={r.id} className="card pool-item" data-request={r.id}>
              <div className="card-head">
                <h2 className="h3">{f.name(types.get(r.aidType)?.names, r.aidType)}</h2>
                {r.priority > 0 ? <span className="badge priority">{t('pool.priority', { n: f.n(r.priority) })}</span> : null}
              </div>
              <dl className="facts">
                <div>
                  <dt>{t('aid.basket')}</dt>
                  <dd>{f.name(baskets.get(r.basket)?.names, r.basket)}</dd>
                </div>
                <div>
                  <dt>{t('pool.region')}</dt>
                  <dd>{f.name(regionIndex.get(r.region ?? '')?.names, r.region ?? '—')}</dd>
                </div>
                <div>
                  <dt>{t('pool.householdSize')}</dt>
                  <dd className="num">{f.n(r.householdSize)}</dd>
                </div>
                <div>
                  <dt>{t('pool.nationality')}</dt>
                  <dd>{f.country(r.nationality)}</dd>
                </div>
                <div>
                  <dt>{t('request.submittedAt')}</dt>
                  <dd>
                      <When value={r.submittedAt} />
                    </dd>
                </div>
                <div>
                  <dt>{t('request.deadline')}</dt>
                  <dd>
                    <Deadline at={r.deadlineAt} />
                  </dd>
                </div>
              </dl>
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
