/**
 * Following a programme once its criteria are published: month by month the version in force, what
 * its what-if projected against the households enrolled, the budget projected against what was
 * paid, who entered and who left, and the appeals it caused; the same per first-level region for a
 * month chosen. Counts under the threshold come suppressed from the server and are said in words,
 * as in the what-if.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { Schema } from '../../lib/api-types';
import { useFormat, useMe } from '../../lib/session';
import { useNames } from '../../lib/names';
import { CardHead, Field, Query } from '../../components/ui';
import { CodeSelect } from '../../components/CodeSelect';
import { DataTable, type Column } from '../../components/DataTable';
import { BarChart } from '../../components/BarChart';
import { may, type ProgrammeView } from './Programmes';

type Monitoring = Schema<'ProgrammeMonitoring'>;
type Month = Monitoring['months'][number];
type Figures = Omit<Month['regions'][number], 'regionCode'>;

/** A count that may be suppressed (fewer than the threshold): said in words. */
export function useCount(threshold: number) {
  const { t } = useTranslation();
  const f = useFormat();
  return (n: number | null) => (n === null ? t('programmes.whatIf.fewer', { n: f.n(threshold) }) : f.n(n));
}

/** The month as the cycles name it ("Month of 1 December 2026"). */
function useMonth() {
  const { t } = useTranslation();
  const f = useFormat();
  return (month: string) => t('programmes.cycles.period', { date: f.date(`${month}-01`) });
}

/** The figures a month and a region share: projected against enrolled, budget against paid, entered and left. */
function useFigureColumns<T extends Figures>(count: (n: number | null) => string): Column<T>[] {
  const { t } = useTranslation();
  const f = useFormat();
  return [
    { header: t('programmes.monitoring.projected'), num: true, cell: (r) => count(r.projected.households) },
    { header: t('programmes.monitoring.enrolled'), num: true, cell: (r) => count(r.enrolled) },
    { header: t('programmes.monitoring.projectedBudget'), num: true, cell: (r) => f.money(r.projected.budget) },
    { header: t('programmes.monitoring.paid'), num: true, cell: (r) => f.money(r.paid.amount) },
    { header: t('programmes.monitoring.entered'), num: true, cell: (r) => count(r.entered) },
    { header: t('programmes.monitoring.left'), num: true, cell: (r) => count(r.left) },
  ];
}

export function ProgrammeMonitoring({ p }: { p: ProgrammeView }) {
  const { t } = useTranslation();
  const me = useMe();
  const ours = me.data?.orgKind === 'ministry' || p.ownerOrgId === me.data?.orgId;
  const allowed = may(me, 'programme:what-if') && ours && !!p.current;
  const q = useQuery({ queryKey: ['monitoring', p.id], queryFn: () => api<Monitoring>('GET', `/api/v1/programmes/${p.id}/monitoring`), enabled: allowed });
  if (!allowed) return null;
  return (
    <section className="card monitoring" aria-labelledby="pg-monitoring">
      <CardHead title={<span id="pg-monitoring">{t('programmes.monitoring.title')}</span>} />
      <p className="muted">{t('programmes.monitoring.intro')}</p>
      <Query q={q} empty={(m) => (m.months.length ? null : <p className="state empty">{t('programmes.monitoring.none')}</p>)}>
        {(m) => <MonitoringView m={m} />}
      </Query>
    </section>
  );
}

function MonitoringView({ m }: { m: Monitoring }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const count = useCount(m.suppressedBelow);
  const monthName = useMonth();
  const figures = useFigureColumns<Month>(count);
  const regionFigures = useFigureColumns<Month['regions'][number]>(count);
  const [chosen, setChosen] = useState(m.months.at(-1)!.month);
  const month = m.months.find((x) => x.month === chosen) ?? m.months.at(-1)!;
  return (
    <>
      <DataTable
        label={t('programmes.monitoring.byMonth')}
        rowKey={(r) => r.month}
        rowMarks={(r) => ({ 'data-month': r.month })}
        rows={m.months}
        columns={[
          { header: t('programmes.monitoring.month'), rowHeader: true, cell: (r) => monthName(r.month) },
          { header: t('programmes.cycles.version'), cell: (r) => (r.version === null ? t('programmes.noVersion') : t('programmes.versionN', { n: f.n(r.version) })) },
          ...figures,
          { header: t('programmes.monitoring.appeals'), cell: (r) => t('programmes.monitoring.appealsOf', { lodged: count(r.appeals.lodged), upheld: count(r.appeals.upheld), overturned: count(r.appeals.overturned) }) },
        ]}
      />
      <BarChart
        caption={t('programmes.monitoring.chart')}
        series={[{ key: 'now', label: t('programmes.monitoring.projected') }, { key: 'proposed', label: t('programmes.monitoring.enrolled') }]}
        groups={m.months.map((r) => ({ key: r.month, label: monthName(r.month), values: { now: r.projected.households, proposed: r.enrolled } }))}
        say={count}
      />
      <h3>{t('programmes.monitoring.byRegion')}</h3>
      {m.months.length > 1 ? (
        <Field label={t('programmes.monitoring.month')}>
          {(props) => <CodeSelect {...props} value={month.month} choices={m.months.map((x) => ({ value: x.month, label: monthName(x.month) }))} onChange={(e) => setChosen(e.target.value)} />}
        </Field>
      ) : null}
      <DataTable
        label={t('programmes.monitoring.byRegionOf', { month: monthName(month.month) })}
        rowKey={(r) => r.regionCode}
        rowMarks={(r) => ({ 'data-region': r.regionCode })}
        rows={month.regions}
        empty={t('programmes.monitoring.noRegions')}
        columns={[{ header: t('programmes.whatIf.region'), rowHeader: true, cell: (r) => names.region(r.regionCode) }, ...regionFigures]}
      />
    </>
  );
}
