/**
 * A donor's gift to a charity: money (with the payment's reference) or items (each with its
 * quantity and estimated value), the kind of gift, and what it may pay for; confirmed before it is
 * sent, then pledged until the charity receives it.
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { Body, Schema } from '../../lib/api-types';
import { asciiDigits } from '../../lib/format';
import { useFormat } from '../../lib/session';
import { useConfirm } from '../../components/Confirm';
import { CardForm, ErrorNote, Field, FormActions, SuccessNote, useFormErrors } from '../../components/ui';
import { RestrictionPicker, generalRestriction, restrictionBody, useRestrictionText, type RestrictionValue } from '../../components/Restriction';

export type DonationCatalogue = Body<'/api/v1/donations/catalogue'>;
interface ItemLine { itemCode: string; quantity: string; unitValue: string }
const emptyLine: ItemLine = { itemCode: '', quantity: '1', unitValue: '' };

export function GiveForm({ catalogue }: { catalogue: DonationCatalogue }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const restrictionText = useRestrictionText();
  const [orgId, setOrgId] = useState('');
  const [form, setForm] = useState<'cash' | 'in_kind'>('cash');
  const [amount, setAmount] = useState('');
  const [paymentReference, setPaymentReference] = useState('');
  const [lines, setLines] = useState<ItemLine[]>([emptyLine]);
  const [giftKind, setGiftKind] = useState(catalogue.giftKinds[0]?.code ?? 'general');
  const [restriction, setRestriction] = useState<RestrictionValue>(generalRestriction);
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  const errors = useFormErrors('post', '/api/v1/donor/gifts');
  const kindIsZakat = catalogue.giftKinds.find((k) => k.code === giftKind)?.zakat ?? false;
  const give = useMutation({
    mutationFn: (body: unknown) => api<Schema<'Donation'>>('POST', '/api/v1/donor/gifts', body),
    onSuccess: async () => {
      setDone(true);
      setAmount('');
      setPaymentReference('');
      setLines([emptyLine]);
      setNote('');
      await qc.invalidateQueries({ queryKey: ['donor-gifts'] });
    },
    onError: (e) => errors.fail(e, ['orgId', 'amount', 'paymentReference', 'items', 'giftKind', 'restriction']),
  });
  const itemName = (code: string) => f.name(catalogue.items.find((i) => i.code === code)?.names, code);
  const submit = () => {
    setDone(false);
    const r = restrictionBody({ ...restriction, zakat: restriction.zakat || kindIsZakat });
    const body = {
      orgId, form, giftKind, restriction: r,
      ...(form === 'cash'
        ? { amount: asciiDigits(amount.trim()), ...(paymentReference.trim() ? { paymentReference: paymentReference.trim() } : {}) }
        : { items: lines.filter((l) => l.itemCode).map((l) => ({ itemCode: l.itemCode, quantity: Number(asciiDigits(l.quantity)), unitValue: asciiDigits(l.unitValue.trim()) })) }),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    if (!errors.check(body)) return;
    const what = form === 'cash' ? f.money(asciiDigits(amount.trim())) : f.list(lines.filter((l) => l.itemCode).map((l) => `${f.n(Number(asciiDigits(l.quantity)))} × ${itemName(l.itemCode)}`));
    confirm.ask({
      title: t('donor.give.confirmTitle'),
      summary: [
        [t('donor.give.charity'), catalogue.charities.find((c) => c.id === orgId)?.name ?? '—'],
        [t('donor.give.form'), what],
        [t('donor.give.giftKind'), f.name(catalogue.giftKinds.find((k) => k.code === giftKind)?.names, giftKind)],
        [t('donor.restriction.label'), restrictionText(r)],
      ],
      note: t('donor.give.confirmNote'),
      confirmLabel: t('donor.give.confirm'),
      onConfirm: () => give.mutate(body),
    });
  };
  const setLine = (i: number, patch: Partial<ItemLine>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <CardForm titleId="give-title" title={t('donor.give.title')} onSubmit={submit}>
      <Field label={t('donor.give.charity')} id="give-charity" error={errors.fields.orgId}>
        {(p) => (
          <select {...p} value={orgId} onChange={(e) => setOrgId(e.target.value)}>
            <option value="">{t('donor.give.chooseCharity')}</option>
            {catalogue.charities.map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="choice">
        <legend>{t('donor.give.form')}</legend>
        {(['cash', 'in_kind'] as const).map((x) => (
          <div className="field checkbox" key={x}>
            <input type="radio" id={`give-form-${x}`} name="give-form" checked={form === x} onChange={() => setForm(x)} />
            <label htmlFor={`give-form-${x}`}>{x === 'cash' ? t('donor.give.cash') : t('donor.give.inKind')}</label>
          </div>
        ))}
      </fieldset>
      {form === 'cash' ? (
        <>
          <Field label={`${t('donor.give.amount')} (${f.currency.code})`} id="give-amount" error={errors.fields.amount}>
            {(p) => <input {...p} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />}
          </Field>
          <Field label={t('donor.give.paymentReference')} hint={t('donor.give.paymentHint')} id="give-reference" error={errors.fields.paymentReference}>
            {(p) => <input {...p} value={paymentReference} onChange={(e) => setPaymentReference(e.target.value)} />}
          </Field>
        </>
      ) : (
        <ul className="item-lines">
          {lines.map((l, i) => (
            <li key={i} className="item-line">
              <Field label={t('donor.give.item')} id={`give-item-${i}`} error={errors.fields[`items/${i}/itemCode`]}>
                {(p) => (
                  <select {...p} value={l.itemCode} onChange={(e) => setLine(i, { itemCode: e.target.value })}>
                    <option value="">—</option>
                    {catalogue.items.map((it) => (
                      <option key={it.code} value={it.code}>{f.name(it.names)}</option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('donor.give.quantity')} id={`give-quantity-${i}`}>
                {(p) => <input {...p} inputMode="numeric" value={l.quantity} onChange={(e) => setLine(i, { quantity: e.target.value })} />}
              </Field>
              <Field label={`${t('donor.give.unitValue')} (${f.currency.code})`} id={`give-value-${i}`} error={errors.fields[`items/${i}/unitValue`]}>
                {(p) => <input {...p} inputMode="decimal" value={l.unitValue} onChange={(e) => setLine(i, { unitValue: e.target.value })} />}
              </Field>
              {lines.length > 1 ? (
                <button type="button" className="button secondary small" onClick={() => setLines(lines.filter((_, j) => j !== i))}>{t('donor.give.removeItem')}</button>
              ) : null}
            </li>
          ))}
          <li>
            <button type="button" className="button secondary small" onClick={() => setLines([...lines, emptyLine])}>{t('donor.give.addItem')}</button>
          </li>
        </ul>
      )}
      <Field label={t('donor.give.giftKind')} id="give-kind">
        {(p) => (
          <select {...p} value={giftKind} onChange={(e) => setGiftKind(e.target.value)}>
            {catalogue.giftKinds.map((k) => (
              <option key={k.code} value={k.code}>{f.name(k.names)}</option>
            ))}
          </select>
        )}
      </Field>
      <RestrictionPicker idPrefix="give-restriction" value={{ ...restriction, zakat: restriction.zakat || kindIsZakat }} onChange={setRestriction} />
      <Field label={t('donor.give.note')} id="give-note">
        {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <FormActions label={t('donor.give.review')} busy={give.isPending} />
      <ErrorNote error={errors.form} />
      {done ? <SuccessNote>{t('donor.give.done')}</SuccessNote> : null}
      {confirm.dialog}
    </CardForm>
  );
}
