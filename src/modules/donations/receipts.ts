/**
 * Receipts. Every gift received has a receipt number and a verification code; the receipt is a
 * PDF in the donor's language (or the reader's), dated in the deployment's calendar
 * (receipt-pdf.ts). Anyone may check a code at the public address: the answer says which charity
 * received what and when, and names the donor only with their consent.
 */
import type { Executor } from '../../db/database.js';
import type { Locale } from '../../db/schema.js';
import type { Deployment } from '../../deployments/setup.js';
import { Problem, notFound } from '../../shared/problem.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import { readCatalogue } from '../catalogue/catalogue.service.js';
import { donationsRepository } from './donations.repository.js';
import { renderReceiptPdf } from './receipt-pdf.js';

const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A code as typed: capitals, Crockford's look-alikes (O→0, I/L→1), dashes where they belong. */
export function normaliseCode(input: string): string {
  const c = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return c.length === 12 ? `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}` : c;
}

/** The public check of a receipt's code (read as the system). */
export async function verifyReceipt(db: Executor, codeInput: string) {
  const code = normaliseCode(codeInput);
  if (!CODE.test(code)) throw new Problem('validation', 'A verification code has 12 letters and digits, e.g. K7QF-3MZP-9WXD.', { field: 'code' });
  const d = await donationsRepository.byVerificationCode(db, code);
  if (!d) throw notFound('A receipt with this verification code');
  const org = (await organisationsRepository.byIds(db, [d.org_id]))[0];
  const items = d.form === 'in_kind' ? await donationsRepository.items(db, [d.id]) : [];
  return {
    code, receiptNumber: d.receipt_number!, receivedAt: d.received_at!, charity: org?.name ?? '', form: d.form, giftKind: d.gift_kind,
    restriction: { kind: d.restriction_kind, code: d.restriction_code, zakat: d.zakat },
    amountMinor: d.amount_minor === null ? null : Number(d.amount_minor), currency: d.currency,
    items: items.map((i) => ({ itemCode: i.item_code, quantity: i.quantity })),
    donor: d.public_name ? d.display_name : null,
  };
}

/** The receipt of a received gift as a PDF, in `locale` (the donor's when not given). */
export async function receiptPdf(db: Executor, dep: Deployment, id: string, locale: Locale | null, publicBase: string): Promise<Buffer> {
  const d = await donationsRepository.donation(db, id);
  if (!d) throw notFound('The donation');
  if (d.status !== 'received') throw new Problem('invalid-state', 'A receipt is issued once the charity has received the gift.', { status: d.status });
  const [donor, org, kinds, items, cat, stock] = await Promise.all([
    donationsRepository.donor(db, d.donor_id), organisationsRepository.byIds(db, [d.org_id]), donationsRepository.giftKinds(db), donationsRepository.items(db, [d.id]),
    readCatalogue(db), donationsRepository.stockItems(db),
  ]);
  const lang: Locale = locale ?? donor?.locale ?? dep.defaultLocale;
  const name = (x: { name_en: string; name_ar: string; name_fa: string } | { names: { en: string; ar: string; fa: string } } | undefined) =>
    !x ? '' : 'names' in x ? x.names[lang] : lang === 'ar' ? x.name_ar : lang === 'fa' ? x.name_fa : x.name_en;
  const kind = kinds.find((k) => k.code === d.gift_kind);
  const restrictionText = restrictionName(dep, lang, d.restriction_kind, d.restriction_code, d.zakat, cat);
  const unitNames: Record<string, Record<Locale, string>> = {
    piece: { en: 'piece', ar: 'قطعة', fa: 'عدد' }, basket: { en: 'basket', ar: 'سلة', fa: 'سبد' }, box: { en: 'box', ar: 'علبة', fa: 'جعبه' },
    pack: { en: 'pack', ar: 'حزمة', fa: 'بسته' }, kg: { en: 'kg', ar: 'كغ', fa: 'کیلوگرم' }, litre: { en: 'litre', ar: 'لتر', fa: 'لیتر' },
  };
  return renderReceiptPdf({
    locale: lang, calendar: dep.calendar as 'gregory' | 'islamic-umalqura' | 'persian', timeZone: dep.timeZone,
    receiptNumber: d.receipt_number!, verificationCode: d.verification_code!, verifyUrl: `${publicBase}/verify/${d.verification_code}`,
    receivedAt: d.received_at!, charityName: org[0]?.name ?? '', donorName: donor?.display_name ?? null,
    kind: d.form, giftKindName: name(kind), restrictionText, currency: dep.currency,
    ...(d.form === 'cash'
      ? { cash: { amountMinor: Number(d.amount_minor), currency: dep.currency, paymentReference: d.payment_reference } }
      : { items: items.map((i) => { const s = stock.find((x) => x.code === i.item_code); return { name: name(s), quantity: i.quantity, unit: unitNames[s?.unit ?? 'piece']![lang], estimatedValueMinor: i.quantity * Number(i.unit_value_minor) }; }) }),
  });
}

type Catalogue = Awaited<ReturnType<typeof readCatalogue>>;
const GENERAL: Record<Locale, string> = { en: 'General', ar: 'عام', fa: 'عمومی' };
const ZAKAT: Record<Locale, string> = { en: 'zakat', ar: 'زكاة', fa: 'زکات' };

/** A restriction in words, in a language: "Education", "Tehran", "General, zakat". */
export function restrictionName(dep: Deployment, lang: Locale, kind: string, code: string | null, zakat: boolean, cat: Catalogue): string {
  const base = kind === 'basket' ? cat.baskets.find((b) => b.code === code)?.names[lang]
    : kind === 'aid_type' ? cat.aidTypes.find((t) => t.code === code)?.names[lang]
      : kind === 'region' ? (code ? dep.regions.get(code)?.names[lang] : undefined)
        : kind === 'programme' ? code ?? undefined : GENERAL[lang];
  return zakat ? `${base ?? code ?? ''} · ${ZAKAT[lang]}` : (base ?? code ?? '');
}
