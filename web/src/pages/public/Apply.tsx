/**
 * A new charity applies to the ministry (no sign-in): its name, registration number and contact,
 * its administrator's name and national ID (any digit script), the aid types it offers and the
 * regions it serves. The answer is a receipt, shown once, with which the charity reads the
 * ministry's decision and its reason on the status page.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { asciiDigits } from '../../lib/format';
import { useFormat } from '../../lib/session';
import { useRegions } from '../../lib/reference';
import type { Body } from '../../lib/api-types';
import { ErrorNote, Field, FormActions, Page, SuccessNote, useFormErrors } from '../../components/ui';
import { CodeChecks, namedChoices } from '../../components/CodeSelect';

const ROUTE = '/api/v1/organisations/applications';
type Created = Body<'/api/v1/organisations/applications', 'post'>;

const toggled = (set: ReadonlySet<string>, code: string) => {
  const next = new Set(set);
  if (next.has(code)) next.delete(code);
  else next.add(code);
  return next;
};

export function Apply() {
  const { t } = useTranslation();
  const f = useFormat();
  const aidTypes = useQuery({ queryKey: ['application-aid-types'], queryFn: () => api<Body<'/api/v1/organisations/applications/aid-types'>>('GET', '/api/v1/organisations/applications/aid-types'), staleTime: 5 * 60_000 });
  const regions = useRegions();
  const [d, setD] = useState({ name: '', registrationNumber: '', contactPhone: '', adminName: '', adminNationalId: '', adminPhone: '' });
  const [types, setTypes] = useState<ReadonlySet<string>>(new Set());
  const [regs, setRegs] = useState<ReadonlySet<string>>(new Set());
  const [missing, setMissing] = useState<{ aidTypes?: boolean; regions?: boolean }>({});
  const errors = useFormErrors('post', ROUTE);
  const apply = useMutation({
    mutationFn: (body: unknown) => api<Created>('POST', ROUTE, body),
    onError: (e) => errors.fail(e, ['organisation.name', 'organisation.registrationNumber', 'organisation.contactPhone', 'admin.displayName', 'admin.nationalId', 'admin.phone']),
  });
  const set = (k: keyof typeof d) => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });
  const submit = () => {
    const organisation: Record<string, unknown> = { name: d.name.trim(), aidTypes: [...types], regions: [...regs] };
    if (d.registrationNumber.trim()) organisation.registrationNumber = asciiDigits(d.registrationNumber.trim());
    if (d.contactPhone.trim()) organisation.contactPhone = asciiDigits(d.contactPhone.trim());
    const admin: Record<string, unknown> = { displayName: d.adminName.trim(), nationalId: asciiDigits(d.adminNationalId.trim()) };
    if (d.adminPhone.trim()) admin.phone = asciiDigits(d.adminPhone.trim());
    const body = { organisation, admin };
    const ok = errors.check(body);
    const gaps = { aidTypes: types.size === 0, regions: regs.size === 0 };
    setMissing(gaps);
    if (ok && !gaps.aidTypes && !gaps.regions) apply.mutate(body);
  };
  if (apply.data) {
    return (
      <Page title={t('reg.apply.sentTitle')}>
        <div className="card receipt-card">
          <SuccessNote>{t('reg.apply.sent', { name: d.name.trim() })}</SuccessNote>
          <p>{t('reg.apply.receiptIntro')}</p>
          <p className="receipt" dir="ltr" data-receipt={apply.data.receipt}>
            {apply.data.receipt}
          </p>
          <p className="hint">{t('reg.apply.receiptKeep')}</p>
          <Link className="button primary" to="/apply/status" state={{ receipt: apply.data.receipt }}>
            {t('reg.apply.seeStatus')}
          </Link>
        </div>
      </Page>
    );
  }
  return (
    <Page title={t('reg.apply.title')}>
      <p className="lead">{t('reg.apply.intro')}</p>
      <form
        className="card form apply"
        noValidate
        aria-labelledby="page-title"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <ErrorNote error={errors.form} />
        <h2>{t('reg.apply.charity')}</h2>
        <Field label={t('reg.apply.name')} error={errors.fields['organisation.name']}>
          {(p) => <input {...p} autoComplete="organization" value={d.name} onChange={set('name')} />}
        </Field>
        <div className="field-row">
          <Field label={t('reg.apply.registrationNumber')} error={errors.fields['organisation.registrationNumber']}>
            {(p) => <input {...p} autoComplete="off" value={d.registrationNumber} onChange={set('registrationNumber')} />}
          </Field>
          <Field label={t('reg.apply.contactPhone')} error={errors.fields['organisation.contactPhone']}>
            {(p) => <input {...p} inputMode="tel" autoComplete="tel" value={d.contactPhone} onChange={set('contactPhone')} />}
          </Field>
        </div>
        <h2>{t('reg.apply.admin')}</h2>
        <p className="hint">{t('reg.apply.adminHint')}</p>
        <Field label={t('reg.apply.adminName')} error={errors.fields['admin.displayName']}>
          {(p) => <input {...p} autoComplete="name" value={d.adminName} onChange={set('adminName')} />}
        </Field>
        <div className="field-row">
          <Field label={t('reg.apply.adminNationalId')} error={errors.fields['admin.nationalId']} hint={t('reg.member.nationalIdHint')}>
            {(p) => <input {...p} inputMode="numeric" autoComplete="off" value={d.adminNationalId} onChange={set('adminNationalId')} />}
          </Field>
          <Field label={t('reg.apply.adminPhone')} error={errors.fields['admin.phone']}>
            {(p) => <input {...p} inputMode="tel" autoComplete="off" value={d.adminPhone} onChange={set('adminPhone')} />}
          </Field>
        </div>
        <CodeChecks legend={t('reg.apply.aidTypes')} choices={namedChoices(aidTypes.data, f.name)} selected={types} onToggle={(c) => setTypes(toggled(types, c))} />
        {missing.aidTypes && types.size === 0 ? <p className="field-error">{t('reg.apply.chooseAidType')}</p> : null}
        <CodeChecks legend={t('reg.apply.regions')} choices={namedChoices(regions.data?.filter((r) => r.level === 1), f.name)} selected={regs} onToggle={(c) => setRegs(toggled(regs, c))} />
        {missing.regions && regs.size === 0 ? <p className="field-error">{t('reg.apply.chooseRegion')}</p> : null}
        <FormActions label={t('reg.apply.submit')} busy={apply.isPending}>
          <Link to="/apply/status">{t('reg.apply.haveReceipt')}</Link>
        </FormActions>
      </form>
    </Page>
  );
}
