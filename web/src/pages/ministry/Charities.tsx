import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { useCatalogue, useRegions } from '../../lib/reference';
import { Empty, ErrorNote, Field, Page, Query, StatusBadge, useFormErrors } from '../../components/ui';

interface Org {
  id: string;
  kind: 'ministry' | 'charity';
  name: string;
  status: 'pending' | 'approved' | 'suspended' | 'rejected';
  registration_number: string | null;
  created_at: string;
  decision_reason: string | null;
}

/** The ministry approves, rejects or suspends charities and sets the aid types and regions each may serve. */
export function Charities() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('pending');
  const orgs = useQuery({ queryKey: ['organisations', status], queryFn: () => api<Org[]>('GET', `/api/v1/organisations?kind=charity${status ? `&status=${status}` : ''}`) });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Page title={t('charities.title')}>
      <div className="field inline">
        <label htmlFor="org-status">{t('charities.show')}</label>
        <select id="org-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="pending">{t('orgStatus.pending')}</option>
          <option value="approved">{t('orgStatus.approved')}</option>
          <option value="suspended">{t('orgStatus.suspended')}</option>
          <option value="rejected">{t('orgStatus.rejected')}</option>
          <option value="">{t('common.all')}</option>
        </select>
      </div>
      <Query q={orgs} empty={(xs) => (xs.length === 0 ? <Empty>{t('charities.empty')}</Empty> : null)}>
        {(xs) => (
          <ul className="cards">
            {xs.map((o) => (
              <li key={o.id} className="card org-card">
                <div className="card-head">
                  <h2 className="h3">{o.name}</h2>
                  <span className="badge">
                    {t(`orgStatus.${o.status}`)}
                  </span>
                </div>
                <Decision org={o} />
                <button type="button" className="button secondary small" aria-expanded={open === o.id} onClick={() => setOpen(open === o.id ? null : o.id)}>
                  {t('charities.offer')}
                </button>
                {open === o.id ? <Offer orgId={o.id} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Query>
    </Page>
  );
}

function Decision({ org }: { org: Org }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const errors = useFormErrors('post', '/api/v1/organisations/{id}/decision');
  const decide = useMutation({
    mutationFn: (body: { decision: string; reason?: string }) => api('POST', `/api/v1/organisations/${org.id}/decision`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['organisations'] }),
    onError: (e) => errors.fail(e, ['reason']),
  });
  const send = (decision: string) => {
    const body = { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    if (errors.check(body)) decide.mutate(body);
  };
  const choices = org.status === 'approved' ? ['suspended'] : org.status === 'pending' ? ['approved', 'rejected'] : ['approved'];
  return (
    <div className="decision">
      <ErrorNote error={errors.form} />
      <Field label={t('charities.reason')} error={errors.fields.reason}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="form-actions">
        {choices.map((d) => (
          <button key={d} type="button" className={`button ${d === 'approved' ? 'primary' : 'danger'}`} onClick={() => send(d)} disabled={decide.isPending}>
            {t(`charities.decide.${d}`, { name: org.name })}
          </button>
        ))}
      </div>
    </div>
  );
}

function Offer({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const catalogue = useCatalogue();
  const regions = useRegions();
  const view = useQuery({ queryKey: ['organisation', orgId], queryFn: () => api<{ aidTypes: string[]; regions: string[] }>('GET', `/api/v1/organisations/${orgId}`) });
  const [types, setTypes] = useState<Set<string>>(new Set());
  const [regs, setRegs] = useState<Set<string>>(new Set());
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (view.data) {
      setTypes(new Set(view.data.aidTypes));
      setRegs(new Set(view.data.regions));
    }
  }, [view.data]);
  const save = useMutation({
    mutationFn: () => api('PUT', `/api/v1/organisations/${orgId}/offer`, { aidTypes: [...types], regions: [...regs] }),
    onSuccess: async () => {
      setSaved(true);
      await qc.invalidateQueries({ queryKey: ['organisation', orgId] });
    },
  });
  const toggle = (set: Set<string>, apply: (s: Set<string>) => void, code: string) => {
    const next = new Set(set);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    setSaved(false);
    apply(next);
  };
  return (
    <Query q={view}>
      {() => (
        <form
          className="offer"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <fieldset>
            <legend>{t('charities.aidTypes')}</legend>
            <div className="checks">
              {catalogue.data?.aidTypes.map((x) => (
                <label key={x.code} className="check">
                  <input type="checkbox" checked={types.has(x.code)} onChange={() => toggle(types, setTypes, x.code)} />
                  {f.name(x.names)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('charities.regions')}</legend>
            <div className="checks">
              {regions.data
                ?.filter((r) => r.level === 1)
                .map((r) => (
                  <label key={r.code} className="check">
                    <input type="checkbox" checked={regs.has(r.code)} onChange={() => toggle(regs, setRegs, r.code)} />
                    {f.name(r.names)}
                  </label>
                ))}
            </div>
          </fieldset>
          <ErrorNote error={save.error} />
          {saved ? (
            <p className="alert success" role="status">
              {t('common.saved')}
            </p>
          ) : null}
          <button type="submit" className="button primary" disabled={save.isPending}>
            {t('common.save')}
          </button>
        </form>
      )}
    </Query>
  );
}
