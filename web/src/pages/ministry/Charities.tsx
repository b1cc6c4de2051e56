import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/session';
import { useCatalogue, useRegions } from '../../lib/reference';
import { CardHead, ErrorNote, Page, Query, SuccessNote } from '../../components/ui';
import { DecisionForm } from '../../components/DecisionForm';
import { CardList } from '../../components/CardList';
import { CodeChecks, CodeSelect, keyedChoices, namedChoices } from '../../components/CodeSelect';
import type { Schema } from '../../lib/api-types';

type Org = Schema<'Organisation'>;

const ORG_STATUSES: Org['status'][] = ['pending', 'approved', 'suspended', 'rejected'];

function Decision({ org }: { org: Org }) {
  const { t } = useTranslation();
  const next = org.status === 'approved' ? ['suspended'] : org.status === 'pending' ? ['approved', 'rejected'] : ['approved'];
  const choices = next.map((d) => ({ decision: d, label: t(`charities.decide.${d}`, { name: org.name }), kind: d === 'approved' ? ('primary' as const) : ('danger' as const) }));
  return <DecisionForm route="/api/v1/organisations/{id}/decision" url={`/api/v1/organisations/${org.id}/decision`} field="reason" label={t('charities.reason')} choices={choices} invalidate="organisations" />;
}

function Offer({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const catalogue = useCatalogue();
  const regions = useRegions();
  const view = useQuery({ queryKey: ['organisation', orgId], queryFn: () => api<Schema<'OrganisationWithOffer'>>('GET', `/api/v1/organisations/${orgId}`) });
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
          <CodeChecks legend={t('charities.aidTypes')} choices={namedChoices(catalogue.data?.aidTypes, f.name)} selected={types} onToggle={(code) => toggle(types, setTypes, code)} />
          <CodeChecks legend={t('charities.regions')} choices={namedChoices(regions.data?.filter((r) => r.level === 1), f.name)} selected={regs} onToggle={(code) => toggle(regs, setRegs, code)} />
          <ErrorNote error={save.error} />
          {saved ? <SuccessNote>{t('common.saved')}</SuccessNote> : null}
          <button type="submit" className="button primary" disabled={save.isPending}>
            {t('common.save')}
          </button>
        </form>
      )}
    </Query>
  );
}

/** The ministry approves, rejects or suspends charities and sets the aid types and regions each may serve. */
export function Charities() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('pending');
  const orgs = useQuery({ queryKey: ['organisations', status], queryFn: () => api<Org[]>('GET', `/api/v1/organisations?kind=charity${status ? `&status=${status}` : ''}`) });
  return (
    <Page title={t('charities.title')}>
      <div className="field inline">
        <label htmlFor="org-status">{t('charities.show')}</label>
        <CodeSelect id="org-status" value={status} onChange={(e) => setStatus(e.target.value)} choices={[...keyedChoices(ORG_STATUSES, (s) => t(`orgStatus.${s}`)), { value: '', label: t('common.all') }]} />
      </div>
      <CardList q={orgs} none={t('charities.empty')} itemKey={(o) => o.id} itemMarks={() => ({ className: 'org-card' })} more={{ label: t('charities.offer'), content: (o) => <Offer orgId={o.id} /> }}>
        {(o) => (
          <>
            <CardHead title={o.name}>
              <span className="badge">{t(`orgStatus.${o.status}`)}</span>
            </CardHead>
            <Decision org={o} />
          </>
        )}
      </CardList>
    </Page>
  );
}
