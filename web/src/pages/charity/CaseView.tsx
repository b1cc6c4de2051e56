import { useEffect, useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, qs } from '../../lib/api';
import { useFormat, useMe } from '../../lib/session';
import { shortRef } from '../../lib/format';
import { useConfirm } from '../../components/Confirm';
import { useCatalogue } from '../../lib/reference';
import { useNames } from '../../lib/names';
import { AidFields, aidBody, emptyAid, type AidValues } from '../../components/AidFields';
import { CardForm, CardHead, Deadline, DuplicateAidExplanation, Empty, ErrorNote, Field, FormActions, Page, Query, StatusBadge, SuccessNote, conflictOf, useFormErrors, When, RequestRef } from '../../components/ui';
import { DataTable, type Column } from '../../components/DataTable';
import { Facts } from '../../components/Facts';
import { Members } from '../applicant/MyHousehold';
import { ExceptionChoice, ExceptionRequest, useExceptionLabel, useOwnExceptions } from '../../components/ExceptionRequest';
import type { Schema } from '../../lib/api-types';
import { itemLabel } from '../../lib/aid-item';

type CaseData = Schema<'Case'>;

const BY: Record<string, string> = { 'your organisation': 'us', 'another charity': 'charity', ministry: 'ministry', system: 'system', applicant: 'applicant' };

/** One claimed request: the household (the read is audited), aid received elsewhere, the timeline, the study and the decision. */
export function CaseView() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  // The purpose is written to the audit trail, which the applicant reads in "who saw my data".
  const data = useQuery({ queryKey: ['case', id], queryFn: () => api<CaseData>('GET', `/api/v1/requests/${id}/case${qs({ purpose: 'case-study' })}`) });
  return (
    <Page title={t('case.title')}>
      <Query q={data}>
        {(c) => {
          const type = names.typeOf(c.request.aidType);
          const item = itemLabel(c.request, type?.form, f.name(type?.names, c.request.aidType), f.n);
          const open = c.request.status === 'claimed' || c.request.status === 'escalated';
          // The reader's own organisation's grants are shown apart, not as aid from other bodies.
          const ownAid = c.aidElsewhere.filter((g) => g.ownOrganisation);
          const otherAid = c.aidElsewhere.filter((g) => !g.ownOrganisation);
          const aidColumns: Column<CaseData['aidElsewhere'][number]>[] = [
            { header: t('aid.type'), cell: (g) => names.aidType(g.aidType) },
            { header: t('case.date'), cell: (g) => f.date(g.date) },
            { header: t('request.amount'), cell: (g) => f.money(g.amount) },
            { header: t('case.givenBy'), cell: (g) => t(`orgKinds.${g.organisationKind}`, { defaultValue: g.organisationKind }) },
          ];
          return (
            <>
              <div className="card">
                <CardHead title={f.name(type?.names, c.request.aidType)}>
                  <StatusBadge status={c.request.status} />
                </CardHead>
                <Facts
                  items={[
                    { label: t('request.submittedAt'), value: <When value={c.request.submittedAt} /> },
                    { label: t('request.deadline'), value: <Deadline at={c.request.deadlineAt} /> }, { label: t('lang.reference'), value: <RequestRef id={c.request.id} /> },
                    !!c.request.amount && { label: t('request.amount'), value: f.money(c.request.amount) },
                    !!item && { label: t('aid.item'), value: <bdi>{item}</bdi> },
                  ]}
                />
                {c.request.justification ? (
                  <p>
                    <strong>{t('case.justification')}</strong> <bdi>{c.request.justification}</bdi>
                  </p>
                ) : null}
              </div>

              <h2>{t('case.household')}</h2>
              <p>
                {t('household.region')}: {names.region(c.household.region)}
              </p>
              <Members label={t('case.household')} members={c.household.members} />
              <p><Link to={`/charity/households/${c.household.id}`}>{t('reg.household.openFromCase')}</Link></p>
              <p className="kardex-link"><Link to={`/charity/households/${c.household.id}/record`}>{t('kardex.link')}</Link></p>

              {ownAid.length > 0 ? (
                <>
                  <h2>{t('smallB.ownAid')}</h2>
                  <DataTable label={t('smallB.ownAid')} rows={ownAid} rowKey={(_g, i) => i} columns={aidColumns.slice(0, 3)} />
                </>
              ) : null}

              <h2>{t('case.aidElsewhere')}</h2>
              <DataTable label={t('case.aidElsewhere')} rows={otherAid} rowKey={(_g, i) => i} empty={t('case.noAidElsewhere')} columns={aidColumns} />

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
                <>
                  <SuccessNote className="decided">{t('case.approvedDone')}</SuccessNote>
                  {c.request.decisionReason ? (
                    <p className="reason approval-reason">
                      <strong>{t('exc.approvalReason')}</strong> <bdi>{c.request.decisionReason}</bdi>
                    </p>
                  ) : null}
                </>
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
  const onSubmit = () => {
    setSaved(false);
    const body = { notes: notes.trim(), documents: docs.split('\n').map((d) => d.trim()).filter(Boolean) };
    if (errors.check(body)) save.mutate(body);
  };
  return (
    <CardForm titleId="assessment-title" title={t('case.assessment')} onSubmit={onSubmit}>
      <ErrorNote error={errors.form} />
      <Field label={t('case.notes')} error={errors.fields.notes}>
        {(p) => <textarea {...p} rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />}
      </Field>
      <Field label={t('case.documents')} error={errors.fields.documents ?? Object.entries(errors.fields).find(([k]) => k.startsWith('documents.'))?.[1]} hint={t('case.documentsHint')}>
        {(p) => <textarea {...p} rows={3} value={docs} onChange={(e) => setDocs(e.target.value)} />}
      </Field>
      {saved ? <SuccessNote>{t('case.saved')}</SuccessNote> : null}
      <FormActions kind="secondary" label={t('case.saveAssessment')} busy={save.isPending} />
    </CardForm>
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
  const [approveReason, setApproveReason] = useState('');
  const [exceptionId, setExceptionId] = useState('');
  const me = useMe();
  const confirm = useConfirm();
  const exceptions = useOwnExceptions(householdId);
  const exceptionLabel = useExceptionLabel();
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
    onError: (e) => approveErrors.fail(e, ['amount', 'item', 'quantity', 'reason', 'exceptionId']),
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
      {done ? <SuccessNote>{t(done === 'approved' ? 'case.approvedDone' : 'case.rejectedDone')}</SuccessNote> : null}
      <CardForm
        titleId="approve-title"
        title={t('case.approve')}
        onSubmit={() => {
          const body = { ...aidBody(aid, form, false), ...(approveReason.trim() ? { reason: approveReason.trim() } : {}), ...(exceptionId ? { exceptionId } : {}) };
          if (!approveErrors.check(body)) return;
          const amount = (body as { amount?: string }).amount ?? request.amount;
          // The item line only when it says more than the aid type already does.
          const item = itemLabel({ item: aid.item.trim() || null, quantity: (body as { quantity?: number }).quantity ?? null }, form, '', f.n);
          const exception = exceptions.data?.find((x) => x.id === exceptionId);
          confirm.ask({
            title: t('exc.approveTitle'),
            summary: [
              [t('aid.type'), f.name(type?.names, request.aidType)],
              [t('exc.request'), <bdi key="ref">{shortRef(id)}</bdi>],
              [t('exc.household'), <bdi key="hh">{shortRef(householdId)}</bdi>],
              ...(form === 'cash' && amount ? [[t('request.amount'), f.money(amount)] as [string, string]] : []),
              ...(form !== 'cash' && item ? [[t('aid.item'), <bdi key="item">{item}</bdi>] as [string, ReactNode]] : []),
              [t('exc.charity'), <bdi key="org">{me.data?.orgName ?? ''}</bdi>],
              ...(exception ? [[t('exc.exception'), <bdi key="ex">{exceptionLabel(exception)}</bdi>] as [string, ReactNode]] : []),
              ...(approveReason.trim() ? [[t('exc.approvalReason'), <bdi key="why">{approveReason.trim()}</bdi>] as [string, ReactNode]] : []),
            ],
            note: t('exc.approveNote'),
            confirmLabel: t('case.approveButton'),
            onConfirm: () => approve.mutate(body),
          });
        }}
      >
        {conflict !== false ? <DuplicateAidExplanation conflict={conflict} /> : <ErrorNote error={approveErrors.form} />}
        <AidFields types={[]} fixedType={type} values={aid} onChange={setAid} errors={approveErrors.fields} />
        <ExceptionChoice group={type?.group} householdId={householdId} value={exceptionId} onChange={setExceptionId} error={approveErrors.fields.exceptionId} />
        <Field label={t('exc.approveReason')} error={approveErrors.fields.reason} hint={t('exc.approveReasonHint')}>
          {(p) => <textarea {...p} rows={2} value={approveReason} onChange={(e) => setApproveReason(e.target.value)} />}
        </Field>
        <FormActions label={t('case.approveButton')} busy={approve.isPending}>
          <span className="hint">{t('case.approveHint', { currency: f.currency.code })}</span>
        </FormActions>
      </CardForm>
      {/* Outside the approval form: forms do not nest. */}
      {conflict !== false ? <ExceptionRequest target={{ householdId }} aidTypeCode={request.aidType} /> : null}
      <CardForm titleId="reject-title" title={t('case.reject')} onSubmit={() => sendReason(rejectErrors, reject, reason)}>
        <ErrorNote error={rejectErrors.form} />
        <Field label={t('case.rejectReason')} error={rejectErrors.fields.reason} hint={t('case.rejectHint')}>
          {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <FormActions kind="danger" label={t('case.rejectButton')} busy={reject.isPending} />
      </CardForm>
      {confirm.dialog}
    </div>
  );
}

/** Rejecting and releasing send one written reason, checked against the route's schema first. */
function sendReason(errors: { check(body: unknown): boolean }, action: { mutate(body: { reason: string }): void }, reason: string) {
  const body = { reason: reason.trim() };
  if (errors.check(body)) action.mutate(body);
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
    <CardForm titleId="release-title" title={t('case.release')} onSubmit={() => sendReason(errors, release, reason)}>
      <p className="hint">{t('case.releaseHint')}</p>
      <ErrorNote error={errors.form} />
      <Field label={t('case.releaseReason')} error={errors.fields.reason}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <FormActions kind="secondary" label={t('case.releaseButton')} busy={release.isPending} />
    </CardForm>
  );
}
