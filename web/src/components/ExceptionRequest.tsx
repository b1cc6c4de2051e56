/**
 * After a duplicate-aid refusal: ask a ministry supervisor for a documented exception
 * (POST /api/v1/exceptions). Once approved, the aid is given with the exception's number.
 */
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { ErrorNote, Field, FormActions, useFormErrors } from './ui';
import type { Body } from '../lib/api-types';

export function ExceptionRequest({ target, aidTypeCode }: { target: { beneficiaryNationalId: string } | { householdId: string }; aidTypeCode: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [documentRef, setDocumentRef] = useState('');
  const errors = useFormErrors('post', '/api/v1/exceptions');
  const ask = useMutation({
    mutationFn: (body: unknown) => api<Body<'/api/v1/exceptions', 'post'>>('POST', '/api/v1/exceptions', body),
    onError: (e) => errors.fail(e, ['reason', 'documentRef']),
  });
  if (ask.data) {
    return (
      <div className="alert success" role="status">
        <p>{t('exception.sent')}</p>
        <p>
          {t('exception.number')} <bdi className="code exception-id">{ask.data.id}</bdi>
        </p>
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
