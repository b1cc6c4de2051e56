/**
 * A select of codes (aid types, baskets, regions, roles, languages…) shown by their names. It takes
 * the props a <Field> hands its control (id, aria-invalid, aria-describedby), so its label is tied
 * to it.
 */
import type { SelectHTMLAttributes } from 'react';
import type { Choice } from '../lib/parts';

export { keyedChoices, namedChoices, type Choice } from '../lib/parts';

/** `empty`: the label of a first choice with no code ("all", "choose…"). */
export function CodeSelect({ choices, empty, ...select }: { choices: readonly Choice[]; empty?: string } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select {...select}>
      {empty === undefined ? null : <option value="">{empty}</option>}
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/** Several codes chosen at once: a fieldset of checkboxes, each labelled by its name. */
export function CodeChecks({ legend, choices, selected, onToggle }: { legend: string; choices: readonly Choice[]; selected: ReadonlySet<string>; onToggle(code: string): void }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="checks">
        {choices.map((c) => (
          <label key={c.value} className="check">
            <input type="checkbox" checked={selected.has(c.value)} onChange={() => onToggle(c.value)} />
            {c.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
