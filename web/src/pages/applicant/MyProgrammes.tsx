/**
 * The applicant's programmes: each programme, whether it is open in the household's region yet,
 * whether the household may qualify and why (the reasons come from the server in the reader's
 * language), the application decided at once with its reasons, and for a refusal an appeal with a
 * reason and the names of the documents that support it, followed to its decision.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, uploadFile } from '../../lib/api';
import type { Body, Schema } from '../../lib/api-types';
import { useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import { CardHead, Deadline, ErrorNote, Field, Page, Query, SuccessNote, useFormErrors, When } from '../../components/ui';
import '../ministry/programmes.css';
import { AppealFiles } from '../../components/AppealFiles';

type Mine = Body<'/api/v1/me/programmes'>;
type MyProgramme = Mine['programmes'][number];
type Application = Schema<'ProgrammeApplication'>;
type Reason = MyProgramme['reasons'][number];

export function MyProgrammes() {
  const { t } = useTranslation();
  const names = useNames();
  const mine = useQuery({ queryKey: ['my-programmes'], queryFn: () => api<Mine>('GET', '/api/v1/me/programmes') });
  return (
    <Page title={t('myProgrammes.title')}>
      <Query q={mine}>
        {(m) => (
          <>
            <p className="lead">{m.regionCode ? t('myProgrammes.region', { region: names.region(m.provinceCode ?? m.regionCode) }) : t('myProgrammes.intro')}</p>
            {m.programmes.length === 0 ? (
              <p className="state empty">{t('myProgrammes.none')}</p>
            ) : (
              <ul className="cards">
                {m.programmes.map((p) => (
                  <li key={p.programme.id} className="card" data-programme={p.programme.code}>
                    <ProgrammeCard p={p} />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Query>
    </Page>
  );
}

/** A decision's reasons, the numbers in the reader's digits; a reviewer's note as it was written. */
function Reasons({ reasons, label }: { reasons: Reason[]; label: string }) {
  const f = useFormat();
  if (!reasons.length) return null;
  return (
    <ul className="reasons" aria-label={label}>
      {reasons.map((r, i) => (
        <li key={i} className={r.held === true ? 'held' : r.held === false ? 'failed' : undefined}>
          {r.op === 'note' ? r.text : f.digits(r.text)}
        </li>
      ))}
    </ul>
  );
}

function ProgrammeCard({ p }: { p: MyProgramme }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const apply = useMutation({
    mutationFn: () => api<Application>('POST', `/api/v1/programmes/${p.programme.id}/applications`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['my-programmes'] }),
  });
  const a = p.application;
  return (
    <>
      <CardHead title={f.name(p.programme.names)}>
        {a ? <span className={`badge status-${a.status}`}>{t(`myProgrammes.statuses.${a.status}`)}</span> : null}
      </CardHead>
      {!p.open ? (
        <p className="not-open">{t('myProgrammes.notOpen')}</p>
      ) : a ? null : (
        <>
          <p className="qualify">{p.mayQualify ? t('myProgrammes.mayQualify') : t('myProgrammes.mayNotQualify')}</p>
          <Reasons reasons={p.reasons} label={t('myProgrammes.why')} />
          <div className="form-actions">
            <button type="button" className="button primary" disabled={apply.isPending} onClick={() => apply.mutate()}>
              {t('myProgrammes.apply')}
            </button>
          </div>
          <ErrorNote error={apply.error} />
        </>
      )}
      {a ? <ApplicationView a={a} /> : null}
    </>
  );
}

function ApplicationView({ a }: { a: Application }) {
  const { t } = useTranslation();
  return (
    <div className="application" data-status={a.status}>
      <p>
        {t('myProgrammes.appliedOn')} <When value={a.createdAt} />
      </p>
      <p className="decision-line">{t(`myProgrammes.decision.${a.status}`)}</p>
      {a.decision ? <Reasons reasons={a.decision.reasons} label={t('myProgrammes.decisionReasons')} /> : null}
      {a.appeal ? <AppealView appeal={a.appeal} /> : a.status === 'refused' ? <AppealForm applicationId={a.id} /> : null}
    </div>
  );
}

function AppealView({ appeal }: { appeal: NonNullable<Application['appeal']> }) {
  const { t } = useTranslation();
  return (
    <section className="appeal" aria-label={t('myProgrammes.appeal.title')}>
      <h3>{t('myProgrammes.appeal.title')}</h3>
      <p className="appeal-status">{t(`myProgrammes.appeal.statuses.${appeal.status}`)}</p>
      <dl className="facts">
        <div><dt>{t('myProgrammes.appeal.lodged')}</dt><dd><When value={appeal.lodgedAt} /></dd></div>
        <div><dt>{t('myProgrammes.appeal.due')}</dt><dd>{appeal.status === 'open' ? <Deadline at={appeal.dueAt} overdue={appeal.overdue} /> : <When value={appeal.decidedAt} />}</dd></div>
      </dl>
      {appeal.decisionNote ? <p>{t('myProgrammes.appeal.note', { note: appeal.decisionNote })}</p> : null}
      <AppealFiles appeal={appeal} />
      {appeal.status === 'open' ? <AttachFile appealId={appeal.id} /> : null}
    </section>
  );
}

/** Attach a document to an open appeal: a PDF or a photo, up to 5 MB. */
function AttachFile({ appealId }: { appealId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  // a new input once a file is attached, so that the chosen file's name does not stay in it
  const [picker, setPicker] = useState(0);
  const attach = useMutation({
    mutationFn: (f: File) => uploadFile(`/api/v1/appeals/${appealId}/documents`, f),
    onSuccess: () => {
      setFile(null);
      setPicker((n) => n + 1);
      void qc.invalidateQueries({ queryKey: ['my-programmes'] });
    },
  });
  const id = `attach-${appealId}`;
  return (
    <form className="form attach-form" noValidate onSubmit={(e) => { e.preventDefault(); if (file) attach.mutate(file); }}>
      <label htmlFor={id}>{t('myProgrammes.appeal.attach')}</label>
      <input key={picker} id={id} type="file" accept="application/pdf,image/jpeg,image/png" aria-describedby={`${id}-hint`} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      <p id={`${id}-hint`} className="hint">{t('myProgrammes.appeal.attachHint')}</p>
      <button type="submit" className="button" disabled={!file || attach.isPending}>{t('myProgrammes.appeal.attachSend')}</button>
      <ErrorNote error={attach.error} />
      {attach.isSuccess ? <SuccessNote>{t('myProgrammes.appeal.attached')}</SuccessNote> : null}
    </form>
  );
}

/** An appeal: why the decision is wrong (10 characters at least) and the names of the documents, one a line. */
function AppealForm({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [documents, setDocuments] = useState('');
  const errors = useFormErrors('post', '/api/v1/applications/{id}/appeal');
  const lodge = useMutation({
    mutationFn: (body: unknown) => api<Application>('POST', `/api/v1/applications/${applicationId}/appeal`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['my-programmes'] }),
    onError: (e) => errors.fail(e, ['reason', 'documents']),
  });
  if (!open)
    return (
      <div className="form-actions">
        <button type="button" className="button secondary" onClick={() => setOpen(true)}>
          {t('myProgrammes.appeal.start')}
        </button>
      </div>
    );
  const submit = () => {
    const docs = documents.split('\n').map((d) => d.trim()).filter(Boolean).map((name) => ({ name }));
    const body = { reason: reason.trim(), ...(docs.length ? { documents: docs } : {}) };
    if (errors.check(body)) lodge.mutate(body);
  };
  return (
    <form className="form appeal-form" noValidate aria-label={t('myProgrammes.appeal.title')} onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <ErrorNote error={errors.form} />
      <Field label={t('myProgrammes.appeal.reason')} hint={t('myProgrammes.appeal.reasonHint', { n: f.n(10) })} error={errors.fields.reason}>
        {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <Field label={t('myProgrammes.appeal.documents')} hint={t('myProgrammes.appeal.documentsHint')} error={errors.fields.documents}>
        {(p) => <textarea {...p} rows={2} value={documents} onChange={(e) => setDocuments(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={lodge.isPending}>
          {t('myProgrammes.appeal.send')}
        </button>
      </div>
      {lodge.isSuccess ? <SuccessNote>{t('myProgrammes.appeal.sent')}</SuccessNote> : null}
    </form>
  );
}
