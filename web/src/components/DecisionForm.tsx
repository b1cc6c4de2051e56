/**
 * A decision on a record with an optional written reason: one button per possible decision,
 * POST {decision, [field]} to the record's decision route, the reason left out when blank.
 * Used for charities (approve, reject, suspend) and for exceptions (approve, reject).
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api';
import { ErrorNote, Field, useFormErrors } from './ui';

export interface DecisionChoice {
  decision: string;
  label: string;
  kind: 'primary' | 'danger';
}

export function DecisionForm({ route, url, field, label, choices, invalidate }: { route: string; url: string; field: 'reason' | 'note'; label: string; choices: DecisionChoice[]; invalidate: string }) {
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const errors = useFormErrors('post', route);
  const decide = useMutation({
    mutationFn: (body: unknown) => api('POST', url, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [invalidate] }),
    onError: (e) => errors.fail(e, [field]),
  });
  const send = (decision: string) => {
    const body = { decision, ...(text.trim() ? { [field]: text.trim() } : {}) };
    if (errors.check(body)) decide.mutate(body);
  };
  return (
    <div className="decision">
      <ErrorNote error={errors.form} />
      <Field label={label} error={errors.fields[field]}>
        {(p) => <input {...p} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <div className="form-actions">
        {choices.map((c) => (
          <button key={c.decision} type="button" className={`button ${c.kind}`} onClick={() => send(c.decision)} disabled={decide.isPending}>
            {c.label}
          </button>
        ))}
      </div>
    </div>
  );
}
