import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { useCatalogue, useRegions } from '../../lib/reference';
import { CardHead, ErrorNote, Field, Page, Query, SuccessNote, When, useFormErrors } from '../../components/ui';
import { Facts } from '../../components/Facts';
import { useConfirm } from '../../components/Confirm';
import { useNames } from '../../lib/names';
import { CardList } from '../../components/CardList';
import { CodeChecks, CodeSelect, keyedChoices, namedChoices } from '../../components/CodeSelect';
import type { Schema } from '../../lib/api-types';

type Org = Schema<'Organisation'>;

const ORG_STATUSES: Org['status'][] = ['pending', 'approved', 'suspended', 'rejected'];

type Review = Schema<'ApplicationReview'>;

/**
 * The application with all its details (the administrator's personal data: the read is audited),
 * and the decision: a reason is asked for every decision, and a confirmation shows its summary.
 */
function Decision({ org }: { org: Org }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const review = useQuery({ queryKey: ['organisations', 'review', org.id], queryFn: () => api<Review>('GET', `/api/v1/organisations/${org.id}/application`) });
  const errors = useFormErrors('post', '/api/v1/organisations/{id}/decision');
  const decide = useMutation({
    mutationFn: (body: { decision: string; reason: string }) => api('POST', `/api/v1/organisations/${org.id}/decision`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['organisations'] }),
    onError: (e) => errors.fail(e, ['reason']),
  });
  const next = org.status === 'approved' ? ['suspended'] : org.status === 'pending' ? ['approved', 'rejected'] : ['approved'];
  const ask = (decision: string, r: Review | undefined) => {
    const text = reason.trim();
    if ([...text].length < 3) {
      setReasonError(t('reg.review.reasonNeeded'));
      return;
    }
    setReasonError(undefined);
    const body = { decision, reason: text };
    if (!errors.check(body)) return;
    confirm.ask({
      title: t(`reg.review.confirmTitle.${decision}`, { name: org.name }),
      summary: [
        [t('reg.apply.name'), org.name],
        [t('reg.review.decision'), t(`charities.decide.${decision}`, { name: org.name })],
        ...(r ? ([[t('reg.apply.aidTypes'), f.n(r.aidTypes.length)], [t('reg.apply.regions'), f.n(r.regions.length)]] as [string, string][]) : []),
        [t('reg.review.reason'), text],
      ],
      note: t(`reg.review.note.${decision}`),
      confirmLabel: t(`reg.review.confirm.${decision}`),
      kind: decision === 'approved' ? 'primary' : 'danger',
      onConfirm: () => decide.mutate(body),
    });
  };
  return (
    <div className="decision review">
      <Query q={review}>
        {(r) => (
          <Facts
            items={[
              !!r.registration_number && { label: t('reg.apply.registrationNumber'), value: <bdi>{f.digits(r.registration_number)}</bdi> },
              !!r.contact_phone && { label: t('reg.apply.contactPhone'), value: <bdi dir="ltr">{f.digits(r.contact_phone)}</bdi> },
              { label: t('reg.review.appliedAt'), value: <When value={r.created_at} /> },
              !!r.admin && { label: t('reg.apply.adminName'), value: <bdi>{r.admin.displayName}</bdi> },
              !!r.admin?.nationalId && { label: t('reg.apply.adminNationalId'), value: <bdi dir="ltr">{f.digits(r.admin.nationalId)}</bdi> },
              !!r.admin?.phone && { label: t('reg.apply.adminPhone'), value: <bdi dir="ltr">{f.digits(r.admin.phone)}</bdi> },
              { label: t('reg.apply.aidTypes'), value: r.aidTypes.length ? f.list(r.aidTypes.map(names.aidType)) : t('reg.review.none') },
              { label: t('reg.apply.regions'), value: r.regions.length ? f.list(r.regions.map(names.region)) : t('reg.review.none') },
              !!r.decision_reason && { label: t('reg.review.lastReason'), value: <bdi>{r.decision_reason}</bdi> },
            ]}
          />
        )}
      </Query>
      <ErrorNote error={errors.form} />
      <Field label={t('reg.review.reason')} error={reasonError ?? errors.fields.reason} hint={t('reg.review.reasonHint')}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="form-actions">
        {next.map((d) => (
          <button key={d} type="button" className={`button ${d === 'approved' ? 'primary' : 'danger'}`} onClick={() => ask(d, review.data)} disabled={decide.isPending}>
            {t(`charities.decide.${d}`, { name: org.name })}
          </button>
        ))}
      </div>
      {confirm.dialog}
    </div>
  );
}

function Offer({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const catalogue = useCatalogue();
  const regions = useRegions();
  const view = useQuery({ queryKey: ['organisation', orgId], queryFn: () => api<Schema<'OrganisationWithOffer'>>('GET', `/api/v1/organisations/${orgId}`) });
  const [types, setTypes] = useState<Set<string>>(new Set());
  const [regs, setRegs] = useState<Set<string>>(new Set());
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (view.data) {
      setTypes(new Set(view.data.aidTypes));
      setRegs(new Set(view.data.regions));
    }
  }, [view.data]);
  const save = useMutation({
    mutationFn: () => api('PUT', `/api/v1/organisations/${orgId}/offer`, { aidTypes: [...types], regions: [...regs] }),
    onSuccess: async () => {
      setSaved(true);
      await qc.invalidateQueries({ queryKey: ['organisation', orgId] });
    },
  });
  const toggle = (set: Set<string>, apply: (s: Set<string>) => void, code: string) => {
    const next = new Set(set);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    setSaved(false);
    apply(next);
  };
  return (
    <Query q={view}>
      {() => (
        <form
          className="offer"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <CodeChecks legend={t('charities.aidTypes')} choices={namedChoices(catalogue.data?.aidTypes, f.name)} selected={types} onToggle={(code) => toggle(types, setTypes, code)} />
          <CodeChecks legend={t('charities.regions')} choices={namedChoices(regions.data?.filter((r) => r.level === 1), f.name)} selected={regs} onToggle={(code) => toggle(regs, setRegs, code)} />
          <ErrorNote error={save.error} />
          {saved ? <SuccessNote>{t('common.saved')}</SuccessNote> : null}
          <button type="submit" className="button primary" disabled={save.isPending}>
            {t('common.save')}
          </button>
        </form>
      )}
    </Query>
  );
}

/** The ministry reviews charities' applications (all their details), approves, rejects or suspends them with a reason, and sets the aid types and regions each may serve. */
export function Charities() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('pending');
  const orgs = useQuery({ queryKey: ['organisations', status], queryFn: () => api<Org[]>('GET', `/api/v1/organisations?kind=charity${status ? `&status=${status}` : ''}`) });
  return (
    <Page title={t('charities.title')}>
      <div className="field inline">
        <label htmlFor="org-status">{t('charities.show')}</label>
        <CodeSelect id="org-status" value={status} onChange={(e) => setStatus(e.target.value)} choices={[...keyedChoices(ORG_STATUSES, (s) => t(`orgStatus.${s}`)), { value: '', label: t('common.all') }]} />
      </div>
      <CardList q={orgs} none={t('charities.empty')} itemKey={(o) => o.id} itemMarks={() => ({ className: 'org-card' })} more={{ label: t('charities.offer'), content: (o) => <Offer orgId={o.id} /> }}>
        {(o) => (
          <>
            <CardHead title={o.name}>
              <span className="badge">{t(`orgStatus.${o.status}`)}</span>
            </CardHead>
            <Decision org={o} />
          </>
        )}
      </CardList>
    </Page>
  );
}
