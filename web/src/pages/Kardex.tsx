/**
 * A household's service record (kardex), for the charities that may see the household and for the
 * ministry: every request, decision and grant across charities and regions, as they came, in one
 * printable list, with its enrolments in programmes (KardexProgrammes). Another charity's name and reasons stay hidden from a charity (the API decides);
 * a charity that may not see the household is told so plainly. Opening it is audited.
 */
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api } from '../lib/api';
import type { Schema } from '../lib/api-types';
import { itemLabel } from '../lib/aid-item';
import { useNames } from '../lib/names';
import { codeText } from '../lib/format';
import { useFormat } from '../lib/session';
import { Facts } from '../components/Facts';
import { CardHead, ErrorNote, Loading, Page, StatusBadge, When } from '../components/ui';
import { KardexProgrammes } from './KardexProgrammes';

type History = Schema<'HouseholdHistory'>;
type OrgLabel = History['grants'][number]['givenBy'];

interface RecordEvent {
  key: string;
  anchor?: string;
  at: string;
  kind: 'submitted' | 'decided' | 'granted' | 'exception';
  headline: string;
  facts: ({ label: string; value: ReactNode } | false)[];
  status?: string;
}

export function Kardex() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const q = useQuery({ queryKey: ['kardex', id], queryFn: () => api<History>('GET', `/api/v1/households/${id}/history`), retry: false });
  const org = (o: OrgLabel) => (!o ? t('kardex.unknownOrg') : o.name ? o.name : o.kind === 'ministry' ? t('orgKinds.ministry') : t('kardex.anotherCharity'));
  const ref = (s: string) => codeText(s, f.lang);

  if (q.isPending) return <Page title={t('kardex.title')}><Loading /></Page>;
  if (q.error) {
    const refused = q.error instanceof ApiError && q.error.status === 403;
    return (
      <Page title={t('kardex.title')}>
        {refused ? (
          <div className="alert kardex-refused" role="alert">
            <p>{t('kardex.refused')}</p>
            <p>{t('kardex.refusedWhat')}</p>
          </div>
        ) : (
          <ErrorNote error={q.error} />
        )}
      </Page>
    );
  }
  const h = q.data;
  const events: RecordEvent[] = [];
  for (const r of h.requests) {
    const type = names.aidType(r.aidType);
    const item = itemLabel(r, names.typeOf(r.aidType)?.form, type, f.n);
    events.push({
      key: `r-${r.id}`,
      anchor: `request-${r.id}`,
      at: r.submittedAt,
      kind: 'submitted',
      headline: t('kardex.submitted', { ref: ref(r.ref), aidType: type }),
      status: r.status,
      facts: [
        !!item && { label: t('kardex.item'), value: <bdi>{item}</bdi> },
        !!r.amount && { label: t('kardex.amount'), value: f.money(r.amount) },
        { label: t('kardex.channel'), value: t(`kardex.channels.${r.channel}`, { defaultValue: r.channel }) },
        !!r.claimedBy && { label: t('kardex.studiedBy'), value: <bdi>{org(r.claimedBy)}</bdi> },
        { label: t('kardex.deadline'), value: <When value={r.deadlineAt} /> },
      ],
    });
    if (r.decidedAt) {
      events.push({
        key: `d-${r.id}`,
        at: r.decidedAt,
        kind: 'decided',
        headline: t(`kardex.decided.${r.status}`, { ref: ref(r.ref), aidType: type, org: org(r.claimedBy), defaultValue: t('kardex.decided.other', { ref: ref(r.ref), org: org(r.claimedBy) }) }),
        facts: [!!r.decisionReason && { label: t('kardex.reason'), value: <bdi>{r.decisionReason}</bdi> }],
      });
    }
  }
  for (const g of h.grants) {
    const type = names.aidType(g.aidType);
    const item = itemLabel(g, g.form as 'cash' | 'in_kind' | 'service', type, f.n);
    const forRequest = g.requestId ? h.requests.find((r) => r.id === g.requestId) : undefined;
    events.push({
      key: `g-${g.id}`,
      anchor: `grant-${g.id}`,
      // A grant has a day, not an instant: it sorts at the day's noon.
      at: `${g.grantedOn}T12:00:00Z`,
      kind: 'granted',
      headline: t('kardex.granted', { org: org(g.givenBy), aidType: type }),
      status: g.status === 'revoked' ? 'revoked' : undefined,
      facts: [
        !!item && { label: t('kardex.item'), value: <bdi>{item}</bdi> },
        !!g.amount && { label: t('kardex.amount'), value: f.money(g.amount) },
        { label: t('kardex.grantedOn'), value: f.date(g.grantedOn) },
        !!forRequest && { label: t('kardex.forRequest'), value: <a href={`#request-${forRequest.id}`}><bdi>{ref(forRequest.ref)}</bdi></a> },
        g.viaException && { label: t('kardex.exception'), value: t('kardex.viaException') },
      ],
    });
  }
  for (const x of h.exceptions) {
    const group = names.group(x.group);
    events.push({
      key: `x-${x.id}`,
      anchor: `exception-${x.id}`,
      at: x.requestedAt,
      kind: 'exception',
      headline: t('kardex.exceptionAsked', { org: org(x.requestedBy), group }),
      facts: [
        { label: t('kardex.exceptionKind'), value: t(`kardex.exceptionKinds.${x.kind}`, { defaultValue: x.kind }) },
        { label: t('kardex.exceptionStatus'), value: t(`kardex.exceptionStatuses.${x.status}`, { defaultValue: x.status }) },
        !!x.grantedOn && { label: t('kardex.backdatedTo'), value: f.date(x.grantedOn) },
        !!x.reason && { label: t('kardex.reason'), value: <bdi>{x.reason}</bdi> },
      ],
    });
    if (x.decidedAt && (x.status === 'approved' || x.status === 'rejected' || x.status === 'used')) {
      events.push({
        key: `xd-${x.id}`,
        at: x.decidedAt,
        kind: 'decided',
        headline: t(`kardex.exceptionDecided.${x.status === 'rejected' ? 'rejected' : 'approved'}`, { org: org(x.requestedBy), group }),
        facts: [!!x.decisionNote && { label: t('kardex.reason'), value: <bdi>{x.decisionNote}</bdi> }],
      });
    }
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  const givers = new Set(h.grants.map((g) => (g.givenBy?.id ?? `hidden-${g.givenBy?.kind}`)));
  return (
    <Page
      title={t('kardex.titleOf', { ref: ref(h.householdRef) })}
      actions={
        <button type="button" className="button secondary no-print" onClick={() => window.print()}>
          {t('kardex.print')}
        </button>
      }
    >
      <div className="card kardex-summary">
        <Facts
          items={[
            { label: t('kardex.household'), value: <bdi className="code">{ref(h.householdRef)}</bdi> },
            { label: t('kardex.requests'), value: f.n(h.requests.length), num: true },
            { label: t('kardex.grants'), value: f.n(h.grants.length), num: true },
            h.exceptions.length > 0 && { label: t('kardex.exceptions'), value: f.n(h.exceptions.length), num: true },
            h.programmes.length > 0 && { label: t('kardex.enrolments.title'), value: f.n(h.programmes.length), num: true },
            { label: t('kardex.givers'), value: f.n(givers.size), num: true },
            { label: t('kardex.printedOn'), value: f.date(new Date()) },
          ]}
        />
        <p className="muted">{t('kardex.audited')}</p>
      </div>
      <KardexProgrammes householdId={h.householdId} enrolments={h.programmes} />
      <h2 id="kardex-events">{t('kardex.events')}</h2>
      {events.length === 0 ? (
        <p className="state empty">{t('kardex.none')}</p>
      ) : (
        <ol className="cards kardex-events" aria-labelledby="kardex-events">
          {events.map((e) => (
            <li key={e.key} className={`card kardex-event is-${e.kind}`} {...(e.anchor ? { id: e.anchor } : {})} data-kind={e.kind}>
              <CardHead plain title={<bdi>{e.headline}</bdi>}>
                {e.status === 'revoked' ? <span className="badge status-revoked">{t('kardex.revoked')}</span> : e.status ? <StatusBadge status={e.status} /> : null}
              </CardHead>
              <p className="muted">
                <When value={e.kind === 'granted' ? e.at.slice(0, 10) : e.at} withTime={e.kind !== 'granted'} />
              </p>
              <Facts items={e.facts} />
            </li>
          ))}
        </ol>
      )}
    </Page>
  );
}
