/** The aid part of a form (type, amount for cash, item and quantity in kind), shared by request, approval and grant forms. */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/session';
import type { AidType } from '../lib/reference';
import { asciiDigits } from '../lib/format';
import { Field } from './ui';
import { CodeSelect, namedChoices } from './CodeSelect';

export interface AidValues {
  aidTypeCode: string;
  amount: string;
  item: string;
  quantity: string;
}
export const emptyAid: AidValues = { aidTypeCode: '', amount: '', item: '', quantity: '' };

/** Form strings → the API body: empty optional fields left out, digits in any script made ASCII. */
export function aidBody(v: AidValues, form: AidType['form'] | undefined, withType = true) {
  const out: Record<string, unknown> = {};
  if (withType) out.aidTypeCode = v.aidTypeCode;
  if (v.amount.trim()) out.amount = asciiDigits(v.amount.trim()).replace('٫', '.');
  if (form !== 'cash') {
    if (v.item.trim()) out.item = v.item.trim();
    if (v.quantity.trim()) {
      const q = Number(asciiDigits(v.quantity.trim()));
      out.quantity = Number.isFinite(q) ? q : v.quantity;
    }
  }
  return out;
}

export function AidFields({ types, values, onChange, errors, fixedType }: { types: AidType[]; values: AidValues; onChange(v: AidValues): void; errors: Record<string, string>; fixedType?: AidType | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const type = fixedType ?? types.find((x) => x.code === values.aidTypeCode);
  const set = (k: keyof AidValues) => (e: { target: { value: string } }) => onChange({ ...values, [k]: e.target.value });
  return (
    <>
      {fixedType ? null : (
        <Field label={t('aid.type')} error={errors.aidTypeCode}>
          {(p) => <CodeSelect {...p} value={values.aidTypeCode} onChange={set('aidTypeCode')} required empty={t('aid.choose')} choices={namedChoices(types, f.name)} />}
        </Field>
      )}
      {type?.form === 'cash' || values.amount ? (
        <Field label={t('aid.amount', { currency: f.currency.code })} error={errors.amount} hint={t('aid.amountHint', { decimals: f.n(f.currency.minorUnits) })}>
          {(p) => <input {...p} inputMode="decimal" autoComplete="off" value={values.amount} onChange={set('amount')} />}
        </Field>
      ) : null}
      {type && type.form !== 'cash' ? (
        <div className="field-row">
          <Field label={t('aid.item')} error={errors.item}>
            {(p) => <input {...p} value={values.item} onChange={set('item')} />}
          </Field>
          <Field label={t('aid.quantity')} error={errors.quantity}>
            {(p) => <input {...p} inputMode="numeric" value={values.quantity} onChange={set('quantity')} />}
          </Field>
        </div>
      ) : null}
    </>
  );
}
