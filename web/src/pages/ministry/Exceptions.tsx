import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { indexBy, useCatalogue } from '../../lib/reference';
import { Empty, ErrorNote, Field, Page, Query, When, useFormErrors } from '../../components/ui';

interface ExceptionRow {
  id: string;
  household_id: string;
  group_code: string;
  reason: string;
  document_ref: string;
  status: string;
  requested_at: string;
  /** 'backdate': to record aid given on granted_on, further back than the deployment allows. */
  kind?: 'repeat' | 'backdate';
  granted_on?: string | null;
}

/** Documented exceptions to the no-duplicate rule, waiting for a supervisor. */
export function Exceptions() {
  const { t } = useTranslation();
  const f = useFormat();
  const catalogue = useCatalogue();
  const groups = indexBy(catalogue.data?.groups);
  const list = useQuery({ queryKey: ['exceptions', 'pending'], queryFn: () => api<ExceptionRow[]>('GET', '/api/v1/exceptions?status=pending') });
  return (
    <Page title={t('exception.pendingTitle')}>
      <p className="lead">{t('exception.pendingIntro')}</p>
      <Query q={list} empty={(xs) => (xs.length === 0 ? <Empty>{t('exception.none')}</Empty> : null)}>
        {(xs) => (
          <ul className="cards">
            {xs.map((x) => (
              <li key={x.id} className="card exception-card">
                <div className="card-head">
                  <h2 className="h3">{f.name(groups.get(x.group_code)?.names, x.group_code)}</h2>
                  <When value={x.requested_at} />
                </div>
                {x.kind === 'backdate' && x.granted_on ? (
                  <p>
                    <strong>{t('exception.backdateTo')}:</strong> {f.date(x.granted_on)}
                  </p>
                ) : null}
                <p>
                  <strong>{t('exception.reason')}:</strong> <bdi>{x.reason}</bdi>
                </p>
                <p>
                  <strong>{t('exception.documentRef')}:</strong> <bdi>{x.document_ref}</bdi>
                </p>
                <Decide id={x.id} />
              </li>
            ))}
          </ul>
        )}
      </Query>
    </Page>
  );
}

function Decide({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const errors = useFormErrors('post', '/api/v1/exceptions/{id}/decision');
  const decide = useMutation({
    mutationFn: (body: unknown) => api('POST', `/api/v1/exceptions/${id}/decision`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['exceptions'] }),
    onError: (e) => errors.fail(e, ['note']),
  });
  const send = (decision: 'approved' | 'rejected') => {
    const body = { decision, ...(note.trim() ? { note: note.trim() } : {}) };
    if (errors.check(body)) decide.mutate(body);
  };
  return (
    <div className="decision">
      <ErrorNote error={errors.form} />
      <Field label={t('exception.note')} error={errors.fields.note}>
        {(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="button" className="button primary" onClick={() => send('approved')} disabled={decide.isPending}>
          {t('exception.approve')}
        </button>
        <button type="button" className="button danger" onClick={() => send('rejected')} disabled={decide.isPending}>
          {t('exception.reject')}
        </button>
      </div>
    </div>
  );
}
