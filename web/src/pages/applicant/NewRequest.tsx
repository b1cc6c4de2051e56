import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { useCatalogue } from '../../lib/reference';
import { AidFields, aidBody, emptyAid, type AidValues } from '../../components/AidFields';
import { ErrorNote, Field, FormActions, Page, Query, useFormErrors } from '../../components/ui';

const FIELDS = ['aidTypeCode', 'amount', 'item', 'quantity', 'justification'];

export function NewRequest() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const qc = useQueryClient();
  const catalogue = useCatalogue();
  const [aid, setAid] = useState<AidValues>(emptyAid);
  const [justification, setJustification] = useState('');
  const errors = useFormErrors('post', '/api/v1/requests');
  const submit = useMutation({
    mutationFn: (body: unknown) => api('POST', '/api/v1/requests', body),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['requests'] });
      nav('/me', { state: { submitted: true } });
    },
    onError: (e) => errors.fail(e, FIELDS),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const type = catalogue.data?.aidTypes.find((x) => x.code === aid.aidTypeCode);
    const body = { ...aidBody(aid, type?.form), justification: justification.trim() };
    if (errors.check(body)) submit.mutate(body);
  };
  return (
    <Page title={t('request.newTitle')}>
      <Query q={catalogue}>
        {(c) => (
          <form className="card form" onSubmit={onSubmit} noValidate>
            <ErrorNote error={errors.form} />
            <AidFields types={c.aidTypes.filter((x) => x.active)} values={aid} onChange={setAid} errors={errors.fields} />
            <Field label={t('request.justification')} error={errors.fields.justification} hint={t('request.justificationHint')}>
              {(p) => <textarea {...p} rows={4} value={justification} onChange={(e) => setJustification(e.target.value)} />}
            </Field>
            <FormActions label={submit.isPending ? t('common.sending') : t('request.submit')} busy={submit.isPending} />
          </form>
        )}
      </Query>
    </Page>
  );
}
