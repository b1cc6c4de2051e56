/**
 * A donor's restriction on a gift (what it may pay for): general, a basket, an aid type, a region or
 * a programme, and whether it is zakat; the picker and the restriction in plain words.
 */
import { useTranslation } from 'react-i18next';
import { useNames } from '../lib/names';
import { useFormat } from '../lib/session';
import { Field } from './ui';

export const RESTRICTION_KINDS = ['general', 'basket', 'aid_type', 'region', 'programme'] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];
export interface RestrictionValue {
  kind: RestrictionKind;
  code: string | null;
  zakat: boolean;
}
export const generalRestriction: RestrictionValue = { kind: 'general', code: null, zakat: false };

/** The restriction in the reader's words: "Education · Zakat". */
export function useRestrictionText() {
  const { t } = useTranslation();
  const names = useNames();
  return (r: { kind: string; code: string | null; zakat: boolean }) => {
    const what =
      r.kind === 'basket' ? names.basket(r.code ?? '') :
      r.kind === 'aid_type' ? names.aidType(r.code ?? '') :
      r.kind === 'region' ? names.region(r.code) :
      r.kind === 'programme' ? `${t('donor.restriction.programme')} ${r.code ?? ''}` :
      t('donor.restriction.general');
    return r.zakat ? `${what} · ${t('donor.restriction.zakatShort')}` : what;
  };
}

export function RestrictionPicker({ idPrefix, value, onChange, withZakat = true, error }: { idPrefix: string; value: RestrictionValue; onChange(v: RestrictionValue): void; withZakat?: boolean; error?: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const options: { code: string; label: string }[] =
    value.kind === 'basket' ? (names.catalogue.data?.baskets ?? []).map((b) => ({ code: b.code, label: f.name(b.names) })) :
    value.kind === 'aid_type' ? (names.catalogue.data?.aidTypes ?? []).map((a) => ({ code: a.code, label: f.name(a.names) })) :
    value.kind === 'region' ? (names.regions.data ?? []).filter((r) => r.level === 1).map((r) => ({ code: r.code, label: f.name(r.names) })) :
    [];
  return (
    <fieldset className="restriction">
      <legend>{t('donor.restriction.label')}</legend>
      <Field label={t('donor.restriction.label')} id={`${idPrefix}-kind`}>
        {(p) => (
          <select {...p} value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value as RestrictionKind, code: null })}>
            {RESTRICTION_KINDS.map((k) => (
              <option key={k} value={k}>{t(`donor.restriction.${k}`)}</option>
            ))}
          </select>
        )}
      </Field>
      {value.kind === 'programme' ? (
        <Field label={t('donor.restriction.programmeId')} id={`${idPrefix}-code`} error={error}>
          {(p) => <input {...p} value={value.code ?? ''} onChange={(e) => onChange({ ...value, code: e.target.value.trim() || null })} />}
        </Field>
      ) : value.kind !== 'general' ? (
        <Field label={t('donor.restriction.code')} id={`${idPrefix}-code`} error={error}>
          {(p) => (
            <select {...p} value={value.code ?? ''} onChange={(e) => onChange({ ...value, code: e.target.value || null })}>
              <option value="">—</option>
              {options.map((o) => (
                <option key={o.code} value={o.code}>{o.label}</option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {withZakat ? (
        <div className="field checkbox">
          <input id={`${idPrefix}-zakat`} type="checkbox" checked={value.zakat} onChange={(e) => onChange({ ...value, zakat: e.target.checked })} />
          <label htmlFor={`${idPrefix}-zakat`}>{t('donor.restriction.zakat')}</label>
        </div>
      ) : null}
    </fieldset>
  );
}

/** The body's restriction: the code only where the kind has one. */
export const restrictionBody = (r: RestrictionValue) => ({ kind: r.kind, code: r.kind === 'general' ? null : r.code, zakat: r.zakat });
