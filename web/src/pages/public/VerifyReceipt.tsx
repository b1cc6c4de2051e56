/** Anyone checks a donation receipt's verification code (/verify, /verify/:code): who received what, and when. */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api';
import type { Body } from '../../lib/api-types';
import { asciiDigits } from '../../lib/format';
import { useFormat } from '../../lib/session';
import { CardForm, ErrorNote, Field, FormActions, Loading, Page, When } from '../../components/ui';
import { useRestrictionText } from '../../components/Restriction';
import type { DonationCatalogue } from '../donor/GiveForm';

type Check = Body<'/api/v1/receipts/{code}'>;

export function VerifyReceipt() {
  const { t } = useTranslation();
  const { code } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(code ?? '');
  const check = useQuery({ queryKey: ['receipt', code], queryFn: () => api<Check>('GET', `/api/v1/receipts/${encodeURIComponent(code!)}`), enabled: !!code, retry: false });
  return (
    <Page title={t('verify.title')}>
      <CardForm titleId="verify-form" title={t('verify.intro')} onSubmit={() => typed.trim() && navigate(`/verify/${encodeURIComponent(asciiDigits(typed.trim()).toUpperCase())}`)}>
        <Field label={t('verify.code')} id="verify-code">
          {(p) => <input {...p} dir="ltr" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />}
        </Field>
        <FormActions label={t('verify.check')} />
      </CardForm>
      {!code ? null : check.isPending ? (
        <Loading />
      ) : check.error ? (
        check.error instanceof ApiError && (check.error.status === 404 || check.error.status === 400) ? (
          <p className="alert error receipt-not-found" role="alert">{t('verify.notFound')}</p>
        ) : (
          <ErrorNote error={check.error} />
        )
      ) : check.data ? (
        <ReceiptView r={check.data} />
      ) : null}
    </Page>
  );
}

function ReceiptView({ r }: { r: Check }) {
  const { t } = useTranslation();
  const f = useFormat();
  const restrictionText = useRestrictionText();
  const catalogue = useQuery({ queryKey: ['donation-catalogue'], queryFn: () => api<DonationCatalogue>('GET', '/api/v1/donations/catalogue'), staleTime: 5 * 60_000 });
  const itemName = (code: string) => f.name(catalogue.data?.items.find((i) => i.code === code)?.names, code);
  const gift = r.form === 'cash' ? f.moneyMinor(r.amountMinor) : f.list(r.items.map((i) => `${f.n(i.quantity)} × ${itemName(i.itemCode)}`));
  return (
    <section className="card receipt-check" aria-labelledby="receipt-valid">
      <p id="receipt-valid" className="alert success" role="status">{t('verify.valid')}</p>
      <dl className="facts">
        <div><dt>{t('verify.receiptNumber')}</dt><dd dir="ltr">{r.receiptNumber}</dd></div>
        <div><dt>{t('verify.charity')}</dt><dd>{r.charity}</dd></div>
        <div><dt>{t('verify.date')}</dt><dd><When value={r.receivedAt} /></dd></div>
        <div><dt>{t('verify.gift')}</dt><dd className="receipt-gift">{gift}</dd></div>
        <div><dt>{t('verify.restriction')}</dt><dd>{restrictionText(r.restriction)}</dd></div>
        <div><dt>{t('verify.donor')}</dt><dd className="receipt-donor">{r.donor ?? t('verify.anonymous')}</dd></div>
      </dl>
    </section>
  );
}
