/**
 * A donor's home (/donor): what they gave, what it became and what is left; a new gift; each gift
 * with its status, what it became (aid type, basket, region and day: never who received it), its
 * receipt and verification code; and the consent to be named publicly.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { Body, Schema } from '../../lib/api-types';
import { useFormat } from '../../lib/session';
import { useNames } from '../../lib/names';
import { CardHead, ErrorNote, Page, Query, When } from '../../components/ui';
import { useRestrictionText } from '../../components/Restriction';
import { GiveForm, type DonationCatalogue } from './GiveForm';
import './donor.css';

type MyGifts = Body<'/api/v1/donor/gifts'>;
type Gift = Schema<'GiftTrace'>;

export function DonorHome() {
  const { t } = useTranslation();
  const gifts = useQuery({ queryKey: ['donor-gifts'], queryFn: () => api<MyGifts>('GET', '/api/v1/donor/gifts') });
  const catalogue = useQuery({ queryKey: ['donation-catalogue'], queryFn: () => api<DonationCatalogue>('GET', '/api/v1/donations/catalogue'), staleTime: 5 * 60_000 });
  return (
    <Page title={t('donor.title')}>
      <p className="lead">{t('donor.intro')}</p>
      <Query q={gifts}>
        {(m) => (
          <>
            <Totals totals={m.totals} />
            <Consent donor={m.donor} />
          </>
        )}
      </Query>
      <Query q={catalogue}>{(c) => <GiveForm catalogue={c} />}</Query>
      <section aria-labelledby="gifts-title" className="donor-gifts">
        <h2 id="gifts-title">{t('donor.gifts.title')}</h2>
        <Query q={gifts}>
          {(m) =>
            m.gifts.length === 0 ? (
              <p className="state empty">{t('donor.gifts.none')}</p>
            ) : (
              <ul className="cards">
                {m.gifts.map((g) => (
                  <li key={g.donation.id} className="card gift" data-gift={g.donation.id} data-status={g.donation.status}>
                    <GiftCard gift={g} charity={m.charities.find((c) => c.id === g.donation.orgId)?.name ?? ''} catalogue={catalogue.data} />
                  </li>
                ))}
              </ul>
            )
          }
        </Query>
      </section>
    </Page>
  );
}

function Totals({ totals }: { totals: MyGifts['totals'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const both = (minor: number, qty: number) => [minor || !qty ? f.moneyMinor(minor) : null, qty ? t('donor.totals.items', { n: f.n(qty) }) : null].filter(Boolean).join(' + ');
  return (
    <dl className="donor-totals" aria-label={t('donor.totals.label')}>
      <div data-total="given"><dt>{t('donor.totals.given')}</dt><dd>{both(totals.givenMinor, totals.givenQuantity)}</dd></div>
      <div data-total="services"><dt>{t('donor.totals.services')}</dt><dd>{both(totals.grantedMinor, totals.grantedQuantity)}</dd></div>
      <div data-total="left"><dt>{t('donor.totals.left')}</dt><dd>{both(totals.leftMinor, totals.leftQuantity)}</dd></div>
    </dl>
  );
}

function Consent({ donor }: { donor: MyGifts['donor'] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (publicName: boolean) => api('PATCH', '/api/v1/donor/me', { publicName }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['donor-gifts'] }),
  });
  return (
    <div className="field checkbox consent">
      <input id="donor-public-name" type="checkbox" checked={save.isPending ? !!save.variables : donor.publicName} disabled={save.isPending} onChange={(e) => save.mutate(e.target.checked)} />
      <label htmlFor="donor-public-name">{t('donor.consent')}</label>
      <ErrorNote error={save.error} />
    </div>
  );
}

function GiftCard({ gift, charity, catalogue }: { gift: Gift; charity: string; catalogue: DonationCatalogue | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const restrictionText = useRestrictionText();
  const d = gift.donation;
  const itemName = (code: string) => f.name(catalogue?.items.find((i) => i.code === code)?.names, names.aidType(code));
  const itemOfType = (aidType: string) => catalogue?.items.find((i) => i.aidTypeCode === aidType)?.code;
  const totalOf = (aidType: string) => {
    const code = itemOfType(aidType) ?? aidType;
    const q = gift.items.filter((i) => i.itemCode === code).reduce((s, i) => s + i.quantity, 0);
    return q || gift.items.reduce((s, i) => s + i.quantity, 0);
  };
  const what = d.form === 'cash' ? f.moneyMinor(d.amountMinor) : f.list(gift.items.map((i) => `${f.n(i.quantity)} × ${itemName(i.itemCode)}`));
  const left = [gift.totals.leftMinor ? f.moneyMinor(gift.totals.leftMinor) : null, gift.totals.leftQuantity ? t('donor.totals.items', { n: f.n(gift.totals.leftQuantity) }) : null].filter(Boolean).join(' + ') || f.n(0);
  return (
    <>
      <CardHead title={`${charity} · ${what}`}>
        <span className={`badge status-${d.status}`}>{t(`donor.status.${d.status}`)}</span>
      </CardHead>
      <dl className="facts">
        <div><dt>{t('donor.restriction.label')}</dt><dd>{restrictionText(d.restriction)}</dd></div>
        <div><dt>{t('donor.gifts.pledgedOn')}</dt><dd><When value={d.pledgedAt} /></dd></div>
        {d.receivedAt ? <div><dt>{t('donor.gifts.receivedOn')}</dt><dd><When value={d.receivedAt} /></dd></div> : null}
        {d.status === 'received' ? <div><dt>{t('donor.gifts.left')}</dt><dd className="gift-left">{left}</dd></div> : null}
        {d.verificationCode ? <div><dt>{t('donor.gifts.code')}</dt><dd className="verification-code" dir="ltr">{d.verificationCode}</dd></div> : null}
        {d.status === 'declined' && d.note ? <div><dt>{t('donor.gifts.declinedNote')}</dt><dd>{d.note}</dd></div> : null}
      </dl>
      {d.status === 'received' ? (
        <>
          <h3 className="h4">{t('donor.gifts.became')}</h3>
          {gift.services.length === 0 && gift.transfers.length === 0 ? (
            <p className="state empty">{t('donor.gifts.nothingYet')}</p>
          ) : (
            <ul className="services">
              {gift.services.map((s, i) => {
                const head = s.quantity > 0
                  ? t('donor.service.items', { n: f.n(s.quantity), total: f.n(totalOf(s.aidTypeCode)), item: itemName(itemOfType(s.aidTypeCode) ?? s.aidTypeCode) })
                  : t('donor.service.money', { amount: f.moneyMinor(s.amountMinor), aidType: names.aidType(s.aidTypeCode) });
                const parts = [head, s.regionCode ? names.region(s.regionCode) : null, s.basketCode ? names.basket(s.basketCode) : null, f.date(s.on)].filter(Boolean);
                return <li key={i} className="service">{parts.join(' · ')}</li>;
              })}
              {gift.transfers.map((x, i) => (
                <li key={`x${i}`} className="transfer">{t('donor.transferred', { date: f.date(x.at) })}</li>
              ))}
            </ul>
          )}
          <p>
            <a className="button secondary small" href={`/api/v1/donor/gifts/${d.id}/receipt?lang=${f.lang}`} target="_blank" rel="noopener">{t('donor.gifts.receipt')}</a>
          </p>
        </>
      ) : null}
    </>
  );
}
