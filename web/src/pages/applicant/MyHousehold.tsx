import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, itemsOf } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { indexBy, useCatalogue, useRegions } from '../../lib/reference';
import { Deadline, Empty, Page, Query, StatusBadge , When } from '../../components/ui';

export interface MemberView {
  personId?: string;
  nationalId?: string;
  fullName: string;
  relation: string;
  birthDate?: string | null;
  sex?: string | null;
  nationality?: string | null;
}
interface HouseholdView {
  id: string;
  regionCode?: string;
  region?: string;
  members: MemberView[];
}
export interface MyRequest {
  id: string;
  aidType: string;
  status: string;
  submittedAt: string;
  deadlineAt: string;
  decisionReason?: string | null;
  decidedAt?: string | null;
  amount?: string | null;
  charity?: string | null;
  overdue?: boolean;
}

export function Members({ members }: { members: MemberView[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <table className="responsive">
      <thead>
        <tr>
          <th scope="col">{t('household.name')}</th>
          <th scope="col">{t('household.relation')}</th>
          <th scope="col">{t('household.nationalId')}</th>
          <th scope="col">{t('household.birthDate')}</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m, i) => (
          <tr key={m.personId ?? i}>
            <td data-label={t('household.name')}>
              <bdi>{m.fullName}</bdi>
            </td>
            <td data-label={t('household.relation')}>{t(`relations.${m.relation}`, { defaultValue: m.relation })}</td>
            <td data-label={t('household.nationalId')} className="num">
              <bdi>{f.digits(m.nationalId)}</bdi>
            </td>
            <td data-label={t('household.birthDate')}>{f.date(m.birthDate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MyHousehold() {
  const { t } = useTranslation();
  const f = useFormat();
  const location = useLocation();
  const household = useQuery({ queryKey: ['me', 'household'], queryFn: () => api<HouseholdView>('GET', '/api/v1/me/household') });
  const requests = useQuery({ queryKey: ['requests', 'mine'], queryFn: async () => itemsOf(await api<MyRequest[] | { items: MyRequest[] }>('GET', '/api/v1/requests/mine')) });
  const catalogue = useCatalogue();
  const regions = useRegions();
  const types = indexBy(catalogue.data?.aidTypes);
  const regionIndex = indexBy(regions.data);
  const submitted = (location.state as { submitted?: boolean } | null)?.submitted;

  return (
    <Page
      title={t('household.title')}
      actions={
        <Link className="button primary" to="/me/requests/new">
          {t('nav.newRequest')}
        </Link>
      }
    >
      {submitted ? (
        <div className="alert success" role="status">
          {t('request.submitted')}
        </div>
      ) : null}
      <h2>{t('household.requests')}</h2>
      <Query q={requests} empty={(rs) => (rs.length === 0 ? <Empty>{t('household.noRequests')}</Empty> : null)}>
        {(rs) => (
          <ul className="cards" aria-label={t('household.requests')}>
            {rs.map((r) => (
              <li key={r.id} className="card request-card" data-status={r.status}>
                <div className="card-head">
                  <h3>{f.name(types.get(r.aidType)?.names, r.aidType)}</h3>
                  <StatusBadge status={r.status} />
                </div>
                <dl className="facts">
                  <div>
                    <dt>{t('request.submittedAt')}</dt>
                    <dd>
                      <When value={r.submittedAt} />
                    </dd>
                  </div>
                  {r.status === 'open' || r.status === 'claimed' || r.status === 'escalated' ? (
                    <div>
                      <dt>{t('request.deadline')}</dt>
                      <dd>
                        <Deadline at={r.deadlineAt} {...(r.overdue !== undefined ? { overdue: r.overdue } : {})} />
                      </dd>
                    </div>
                  ) : null}
                  {r.decidedAt ? (
                    <div>
                      <dt>{t('request.decidedAt')}</dt>
                      <dd>
                      <When value={r.decidedAt} />
                    </dd>
                    </div>
                  ) : null}
                  {r.charity ? (
                    <div>
                      <dt>{t('request.charity')}</dt>
                      <dd>{r.charity}</dd>
                    </div>
                  ) : null}
                  {r.amount ? (
                    <div>
                      <dt>{t('request.amount')}</dt>
                      <dd>{f.money(r.amount)}</dd>
                    </div>
                  ) : null}
                </dl>
                {r.status === 'rejected' ? (
                  <p className="reason">
                    <strong>{t('request.rejectionReason')}</strong> <bdi>{r.decisionReason || t('request.noReason')}</bdi>
                  </p>
                ) : null}
                {r.status === 'approved' ? <p className="approved-note">{t('request.approvedNote')}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </Query>

      <h2>{t('household.members')}</h2>
      <Query q={household}>
        {(h) => (
          <>
            <p>
              {t('household.region')}: {f.name(regionIndex.get(h.regionCode ?? h.region ?? '')?.names, h.regionCode ?? h.region ?? '—')}
            </p>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('household.members')}>
              <Members members={h.members} />
            </div>
          </>
        )}
      </Query>
    </Page>
  );
}
