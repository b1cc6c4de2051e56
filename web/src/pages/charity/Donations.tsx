/**
 * A charity's donations (/charity/donations): pledges waiting to be received (items into a
 * warehouse) or declined with a note; a gift received in person (from a donor picked or added);
 * the funds by restriction, the stock by item and warehouse, what expires soon; opening the books
 * (after a confirmation: every grant is then funded by donations); warehouses, transfers and
 * allocations for those who manage the funds. The forms check what they send before sending it
 * (an amount in the currency's decimals, a whole quantity, the choices made) and say why in words.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../lib/api';
import type { Body, Schema } from '../../lib/api-types';
import { asciiDigits } from '../../lib/format';
import { moneyText, parseMoney } from '../../lib/declaration-form';
import { useFormat, useMe } from '../../lib/session';
import { useNames } from '../../lib/names';
import { useConfirm } from '../../components/Confirm';
import { CardForm, CardHead, ErrorNote, Field, FormActions, Page, Query, SuccessNote, When, useFormErrors } from '../../components/ui';
import { RestrictionPicker, generalRestriction, restrictionBody, useRestrictionText, type RestrictionValue } from '../../components/Restriction';
import type { DonationCatalogue } from '../donor/GiveForm';
import '../donor/donor.css';

type Gifts = Body<'/api/v1/donations'>;
type Books = Body<'/api/v1/funds'>;
type Donor = Schema<'Donor'>;
type Gift = Schema<'GiftTrace'>;

const useBooks = () => useQuery({ queryKey: ['funds'], queryFn: () => api<Books>('GET', '/api/v1/funds') });
type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** The checks the charity's forms make before sending: an amount (sent with the currency's decimals, "150.500"), a whole quantity. */
function useGiftChecks() {
  const { t } = useTranslation();
  const f = useFormat();
  const units = f.currency.minorUnits;
  const params = { currency: f.currency.code, decimals: f.n(units), example: f.digits(moneyText(150 * 10 ** units + (units ? 5 * 10 ** (units - 1) : 0), units)) };
  return {
    amountHint: t('donations.errors.amountHint', params),
    amount(text: string): Checked<string> {
      const p = parseMoney(text, units);
      if (!p.ok) return { ok: false, error: t(`donations.errors.${p.error === 'format' ? 'amountFormat' : p.error}`, params) };
      if (p.minor === null) return { ok: false, error: t('validation.required') };
      if (p.minor === 0) return { ok: false, error: t('donations.errors.zero') };
      return { ok: true, value: moneyText(p.minor, units) };
    },
    quantity(text: string): Checked<number> {
      const s = asciiDigits(text.trim());
      const q = Number(s);
      return /^\d+$/.test(s) && q >= 1 && q <= 1_000_000 ? { ok: true, value: q } : { ok: false, error: t('donations.errors.quantity') };
    },
    /** A restriction other than "general" names what it is for. */
    restriction(r: RestrictionValue): string | undefined {
      return r.kind !== 'general' && !r.code ? t('donations.errors.restrictionCode') : undefined;
    },
  };
}

const useDonationCatalogue = () => useQuery({ queryKey: ['donation-catalogue'], queryFn: () => api<DonationCatalogue>('GET', '/api/v1/donations/catalogue'), staleTime: 5 * 60_000 });

export function Donations() {
  const { t } = useTranslation();
  const me = useMe();
  const manages = !!me.data?.permissions.includes('funds:manage');
  const records = !!me.data?.permissions.includes('donation:record');
  const books = useBooks();
  const catalogue = useDonationCatalogue();
  return (
    <Page title={t('donations.title')}>
      <Pledges />
      {records && catalogue.data && books.data ? <RecordGift catalogue={catalogue.data} books={books.data} /> : null}
      <Query q={books}>{(b) => <BooksView books={b} manages={manages} catalogue={catalogue.data} />}</Query>
      {manages && books.data && catalogue.data ? <Moves books={books.data} catalogue={catalogue.data} /> : null}
      <Received />
    </Page>
  );
}

function GiftLine({ g, donors }: { g: Gift; donors: Donor[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const restrictionText = useRestrictionText();
  const catalogue = useDonationCatalogue();
  const d = g.donation;
  const itemName = (code: string) => f.name(catalogue.data?.items.find((i) => i.code === code)?.names, names.aidType(code));
  const what = d.form === 'cash' ? f.moneyMinor(d.amountMinor) : f.list(g.items.map((i) => `${f.n(i.quantity)} × ${itemName(i.itemCode)}`));
  return (
    <>
      <CardHead title={what}>
        <span className={`badge status-${d.status}`}>{t(`donor.status.${d.status}`)}</span>
      </CardHead>
      <dl className="facts">
        <div><dt>{t('donations.pledges.from')}</dt><dd>{donors.find((x) => x.id === d.donorId)?.displayName ?? '—'}</dd></div>
        <div><dt>{t('donor.restriction.label')}</dt><dd>{restrictionText(d.restriction)}</dd></div>
        <div><dt>{t('donor.gifts.pledgedOn')}</dt><dd><When value={d.pledgedAt} /></dd></div>
        {d.paymentReference ? <div><dt>{t('donor.give.paymentReference')}</dt><dd dir="ltr">{d.paymentReference}</dd></div> : null}
        {d.verificationCode ? <div><dt>{t('donor.gifts.code')}</dt><dd dir="ltr" className="verification-code">{d.verificationCode}</dd></div> : null}
      </dl>
    </>
  );
}

function Pledges() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['donations', 'pledged'], queryFn: () => api<Gifts>('GET', `/api/v1/donations${qs({ status: 'pledged' })}`) });
  return (
    <section aria-labelledby="pledges-title">
      <h2 id="pledges-title">{t('donations.pledges.title')}</h2>
      <Query q={q}>
        {(g) =>
          g.gifts.length === 0 ? (
            <p className="state empty">{t('donations.pledges.none')}</p>
          ) : (
            <ul className="cards">
              {g.gifts.map((x) => (
                <li key={x.donation.id} className="card pledge" data-gift={x.donation.id}>
                  <GiftLine g={x} donors={g.donors} />
                  <PledgeActions gift={x} />
                </li>
              ))}
            </ul>
          )
        }
      </Query>
    </section>
  );
}

function PledgeActions({ gift }: { gift: Gift }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const books = useBooks();
  const id = gift.donation.id;
  const [warehouseId, setWarehouseId] = useState('');
  const [declining, setDeclining] = useState(false);
  const [note, setNote] = useState('');
  const done = () => Promise.all([qc.invalidateQueries({ queryKey: ['donations'] }), qc.invalidateQueries({ queryKey: ['funds'] })]);
  const receive = useMutation({ mutationFn: () => api('POST', `/api/v1/donations/${id}/receive`, gift.donation.form === 'in_kind' ? { warehouseId } : {}), onSuccess: done });
  const decline = useMutation({ mutationFn: () => api('POST', `/api/v1/donations/${id}/decline`, { note: note.trim() }), onSuccess: done });
  return (
    <div className="pledge-actions">
      {gift.donation.form === 'in_kind' ? (
        <Field label={t('donations.pledges.warehouse')} id={`wh-${id}`}>
          {(p) => (
            <select {...p} value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
              <option value="">—</option>
              {(books.data?.warehouses ?? []).map((w) => (
                <option key={w.id} value={w.id}>{w.name}</option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button primary" disabled={receive.isPending || (gift.donation.form === 'in_kind' && !warehouseId)} onClick={() => receive.mutate()}>{t('donations.pledges.receive')}</button>
        <button type="button" className="button secondary" onClick={() => setDeclining(!declining)}>{t('donations.pledges.decline')}</button>
      </div>
      {declining ? (
        <form className="form" noValidate onSubmit={(e) => { e.preventDefault(); if (note.trim().length >= 3) decline.mutate(); }}>
          <Field label={t('donations.pledges.declineNote')} id={`decline-${id}`}>
            {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <FormActions label={t('donations.pledges.confirmDecline')} kind="danger" busy={decline.isPending} />
        </form>
      ) : null}
      <ErrorNote error={receive.error ?? decline.error} />
    </div>
  );
}

function RecordGift({ catalogue, books }: { catalogue: DonationCatalogue; books: Books }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const donors = useQuery({ queryKey: ['donors'], queryFn: () => api<Donor[]>('GET', '/api/v1/donors') });
  const [donorId, setDonorId] = useState('');
  const [newName, setNewName] = useState('');
  const [newKind, setNewKind] = useState<Donor['kind']>('individual');
  const [form, setForm] = useState<'cash' | 'in_kind'>('cash');
  const [amount, setAmount] = useState('');
  const [itemCode, setItemCode] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [unitValue, setUnitValue] = useState('');
  const [warehouseId, setWarehouseId] = useState('');
  const [giftKind, setGiftKind] = useState(catalogue.giftKinds[0]?.code ?? 'general');
  const [restriction, setRestriction] = useState<RestrictionValue>(generalRestriction);
  const checks = useGiftChecks();
  const errors = useFormErrors('post', '/api/v1/donations');
  const [local, setLocal] = useState<Record<string, string>>({});
  const addDonor = useMutation({
    mutationFn: () => api<Donor>('POST', '/api/v1/donors', { kind: newKind, displayName: newName.trim() }),
    onSuccess: async (d) => {
      setDonorId(d.id);
      setNewName('');
      await qc.invalidateQueries({ queryKey: ['donors'] });
    },
  });
  const record = useMutation({
    mutationFn: (body: unknown) => api('POST', '/api/v1/donations', body),
    onSuccess: async () => {
      setAmount('');
      setUnitValue('');
      await Promise.all([qc.invalidateQueries({ queryKey: ['donations'] }), qc.invalidateQueries({ queryKey: ['funds'] })]);
    },
    onError: (e) => errors.fail(e, ['donorId', 'amount', 'warehouseId', 'items', 'giftKind', 'restriction']),
  });
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!donorId) problems.donorId = t('donations.errors.donor');
    const restrictionProblem = checks.restriction(restriction);
    if (restrictionProblem) problems.restriction = restrictionProblem;
    const money = checks.amount(form === 'cash' ? amount : unitValue);
    const count = checks.quantity(quantity);
    if (form === 'cash') {
      if (!money.ok) problems.amount = money.error;
    } else {
      if (!itemCode) problems.itemCode = t('donations.errors.item');
      if (!count.ok) problems.quantity = count.error;
      if (!money.ok) problems.unitValue = money.error;
      if (!warehouseId) problems.warehouseId = t('donations.errors.warehouse');
    }
    setLocal(problems);
    if (Object.keys(problems).length || !money.ok || (form === 'in_kind' && !count.ok)) return errors.reset();
    const body = {
      donorId, form, giftKind, restriction: restrictionBody(restriction),
      ...(form === 'cash' ? { amount: money.value } : { warehouseId, items: [{ itemCode, quantity: count.ok ? count.value : 0, unitValue: money.value }] }),
    };
    if (errors.check(body)) record.mutate(body);
  };
  const err = (k: string, api = k) => local[k] ?? errors.fields[api];
  return (
    <CardForm titleId="record-title" title={t('donations.record.title')} onSubmit={submit}>
      <Field label={t('donations.record.donor')} id="record-donor" error={err('donorId')}>
        {(p) => (
          <select {...p} value={donorId} onChange={(e) => setDonorId(e.target.value)}>
            <option value="">{t('donations.record.chooseDonor')}</option>
            {(donors.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>{d.displayName}</option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="choice">
        <legend>{t('donations.record.newDonor')}</legend>
        <Field label={t('donations.record.donorKind')} id="record-donor-kind">
          {(p) => (
            <select {...p} value={newKind} onChange={(e) => setNewKind(e.target.value as Donor['kind'])}>
              {(['individual', 'company', 'endowment', 'government'] as const).map((k) => <option key={k} value={k}>{t(`donations.donorKinds.${k}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('donations.record.donorName')} id="record-donor-name">
          {(p) => <input {...p} value={newName} onChange={(e) => setNewName(e.target.value)} />}
        </Field>
        <button type="button" className="button secondary small" disabled={!newName.trim() || addDonor.isPending} onClick={() => addDonor.mutate()}>{t('donations.record.addDonor')}</button>
        <ErrorNote error={addDonor.error} />
      </fieldset>
      <Field label={t('donor.give.form')} id="record-form">
        {(p) => (
          <select {...p} value={form} onChange={(e) => setForm(e.target.value as 'cash' | 'in_kind')}>
            <option value="cash">{t('donor.give.cash')}</option>
            <option value="in_kind">{t('donor.give.inKind')}</option>
          </select>
        )}
      </Field>
      {form === 'cash' ? (
        <Field label={`${t('donor.give.amount')} (${f.currency.code})`} id="record-amount" hint={checks.amountHint} error={err('amount')}>
          {(p) => <input {...p} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />}
        </Field>
      ) : (
        <div className="item-line">
          <Field label={t('donor.give.item')} id="record-item" error={err('itemCode', 'items/0/itemCode')}>
            {(p) => (
              <select {...p} value={itemCode} onChange={(e) => setItemCode(e.target.value)}>
                <option value="">—</option>
                {catalogue.items.map((i) => <option key={i.code} value={i.code}>{f.name(i.names)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('donor.give.quantity')} id="record-quantity" error={err('quantity', 'items/0/quantity')}>
            {(p) => <input {...p} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />}
          </Field>
          <Field label={`${t('donor.give.unitValue')} (${f.currency.code})`} id="record-value" hint={checks.amountHint} error={err('unitValue', 'items/0/unitValue')}>
            {(p) => <input {...p} inputMode="decimal" value={unitValue} onChange={(e) => setUnitValue(e.target.value)} />}
          </Field>
          <Field label={t('donations.pledges.warehouse')} id="record-warehouse" error={err('warehouseId')}>
            {(p) => (
              <select {...p} value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
                <option value="">—</option>
                {books.warehouses.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
              </select>
            )}
          </Field>
        </div>
      )}
      <Field label={t('donor.give.giftKind')} id="record-kind">
        {(p) => (
          <select {...p} value={giftKind} onChange={(e) => setGiftKind(e.target.value)}>
            {catalogue.giftKinds.map((k) => <option key={k.code} value={k.code}>{f.name(k.names)}</option>)}
          </select>
        )}
      </Field>
      <RestrictionPicker idPrefix="record-restriction" value={restriction} onChange={setRestriction} error={err('restriction')} />
      <FormActions label={t('donations.record.submit')} busy={record.isPending} />
      <ErrorNote error={errors.form} />
      {record.isSuccess ? <SuccessNote>{t('donations.record.done')}</SuccessNote> : null}
    </CardForm>
  );
}

function BooksView({ books, manages, catalogue }: { books: Books; manages: boolean; catalogue: DonationCatalogue | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const restrictionText = useRestrictionText();
  const open = useMutation({ mutationFn: () => api<Books>('POST', '/api/v1/funds/books'), onSuccess: (b) => qc.setQueryData(['funds'], b) });
  const itemName = (code: string) => f.name(catalogue?.items.find((i) => i.code === code)?.names, code);
  const warehouse = (id: string) => books.warehouses.find((w) => w.id === id)?.name ?? '';
  return (
    <section aria-labelledby="books-title" className="books">
      <h2 id="books-title">{t('donations.books.title')}</h2>
      <p className="books-state" data-open={books.booksOpen}>{books.booksOpen ? t('donations.books.open') : t('donations.books.closed')}</p>
      {!books.booksOpen && manages ? (
        <div className="form-actions">
          <button type="button" className="button primary" onClick={() => confirm.ask({ title: t('donations.books.confirmTitle'), summary: [], note: t('donations.books.confirmNote'), confirmLabel: t('donations.books.openButton'), onConfirm: () => open.mutate() })}>
            {t('donations.books.openButton')}
          </button>
        </div>
      ) : null}
      <ErrorNote error={open.error} />
      {confirm.dialog}
      <h3>{t('donations.books.funds')}</h3>
      {books.funds.length === 0 ? <p className="state empty">{t('donations.books.noFunds')}</p> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('donations.books.restriction')}</th><th scope="col">{t('donations.books.balance')}</th><th scope="col">{t('donations.books.lots')}</th></tr></thead>
            <tbody>
              {books.funds.map((x, i) => (
                <tr key={i}><td>{restrictionText({ kind: x.restrictionKind, code: x.restrictionCode, zakat: x.zakat })}</td><td>{f.moneyMinor(x.balanceMinor)}</td><td>{f.n(x.lots)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('donations.books.stock')}</h3>
      {books.stock.length === 0 ? <p className="state empty">{t('donations.books.noStock')}</p> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('donations.books.item')}</th><th scope="col">{t('donations.books.warehouse')}</th><th scope="col">{t('donations.books.quantity')}</th><th scope="col">{t('donations.books.value')}</th></tr></thead>
            <tbody>
              {books.stock.map((x, i) => (
                <tr key={i} data-item={x.itemCode}><td>{itemName(x.itemCode)}</td><td>{warehouse(x.warehouseId)}</td><td>{f.n(x.quantity)}</td><td>{f.moneyMinor(x.valueMinor)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {books.expiring.length ? (
        <>
          <h3>{t('donations.books.expiring')}</h3>
          <ul>
            {books.expiring.map((x) => <li key={x.lotId}>{f.n(x.quantity)} × {itemName(x.itemCode)} · {warehouse(x.warehouseId)} · {t('donations.books.expiresOn')} {f.date(x.expiresOn)}</li>)}
          </ul>
        </>
      ) : null}
      {manages ? <AddWarehouse regions={(names.regions.data ?? []).filter((r) => r.level === 1).map((r) => ({ code: r.code, label: f.name(r.names) }))} /> : null}
    </section>
  );
}

function AddWarehouse({ regions }: { regions: { code: string; label: string }[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [regionCode, setRegionCode] = useState('');
  const add = useMutation({ mutationFn: () => api('POST', '/api/v1/funds/warehouses', { name: name.trim(), regionCode }), onSuccess: () => { setName(''); return qc.invalidateQueries({ queryKey: ['funds'] }); } });
  return (
    <CardForm titleId="warehouse-title" title={t('donations.warehouse.title')} onSubmit={() => add.mutate()}>
      <Field label={t('donations.warehouse.name')} id="warehouse-name">{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      <Field label={t('donations.warehouse.region')} id="warehouse-region">
        {(p) => (
          <select {...p} value={regionCode} onChange={(e) => setRegionCode(e.target.value)}>
            <option value="">—</option>
            {regions.map((r) => <option key={r.code} value={r.code}>{r.label}</option>)}
          </select>
        )}
      </Field>
      <FormActions label={t('donations.warehouse.add')} busy={add.isPending} />
      <ErrorNote error={add.error} />
      {add.isSuccess ? <SuccessNote>{t('donations.warehouse.done')}</SuccessNote> : null}
    </CardForm>
  );
}

/** A transfer to another charity, or an allocation that narrows a fund; an amount, or an item and its quantity. */
function Moves({ books, catalogue }: { books: Books; catalogue: DonationCatalogue }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const me = useMe();
  const [kind, setKind] = useState<'transfer' | 'allocation'>('transfer');
  const [from, setFrom] = useState<RestrictionValue>(generalRestriction);
  const [to, setTo] = useState<RestrictionValue>(generalRestriction);
  const [toOrgId, setToOrgId] = useState('');
  const [amount, setAmount] = useState('');
  const [itemCode, setItemCode] = useState('');
  const [quantity, setQuantity] = useState('');
  const [memo, setMemo] = useState('');
  const checks = useGiftChecks();
  const transferErrors = useFormErrors('post', '/api/v1/funds/transfers');
  const allocationErrors = useFormErrors('post', '/api/v1/funds/allocations');
  const errors = kind === 'transfer' ? transferErrors : allocationErrors;
  const [local, setLocal] = useState<Record<string, string>>({});
  const move = useMutation({
    mutationFn: (body: unknown) => api('POST', kind === 'transfer' ? '/api/v1/funds/transfers' : '/api/v1/funds/allocations', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['funds'] }),
    onError: (e) => errors.fail(e, ['toOrgId', 'to', 'from', 'amount', 'itemCode', 'quantity']),
  });
  const submit = () => {
    const problems: Record<string, string> = {};
    const fromProblem = checks.restriction(from);
    if (fromProblem) problems.from = fromProblem;
    if (kind === 'transfer' && !toOrgId) problems.toOrgId = t('donations.errors.toCharity');
    const toProblem = kind === 'allocation' ? checks.restriction(to) : undefined;
    if (toProblem) problems.to = toProblem;
    const money = checks.amount(amount);
    const count = checks.quantity(quantity);
    if (itemCode) {
      if (amount.trim()) problems.amount = t('donations.errors.amountOrItem');
      if (!count.ok) problems.quantity = count.error;
    } else if (!money.ok) problems.amount = money.error;
    setLocal(problems);
    if (Object.keys(problems).length) return errors.reset();
    const what = itemCode ? { itemCode, quantity: count.ok ? count.value : 0 } : { amount: money.ok ? money.value : '' };
    const common = { from: restrictionBody(from), ...what, ...(memo.trim() ? { memo: memo.trim() } : {}) };
    const body = kind === 'transfer' ? { toOrgId, ...common } : { to: restrictionBody(to), ...common };
    if (errors.check(body)) move.mutate(body);
  };
  const err = (k: string) => local[k] ?? errors.fields[k];
  const others = catalogue.charities.filter((c) => c.id !== me.data?.orgId);
  return (
    <CardForm titleId="move-title" title={kind === 'transfer' ? t('donations.move.transferTitle') : t('donations.move.allocationTitle')} onSubmit={submit}>
      <fieldset className="choice">
        <legend>{t('donations.move.to')}</legend>
        {(['transfer', 'allocation'] as const).map((k) => (
          <div className="field checkbox" key={k}>
            <input type="radio" id={`move-${k}`} name="move-kind" checked={kind === k} onChange={() => { setKind(k); setLocal({}); }} />
            <label htmlFor={`move-${k}`}>{k === 'transfer' ? t('donations.move.transferTitle') : t('donations.move.allocationTitle')}</label>
          </div>
        ))}
      </fieldset>
      <RestrictionPicker idPrefix="move-from" value={from} onChange={setFrom} error={err('from')} />
      {kind === 'transfer' ? (
        <Field label={t('donations.move.toCharity')} id="move-to-org" error={err('toOrgId')}>
          {(p) => (
            <select {...p} value={toOrgId} onChange={(e) => setToOrgId(e.target.value)}>
              <option value="">—</option>
              {others.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          )}
        </Field>
      ) : (
        <RestrictionPicker idPrefix="move-to" value={to} onChange={setTo} withZakat={false} error={err('to')} />
      )}
      <Field label={`${t('donations.move.amount')} (${f.currency.code})`} id="move-amount" hint={checks.amountHint} error={err('amount')}>{(p) => <input {...p} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />}</Field>
      <Field label={t('donations.move.item')} id="move-item" error={err('itemCode')}>
        {(p) => (
          <select {...p} value={itemCode} onChange={(e) => setItemCode(e.target.value)}>
            <option value="">—</option>
            {[...new Set(books.stock.map((s) => s.itemCode))].map((c) => <option key={c} value={c}>{f.name(catalogue.items.find((i) => i.code === c)?.names, c)}</option>)}
          </select>
        )}
      </Field>
      {itemCode ? <Field label={t('donations.move.quantity')} id="move-quantity" error={err('quantity')}>{(p) => <input {...p} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />}</Field> : null}
      <Field label={t('donations.move.memo')} id="move-memo">{(p) => <input {...p} value={memo} onChange={(e) => setMemo(e.target.value)} />}</Field>
      <FormActions label={kind === 'transfer' ? t('donations.move.transfer') : t('donations.move.allocate')} busy={move.isPending} />
      <ErrorNote error={errors.form} />
      {move.isSuccess ? <SuccessNote>{t('donations.move.done')}</SuccessNote> : null}
    </CardForm>
  );
}

function Received() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['donations', 'received'], queryFn: () => api<Gifts>('GET', `/api/v1/donations${qs({ status: 'received' })}`) });
  return (
    <section aria-labelledby="received-title">
      <h2 id="received-title">{t('donations.gifts.title')}</h2>
      <Query q={q}>
        {(g) =>
          g.gifts.length === 0 ? <p className="state empty">{t('donations.gifts.none')}</p> : (
            <ul className="cards">
              {g.gifts.map((x) => (
                <li key={x.donation.id} className="card received" data-gift={x.donation.id}>
                  <GiftLine g={x} donors={g.donors} />
                  <p><a className="button secondary small" href={`/api/v1/donations/${x.donation.id}/receipt`} target="_blank" rel="noopener">{t('donor.gifts.receipt')}</a></p>
                </li>
              ))}
            </ul>
          )
        }
      </Query>
    </section>
  );
}
