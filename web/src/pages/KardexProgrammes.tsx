/**
 * The household's enrolments in programmes, in its service record: each programme named in the
 * reader's language, how the enrolment stands (active, completed, employed, dropped, ended), since
 * and until when, its session with its dates, its attendance and its follow-up. Staff who may
 * (enrolment:outcome) place an active enrolment in a session of its programme, record a day's
 * attendance and how it ended (after a confirmation: it cannot be undone), and write the follow-up
 * of one that has ended. The server decides whose programme it is; a refusal is said in words.
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import type { Schema } from '../lib/api-types';
import { useFormat, useMe } from '../lib/session';
import { Facts } from '../components/Facts';
import { CardHead, ErrorNote, Field, SuccessNote, When } from '../components/ui';
import { CodeSelect, keyedChoices } from '../components/CodeSelect';
import { CalendarDate } from '../components/CalendarDate';
import { useConfirm } from '../components/Confirm';
import { may, useProgrammes } from './ministry/Programmes';
import { useSessionDates, useSessions } from './ministry/ProgrammeSessions';
import './ministry/programmes.css';

type Enrolment = Schema<'HouseholdHistory'>['programmes'][number];
const OUTCOMES = ['completed', 'employed', 'dropped', 'ended'] as const;

export function KardexProgrammes({ householdId, enrolments }: { householdId: string; enrolments: Enrolment[] }) {
  const { t } = useTranslation();
  if (!enrolments.length) return null;
  return (
    <>
      <h2 id="kardex-programmes">{t('kardex.enrolments.title')}</h2>
      <ol className="cards kardex-programmes" aria-labelledby="kardex-programmes">
        {enrolments.map((e) => (
          <li key={e.id} className="card" data-enrolment={e.id} data-programme={e.code} data-status={e.status}>
            <EnrolmentCard householdId={householdId} e={e} />
          </li>
        ))}
      </ol>
    </>
  );
}

/** A mutation on one enrolment that reloads the service record once it is done. */
function useEnrolmentStep<B>(householdId: string, send: (body: B) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => qc.invalidateQueries({ queryKey: ['kardex', householdId] }) });
}

function EnrolmentCard({ householdId, e }: { householdId: string; e: Enrolment }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const dates = useSessionDates();
  const programmes = useProgrammes();
  // The ministry acts on every enrolment, a charity's staff on those of its own programmes (the server decides; this spares a refusal).
  const owner = programmes.data?.find((p) => p.id === e.programmeId)?.ownerOrgId;
  const canAct = may(me, 'enrolment:outcome') && (me.data?.orgKind === 'ministry' || (!!owner && owner === me.data?.orgId));
  const service = e.kind === 'service';
  return (
    <>
      <CardHead plain title={<bdi>{f.name(e.names)}</bdi>}>
        <span className={`badge status-${e.status}`}>{t(`kardex.enrolments.statuses.${e.status}`, { defaultValue: e.status })}</span>
      </CardHead>
      <Facts
        items={[
          { label: t('kardex.enrolments.kind'), value: e.serviceKind ? t(`programmes.serviceKinds.${e.serviceKind}`, { defaultValue: e.serviceKind }) : t(`programmes.kinds.${e.kind}`, { defaultValue: e.kind }) },
          { label: t('kardex.enrolments.since'), value: <When value={e.since} /> },
          !!e.endedAt && { label: t('kardex.enrolments.endedAt'), value: <When value={e.endedAt} /> },
          !!e.session && { label: t('kardex.enrolments.session'), value: <><bdi>{e.session.title}</bdi> · {dates(e.session)}</> },
          !!e.attendance && { label: t('kardex.enrolments.attendance'), value: t('kardex.enrolments.attendanceOf', { present: f.n(e.attendance.present), days: f.n(e.attendance.days) }) },
          !!e.followUpOn && { label: t('kardex.enrolments.followUpOn'), value: <When value={e.followUpOn} /> },
          !!e.followedUpAt && { label: t('kardex.enrolments.followedUpAt'), value: <When value={e.followedUpAt} /> },
          !!e.followUpNote && { label: t('kardex.enrolments.followUpNote'), value: <bdi>{e.followUpNote}</bdi> },
        ]}
      />
      {canAct && e.status === 'active' ? (
        <div className="enrolment-actions no-print">
          {service ? <PlaceInSession householdId={householdId} e={e} /> : null}
          {service && e.session ? <Attendance householdId={householdId} e={e} /> : null}
          <Outcome householdId={householdId} e={e} />
        </div>
      ) : null}
      {canAct && e.status !== 'active' && !e.followedUpAt ? <FollowUp householdId={householdId} e={e} /> : null}
    </>
  );
}

function PlaceInSession({ householdId, e }: { householdId: string; e: Enrolment }) {
  const { t } = useTranslation();
  const f = useFormat();
  const dates = useSessionDates();
  const sessions = useSessions(e.programmeId);
  const [sessionId, setSessionId] = useState('');
  const place = useEnrolmentStep(householdId, (id: string) => api('POST', `/api/v1/enrolments/${e.id}/session`, { sessionId: id }));
  const choices = (sessions.data ?? []).map((s) => ({ value: s.id, label: t('kardex.enrolments.sessionChoice', { title: s.title, dates: dates(s), placed: f.n(s.placed), capacity: f.n(s.capacity) }) }));
  return (
    <form className="inline-form" noValidate aria-label={t('kardex.enrolments.place')} onSubmit={(ev) => { ev.preventDefault(); if (sessionId) place.mutate(sessionId); }}>
      <Field label={t('kardex.enrolments.sessionToPlace')} {...(sessions.data?.length === 0 ? { hint: t('kardex.enrolments.noSessions') } : {})}>
        {(props) => <CodeSelect {...props} value={sessionId} empty={t('programmes.criteria.choose')} choices={choices} onChange={(ev) => setSessionId(ev.target.value)} />}
      </Field>
      <button type="submit" className="button secondary small" disabled={!sessionId || place.isPending}>{t('kardex.enrolments.place')}</button>
      <ErrorNote error={place.error ?? sessions.error} />
    </form>
  );
}

function Attendance({ householdId, e }: { householdId: string; e: Enrolment }) {
  const { t } = useTranslation();
  const [onDay, setOnDay] = useState('');
  const [present, setPresent] = useState('true');
  const record = useEnrolmentStep(householdId, (body: { onDay: string; present: boolean }) => api('PUT', `/api/v1/enrolments/${e.id}/attendance`, body));
  return (
    <form className="inline-form" noValidate aria-label={t('kardex.enrolments.attendanceTitle')} onSubmit={(ev) => { ev.preventDefault(); if (onDay) record.mutate({ onDay, present: present === 'true' }); }}>
      <CalendarDate name={`attendance-${e.id}`} legend={t('kardex.enrolments.day')} value={onDay} onChange={setOnDay} />
      <Field label={t('kardex.enrolments.presence')}>
        {(props) => <CodeSelect {...props} value={present} choices={[{ value: 'true', label: t('kardex.enrolments.present') }, { value: 'false', label: t('kardex.enrolments.absent') }]} onChange={(ev) => setPresent(ev.target.value)} />}
      </Field>
      <button type="submit" className="button secondary small" disabled={!onDay || record.isPending}>{t('kardex.enrolments.recordAttendance')}</button>
      {record.isSuccess ? <SuccessNote>{t('kardex.enrolments.attendanceSaved')}</SuccessNote> : null}
      <ErrorNote error={record.error} />
    </form>
  );
}

function Outcome({ householdId, e }: { householdId: string; e: Enrolment }) {
  const { t } = useTranslation();
  const f = useFormat();
  const confirm = useConfirm();
  const outcomes = e.kind === 'service' ? OUTCOMES : OUTCOMES.filter((o) => o === 'dropped' || o === 'ended');
  const [status, setStatus] = useState<string>(outcomes[0]!);
  const record = useEnrolmentStep(householdId, (s: string) => api('POST', `/api/v1/enrolments/${e.id}/outcome`, { status: s }));
  const label = (o: string) => t(`kardex.enrolments.statuses.${o}`);
  return (
    <form
      className="inline-form"
      noValidate
      aria-label={t('kardex.enrolments.outcomeTitle')}
      onSubmit={(ev) => {
        ev.preventDefault();
        confirm.ask({
          title: t('kardex.enrolments.outcomeConfirm'),
          summary: [[t('programmes.name'), f.name(e.names)], [t('kardex.enrolments.outcome'), label(status)]],
          note: t('kardex.enrolments.outcomeNote'),
          confirmLabel: t('kardex.enrolments.recordOutcome'),
          kind: 'danger',
          onConfirm: () => record.mutate(status),
        });
      }}
    >
      <Field label={t('kardex.enrolments.outcome')}>
        {(props) => <CodeSelect {...props} value={status} choices={keyedChoices(outcomes, label)} onChange={(ev) => setStatus(ev.target.value)} />}
      </Field>
      <button type="submit" className="button danger small" disabled={record.isPending}>{t('kardex.enrolments.recordOutcome')}</button>
      <ErrorNote error={record.error} />
      {confirm.dialog}
    </form>
  );
}

function FollowUp({ householdId, e }: { householdId: string; e: Enrolment }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [note, setNote] = useState('');
  const [short, setShort] = useState(false);
  const save = useEnrolmentStep(householdId, (text: string) => api('POST', `/api/v1/enrolments/${e.id}/follow-up`, { note: text }));
  return (
    <form
      className="no-print"
      noValidate
      aria-label={t('kardex.enrolments.followUpTitle')}
      onSubmit={(ev) => {
        ev.preventDefault();
        const text = note.trim();
        setShort(text.length < 5);
        if (text.length >= 5) save.mutate(text);
      }}
    >
      <Field label={t('kardex.enrolments.followUpNote')} hint={t('kardex.enrolments.followUpHint')} {...(short ? { error: t('kardex.enrolments.followUpShort', { n: f.n(5) }) } : {})}>
        {(props) => <textarea {...props} rows={2} maxLength={2000} value={note} onChange={(ev) => setNote(ev.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button secondary small" disabled={save.isPending}>{t('kardex.enrolments.saveFollowUp')}</button>
      </div>
      <ErrorNote error={save.error} />
    </form>
  );
}
