/**
 * A decision on a record with an optional written reason: one button per possible decision,
 * POST {decision, [field]} to the record's decision route, the reason left out when blank.
 * Used for charities (approve, reject, suspend), exceptions (approve, reject) and pairs of records
 * that may be one person (same, different). With
 * `confirm`, each decision first asks (Confirm.tsx) with the summary it returns; nothing is sent
 * until the person confirms.
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api';
import { ErrorNote, Field, useFormErrors } from './ui';
import { useConfirm, type ConfirmRequest } from './Confirm';

export interface DecisionChoice {
  decision: string;
  label: string;
  kind: 'primary' | 'danger';
}

export function DecisionForm({ route, url, field, label, choices, invalidate, extra, confirm: summarise }: {
  route: string; url: string; field: 'reason' | 'note'; label: string; choices: DecisionChoice[]; invalidate: string;
  /** More of the body for a decision (the record kept of a merge). */
  extra?: (choice: DecisionChoice) => Record<string, unknown>;
  confirm?: (choice: DecisionChoice, text: string) => Omit<ConfirmRequest, 'onConfirm' | 'kind'>;
}) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const [text, setText] = useState('');
  const errors = useFormErrors('post', route);
  const decide = useMutation({
    mutationFn: (body: unknown) => api('POST', url, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [invalidate] }),
    onError: (e) => errors.fail(e, [field]),
  });
  const send = (c: DecisionChoice) => {
    const body = { decision: c.decision, ...extra?.(c), ...(text.trim() ? { [field]: text.trim() } : {}) };
    if (!errors.check(body)) return;
    if (summarise) confirm.ask({ ...summarise(c, text.trim()), kind: c.kind, onConfirm: () => decide.mutate(body) });
    else decide.mutate(body);
  };
  return (
    <div className="decision">
      <ErrorNote error={errors.form} />
      <Field label={label} error={errors.fields[field]}>
        {(p) => <input {...p} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <div className="form-actions">
        {choices.map((c) => (
          <button key={c.decision} type="button" className={`button ${c.kind}`} onClick={() => send(c)} disabled={decide.isPending}>
            {c.label}
          </button>
        ))}
      </div>
      {confirm.dialog}
    </div>
  );
}
