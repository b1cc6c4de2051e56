import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { shortRef } from '../../lib/format';
import { useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import { CardHead, Page, When } from '../../components/ui';
import { CardList } from '../../components/CardList';
import { DecisionForm, type DecisionChoice } from '../../components/DecisionForm';
import type { Schema } from '../../lib/api-types';

type Proposal = Schema<'MatchProposal'>;
type Person = Proposal['personA'];

/**
 * Pairs of registry records that person matching found may be one person, waiting for the ministry:
 * the two records side by side, what each field added to the score, and the decision after a
 * confirmation — the same person (merged into the record chosen to be kept) or different people
 * (never proposed again).
 */
export function MatchReview() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['match', 'pending'], queryFn: async () => (await api<{ items: Proposal[] }>('GET', '/api/v1/match/proposals?status=pending')).items });
  return (
    <Page title={t('match.title')}>
      <p className="lead">{t('match.intro')}</p>
      <CardList q={list} none={t('match.none')} itemKey={(x) => x.id} itemMarks={(x) => ({ className: 'match-card', 'data-proposal': x.id })}>
        {(x) => <ProposalCase x={x} />}
      </CardList>
    </Page>
  );
}

function ProposalCase({ x }: { x: Proposal }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const [keep, setKeep] = useState<'A' | 'B'>('A');
  const kept = keep === 'A' ? x.personA : x.personB;
  const merged = keep === 'A' ? x.personB : x.personA;
  const rows: [string, (p: Person) => string][] = [
    [t('match.fields.nationalId'), (p) => p.nationalId],
    [t('match.fields.fullName'), (p) => p.fullName],
    [t('match.fields.birthDate'), (p) => (p.birthDate ? f.date(p.birthDate) : '—')],
    [t('match.fields.sex'), (p) => (p.sex === 'F' ? t('reg.member.sexF') : p.sex === 'M' ? t('reg.member.sexM') : '—')],
    [t('match.fields.phone'), (p) => p.phone ?? '—'],
    [t('match.fields.region'), (p) => (p.region ? names.region(p.region) : '—')],
    [t('match.fields.household'), (p) => (p.householdId ? shortRef(p.householdId) : '—')],
  ];
  const record = (p: Person) => `${p.fullName} (${p.nationalId})`;
  const choices: DecisionChoice[] = [
    { decision: 'same', label: t('match.same'), kind: 'primary' },
    { decision: 'different', label: t('match.different'), kind: 'danger' },
  ];
  return (
    <>
      <CardHead title={t('match.score', { score: f.n(x.score, { maximumFractionDigits: 1 }) })}>
        <When value={x.createdAt} />
      </CardHead>
      <table className="match-pair">
        <caption className="visually-hidden">{t('match.pairCaption')}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">{t('match.recordA')}</th>
            <th scope="col">{t('match.recordB')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => {
            const a = value(x.personA);
            const b = value(x.personB);
            return (
              <tr key={label} className={a === b ? undefined : 'differs'}>
                <th scope="row">{label}</th>
                <td><bdi>{a}</bdi></td>
                <td><bdi>{b}</bdi></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>{t('match.evidence')}</h3>
      {x.explanation.relatives ? <p className="muted">{t('match.relatives')}</p> : null}
      <ul className="match-evidence">
        {x.explanation.parts.filter((p) => p.weight !== 0).map((p) => (
          <li key={p.field} className={p.weight > 0 ? 'for' : 'against'}>
            <span>{t(`match.field.${p.field}`, { defaultValue: p.field })}: {t(`match.level.${p.level}`, { defaultValue: p.level })}</span>{' '}
            <span className="num" dir="ltr">{p.weight > 0 ? '+' : '−'}{f.n(Math.abs(p.weight), { maximumFractionDigits: 1 })}</span>
          </li>
        ))}
      </ul>
      <fieldset className="keep-choice">
        <legend>{t('match.keepLegend')}</legend>
        {(['A', 'B'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name={`keep-${x.id}`} value={k} checked={keep === k} onChange={() => setKeep(k)} />{' '}
            {k === 'A' ? t('match.recordA') : t('match.recordB')}
          </label>
        ))}
      </fieldset>
      <DecisionForm
        route="/api/v1/match/proposals/{id}/decision"
        url={`/api/v1/match/proposals/${x.id}/decision`}
        field="reason"
        label={t('match.reason')}
        choices={choices}
        invalidate="match"
        extra={(c) => (c.decision === 'same' ? { keepId: kept.personId } : {})}
        confirm={(c, reason) => ({
          title: c.decision === 'same' ? t('match.confirmSame') : t('match.confirmDifferent'),
          summary: [
            ...(c.decision === 'same'
              ? ([[t('match.kept'), <bdi key="k">{record(kept)}</bdi>], [t('match.merged'), <bdi key="m">{record(merged)}</bdi>]] as [string, ReactNode][])
              : ([[t('match.recordA'), <bdi key="a">{record(x.personA)}</bdi>], [t('match.recordB'), <bdi key="b">{record(x.personB)}</bdi>]] as [string, ReactNode][])),
            [t('match.reason'), <bdi key="r">{reason}</bdi>],
          ],
          note: c.decision === 'same' ? t('match.sameNote') : t('match.differentNote'),
          confirmLabel: c.label,
        })}
      />
    </>
  );
}
