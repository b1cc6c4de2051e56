const KINDS = ['cash', 'in_kind', 'service'] as const;
const SERVICE_KINDS = ['training', 'employment', 'empowerment'] as const;
const FUNDINGS = ['general', 'zakat', 'donor'] as const;

/**
 * The programmes the ministry (or a charity, its own) runs: each with its status, its funding, the
 * version of its criteria in force and the regions where it is open, linked to its page.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { Schema } from '../../lib/api-types';
import { useFormat, useMe, type Me } from '../../lib/session';
import { useNames } from '../../lib/names';
import { CardForm, ErrorNote, Expander, Field, FormActions, Page, useFormErrors } from '../../components/ui';
import { CodeSelect, keyedChoices, namedChoices } from '../../components/CodeSelect';
import { QueryTable } from '../../components/DataTable';

export type ProgrammeView = Schema<'Programme'>;

export function useProgrammes() {
  return useQuery({ queryKey: ['programmes'], queryFn: () => api<ProgrammeView[]>('GET', '/api/v1/programmes') });
}

/** The ministry manages every programme; a charity only its own (the server refuses the others). */
export function mayManage(me: Me | null | undefined, p?: ProgrammeView): boolean {
  if (!me?.permissions.includes('programme:manage')) return false;
  return me.orgKind === 'ministry' || !p || p.ownerOrgId === me.orgId;
}

/** Whether the reader's role holds a permission (GET /me). */
export const may = (me: { data?: Me | null | undefined }, permission: string) => me.data?.permissions.includes(permission) ?? false;

/** The programmes a reader runs: all of them for the ministry, its own for a charity. */
const runBy = (me: Me | null | undefined) => (p: ProgrammeView) => me?.orgKind === 'ministry' || p.ownerOrgId === me?.orgId;

export function Programmes() {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const me = useMe();
  const all = useProgrammes();
  const list = { ...all, data: all.data?.filter(runBy(me.data)) };
  const [adding, setAdding] = useState(false);
  const canManage = mayManage(me.data);
  return (
    <Page title={t('programmes.title')} actions={canManage ? <Expander label={t('programmes.new.open')} open={adding} onToggle={() => setAdding(!adding)}>{null}</Expander> : undefined}>
      <p className="lead">{t('programmes.intro')}</p>
      {adding ? <NewProgramme /> : null}
      <QueryTable
        q={list}
        none={t('programmes.none')}
        label={t('programmes.title')}
        rowKey={(p) => p.id}
        rowMarks={(p) => ({ 'data-programme': p.code })}
        columns={[
          { header: t('programmes.name'), rowHeader: true, cell: (p) => <Link to={p.id}>{f.name(p.names)}</Link> },
          { header: t('programmes.status'), cell: (p) => <span className={`badge status-${p.status}`}>{t(`programmes.statuses.${p.status}`)}</span> },
          { header: t('programmes.funding'), cell: (p) => t(`programmes.fundings.${p.funding}`) },
          { header: t('programmes.inForce'), num: true, cell: (p) => (p.current ? t('programmes.versionN', { n: f.n(p.current.version) }) : t('programmes.noVersion')) },
          {
            header: t('programmes.openIn'),
            cell: (p) => {
              const open = p.regions.filter((r) => r.openedAt);
              return open.length ? f.list(open.map((r) => names.region(r.regionCode))) : t('programmes.openNowhere');
            },
          },
        ]}
      />
    </Page>
  );
}

/** A new programme, as a draft: its code, kind, the aid type its grants record, its funding and its names in the three languages. */
function NewProgramme() {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({ code: '', kind: 'cash' as (typeof KINDS)[number], serviceKind: 'training' as (typeof SERVICE_KINDS)[number], aidTypeCode: '', funding: 'general' as (typeof FUNDINGS)[number], en: '', ar: '', fa: '' });
  const errors = useFormErrors('post', '/api/v1/programmes');
  const create = useMutation({
    mutationFn: (body: unknown) => api<ProgrammeView>('POST', '/api/v1/programmes', body),
    onSuccess: async (p) => {
      await qc.invalidateQueries({ queryKey: ['programmes'] });
      void navigate(p.id);
    },
    onError: (e) => errors.fail(e, ['code', 'aidTypeCode', 'names.en', 'names.ar', 'names.fa']),
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = () => {
    const body = {
      code: form.code.trim(), kind: form.kind, ...(form.kind === 'service' ? { serviceKind: form.serviceKind } : {}), aidTypeCode: form.aidTypeCode, funding: form.funding,
      names: { en: form.en.trim(), ar: form.ar.trim(), fa: form.fa.trim() },
    };
    if (errors.check(body)) create.mutate(body);
  };
  return (
    <CardForm titleId="new-programme" title={t('programmes.new.title')} onSubmit={submit}>
      <ErrorNote error={errors.form} />
      <div className="filter-grid">
        <Field label={t('programmes.code')} hint={t('programmes.new.codeHint')} error={errors.fields.code}>
          {(p) => <input {...p} dir="ltr" value={form.code} onChange={set('code')} />}
        </Field>
        <Field label={t('programmes.kind')}>{(p) => <CodeSelect {...p} value={form.kind} choices={keyedChoices(KINDS, (k) => t(`programmes.kinds.${k}`))} onChange={set('kind')} />}</Field>
        {form.kind === 'service' ? (
          <Field label={t('programmes.new.serviceKind')}>{(p) => <CodeSelect {...p} value={form.serviceKind} choices={keyedChoices(SERVICE_KINDS, (k) => t(`programmes.serviceKinds.${k}`))} onChange={set('serviceKind')} />}</Field>
        ) : null}
        <Field label={t('programmes.new.aidType')} error={errors.fields.aidTypeCode}>
          {(p) => <CodeSelect {...p} value={form.aidTypeCode} empty={t('programmes.criteria.choose')} choices={namedChoices(names.catalogue.data?.aidTypes.filter((a) => a.form === form.kind), f.name)} onChange={set('aidTypeCode')} />}
        </Field>
        <Field label={t('programmes.funding')}>{(p) => <CodeSelect {...p} value={form.funding} choices={keyedChoices(FUNDINGS, (k) => t(`programmes.fundings.${k}`))} onChange={set('funding')} />}</Field>
        {(['ar', 'fa', 'en'] as const).map((l) => (
          <Field key={l} label={t(`programmes.new.names.${l}`)} error={errors.fields[`names.${l}`]}>
            {(p) => <input {...p} lang={l} dir={l === 'en' ? 'ltr' : 'rtl'} value={form[l]} onChange={set(l)} />}
          </Field>
        ))}
      </div>
      <FormActions label={t('programmes.new.create')} busy={create.isPending} />
    </CardForm>
  );
}
