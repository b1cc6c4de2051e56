/** A record's facts as a label/value list (<dl class="facts">); facts that do not apply are left out. */
import type { ReactNode } from 'react';
import { presentFacts } from '../lib/parts';

export interface Fact {
  label: string;
  value: ReactNode;
  /** A number: set as one. */
  num?: boolean;
}

export function Facts({ items }: { items: readonly (Fact | false | null | undefined)[] }) {
  return (
    <dl className="facts">
      {presentFacts<Fact>(items).map((x) => (
        <div key={x.label}>
          <dt>{x.label}</dt>
          <dd {...(x.num ? { className: 'num' } : {})}>{x.value}</dd>
        </div>
      ))}
    </dl>
  );
}
