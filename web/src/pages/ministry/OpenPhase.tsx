/**
 * Opening a phase of a plan (a programme's, or the deployment's): the phase chosen from those the
 * plan holds (the first with a region not yet open by default), and a confirmation that names every
 * region that will then be open.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import { Field } from '../../components/ui';
import { CodeSelect } from '../../components/CodeSelect';
import { useConfirm } from '../../components/Confirm';

export interface PlannedRegion {
  regionCode: string;
  phase: number;
  openedAt: string | null;
}

export function OpenPhase({ plan, busy, note, onOpen }: { plan: readonly PlannedRegion[]; busy: boolean; note: string; onOpen(phase: number): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const confirm = useConfirm();
  const phases = [...new Set(plan.map((r) => r.phase))].sort((a, b) => a - b);
  const [phase, setPhase] = useState('');
  useEffect(() => {
    if (!phase && phases.length) setPhase(String(phases.find((x) => plan.some((r) => r.phase === x && !r.openedAt)) ?? phases[0]));
  }, [phase, phases, plan]);
  if (!phases.length) return null;
  return (
    <div className="open-phase">
      <Field label={t('programmes.phases.phaseToOpen')}>
        {(props) => <CodeSelect {...props} value={phase} choices={phases.map((x) => ({ value: String(x), label: t('programmes.phases.phaseN', { n: f.n(x) }) }))} onChange={(e) => setPhase(e.target.value)} />}
      </Field>
      <button
        type="button"
        className="button primary"
        disabled={busy || !phase}
        onClick={() =>
          confirm.ask({
            title: t('programmes.phases.openTitle', { n: f.n(Number(phase)) }),
            summary: [[t('programmes.phases.regions'), plan.filter((r) => r.phase <= Number(phase)).map((r) => names.region(r.regionCode)).join(' · ') || '—']],
            note,
            confirmLabel: t('programmes.phases.open'),
            onConfirm: () => onOpen(Number(phase)),
          })
        }
      >
        {t('programmes.phases.open')}
      </button>
      {confirm.dialog}
    </div>
  );
}
