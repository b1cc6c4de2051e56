import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useList } from '../../lib/queries';
import { useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import { CardHead, Deadline, Page, Query, StatusBadge, When } from '../../components/ui';
import { DataTable } from '../../components/DataTable';
import { Facts } from '../../components/Facts';
import type { Schema } from '../../lib/api-types';

export type MemberView = HouseholdView['members'][number];
type HouseholdView = Schema<'MyHousehold'>;
export type MyRequest = Schema<'MyRequest'>;

/** A household's members, in a table labelled by the section it stands in. */
export function Members({ label, members }: { label: string; members: MemberView[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <DataTable
      label={label}
      rows={members}
      rowKey={(m, i) => m.personId ?? i}
      columns={[
        { header: t('household.name'), cell: (m) => <bdi>{m.fullName}</bdi> },
        { header: t('household.relation'), cell: (m) => t(`relations.${m.relation}`, { defaultValue: m.relation }) },
        { header: t('household.nationalId'), num: true, cell: (m) => <bdi>{f.digits(m.nationalId)}</bdi> },
        { header: t('household.birthDate'), cell: (m) => f.date(m.birthDate) },
      ]}
    />
  );
}

export function MyHousehold() {
  const { t } = useTranslation();
  const f = useFormat();
  const location = useLocation();
  const household = useQuery({ queryKey: ['me', 'household'], queryFn: () => api<HouseholdView>('GET', '/api/v1/me/household') });
  const requests = useList<MyRequest>(['requests', 'mine'], '/api/v1/requests/mine');
  const names = useNames();
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
      <Query q={requests} none={t('household.noRequests')}>
        {(rs) => (
          <ul className="cards" aria-label={t('household.requests')}>
            {rs.map((r) => (
              <li key={r.id} className="card request-card" data-status={r.status}>
                <CardHead plain title={names.aidType(r.aidType)}>
                  <StatusBadge status={r.status} />
                </CardHead>
                <Facts
                  items={[
                    { label: t('request.submittedAt'), value: <When value={r.submittedAt} /> },
                    (r.status === 'open' || r.status === 'claimed' || r.status === 'escalated') && { label: t('request.deadline'), value: <Deadline at={r.deadlineAt} /> },
                    !!r.decidedAt && { label: t('request.decidedAt'), value: <When value={r.decidedAt} /> },
                    !!r.charity && { label: t('request.charity'), value: r.charity },
                  ]}
                />
                {r.status === 'rejected' ? (
                  <p className="reason">
                    <strong>{t('request.rejectionReason')}</strong> <bdi>{r.decisionReason || t('request.noReason')}</bdi>
                  </p>
                ) : null}
                {r.status === 'approved' ? <p className="approved-note">{t('request.approvedNote')}</p> : null}
                <div className="card-actions">
                  <Link to={`/me/requests/${r.id}`}>{t('follow.open')}</Link>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Query>

      <h2>{t('household.members')}</h2>
      {household.error instanceof ApiError && household.error.status === 404 ? (
        <div className="card not-declared">
          <p>{t('declaration.notYet')}</p>
          <Link className="button primary" to="/me/declaration">
            {t('declaration.start')}
          </Link>
        </div>
      ) : (
        <Query q={household}>
          {(h) => (
            <>
              <p>
                {t('household.region')}: {names.region(h.regionCode)}
              </p>
              <Members label={t('household.members')} members={h.members} />
            </>
          )}
        </Query>
      )}
    </Page>
  );
}
