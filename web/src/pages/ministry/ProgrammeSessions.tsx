/**
 * The sessions of a training, employment or empowerment programme (a course, a placement): each in
 * a first-level region with its dates, place, capacity and how many are placed; and a new session
 * added by the ministry or the charity that runs the programme. Households are placed in a session,
 * and their attendance and outcome recorded, from their service record (pages/KardexProgrammes.tsx).
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { asciiDigits } from '../../lib/format';
import type { Item } from '../../lib/api-types';
import { useFormat, useMe } from '../../lib/session';
import { useNames } from '../../lib/names';
import { CardForm, CardHead, ErrorNote, Expander, Field, FormActions, useFormErrors } from '../../components/ui';
import { CodeSelect, namedChoices } from '../../components/CodeSelect';
import { CalendarDate } from '../../components/CalendarDate';
import { QueryTable } from '../../components/DataTable';
import { may, type ProgrammeView } from './Programmes';

export type SessionView = Item<'/api/v1/programmes/{id}/sessions'>;

export function useSessions(programmeId: string, enabled = true) {
  return useQuery({ queryKey: ['sessions', programmeId], queryFn: () => api<SessionView[]>('GET', `/api/v1/programmes/${programmeId}/sessions`), enabled });
}

/** A session's dates as one range in the reader's calendar. */
export function useSessionDates() {
  const { t } = useTranslation();
  const f = useFormat();
  return (s: { startsOn: string; endsOn: string }) => t('programmes.sessions.dates', { from: f.date(s.startsOn), to: f.date(s.endsOn) });
}

export function ProgrammeSessions({ p }: { p: ProgrammeView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const names = useNames();
  const dates = useSessionDates();
  const sessions = useSessions(p.id);
  const [adding, setAdding] = useState(false);
  const ours = me.data?.orgKind === 'ministry' || p.ownerOrgId === me.data?.orgId;
  const canAdd = may(me, 'enrolment:outcome') && ours;
  return (
    <section className="card" aria-labelledby="pg-sessions">
      <CardHead title={<span id="pg-sessions">{t('programmes.sessions.title')}</span>}>
        {canAdd ? <Expander label={t('programmes.sessions.add')} open={adding} onToggle={() => setAdding(!adding)}>{null}</Expander> : null}
      </CardHead>
      <p className="muted">{t('programmes.sessions.intro')}</p>
      {adding ? <NewSession p={p} onDone={() => setAdding(false)} /> : null}
      <QueryTable
        q={sessions}
        none={t('programmes.sessions.none')}
        label={t('programmes.sessions.title')}
        rowKey={(s) => s.id}
        rowMarks={(s) => ({ 'data-session': s.id })}
        columns={[
          { header: t('programmes.sessions.sessionTitle'), rowHeader: true, cell: (s) => <bdi>{s.title}</bdi> },
          { header: t('programmes.whatIf.region'), cell: (s) => names.region(s.regionCode) },
          { header: t('programmes.sessions.when'), cell: dates },
          { header: t('programmes.sessions.place'), cell: (s) => (s.place ? <bdi>{s.place}</bdi> : '—') },
          { header: t('programmes.sessions.capacity'), num: true, cell: (s) => f.n(s.capacity) },
          { header: t('programmes.sessions.placed'), num: true, cell: (s) => (s.placed >= s.capacity ? t('programmes.sessions.full', { n: f.n(s.placed) }) : f.n(s.placed)) },
        ]}
      />
    </section>
  );
}

function NewSession({ p, onDone }: { p: ProgrammeView; onDone(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const qc = useQueryClient();
  const [form, setForm] = useState({ regionCode: '', title: '', place: '', startsOn: '', endsOn: '', capacity: '' });
  const errors = useFormErrors('post', '/api/v1/programmes/{id}/sessions');
  const add = useMutation({
    mutationFn: (body: unknown) => api<SessionView>('POST', `/api/v1/programmes/${p.id}/sessions`, body),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['sessions', p.id] });
      onDone();
    },
    onError: (e) => errors.fail(e, ['regionCode', 'title', 'place', 'startsOn', 'endsOn', 'capacity']),
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = () => {
    const digits = asciiDigits(form.capacity.trim());
    const body = { regionCode: form.regionCode, title: form.title.trim(), ...(form.place.trim() ? { place: form.place.trim() } : {}), startsOn: form.startsOn, endsOn: form.endsOn, capacity: /^\d+$/.test(digits) ? Number(digits) : digits };
    if (errors.check(body)) add.mutate(body);
  };
  const level1 = names.regions.data?.filter((r) => r.level === 1);
  return (
    <CardForm titleId="new-session" title={t('programmes.sessions.newTitle')} onSubmit={submit}>
      <ErrorNote error={errors.form} />
      <div className="filter-grid">
        <Field label={t('programmes.whatIf.region')} error={errors.fields.regionCode}>
          {(props) => <CodeSelect {...props} value={form.regionCode} empty={t('programmes.criteria.choose')} choices={namedChoices(level1, f.name)} onChange={set('regionCode')} />}
        </Field>
        <Field label={t('programmes.sessions.sessionTitle')} error={errors.fields.title}>{(props) => <input {...props} maxLength={200} value={form.title} onChange={set('title')} />}</Field>
        <Field label={t('programmes.sessions.place')} error={errors.fields.place}>{(props) => <input {...props} maxLength={200} value={form.place} onChange={set('place')} />}</Field>
        <Field label={t('programmes.sessions.capacity')} error={errors.fields.capacity}>{(props) => <input {...props} inputMode="numeric" dir="ltr" value={form.capacity} onChange={set('capacity')} />}</Field>
      </div>
      {(['startsOn', 'endsOn'] as const).map((k) => (
        <div key={k} className={`field${errors.fields[k] ? ' has-error' : ''}`}>
          <CalendarDate name={`session-${k}`} legend={t(`programmes.sessions.${k}`)} value={form[k]} onChange={(iso) => setForm((x) => ({ ...x, [k]: iso }))} />
          {errors.fields[k] ? <p className="field-error">{errors.fields[k]}</p> : null}
        </div>
      ))}
      <FormActions label={t('programmes.sessions.create')} busy={add.isPending} />
    </CardForm>
  );
}
