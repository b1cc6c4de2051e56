/** Small building blocks: page frame, fields with their errors, loading / empty / error states. */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../lib/api';
import { bodySchema, useOpenApi, validate } from '../lib/schema';
import { useFormat } from '../lib/session';
import { daysLeft, shortRef } from '../lib/format';
import type { Names } from '../lib/reference';

export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{title}</h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** A problem as plain words in the person's language; the server's detail too in English. */
export function problemText(t: TFunction, e: unknown, lang: string): string {
  if (!(e instanceof ApiError)) return t('problems.internal');
  if (e.status === 0) return t('problems.network');
  const key = `problems.${e.slug}`;
  const text = t(key, { defaultValue: '' }) || t('problems.internal');
  return lang === 'en' && e.problem.detail && e.slug !== 'internal' ? `${text}: ${e.problem.detail}` : text;
}

export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const { lang } = useFormat();
  if (!error) return null;
  return (
    <div className="alert error" role="alert">
      {problemText(t, error, lang)}
    </div>
  );
}

/**
 * A query's answer, or its loading state, its error, or its emptiness: `none` is the text shown
 * when the answer is an empty list, `empty` decides for any other answer.
 */
export function Query<T>({ q, empty, none, children }: { q: { isPending: boolean; error: unknown; data: T | undefined }; empty?: (d: T) => ReactNode | null; none?: string; children: (d: T) => ReactNode }) {
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorNote error={q.error} />;
  const d = q.data as T;
  if (none !== undefined && Array.isArray(d) && d.length === 0) return <Empty>{none}</Empty>;
  const e = empty?.(d);
  if (e) return <>{e}</>;
  return <>{children(d)}</>;
}

/** A labelled control with its hint and error; `id` only where a fixed id is wanted (filters kept in the address). */
export function Field({ label, error, hint, id: fixedId, children }: { label: string; error?: string | undefined; hint?: string; id?: string; children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  const autoId = useId();
  const id = fixedId ?? autoId;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A form's errors: checked before sending against the operation's request-body schema from the
 * OpenAPI document, and after a refusal from the problem+json body (field / errors[].field).
 */
export function useFormErrors(method: string, path: string) {
  const { t } = useTranslation();
  const { lang, n } = useFormat();
  const doc = useOpenApi();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [form, setForm] = useState<unknown>(null);
  return {
    fields,
    form,
    /** true when the body satisfies the API's schema; otherwise the errors are shown. */
    check(body: unknown): boolean {
      const errs = validate(bodySchema(doc.data, method, path), body);
      const out: Record<string, string> = {};
      for (const e of errs) {
        const params = Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, typeof v === 'number' ? n(v) : v]));
        out[e.field] ??= t(`validation.${e.rule}`, { ...(params as Record<string, string>), ...(typeof e.params.limit === 'number' ? { count: e.params.limit } : {}) });
      }
      setFields(out);
      setForm(null);
      return errs.length === 0;
    },
    /** Show a refusal: next to its field when it names one, else above the form. */
    fail(e: unknown, knownFields: string[]) {
      if (e instanceof ApiError) {
        const named = Object.entries(e.fields).filter(([f]) => knownFields.includes(f));
        if (named.length) {
          const specific = t(`problems.${e.slug}`, { defaultValue: '' });
          setFields(Object.fromEntries(named.map(([f, msg]) => [f, lang === 'en' ? msg : specific && e.slug !== 'validation' ? specific : t('validation.invalid')])));
          setForm(null);
          return;
        }
      }
      setFields({});
      setForm(e);
    },
    reset() {
      setFields({});
      setForm(null);
    },
  };
}

/** A button that shows or hides what belongs to it (the open one is chosen by the page). */
export function Expander({ label, open, onToggle, children }: { label: string; open: boolean; onToggle(): void; children: ReactNode }) {
  return (
    <>
      <button type="button" className="button secondary small" aria-expanded={open} onClick={onToggle}>
        {label}
      </button>
      {open ? children : null}
    </>
  );
}

/** A card's heading with what stands beside it (a status, a date, a badge). */
export function CardHead({ title, plain = false, children }: { title: ReactNode; plain?: boolean; children?: ReactNode }) {
  return (
    <div className="card-head">
      {plain ? <h3>{title}</h3> : <h2 className="h3">{title}</h2>}
      {children}
    </div>
  );
}

/** A form in a card, headed by its title (which names it); the page's own check runs on submit. */
export function CardForm({ titleId, title, onSubmit, children }: { titleId: string; title: string; onSubmit(): void; children: ReactNode }) {
  return (
    <form
      className="card form"
      noValidate
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </form>
  );
}

/** A form's submit button (busy while its request runs), with whatever stands beside it. */
export function FormActions({ label, busy, kind = 'primary', children }: { label: string; busy?: boolean; kind?: 'primary' | 'secondary' | 'danger'; children?: ReactNode }) {
  return (
    <div className="form-actions">
      <button type="submit" className={`button ${kind}`} disabled={busy}>
        {label}
      </button>
      {children}
    </div>
  );
}

/** A short confirmation, announced politely. */
export function SuccessNote({ className, children }: { className?: string; children: ReactNode }) {
  return (
    <p className={className ? `alert success ${className}` : 'alert success'} role="status">
      {children}
    </p>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`status.${status}`, { defaultValue: status })}</span>;
}

/** "409 duplicate-aid" in plain words: what was given, when, by whom, and until when it blocks. */
export interface DuplicateConflict {
  aidType: string;
  aidTypeName?: Names;
  grantedOn: string;
  organisationKind: 'ministry' | 'charity';
  sameOrganisation?: boolean;
  blockedUntil: string | null;
}
export function DuplicateAidExplanation({ conflict }: { conflict: DuplicateConflict | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!conflict) return <div className="alert error" role="alert">{t('problems.duplicate-aid')}</div>;
  const who = conflict.sameOrganisation ? t('duplicate.byYou') : conflict.organisationKind === 'ministry' ? t('duplicate.byMinistry') : t('duplicate.byCharity');
  return (
    <div className="alert error duplicate" role="alert">
      <p className="alert-title">{t('duplicate.title')}</p>
      <p>{t('duplicate.given', { aid: f.name(conflict.aidTypeName, conflict.aidType), date: f.date(conflict.grantedOn), who })}</p>
      <p>{conflict.blockedUntil ? t('duplicate.until', { date: f.date(conflict.blockedUntil) }) : t('duplicate.lifetime')}</p>
      <p className="hint">{t('duplicate.exception')}</p>
    </div>
  );
}

export function conflictOf(e: unknown): DuplicateConflict | undefined | false {
  if (e instanceof ApiError && e.slug === 'duplicate-aid') return (e.problem.conflict as DuplicateConflict | undefined) ?? undefined;
  return false;
}

/** A request's short reference, the one the messages name (never the raw ID). */
export function RequestRef({ id }: { id: string }) {
  return <bdi className="request-ref" dir="ltr">{shortRef(id)}</bdi>;
}

/** A date that is past its deadline is marked in words, not only by colour. */
export function Deadline({ at, overdue }: { at: string; overdue?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const late = overdue ?? new Date(at).getTime() < Date.now();
  return (
    <span className={late ? 'deadline overdue' : 'deadline'}>
      <time dateTime={at}>{f.date(at)}</time>
      {late ? <span className="badge overdue-badge">{t('common.overdue')}</span> : <span className="days-left">{t('lang.daysLeft', { count: daysLeft(at), n: f.n(daysLeft(at)) })}</span>}
    </span>
  );
}

/** A date or instant in the deployment's calendar and the language's digits, machine-readable too. */
export function When({ value, withTime = false }: { value: string | null | undefined; withTime?: boolean }) {
  const f = useFormat();
  if (!value) return <>—</>;
  return <time dateTime={value}>{withTime ? f.dateTime(value) : f.date(value)}</time>;
}
