import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { ApiError } from '../../lib/api';
import { asciiDigits, maskedId } from '../../lib/format';
import { useFormat, useMe } from '../../lib/session';
import { useCatalogue } from '../../lib/reference';
import { AidFields, aidBody, emptyAid, type AidValues } from '../../components/AidFields';
import { ExceptionChoice, ExceptionRequest, useExceptionLabel, useOwnExceptions } from '../../components/ExceptionRequest';
import { useConfirm } from '../../components/Confirm';
import { itemLabel } from '../../lib/aid-item';
import { DuplicateAidExplanation, ErrorNote, Field, FormActions, Page, Query, conflictOf, useFormErrors } from '../../components/ui';
import type { Schema } from '../../lib/api-types';

type Grant = Schema<'Grant'>;

/** A caseworker records aid given directly to a registered beneficiary; the no-duplicate rule applies. */
export function GiveAid() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const catalogue = useCatalogue();
  const [nationalId, setNationalId] = useState('');
  const [aid, setAid] = useState<AidValues>(emptyAid);
  const [exceptionId, setExceptionId] = useState('');
  // The refusal names the household: the exception is asked for it, and its exceptions are offered.
  const [refused, setRefused] = useState<{ householdId: string; aidTypeCode: string } | null>(null);
  const confirm = useConfirm();
  const me = useMe();
  const exceptions = useOwnExceptions(refused?.householdId);
  const exceptionLabel = useExceptionLabel();
  const [granted, setGranted] = useState<Grant | null>(null);
  const errors = useFormErrors('post', '/api/v1/grants');
  const give = useMutation({
    mutationFn: (body: unknown) => api<Grant>('POST', '/api/v1/grants', body),
    onSuccess: async (g) => {
      setGranted(g);
      setNationalId('');
      setAid(emptyAid);
      setExceptionId('');
      setRefused(null);
      await qc.invalidateQueries({ queryKey: ['case'] });
    },
    onError: (e, body) => {
      setGranted(null);
      const b = body as { aidTypeCode: string };
      const householdId = e instanceof ApiError && typeof e.problem.householdId === 'string' ? e.problem.householdId : null;
      setRefused(conflictOf(e) !== false && householdId ? { householdId, aidTypeCode: b.aidTypeCode } : null);
      errors.fail(e, ['beneficiaryNationalId', 'aidTypeCode', 'amount', 'item', 'quantity', 'exceptionId']);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setGranted(null);
    const type = catalogue.data?.aidTypes.find((x) => x.code === aid.aidTypeCode);
    const id = asciiDigits(nationalId.trim());
    const body = { beneficiaryNationalId: id, ...aidBody(aid, type?.form), ...(exceptionId ? { exceptionId } : {}) };
    if (!errors.check(body)) return;
    const exception = exceptions.data?.find((x) => x.id === exceptionId);
    const amount = (body as { amount?: string }).amount;
    const item = itemLabel({ item: aid.item.trim() || null, quantity: (body as { quantity?: number }).quantity ?? null }, type?.form, '', f.n);
    confirm.ask({
      title: t('exc.giveTitle'),
      summary: [
        [t('aid.type'), f.name(type?.names, aid.aidTypeCode)],
        [t('exc.beneficiary'), <bdi key="id" dir="ltr">{f.digits(maskedId(id))}</bdi>],
        ...(amount ? [[t('request.amount'), f.money(amount)] as [string, string]] : []),
        ...(item ? [[t('aid.item'), <bdi key="item">{item}</bdi>] as [string, ReactNode]] : []),
        [t('exc.charity'), <bdi key="org">{me.data?.orgName ?? ''}</bdi>],
        ...(exception ? [[t('exc.exception'), <bdi key="ex">{exceptionLabel(exception)}</bdi>] as [string, ReactNode]] : []),
      ],
      note: t('exc.giveNote'),
      confirmLabel: t('give.submit'),
      onConfirm: () => give.mutate(body),
    });
  };
  const conflict = conflictOf(errors.form);
  return (
    <Page title={t('give.title')}>
      <p className="lead">{t('give.intro')}</p>
      <Query q={catalogue}>
        {(c) => (
          <>
          <form className="card form" onSubmit={onSubmit} noValidate>
            {conflict !== false ? <DuplicateAidExplanation conflict={conflict} /> : <ErrorNote error={errors.form} />}
            {granted ? (
              <div className="alert success" role="status">
                {t('give.done', { aid: f.name(c.aidTypes.find((x) => x.code === granted.aidType)?.names, granted.aidType), date: f.date(granted.grantedOn) })}
              </div>
            ) : null}
            <Field label={t('give.nationalId')} error={errors.fields.beneficiaryNationalId} hint={t('give.nationalIdHint')}>
              {(p) => <input {...p} inputMode="numeric" autoComplete="off" value={nationalId} onChange={(e) => {
                setNationalId(e.target.value);
                setRefused(null);
              }} />}
            </Field>
            <AidFields types={c.aidTypes.filter((x) => x.active)} values={aid} onChange={setAid} errors={errors.fields} />
            <ExceptionChoice group={c.aidTypes.find((x) => x.code === aid.aidTypeCode)?.group} householdId={refused?.householdId} value={exceptionId} onChange={setExceptionId} error={errors.fields.exceptionId} />
            <FormActions label={t('give.submit')} busy={give.isPending} />
          </form>
          {/* Outside the form above: forms do not nest. */}
          {conflict !== false && refused ? <ExceptionRequest target={{ householdId: refused.householdId }} aidTypeCode={refused.aidTypeCode} /> : null}
          {confirm.dialog}
          </>
        )}
      </Query>
    </Page>
  );
}
