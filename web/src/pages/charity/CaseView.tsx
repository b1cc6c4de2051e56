import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, qs } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { indexBy, useCatalogue, useRegions } from '../../lib/reference';
import { AidFields, aidBody, emptyAid, type AidValues } from '../../components/AidFields';
import { Deadline, DuplicateAidExplanation, Empty, ErrorNote, Field, Page, Query, StatusBadge, conflictOf, useFormErrors , When } from '../../components/ui';
import { Members, type MemberView } from '../applicant/MyHousehold';
import { ExceptionRequest } from '../../components/ExceptionRequest';

interface CaseData {
  request: {
    id: string;
    aidType: string;
    status: string;
    justification?: string;
    amount?: string | null;
    item?: string | null;
    quantity?: number | null;
    submittedAt: string;
    deadlineAt: string;
    decisionReason?: string | null;
  };
  household: { id: string; region?: string; regionCode?: string; members: MemberView[] };
  aidElsewhere: { aidType: string; date: string; amount?: string | null; organisationKind: string }[];
  timeline: { at: string; event: string; by?: string; reason?: string }[];
  assessment: { notes: string; documents: string[]; updatedAt?: string } | null;
}

const BY: Record<string, string> = { 'your organisation': 'us', 'another charity': 'charity', ministry: 'ministry', system: 'system', applicant: 'applicant' };

/** One claimed request: the household (the read is audited), aid received elsewhere, the timeline, the study and the decision. */
export function CaseView() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const catalogue = useCatalogue();
  const regions = useRegions();
  const types = indexBy(catalogue.data?.aidTypes);
  const regionIndex = indexBy(regions.data);
  // The purpose is written to the audit trail, which the applicant reads in "who saw my data".
  const data = useQuery({ queryKey: ['case', id], queryFn: () => api<CaseData>('GET', `/api/v1/requests/${id}/case${qs({ purpose: t('case.purpose') })}`) });
  return (
    <Page title={t('case.title')}>
      <Query q={data}>
        {(c) => {
          const type = types.get(c.request.aidType);
          const open = c.request.status === 'claimed' || c.request.status === 'escalated';
          return (
            <>
              <div className="card">
                <div className="card-head">
                  <h2 className="h3">{f.name(type?.names, c.request.aidType)}</h2>
                  <StatusBadge status={c.request.status} />
                </div>
                <dl className="facts">
                  <div>
                    <dt>{t('request.submittedAt')}</dt>
                    <dd>
                      <When value={c.request.submittedAt} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('request.deadline')}</dt>
                    <dd>
                      <Deadline at={c.request.deadlineAt} />
                    </dd>
                  </div>
                  {c.request.amount ? (
                    <div>
                      <dt>{t('request.amount')}</dt>
                      <dd>{f.money(c.request.amount)}</dd>
                    </div>
                  ) : null}
                  {c.request.item ? (
                    <div>
                      <dt>{t('aid.item')}</dt>
                      <dd>
                        {c.request.item}
                        {c.request.quantity ? ` × ${f.n(c.request.quantity)}` : ''}
                      </dd>
                    </div>
                  ) : null}
                </dl>
                {c.request.justification ? (
                  <p>
                    <strong>{t('case.justification')}</strong> <bdi>{c.request.justification}</bdi>
                  </p>
                ) : null}
              </div>

              <h2>{t('case.household')}</h2>
              <p>
                {t('household.region')}: {f.name(regionIndex.get(c.household.regionCode ?? c.household.region ?? '')?.names, c.household.regionCode ?? c.household.region ?? '—')}
              </p>
              <div className="table-wrap" tabIndex={0} role="region" aria-label={t('case.household')}>
                <Members members={c.household.members} />
              </div>

              <h2>{t('case.aidElsewhere')}</h2>
              {c.aidElsewhere.length === 0 ? (
                <Empty>{t('case.noAidElsewhere')}</Empty>
              ) : (
                <div className="table-wrap" tabIndex={0} role="region" aria-label={t('case.aidElsewhere')}>
                  <table className="responsive">
                    <thead>
                      <tr>
                        <th scope="col">{t('aid.type')}</th>
                        <th scope="col">{t('case.date')}</th>
                        <th scope="col">{t('request.amount')}</th>
                        <th scope="col">{t('case.givenBy')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.aidElsewhere.map((g, i) => (
                        <tr key={i}>
                          <td data-label={t('aid.type')}>{f.name(types.get(g.aidType)?.names, g.aidType)}</td>
                          <td data-label={t('case.date')}>{f.date(g.date)}</td>
                          <td data-label={t('request.amount')}>{f.money(g.amount)}</td>
                          <td data-label={t('case.givenBy')}>{t(`orgKinds.${g.organisationKind}`, { defaultValue: g.organisationKind })}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}

              <h2>{t('case.timeline')}</h2>
              {c.timeline.length === 0 ? (
                <Empty>{t('case.noTimeline')}</Empty>
              ) : (
                <ol className="timeline">
                  {c.timeline.map((e, i) => (
                    <li key={i}>
                      <time dateTime={e.at}>{f.dateTime(e.at)}</time> — {t(`events.${String(e.event).replaceAll('.', '_')}`, { defaultValue: String(e.event) })}
                      {e.by ? <span className="muted"> · {t(`by.${BY[e.by] ?? 'system'}`)}</span> : null}
                      {e.reason ? <span className="muted"> · {e.reason}</span> : null}
                    </li>
                  ))}
                </ol>
              )}

              {open ? (
                <>
                  <Assessment id={id} initial={c.assessment} />
                  <Decide id={id} request={c.request} form={type?.form} householdId={c.household.id} />
                  <Release id={id} />
                </>
              ) : c.request.status === 'approved' ? (
                <p className="alert success decided" role="status">
                  {t('case.approvedDone')}
                </p>
              ) : c.request.status === 'rejected' ? (
                <p className="reason">
                  <strong>{t('request.rejectionReason')}</strong> <bdi>{c.request.decisionReason}</bdi>
                </p>
              ) : null}
            </>
          );
        }}
      </Query>
    </Page>
  );
}

function Assessment({ id, initial }: { id: string; initial: CaseData['assessment'] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [docs, setDocs] = useState((initial?.documents ?? []).join('\n'));
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors('put', '/api/v1/requests/{id}/assessment');
  const save = useMutation({
    mutationFn: (body: unknown) => api('PUT', `/api/v1/requests/${id}/assessment`, body),
    onSuccess: async () => {
      setSaved(true);
      await qc.invalidateQueries({ queryKey: ['case', id] });
    },
    onError: (e) => errors.fail(e, ['notes', 'documents']),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const body = { notes: notes.trim(), documents: docs.split('\n').map((d) => d.trim()).filter(Boolean) };
    if (errors.check(body)) save.mutate(body);
  };
  return (
    <form className="card form" onSubmit={onSubmit} noValidate aria-labelledby="assessment-title">
      <h2 id="assessment-title">{t('case.assessment')}</h2>
      <ErrorNote error={errors.form} />
      <Field label={t('case.notes')} error={errors.fields.notes}>
        {(p) => <textarea {...p} rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />}
      </Field>
      <Field label={t('case.documents')} error={errors.fields.documents ?? Object.entries(errors.fields).find(([k]) => k.startsWith('documents.'))?.[1]} hint={t('case.documentsHint')}>
        {(p) => <textarea {...p} rows={3} value={docs} onChange={(e) => setDocs(e.target.value)} />}
      </Field>
      {saved ? (
        <p className="alert success" role="status">
          {t('case.saved')}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button secondary" disabled={save.isPending}>
          {t('case.saveAssessment')}
        </button>
      </div>
    </form>
  );
}

function Decide({ id, request, form, householdId }: { id: string; request: CaseData['request']; form: 'cash' | 'in_kind' | 'service' | undefined; householdId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const f = useFormat();
  const catalogue = useCatalogue();
  const type = catalogue.data?.aidTypes.find((x) => x.code === request.aidType);
  // Prefilled from the request, in the person's digits (typed digits of any script are accepted back).
  const [aid, setAid] = useState<AidValues>({ ...emptyAid, aidTypeCode: request.aidType, amount: request.amount ? f.digits(request.amount) : '', item: request.item ?? '', quantity: request.quantity ? f.digits(String(request.quantity)) : '' });
  const [reason, setReason] = useState('');
  const approveErrors = useFormErrors('post', '/api/v1/requests/{id}/approve');
  const rejectErrors = useFormErrors('post', '/api/v1/requests/{id}/reject');
  const [done, setDone] = useState<'approved' | 'rejected' | null>(null);
  const refresh = async () => {
    await Promise.all(['case', 'queue', 'pool', 'requests'].map((k) => qc.invalidateQueries({ queryKey: [k] })));
  };
  const approve = useMutation({
    mutationFn: (body: unknown) => api('POST', `/api/v1/requests/${id}/approve`, body),
    onSuccess: async () => {
      setDone('approved');
      await refresh();
    },
    onError: (e) => approveErrors.fail(e, ['amount', 'item', 'quantity']),
  });
  const reject = useMutation({
    mutationFn: (body: unknown) => api('POST', `/api/v1/requests/${id}/reject`, body),
    onSuccess: async () => {
      setDone('rejected');
      await refresh();
    },
    onError: (e) => rejectErrors.fail(e, ['reason']),
  });
  useEffect(() => setDone(null), [id]);
  const conflict = conflictOf(approveErrors.form);
  return (
    <div className="decide">
      {done ? (
        <p className="alert success" role="status">
          {t(done === 'approved' ? 'case.approvedDone' : 'case.rejectedDone')}
        </p>
      ) : null}
      <form
        className="card form"
        noValidate
        aria-labelledby="approve-title"
        onSubmit={(e) => {
          e.preventDefault();
          const body = aidBody(aid, form, false);
          if (approveErrors.check(body)) approve.mutate(body);
        }}
      >
        <h2 id="approve-title">{t('case.approve')}</h2>
        {conflict !== false ? <DuplicateAidExplanation conflict={conflict} /> : <ErrorNote error={approveErrors.form} />}
        <AidFields types={[]} fixedType={type} values={aid} onChange={setAid} errors={approveErrors.fields} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={approve.isPending}>
            {t('case.approveButton')}
          </button>
          <span className="hint">{t('case.approveHint', { currency: f.currency.code })}</span>
        </div>
      </form>
      {/* Outside the approval form: forms do not nest. */}
      {conflict !== false ? <ExceptionRequest target={{ householdId }} aidTypeCode={request.aidType} /> : null}
      <form
        className="card form"
        noValidate
        aria-labelledby="reject-title"
        onSubmit={(e) => {
          e.preventDefault();
          const body = { reason: reason.trim() };
          if (rejectErrors.check(body)) reject.mutate(body);
        }}
      >
        <h2 id="reject-title">{t('case.reject')}</h2>
        <ErrorNote error={rejectErrors.form} />
        <Field label={t('case.rejectReason')} error={rejectErrors.fields.reason} hint={t('case.rejectHint')}>
          {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button danger" disabled={reject.isPending}>
            {t('case.rejectButton')}
          </button>
        </div>
      </form>
    </div>
  );
}

function Release({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const nav = useNavigate();
  const [reason, setReason] = useState('');
  const errors = useFormErrors('post', '/api/v1/requests/{id}/release');
  const release = useMutation({
    mutationFn: (body: unknown) => api('POST', `/api/v1/requests/${id}/release`, body),
    onSuccess: async () => {
      await Promise.all(['queue', 'pool', 'case'].map((k) => qc.invalidateQueries({ queryKey: [k] })));
      nav('/charity/queue');
    },
    onError: (e) => errors.fail(e, ['reason']),
  });
  return (
    <form
      className="card form"
      noValidate
      aria-labelledby="release-title"
      onSubmit={(e) => {
        e.preventDefault();
        const body = { reason: reason.trim() };
        if (errors.check(body)) release.mutate(body);
      }}
    >
      <h2 id="release-title">{t('case.release')}</h2>
      <p className="hint">{t('case.releaseHint')}</p>
      <ErrorNote error={errors.form} />
      <Field label={t('case.releaseReason')} error={errors.fields.reason}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button secondary" disabled={release.isPending}>
          {t('case.releaseButton')}
        </button>
      </div>
    </form>
  );
}
