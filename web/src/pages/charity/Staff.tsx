import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { asciiDigits, LANGS } from '../../lib/format';
import { useMe } from '../../lib/session';
import { ErrorNote, Field, FormActions, Page, useFormErrors } from '../../components/ui';
import { QueryTable } from '../../components/DataTable';
import { CodeSelect, keyedChoices } from '../../components/CodeSelect';
import type { Schema } from '../../lib/api-types';

type StaffMember = Schema<'StaffMember'>;
const ROLES = ['charity_admin', 'caseworker', 'field_visitor'];

/** A charity's administrator adds staff and turns their access on or off. */
export function Staff() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const orgId = me.data?.orgId ?? '';
  const staff = useQuery({ queryKey: ['staff', orgId], queryFn: () => api<StaffMember[]>('GET', `/api/v1/organisations/${orgId}/staff`), enabled: !!orgId });
  const toggle = useMutation({
    mutationFn: (s: StaffMember) => api('PATCH', `/api/v1/staff/${s.id}`, { active: !s.active }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['staff', orgId] }),
  });
  const [draft, setDraft] = useState({ role: 'caseworker', displayName: '', nationalId: '', phone: '', locale: '' });
  const errors = useFormErrors('post', '/api/v1/organisations/{id}/staff');
  const add = useMutation({
    mutationFn: (body: unknown) => api('POST', `/api/v1/organisations/${orgId}/staff`, body),
    onSuccess: async () => {
      setDraft({ role: 'caseworker', displayName: '', nationalId: '', phone: '', locale: '' });
      await qc.invalidateQueries({ queryKey: ['staff', orgId] });
    },
    onError: (e) => errors.fail(e, ['role', 'displayName', 'nationalId', 'phone', 'locale']),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = { role: draft.role, displayName: draft.displayName.trim() };
    if (draft.nationalId.trim()) body.nationalId = asciiDigits(draft.nationalId.trim());
    if (draft.phone.trim()) body.phone = asciiDigits(draft.phone.trim());
    if (draft.locale) body.locale = draft.locale;
    if (errors.check(body)) add.mutate(body);
  };
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  return (
    <Page title={t('staff.title')}>
      <ErrorNote error={toggle.error} />
      <QueryTable
        q={staff}
        none={t('staff.empty')}
        label={t('staff.title')}
        rowKey={(s) => s.id}
        columns={[
          { header: t('staff.name'), cell: (s) => s.displayName },
          { header: t('staff.role'), cell: (s) => t(`roles.${s.role}`, { defaultValue: s.role }) },
          { header: t('staff.state'), cell: (s) => (s.active ? t('staff.active') : t('staff.inactive')) },
          {
            header: t('common.actions'),
            hiddenHeader: true,
            cell: (s) =>
              s.id !== me.data?.userId ? (
                <button type="button" className="button secondary small" onClick={() => toggle.mutate(s)} disabled={toggle.isPending}>
                  {s.active ? t('staff.deactivate', { name: s.displayName }) : t('staff.activate', { name: s.displayName })}
                </button>
              ) : null,
          },
        ]}
      />
      <form className="card form" onSubmit={onSubmit} noValidate aria-labelledby="add-staff">
        <h2 id="add-staff">{t('staff.add')}</h2>
        <ErrorNote error={errors.form} />
        <Field label={t('staff.name')} error={errors.fields.displayName}>
          {(p) => <input {...p} value={draft.displayName} onChange={set('displayName')} autoComplete="off" />}
        </Field>
        <Field label={t('staff.role')} error={errors.fields.role}>
          {(p) => <CodeSelect {...p} value={draft.role} onChange={set('role')} choices={keyedChoices(ROLES, (r) => t(`roles.${r}`))} />}
        </Field>
        <div className="field-row">
          <Field label={t('staff.nationalId')} error={errors.fields.nationalId}>
            {(p) => <input {...p} inputMode="numeric" value={draft.nationalId} onChange={set('nationalId')} autoComplete="off" />}
          </Field>
          <Field label={t('staff.phone')} error={errors.fields.phone}>
            {(p) => <input {...p} inputMode="tel" value={draft.phone} onChange={set('phone')} autoComplete="off" />}
          </Field>
        </div>
        <Field label={t('common.language')} error={errors.fields.locale}>
          {(p) => <CodeSelect {...p} value={draft.locale} onChange={set('locale')} empty={t('staff.defaultLanguage')} choices={keyedChoices(LANGS, (l) => t(`languages.${l}`))} />}
        </Field>
        <FormActions label={t('staff.addButton')} busy={add.isPending} />
      </form>
    </Page>
  );
}
