import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { asciiDigits, LANGS } from '../../lib/format';
import { useMe } from '../../lib/session';
import { Empty, ErrorNote, Field, Page, Query, useFormErrors } from '../../components/ui';

interface StaffMember {
  id: string;
  role: string;
  displayName: string;
  locale: string;
  active: boolean;
}
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
      <Query q={staff} empty={(xs) => (xs.length === 0 ? <Empty>{t('staff.empty')}</Empty> : null)}>
        {(xs) => (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('staff.title')}>
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t('staff.name')}</th>
                  <th scope="col">{t('staff.role')}</th>
                  <th scope="col">{t('staff.state')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {xs.map((s) => (
                  <tr key={s.id}>
                    <td data-label={t('staff.name')}>{s.displayName}</td>
                    <td data-label={t('staff.role')}>{t(`roles.${s.role}`, { defaultValue: s.role })}</td>
                    <td data-label={t('staff.state')}>{s.active ? t('staff.active') : t('staff.inactive')}</td>
                    <td>
                      {s.id !== me.data?.userId ? (
                        <button type="button" className="button secondary small" onClick={() => toggle.mutate(s)} disabled={toggle.isPending}>
                          {s.active ? t('staff.deactivate', { name: s.displayName }) : t('staff.activate', { name: s.displayName })}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Query>
      <form className="card form" onSubmit={onSubmit} noValidate aria-labelledby="add-staff">
        <h2 id="add-staff">{t('staff.add')}</h2>
        <ErrorNote error={errors.form} />
        <Field label={t('staff.name')} error={errors.fields.displayName}>
          {(p) => <input {...p} value={draft.displayName} onChange={set('displayName')} autoComplete="off" />}
        </Field>
        <Field label={t('staff.role')} error={errors.fields.role}>
          {(p) => (
            <select {...p} value={draft.role} onChange={set('role')}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
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
          {(p) => (
            <select {...p} value={draft.locale} onChange={set('locale')}>
              <option value="">{t('staff.defaultLanguage')}</option>
              {LANGS.map((l) => (
                <option key={l} value={l}>
                  {t(`languages.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={add.isPending}>
            {t('staff.addButton')}
          </button>
        </div>
      </form>
    </Page>
  );
}
