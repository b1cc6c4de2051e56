/**
 * Appeals against refusals, soonest due first: each with the applicant's reason, the documents
 * they named, the due date (overdue marked in words), and the decision (uphold or overturn, with a
 * note) taken by someone who did not decide the case (the server refuses the same reviewer).
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../lib/api';
import type { Body, Schema } from '../../lib/api-types';
import { useFormat } from '../../lib/session';
import { CardHead, Deadline, ErrorNote, Field, Page, Query, SuccessNote, useFormErrors, When } from '../../components/ui';
import { CodeSelect } from '../../components/CodeSelect';
import { useProgrammes } from './Programmes';
import { shortRef } from '../../lib/format';
import './programmes.css';
import { AppealFiles } from '../../components/AppealFiles';

type AppealItem = Body<'/api/v1/appeals'>[number];
type Application = Schema<'ProgrammeApplication'>;
const STATUSES = ['open', 'upheld', 'overturned'] as const;

export function Appeals() {
  const { t } = useTranslation();
  const f = useFormat();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const appeals = useQuery({ queryKey: ['appeals', status], queryFn: () => api<AppealItem[]>('GET', `/api/v1/appeals${qs({ status })}`) });
  const programmes = useProgrammes();
  const programmeName = (id: string) => f.name(programmes.data?.find((p) => p.id === id)?.names, '—');
  return (
    <Page title={t('appeals.title')}>
      <p className="lead">{t('appeals.intro')}</p>
      <div className="filter-grid">
        <Field id="appeal-status" label={t('appeals.show')}>
          {(props) => <CodeSelect {...props} value={status} choices={STATUSES.map((s) => ({ value: s, label: t(`appeals.statuses.${s}`) }))} onChange={(e) => setStatus(e.target.value as typeof status)} />}
        </Field>
      </div>
      <Query q={appeals} none={t('appeals.none')}>
        {(items) => (
          <ul className="cards">
            {items.map((a) => (
              <li key={a.appeal.id} className={`card${a.appeal.overdue ? ' is-overdue' : ''}`} data-appeal={a.appeal.id}>
                <CardHead title={programmeName(a.programmeId)}>
                  <span className={`badge status-${a.appeal.status}`}>{t(`appeals.statuses.${a.appeal.status}`)}</span>
                </CardHead>
                <dl className="facts">
                  <div><dt>{t('appeals.household')}</dt><dd><bdi dir="ltr">{f.digits(shortRef(a.householdId))}</bdi></dd></div>
                  <div><dt>{t('appeals.lodged')}</dt><dd><When value={a.appeal.lodgedAt} /></dd></div>
                  <div><dt>{t('appeals.due')}</dt><dd>{a.appeal.status === 'open' ? <Deadline at={a.appeal.dueAt} overdue={a.appeal.overdue} /> : <When value={a.appeal.dueAt} />}</dd></div>
                </dl>
                <h3 className="h3">{t('appeals.reason')}</h3>
                <p>{a.appeal.reason}</p>
                <h3 className="h3">{t('appeals.documents')}</h3>
                {a.appeal.documents.length ? (
                  <ul className="appeal-docs">
                    {a.appeal.documents.map((d, i) => (
                      <li key={i}>
                        <bdi>{d.name}</bdi>
                        {d.note ? ` — ${d.note}` : ''}
                      </li>
                    ))}
                  </ul>
                ) : a.appeal.files.length === 0 ? (
                  <p className="muted">{t('appeals.noDocuments')}</p>
                ) : null}
                <AppealFiles appeal={a.appeal} />
                {a.appeal.status === 'open' ? <AppealDecision id={a.appeal.id} /> : a.appeal.decisionNote ? <p className="muted">{t('appeals.decidedNote', { note: a.appeal.decisionNote })}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </Query>
    </Page>
  );
}

function AppealDecision({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const errors = useFormErrors('post', '/api/v1/appeals/{id}/decision');
  const decide = useMutation({
    mutationFn: (body: { outcome: 'upheld' | 'overturned'; note: string }) => api<Application>('POST', `/api/v1/appeals/${id}/decision`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['appeals'] }),
    onError: (e) => errors.fail(e, ['note']),
  });
  const send = (outcome: 'upheld' | 'overturned') => {
    const body = { outcome, note: note.trim() };
    if (errors.check(body)) decide.mutate(body);
  };
  return (
    <div className="decision">
      <ErrorNote error={errors.form} />
      {decide.isSuccess ? <SuccessNote>{t(`appeals.done.${decide.data.status}`, { defaultValue: t('common.saved') })}</SuccessNote> : null}
      <Field label={t('appeals.note')} error={errors.fields.note} hint={t('appeals.noteHint', { n: f.n(5) })}>
        {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="button" className="button primary" disabled={decide.isPending} onClick={() => send('overturned')}>
          {t('appeals.overturn')}
        </button>
        <button type="button" className="button danger" disabled={decide.isPending} onClick={() => send('upheld')}>
          {t('appeals.uphold')}
        </button>
      </div>
    </div>
  );
}
