/**
 * Asking before an irreversible step: a modal <dialog> that shows what is about to happen as a
 * summary (label → value lines), with "Confirm" and "Go back". Escape or "Go back" closes it and
 * nothing is sent; focus starts on "Go back" (the safe choice) and returns to the button that opened it.
 *
 *   const confirm = useConfirm();
 *   <button onClick={() => confirm.ask({ title, summary: [[label, value]], confirmLabel, onConfirm: () => m.mutate(body) })}>
 *   {confirm.dialog}
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmRequest {
  title: string;
  /** What the step does, one line per fact, in the reader's language. */
  summary: [label: string, value: ReactNode][];
  /** A sentence under the summary, e.g. "This cannot be undone." */
  note?: string;
  confirmLabel: string;
  kind?: 'primary' | 'danger';
  onConfirm(): void;
}

export function useConfirm(): { ask(r: ConfirmRequest): void; dialog: ReactNode; open: boolean } {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const opener = useRef<Element | null>(null);
  const ask = (r: ConfirmRequest) => {
    opener.current = document.activeElement;
    setRequest(r);
  };
  const close = () => {
    setRequest(null);
    const el = opener.current;
    if (el instanceof HTMLElement) queueMicrotask(() => el.focus());
  };
  return { ask, open: request !== null, dialog: request ? <ConfirmDialog request={request} onClose={close} /> : null };
}

function ConfirmDialog({ request, onClose }: { request: ConfirmRequest; onClose(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    cancel.current?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{request.title}</h2>
      <dl className="confirm-summary">
        {request.summary.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {request.note ? <p className="confirm-note">{request.note}</p> : null}
      <div className="form-actions">
        <button
          type="button"
          className={`button ${request.kind ?? 'primary'}`}
          onClick={() => {
            onClose();
            request.onConfirm();
          }}
        >
          {request.confirmLabel}
        </button>
        <button ref={cancel} type="button" className="button secondary" onClick={onClose}>
          {t('confirm.back')}
        </button>
      </div>
    </dialog>
  );
}
