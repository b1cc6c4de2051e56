/**
 * Documented exceptions from the caseworker's side. ExceptionRequest: after a duplicate-aid
 * refusal, ask a ministry supervisor for an exception for the household the refusal names
 * (POST /api/v1/exceptions); nothing is copied by hand. ExceptionChoice: the organisation's
 * approved exceptions for the aid's group (GET /api/v1/exceptions/mine), to pick on a grant form.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../lib/api';
import { shortRef } from '../lib/format';
import { useFormat } from '../lib/session';
import { useNames } from '../lib/names';
import { ErrorNote, Field, FormActions, useFormErrors } from './ui';
import { CodeSelect } from './CodeSelect';
import type { Body, Schema } from '../lib/api-types';

type GrantException = Schema<'GrantException'>;

export function ExceptionRequest({ target, aidTypeCode }: { target: { beneficiaryNationalId: string } | { householdId: string }; aidTypeCode: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [documentRef, setDocumentRef] = useState('');
  const errors = useFormErrors('post', '/api/v1/exceptions');
  const ask = useMutation({
    mutationFn: (body: unknown) => api<Body<'/api/v1/exceptions', 'post'>>('POST', '/api/v1/exceptions', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['exceptions'] }),
    onError: (e) => errors.fail(e, ['reason', 'documentRef']),
  });
  if (ask.data) {
    return (
      <div className="alert success exception-sent" role="status">
        <p>{t('exception.sent')}</p>
        <p>
          {t('exc.sentRef')} <bdi className="code exception-ref">{shortRef(ask.data.id)}</bdi>
        </p>
        <p className="hint">{t('exc.sentNext')}</p>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" className="button secondary small" onClick={() => setOpen(true)}>
        {t('exception.ask')}
      </button>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body = { ...target, aidTypeCode, reason: reason.trim(), documentRef: documentRef.trim() };
    if (errors.check(body)) ask.mutate(body);
  };
  return (
    <form className="card form exception-form" onSubmit={onSubmit} noValidate aria-labelledby="exception-title">
      <h2 id="exception-title" className="h3">
        {t('exception.title')}
      </h2>
      <p className="hint">{t('exc.askIntro')}</p>
      <ErrorNote error={errors.form} />
      <Field label={t('exception.reason')} error={errors.fields.reason} hint={t('exception.reasonHint')}>
        {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <Field label={t('exception.documentRef')} error={errors.fields.documentRef}>
        {(p) => <input {...p} value={documentRef} onChange={(e) => setDocumentRef(e.target.value)} />}
      </Field>
      <FormActions label={t('exception.send')} busy={ask.isPending} />
    </form>
  );
}

/** The approved exceptions of the reader's organisation, optionally for one household, as the grant forms offer them. */
export function useOwnExceptions(householdId?: string | undefined) {
  return useQuery({
    queryKey: ['exceptions', 'mine', householdId ?? null],
    // A supervisor decides elsewhere: read afresh each time a grant form opens.
    staleTime: 0,
    queryFn: () => api<GrantException[]>('GET', `/api/v1/exceptions/mine${qs({ status: 'approved', ...(householdId ? { householdId } : {}) })}`),
  });
}

/** How an exception is named in a choice and a summary: its reference, group and supporting document. */
export function useExceptionLabel() {
  const names = useNames();
  const f = useFormat();
  return (x: GrantException) => `${shortRef(x.id)} · ${names.group(x.group_code)} · ${x.document_ref} · ${f.date(x.decided_at ?? x.requested_at)}`;
}

/**
 * The grant form's exception: a choice among the approved exceptions for the aid's group (and the
 * household, when known). Shown only when there is one to pick.
 */
export function ExceptionChoice({ group, householdId, value, onChange, error }: { group: string | undefined; householdId?: string | undefined; value: string; onChange(id: string): void; error?: string | undefined }) {
  const { t } = useTranslation();
  const list = useOwnExceptions(householdId);
  const label = useExceptionLabel();
  const usable = (list.data ?? []).filter((x) => x.kind === 'repeat' && (!group || x.group_code === group));
  if (usable.length === 0 && !value) return null;
  return (
    <Field label={t('exc.pick')} error={error} hint={t('exc.pickHint')}>
      {(p) => <CodeSelect {...p} className="exception-choice" value={value} onChange={(e) => onChange(e.target.value)} empty={t('exc.none')} choices={usable.map((x) => ({ value: x.id, label: label(x) }))} />}
    </Field>
  );
}
