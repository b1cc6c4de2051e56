import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { asciiDigits } from '../../lib/format';
import { useFormat } from '../../lib/session';
import { useCatalogue } from '../../lib/reference';
import { AidFields, aidBody, emptyAid, type AidValues } from '../../components/AidFields';
import { ExceptionRequest } from '../../components/ExceptionRequest';
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
  const [refused, setRefused] = useState<{ beneficiaryNationalId: string; aidTypeCode: string } | null>(null);
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
      const b = body as { beneficiaryNationalId: string; aidTypeCode: string };
      setRefused(conflictOf(e) !== false ? { beneficiaryNationalId: b.beneficiaryNationalId, aidTypeCode: b.aidTypeCode } : null);
      errors.fail(e, ['beneficiaryNationalId', 'aidTypeCode', 'amount', 'item', 'quantity', 'exceptionId']);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setGranted(null);
    const type = catalogue.data?.aidTypes.find((x) => x.code === aid.aidTypeCode);
    const body = { beneficiaryNationalId: asciiDigits(nationalId.trim()), ...aidBody(aid, type?.form), ...(exceptionId.trim() ? { exceptionId: exceptionId.trim() } : {}) };
    if (errors.check(body)) give.mutate(body);
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
              {(p) => <input {...p} inputMode="numeric" autoComplete="off" value={nationalId} onChange={(e) => setNationalId(e.target.value)} />}
            </Field>
            <AidFields types={c.aidTypes.filter((x) => x.active)} values={aid} onChange={setAid} errors={errors.fields} />
            <Field label={t('give.exceptionId')} error={errors.fields.exceptionId} hint={t('give.exceptionIdHint')}>
              {(p) => <input {...p} autoComplete="off" dir="ltr" value={exceptionId} onChange={(e) => setExceptionId(e.target.value)} />}
            </Field>
            <FormActions label={t('give.submit')} busy={give.isPending} />
          </form>
          {/* Outside the form above: forms do not nest. */}
          {conflict !== false && refused ? <ExceptionRequest target={{ beneficiaryNationalId: refused.beneficiaryNationalId }} aidTypeCode={refused.aidTypeCode} /> : null}
          </>
        )}
      </Query>
    </Page>
  );
}
