/**
 * Two or more figures side by side as horizontal bars, one group a row of the table beside it (now
 * against proposed, projected against enrolled). Each bar carries its value in words and its series
 * for screen readers; the bars are drawn with CSS only (`.bar-chart`, programmes.css) and run from
 * the reading direction's start, so they turn round in Arabic and Persian.
 */
export interface BarSeries {
  key: string;
  label: string;
}
export interface BarGroup {
  key: string;
  label: string;
  values: Record<string, number | null>;
}

export function BarChart({ caption, series, groups, say }: { caption: string; series: readonly BarSeries[]; groups: readonly BarGroup[]; say(n: number | null): string }) {
  const max = Math.max(1, ...groups.flatMap((g) => series.map((s) => g.values[s.key] ?? 0)));
  return (
    <figure className="bar-chart">
      <figcaption>{caption}</figcaption>
      <ul className="legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.key}><span className={`swatch ${s.key}`} />{s.label}</li>
        ))}
      </ul>
      {groups.map((g) => (
        <div key={g.key} className="bar-group" data-group={g.key}>
          <p className="bar-label">{g.label}</p>
          {series.map((s) => (
            <div key={s.key} className="bar-row">
              <span className="visually-hidden">{s.label}</span>
              <span className={`bar ${s.key}`} style={{ inlineSize: `${((g.values[s.key] ?? 0) / max) * 75}%` }} />
              <span className="bar-value">{say(g.values[s.key] ?? null)}</span>
            </div>
          ))}
        </div>
      ))}
    </figure>
  );
}
