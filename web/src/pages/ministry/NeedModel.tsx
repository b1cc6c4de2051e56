import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useFormat, useMe } from '../../lib/session';
import { useNames } from '../../lib/names';
import { asciiDigits } from '../../lib/format';
import { CardHead, ErrorNote, Field, Loading, Page, SuccessNote } from '../../components/ui';
import { CodeSelect, namedChoices } from '../../components/CodeSelect';
import { useConfirm } from '../../components/Confirm';
import type { Schema } from '../../lib/api-types';

type Model = Schema<'NeedModel'>;
type Score = Schema<'NeedScore'>;
type Draft = Pick<Model, 'weights' | 'bands' | 'national' | 'regions'>;
type Factor = keyof Model['weights'];
const HOUSING = ['owned', 'rented', 'family', 'informal', 'homeless'] as const;

/** A sample household for the preview, in counts and amounts (major units), as typed. */
interface Sample { region: string; adults: string; children: string; elderly: string; disabled: string; chronic: string; income: string; housing: (typeof HOUSING)[number]; rent: string; debts: string; repayment: string }

const num = (s: string) => {
  const v = Number(asciiDigits(s).replace(/[٫,]/g, '.'));
  return Number.isFinite(v) ? v : NaN;
};

/**
 * The ministry's need scoring model: the weight of each factor, the bands that turn a score into
 * a priority, and the poverty line and multiplier of the country and of any region that differs
 * (a region left out takes its province's, then the country's). A sample household shows the
 * effect of the edit before it is saved; saving makes a new version and asks first.
 */
export function NeedModel() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const names = useNames();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const canEdit = me.data?.permissions.includes('need-model:edit') ?? false;
  const unit = 10 ** f.currency.minorUnits;
  const model = useQuery({ queryKey: ['need-model'], queryFn: () => api<Model>('GET', '/api/v1/need-model') });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (model.data && !draft) setDraft({ weights: { ...model.data.weights }, bands: model.data.bands.map((b) => ({ ...b })), national: { ...model.data.national }, regions: model.data.regions.map((r) => ({ ...r })) });
  }, [model.data, draft]);
  const firstRegion = names.regions.data?.find((r) => r.level === 2)?.code ?? names.regions.data?.[0]?.code ?? '';
  const [sample, setSample] = useState<Sample>({ region: '', adults: '2', children: '2', elderly: '0', disabled: '1', chronic: '0', income: '', housing: 'rented', rent: '', debts: '0', repayment: '0' });

  const facts = () => {
    const count = (s: string) => Math.max(0, Math.floor(num(s) || 0));
    const members: { age: number | null; disability: boolean; chronicIllness: boolean; relation: string }[] = [];
    const adults = Math.max(1, count(sample.adults));
    for (let i = 0; i < adults; i++) members.push({ age: 40, disability: false, chronicIllness: false, relation: i === 0 ? 'head' : 'spouse' });
    for (let i = 0; i < count(sample.children); i++) members.push({ age: 8, disability: false, chronicIllness: false, relation: 'child' });
    for (let i = 0; i < count(sample.elderly); i++) members.push({ age: 70, disability: false, chronicIllness: false, relation: 'parent' });
    members.slice(0, count(sample.disabled)).forEach((m) => (m.disability = true));
    members.slice(0, count(sample.chronic)).forEach((m) => (m.chronicIllness = true));
    const minor = (s: string) => Math.max(0, Math.round((num(s) || 0) * unit));
    return {
      regionCode: sample.region || firstRegion,
      members,
      monthlyIncomeMinor: minor(sample.income),
      housing: sample.housing,
      monthlyRentMinor: minor(sample.rent),
      debtsMinor: minor(sample.debts),
      monthlyDebtRepaymentMinor: minor(sample.repayment),
    };
  };
  const preview = useMutation({ mutationFn: (d: Draft) => api<{ active: Score; proposed: Score }>('POST', '/api/v1/need-model/preview', { model: d, facts: facts() }) });
  const save = useMutation({
    mutationFn: (d: Draft) => api<Model>('PUT', '/api/v1/need-model', { basedOnVersion: model.data!.version, ...(note.trim() ? { note: note.trim() } : {}), ...d }),
    onSuccess: async (saved) => {
      qc.setQueryData(['need-model'], saved);
      setDraft(null);
      setNote('');
      await qc.invalidateQueries({ queryKey: ['priority'] });
    },
  });

  if (model.isPending || !draft) return <Page title={t('needModel.title')}>{model.error ? <ErrorNote error={model.error} /> : <Loading />}</Page>;
  const m = model.data!;
  const setWeight = (k: Factor, v: string) => setDraft({ ...draft, weights: { ...draft.weights, [k]: num(v) } });
  const setBand = (i: number, k: 'minScore' | 'priority', v: string) => setDraft({ ...draft, bands: draft.bands.map((b, j) => (j === i ? { ...b, [k]: num(v) } : b)) });
  const setRegion = (i: number, k: 'code' | 'povertyLineMinor' | 'multiplier', v: string) =>
    setDraft({ ...draft, regions: draft.regions.map((r, j) => (j !== i ? r : { ...r, [k]: k === 'code' ? v : v.trim() === '' ? null : k === 'povertyLineMinor' ? Math.round(num(v) * unit) : num(v) })) });
  const major = (minor: number | null) => (minor === null ? '' : String(minor / unit));
  const totalWeight = m.factors.reduce((s, k) => s + (draft.weights[k as Factor] || 0), 0);
  const regionChoices = namedChoices(names.regions.data, f.name);
  const askSave = () =>
    confirm.ask({
      title: t('needModel.confirmTitle'),
      summary: [
        [t('needModel.version'), t('needModel.versionChange', { from: f.n(m.version), to: f.n(m.version + 1) })],
        [t('needModel.bands'), draft.bands.map((b) => `${f.n(b.minScore)}→${f.n(b.priority)}`).join(' · ')],
        [t('needModel.regions'), f.n(draft.regions.length)],
      ],
      note: t('needModel.confirmNote'),
      confirmLabel: t('needModel.save'),
      onConfirm: () => save.mutate(draft),
    });
  const scoreLine = (s: Score) => t('needModel.scoreLine', { score: f.n(s.score, { maximumFractionDigits: 1 }), priority: f.n(s.priority) });

  return (
    <Page title={t('needModel.title')}>
      <p className="lead">{t('needModel.intro', { version: f.n(m.version) })}</p>
      {save.isSuccess ? <SuccessNote>{t('needModel.saved', { version: f.n(save.data.version) })}</SuccessNote> : null}

      <section className="card" aria-labelledby="nm-weights">
        <CardHead title={<span id="nm-weights">{t('needModel.weights')}</span>} />
        <p className="muted">{t('needModel.weightsHint')}</p>
        <div className="filter-grid">
          {m.factors.map((k) => (
            <Field key={k} label={t(`needModel.factors.${k}`)} hint={totalWeight > 0 ? t('needModel.share', { n: f.n(((draft.weights[k as Factor] || 0) / totalWeight) * 100, { maximumFractionDigits: 0 }) }) : undefined}>
              {(p) => <input {...p} inputMode="decimal" value={Number.isNaN(draft.weights[k as Factor]) ? '' : String(draft.weights[k as Factor])} onChange={(e) => setWeight(k as Factor, e.target.value)} disabled={!canEdit} />}
            </Field>
          ))}
        </div>
      </section>

      <section className="card" aria-labelledby="nm-bands">
        <CardHead title={<span id="nm-bands">{t('needModel.bands')}</span>} />
        <p className="muted">{t('needModel.bandsHint')}</p>
        {draft.bands.map((b, i) => (
          <div key={i} className="filter-grid">
            <Field label={t('needModel.minScore')}>{(p) => <input {...p} inputMode="decimal" value={String(b.minScore)} onChange={(e) => setBand(i, 'minScore', e.target.value)} disabled={!canEdit || i === 0} />}</Field>
            <Field label={t('needModel.priority')}>
              {(p) => <CodeSelect {...p} value={String(b.priority)} onChange={(e) => setBand(i, 'priority', e.target.value)} disabled={!canEdit} choices={[0, 1, 2, 3].map((n) => ({ value: String(n), label: f.n(n) }))} />}
            </Field>
            {canEdit && i > 0 ? (
              <button type="button" className="button secondary small" onClick={() => setDraft({ ...draft, bands: draft.bands.filter((_, j) => j !== i) })}>
                {t('needModel.remove')}
              </button>
            ) : null}
          </div>
        ))}
        {canEdit && draft.bands.length < 10 ? (
          <button type="button" className="button secondary small" onClick={() => setDraft({ ...draft, bands: [...draft.bands, { minScore: Math.min(100, (draft.bands.at(-1)?.minScore ?? 0) + 10), priority: draft.bands.at(-1)?.priority ?? 0 }] })}>
            {t('needModel.addBand')}
          </button>
        ) : null}
      </section>

      <section className="card" aria-labelledby="nm-places">
        <CardHead title={<span id="nm-places">{t('needModel.places')}</span>} />
        <p className="muted">{t('needModel.placesHint')}</p>
        <div className="filter-grid">
          <Field label={t('needModel.povertyLine', { currency: f.currency.code })}>
            {(p) => <input {...p} inputMode="decimal" value={major(draft.national.povertyLineMinor)} onChange={(e) => setDraft({ ...draft, national: { ...draft.national, povertyLineMinor: Math.round(num(e.target.value) * unit) } })} disabled={!canEdit} />}
          </Field>
          <Field label={t('needModel.multiplier')}>
            {(p) => <input {...p} inputMode="decimal" value={String(draft.national.multiplier)} onChange={(e) => setDraft({ ...draft, national: { ...draft.national, multiplier: num(e.target.value) } })} disabled={!canEdit} />}
          </Field>
        </div>
        <h3>{t('needModel.regions')}</h3>
        {draft.regions.length === 0 ? <p className="muted">{t('needModel.noRegions')}</p> : null}
        {draft.regions.map((r, i) => (
          <div key={i} className="filter-grid">
            <Field label={t('pool.region')}>{(p) => <CodeSelect {...p} value={r.code} onChange={(e) => setRegion(i, 'code', e.target.value)} disabled={!canEdit} choices={regionChoices} />}</Field>
            <Field label={t('needModel.povertyLine', { currency: f.currency.code })} hint={t('needModel.inherit')}>
              {(p) => <input {...p} inputMode="decimal" value={major(r.povertyLineMinor)} onChange={(e) => setRegion(i, 'povertyLineMinor', e.target.value)} disabled={!canEdit} />}
            </Field>
            <Field label={t('needModel.multiplier')} hint={t('needModel.inherit')}>
              {(p) => <input {...p} inputMode="decimal" value={r.multiplier === null ? '' : String(r.multiplier)} onChange={(e) => setRegion(i, 'multiplier', e.target.value)} disabled={!canEdit} />}
            </Field>
            {canEdit ? (
              <button type="button" className="button secondary small" onClick={() => setDraft({ ...draft, regions: draft.regions.filter((_, j) => j !== i) })}>
                {t('needModel.remove')}
              </button>
            ) : null}
          </div>
        ))}
        {canEdit ? (
          <button type="button" className="button secondary small" onClick={() => setDraft({ ...draft, regions: [...draft.regions, { code: firstRegion, povertyLineMinor: null, multiplier: null }] })}>
            {t('needModel.addRegion')}
          </button>
        ) : null}
      </section>

      <section className="card" aria-labelledby="nm-sample">
        <CardHead title={<span id="nm-sample">{t('needModel.sample')}</span>} />
        <p className="muted">{t('needModel.sampleHint')}</p>
        <div className="filter-grid">
          <Field label={t('pool.region')}>{(p) => <CodeSelect {...p} value={sample.region || firstRegion} onChange={(e) => setSample({ ...sample, region: e.target.value })} choices={regionChoices} />}</Field>
          {(['adults', 'children', 'elderly', 'disabled', 'chronic'] as const).map((k) => (
            <Field key={k} label={t(`needModel.sampleFields.${k}`)}>{(p) => <input {...p} inputMode="numeric" value={sample[k]} onChange={(e) => setSample({ ...sample, [k]: e.target.value })} />}</Field>
          ))}
          {(['income', 'rent', 'debts', 'repayment'] as const).map((k) => (
            <Field key={k} label={t(`needModel.sampleFields.${k}`, { currency: f.currency.code })}>{(p) => <input {...p} inputMode="decimal" value={sample[k]} onChange={(e) => setSample({ ...sample, [k]: e.target.value })} />}</Field>
          ))}
          <Field label={t('needModel.sampleFields.housing')}>
            {(p) => <CodeSelect {...p} value={sample.housing} onChange={(e) => setSample({ ...sample, housing: e.target.value as Sample['housing'] })} choices={HOUSING.map((h) => ({ value: h, label: t(`needModel.housing.${h}`) }))} />}
          </Field>
        </div>
        <div className="card-actions">
          <button type="button" className="button secondary" onClick={() => preview.mutate(draft)} disabled={preview.isPending}>
            {t('needModel.preview')}
          </button>
        </div>
        <ErrorNote error={preview.error} />
        {preview.data ? (
          <div className="preview" aria-live="polite">
            <p>
              <strong>{t('needModel.now')}</strong> {scoreLine(preview.data.active)} · <strong>{t('needModel.after')}</strong> {scoreLine(preview.data.proposed)}
            </p>
            <ul className="why-list">
              {preview.data.proposed.contributions.filter((c) => c.points > 0).map((c) => (
                <li key={c.factor}>
                  {t(`needModel.factors.${c.factor}`, { defaultValue: c.factor })} <strong>{t('priority.points', { n: f.n(c.points, { maximumFractionDigits: 1 }) })}</strong>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {canEdit ? (
        <section className="card" aria-labelledby="nm-save">
          <CardHead title={<span id="nm-save">{t('needModel.saveTitle')}</span>} />
          <Field label={t('needModel.note')}>{(p) => <input {...p} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />}</Field>
          <ErrorNote error={save.error} />
          <div className="card-actions">
            <button type="button" className="button primary" onClick={askSave} disabled={save.isPending}>
              {t('needModel.save')}
            </button>
            <button type="button" className="button secondary" onClick={() => setDraft(null)} disabled={save.isPending}>
              {t('needModel.reset')}
            </button>
          </div>
        </section>
      ) : null}
      {confirm.dialog}
    </Page>
  );
}
