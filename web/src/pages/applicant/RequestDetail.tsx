import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../lib/api';
import { useNames } from '../../lib/names';
import { Deadline, Page, Query, StatusBadge, When } from '../../components/ui';
import { Facts } from '../../components/Facts';
import type { Schema } from '../../lib/api-types';

type Detail = Schema<'MyRequestDetail'>;
type Step = Detail['timeline'][number];

const OPEN = new Set(['open', 'claimed', 'escalated']);

/** One request of my household: where it stands, each step so far, and after a rejection the reason and what I may do next. */
export function RequestDetail() {
  const { t } = useTranslation();
  const names = useNames();
  const { id = '' } = useParams();
  const detail = useQuery({ queryKey: ['requests', 'mine', id], queryFn: () => api<Detail>('GET', `/api/v1/requests/mine/${id}`) });
  const stepText = (s: Step) => t(`follow.steps.${s.step}`, { organisation: s.organisation ?? t('follow.aCharity') });

  return (
    <Page
      title={detail.data ? t('follow.title', { aidType: names.aidType(detail.data.request.aidType) }) : t('follow.titlePlain')}
      actions={
        <Link className="button secondary" to="/me">
          {t('follow.back')}
        </Link>
      }
    >
      <Query q={detail}>
        {({ request: r, timeline, mayRequestAgain }) => (
          <>
            <div className="card request-card" data-status={r.status}>
              <div className="card-head">
                <StatusBadge status={r.status} />
              </div>
              <Facts
                items={[
                  { label: t('request.submittedAt'), value: <When value={r.submittedAt} /> },
                  OPEN.has(r.status) && { label: t('follow.decisionBy'), value: <Deadline at={r.deadlineAt} /> },
                  !!r.decidedAt && { label: t('request.decidedAt'), value: <When value={r.decidedAt} /> },
                  !!r.charity && { label: t('request.charity'), value: <bdi>{r.charity}</bdi> },
                ]}
              />
              {OPEN.has(r.status) ? <p className="muted">{t(`follow.now.${r.status}`)}</p> : null}
              {r.status === 'approved' ? <p className="approved-note">{t('request.approvedNote')}</p> : null}
            </div>

            {r.status === 'rejected' ? (
              <section className="card next-steps" aria-labelledby="why-title">
                <h2 id="why-title">{t('follow.whyTitle')}</h2>
                <p className="reason" dir="auto">
                  {r.decisionReason || t('request.noReason')}
                </p>
                <h3>{t('follow.nextTitle')}</h3>
                <ul>
                  {mayRequestAgain ? <li>{t('follow.next.newRequest')}</li> : <li>{t('follow.next.openElsewhere')}</li>}
                  <li>{t('follow.next.ask', { organisation: r.charity ?? t('follow.aCharity') })}</li>
                </ul>
                {mayRequestAgain ? (
                  <Link className="button primary" to="/me/requests/new">
                    {t('follow.next.newRequestButton')}
                  </Link>
                ) : null}
              </section>
            ) : null}

            <h2 id="steps-title">{t('follow.timeline')}</h2>
            <ol className="timeline follow-timeline" aria-labelledby="steps-title">
              {timeline.map((s, i) => (
                <li key={i} data-step={s.step}>
                  <When value={s.at} withTime /> — {stepText(s)}
                  {s.reason ? (
                    <>
                      {' '}
                      <span className="muted">
                        · <bdi>{s.reason}</bdi>
                      </span>
                    </>
                  ) : null}
                </li>
              ))}
            </ol>
          </>
        )}
      </Query>
    </Page>
  );
}
