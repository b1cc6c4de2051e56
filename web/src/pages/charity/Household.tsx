/**
 * A household as its charity keeps it: its facts and members (the read is audited), a member
 * added (refused at the national ID when the person is in another household), a member who
 * leaves or moves to another household with a reason, each after a confirmation with a summary.
 * "?moveTo=<household>" (from a refusal on that household's page) fills in where a member moves.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams, useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import { shortRef } from '../../lib/format';
import { useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import type { Schema } from '../../lib/api-types';
import { CardForm, ErrorNote, Field, FormActions, Page, Query, SuccessNote, When, useFormErrors } from '../../components/ui';
import { Facts } from '../../components/Facts';
import { DataTable } from '../../components/DataTable';
import { CodeSelect, keyedChoices } from '../../components/CodeSelect';
import { useConfirm } from '../../components/Confirm';
import { MemberFields, RELATIONS, elsewhereOf, emptyMember, likelyOf, memberBody, type LikelyCandidate, type MemberDraft } from './HouseholdMember';

type HouseholdData = Schema<'Household'>;
type Member = HouseholdData['members'][number];
type Step = { kind: 'remove' | 'move'; member: Member };

export function Household() {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const { id = '' } = useParams();
  const location = useLocation();
  const [params] = useSearchParams();
  const registered = (location.state as { registered?: boolean } | null)?.registered === true;
  const household = useQuery({ queryKey: ['household', id], queryFn: () => api<HouseholdData>('GET', `/api/v1/households/${id}?purpose=household-registration`) });
  const [step, setStep] = useState<Step | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <Page title={t('reg.household.title')}>
      {registered ? <SuccessNote>{t('reg.household.registered')}</SuccessNote> : null}
      {done ? <SuccessNote>{done}</SuccessNote> : null}
      <Query q={household}>
        {(h) => (
          <>
            <div className="card">
              <Facts
                items={[
                  { label: t('reg.household.reference'), value: <bdi className="reference" dir="ltr">{shortRef(h.id)}</bdi> },
                  { label: t('reg.household.region'), value: names.region(h.regionCode) },
                  !!h.address && { label: t('reg.household.address'), value: <bdi>{h.address}</bdi> },
                  !!h.phone && { label: t('reg.household.phone'), value: <bdi dir="ltr">{f.digits(h.phone)}</bdi> },
                  { label: t('reg.household.since'), value: <When value={h.createdAt} /> },
                  { label: t('reg.household.size'), value: f.n(h.members.length), num: true },
                ]}
              />
            </div>
            <h2>{t('reg.household.members')}</h2>
            <DataTable
              label={t('reg.household.members')}
              rows={h.members}
              rowKey={(m) => m.personId}
              rowMarks={() => ({ className: 'member-row' })}
              columns={[
                { header: t('reg.member.fullName'), rowHeader: true, cell: (m) => <bdi>{m.fullName}</bdi> },
                { header: t('reg.member.nationalId'), cell: (m) => <bdi dir="ltr">{f.digits(m.nationalId)}</bdi> },
                { header: t('reg.member.relation'), cell: (m) => t(`relations.${m.relation}`, { defaultValue: m.relation }) },
                { header: t('reg.member.birthDate'), cell: (m) => <When value={m.birthDate} /> },
                {
                  header: t('common.actions'),
                  hiddenHeader: true,
                  cell: (m) => (
                    <div className="row-actions">
                      <button type="button" className="button secondary small" aria-expanded={step?.member.personId === m.personId && step.kind === 'move'} onClick={() => { setDone(null); setStep({ kind: 'move', member: m }); }}>
                        {t('reg.move.open', { name: m.fullName })}
                      </button>
                      <button type="button" className="button danger small" aria-expanded={step?.member.personId === m.personId && step.kind === 'remove'} onClick={() => { setDone(null); setStep({ kind: 'remove', member: m }); }}>
                        {t('reg.remove.open', { name: m.fullName })}
                      </button>
                    </div>
                  ),
                },
              ]}
            />
            {step ? <MemberStep key={`${step.kind}-${step.member.personId}`} householdId={h.id} step={step} moveTo={params.get('moveTo') ?? ''} onDone={(msg) => { setStep(null); setDone(msg); }} onCancel={() => setStep(null)} /> : null}
            <AddMember householdId={h.id} onAdded={(name) => setDone(t('reg.add.done', { name }))} />
          </>
        )}
      </Query>
    </Page>
  );
}

/** A member leaves, or moves to another household: the reason (and where to), then the confirmation. */
function MemberStep({ householdId, step, moveTo, onDone, onCancel }: { householdId: string; step: Step; moveTo: string; onDone(msg: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const { member, kind } = step;
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState(moveTo);
  const [relation, setRelation] = useState(member.relation === 'head' ? 'other' : member.relation);
  const route = kind === 'move' ? '/api/v1/households/{id}/members/{personId}/move' : '/api/v1/households/{id}/members/{personId}';
  const errors = useFormErrors(kind === 'move' ? 'post' : 'delete', route);
  const send = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      kind === 'move' ? api('POST', `/api/v1/households/${householdId}/members/${member.personId}/move`, body) : api('DELETE', `/api/v1/households/${householdId}/members/${member.personId}`, body),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['household'] });
      onDone(t(kind === 'move' ? 'reg.move.done' : 'reg.remove.done', { name: member.fullName }));
    },
    onError: (e) => errors.fail(e, ['reason', 'toHouseholdId', 'relation']),
  });
  const submit = () => {
    const body: Record<string, unknown> = kind === 'move' ? { toHouseholdId: target.trim().toLowerCase(), relation, reason: reason.trim() } : { reason: reason.trim() };
    if (!errors.check(body)) return;
    const summary: [string, string][] = [[t('reg.member.fullName'), member.fullName], [t('reg.step.reason'), reason.trim()]];
    if (kind === 'move') summary.splice(1, 0, [t('reg.move.to'), shortRef(target.trim())], [t('reg.move.relation'), t(`relations.${relation}`)]);
    confirm.ask({
      title: t(kind === 'move' ? 'reg.move.confirmTitle' : 'reg.remove.confirmTitle', { name: member.fullName }),
      summary,
      note: t(kind === 'move' ? 'reg.move.note' : 'reg.remove.note'),
      confirmLabel: t(kind === 'move' ? 'reg.move.confirm' : 'reg.remove.confirm'),
      kind: kind === 'move' ? 'primary' : 'danger',
      onConfirm: () => send.mutate(body),
    });
  };
  const titleId = `step-${kind}`;
  return (
    <CardForm titleId={titleId} title={t(kind === 'move' ? 'reg.move.title' : 'reg.remove.title', { name: member.fullName })} onSubmit={submit}>
      <ErrorNote error={errors.form} />
      {kind === 'move' ? (
        <div className="field-row">
          <Field label={t('reg.move.to')} error={errors.fields.toHouseholdId} hint={t('reg.move.toHint')}>
            {(p) => <input {...p} dir="ltr" autoComplete="off" value={target} onChange={(e) => setTarget(e.target.value)} />}
          </Field>
          <Field label={t('reg.move.relation')} error={errors.fields.relation}>
            {(p) => <CodeSelect {...p} value={relation} onChange={(e) => setRelation(e.target.value)} choices={keyedChoices(RELATIONS, (r) => t(`relations.${r}`))} />}
          </Field>
        </div>
      ) : null}
      <Field label={t('reg.step.reason')} error={errors.fields.reason}>
        {(p) => <input {...p} autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <FormActions label={t(kind === 'move' ? 'reg.move.submit' : 'reg.remove.submit')} kind={kind === 'move' ? 'primary' : 'danger'} busy={send.isPending}>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('reg.step.cancel')}
        </button>
      </FormActions>
      {confirm.dialog}
    </CardForm>
  );
}

function AddMember({ householdId, onAdded }: { householdId: string; onAdded(name: string): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<MemberDraft>(emptyMember());
  const [elsewhere, setElsewhere] = useState<{ householdId: string | null } | null>(null);
  const [likely, setLikely] = useState<LikelyCandidate[] | undefined>(undefined);
  const errors = useFormErrors('post', '/api/v1/households/{id}/members');
  const add = useMutation({
    mutationFn: (body: unknown) => api('POST', `/api/v1/households/${householdId}/members`, body),
    onSuccess: async () => {
      onAdded(draft.sameAs?.fullName ?? draft.fullName.trim());
      setDraft(emptyMember());
      setLikely(undefined);
      await qc.invalidateQueries({ queryKey: ['household', householdId] });
    },
    onError: (e) => {
      const el = elsewhereOf(e);
      const named = likelyOf(e);
      if (el) {
        errors.reset();
        setElsewhere(el);
      } else if (named) {
        errors.reset();
        setLikely(named.get(0));
      } else errors.fail(e, ['nationalId', 'fullName', 'birthDate', 'sex', 'relation', 'nationality', 'phone']);
    },
  });
  return (
    <CardForm
      titleId="add-member"
      title={t('reg.add.title')}
      onSubmit={() => {
        setElsewhere(null);
        const body = memberBody(draft);
        if (errors.check(body)) add.mutate(body);
      }}
    >
      <ErrorNote error={errors.form} />
      <MemberFields draft={draft} onChange={setDraft} errorAt={(k) => errors.fields[k]} elsewhere={elsewhere ? { householdId: elsewhere.householdId, moveTo: householdId } : null} likely={likely} />
      <FormActions label={t('reg.add.submit')} busy={add.isPending} />
    </CardForm>
  );
}
