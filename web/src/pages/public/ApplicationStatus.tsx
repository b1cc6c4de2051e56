/**
 * A charity that applied reads the ministry's decision with its receipt (no sign-in): the status,
 * when it applied and was decided, and the ministry's reason. The receipt is sent in the body,
 * never in the address; an unknown receipt is told plainly, the same for every receipt.
 */
import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError, api } from '../../lib/api';
import type { Schema } from '../../lib/api-types';
import { CardHead, ErrorNote, Field, FormActions, Page, When, useFormErrors } from '../../components/ui';
import { Facts } from '../../components/Facts';

const ROUTE = '/api/v1/organisations/applications/status';

export function ApplicationStatus() {
  const { t } = useTranslation();
  const location = useLocation();
  const given = (location.state as { receipt?: string } | null)?.receipt ?? '';
  const [receipt, setReceipt] = useState(given);
  const errors = useFormErrors('post', ROUTE);
  const read = useMutation({
    mutationFn: (body: { receipt: string }) => api<Schema<'ApplicationStatus'>>('POST', ROUTE, body),
    onError: (e) => (e instanceof ApiError && e.status === 404 ? errors.reset() : errors.fail(e, ['receipt'])),
  });
  const submit = (value: string) => {
    const body = { receipt: value.trim() };
    if (errors.check(body)) read.mutate(body);
  };
  useEffect(() => {
    if (given) submit(given);
    // Once, for the receipt handed over by the application page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const unknown = read.error instanceof ApiError && read.error.status === 404;
  const a = read.data;
  return (
    <Page title={t('reg.status.title')}>
      <form
        className="card form"
        noValidate
        aria-label={t('reg.status.formLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          submit(receipt);
        }}
      >
        <ErrorNote error={errors.form} />
        <Field label={t('reg.status.receipt')} error={errors.fields.receipt ?? (unknown ? t('reg.status.unknown') : undefined)} hint={t('reg.status.receiptHint')}>
          {(p) => <input {...p} dir="ltr" autoComplete="off" value={receipt} onChange={(e) => setReceipt(e.target.value)} />}
        </Field>
        <FormActions label={t('reg.status.submit')} busy={read.isPending}>
          <Link to="/apply">{t('reg.status.applyLink')}</Link>
        </FormActions>
      </form>
      {a ? (
        <section className="card application-status" aria-live="polite" data-status={a.status}>
          <CardHead title={<bdi>{a.name}</bdi>}>
            <span className={`badge status-${a.status}`}>{t(`orgStatus.${a.status}`)}</span>
          </CardHead>
          <p>{t(`reg.status.meaning.${a.status}`)}</p>
          <Facts
            items={[
              { label: t('reg.status.appliedAt'), value: <When value={a.appliedAt} /> },
              !!a.decidedAt && { label: t('reg.status.decidedAt'), value: <When value={a.decidedAt} /> },
              !!a.reason && { label: t('reg.status.reason'), value: <bdi className="decision-reason">{a.reason}</bdi> },
            ]}
          />
          {a.status === 'approved' ? (
            <Link className="button primary" to="/">
              {t('reg.status.signIn')}
            </Link>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
