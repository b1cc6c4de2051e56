/** A record's facts as a label/value list (<dl class="facts">); facts that do not apply are left out. */
import type { ReactNode } from 'react';

export interface Fact {
  label: string;
  value: ReactNode;
  /** A number: set as one. */
  num?: boolean;
}

/** The facts that apply: a fact given as false, null or undefined is left out. */
export function presentFacts(items: readonly (Fact | false | null | undefined)[]): Fact[] {
  return items.filter((x): x is Fact => !!x);
}

export function Facts({ items }: { items: readonly (Fact | false | null | undefined)[] }) {
  return (
    <dl className="facts">
      {presentFacts(items).map((x) => (
        <div key={x.label}>
          <dt>{x.label}</dt>
          <dd {...(x.num ? { className: 'num' } : {})}>{x.value}</dd>
        </div>
      ))}
    </dl>
  );
}
