/**
 * The donation receipt as a PDF (renderReceiptPdf): read back the way a reader's PDF viewer reads
 * it. The text is extracted with PDF.js, which turns the drawn (visual) order back into reading
 * order, so a Persian line drawn in the wrong order, or digits drawn backwards, comes back wrong;
 * the glyphs drawn are read from the page's operators, so letters left unjoined (one glyph per
 * letter whatever its place in the word) are seen too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { formatAmount, minorToDecimal, renderReceiptPdf, type ReceiptInput } from '../../src/modules/donations/receipt-pdf.js';

const fridges: ReceiptInput = {
  locale: 'fa',
  calendar: 'persian',
  timeZone: 'Asia/Tehran',
  receiptNumber: 'R-2026-000123',
  verificationCode: 'K7QF-3MZP-9WXD',
  verifyUrl: 'https://mizan.example/verify/K7QF-3MZP-9WXD',
  // 14 April 2026, 13:30 in Tehran: 25 Farvardin 1405.
  receivedAt: new Date('2026-04-14T10:00:00Z'),
  charityName: 'خیریه امام رضا',
  donorName: 'علی رضایی',
  kind: 'in_kind',
  giftKindName: 'صدقه',
  restrictionText: 'آموزش',
  items: [{ name: 'یخچال', quantity: 5, unit: 'دستگاه', estimatedValueMinor: 2_500_000_000 }],
  currency: { code: 'IRR', minorUnits: 0 },
};

const kuwaitCash: ReceiptInput = {
  locale: 'ar',
  calendar: 'islamic-umalqura',
  timeZone: 'Asia/Kuwait',
  receiptNumber: 'R-2026-000124',
  verificationCode: 'M2TT-8QPA-4RNC',
  verifyUrl: 'https://mizan.example/verify/M2TT-8QPA-4RNC',
  receivedAt: new Date('2026-03-02T08:00:00Z'),
  charityName: 'جمعية الهلال',
  donorName: 'فاطمة الكندري',
  kind: 'cash',
  giftKindName: 'زكاة',
  restrictionText: 'التعليم',
  cash: { amountMinor: 12_500, currency: { code: 'KWD', minorUnits: 3 }, paymentReference: 'KNET-558812' },
  currency: { code: 'KWD', minorUnits: 3 },
};

const anonymousCash: ReceiptInput = {
  locale: 'en',
  calendar: 'gregory',
  timeZone: 'Asia/Amman',
  receiptNumber: 'R-2026-000125',
  verificationCode: 'Z9QW-2KDL-7HHS',
  verifyUrl: 'https://mizan.example/verify/Z9QW-2KDL-7HHS',
  receivedAt: new Date('2026-05-01T09:00:00Z'),
  charityName: 'Hope Relief Society',
  donorName: null,
  kind: 'cash',
  giftKindName: 'Sadaqah',
  restrictionText: 'General',
  cash: { amountMinor: 25_000, currency: { code: 'JOD', minorUnits: 3 }, paymentReference: null },
  currency: { code: 'JOD', minorUnits: 3 },
};

interface DrawnGlyph { unicode: string; glyph: string }

/** The first page as PDF.js reads it: its text in reading order, one line per line, and its glyphs. */
async function readBack(pdf: Buffer): Promise<{ text: string; glyphs: DrawnGlyph[] }> {
  const loading = getDocument({ data: new Uint8Array(pdf), useSystemFonts: false });
  const doc = await loading.promise;
  try {
    const page = await doc.getPage(1);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('');
    const operators = await page.getOperatorList();
    const glyphs: DrawnGlyph[] = [];
    operators.fnArray.forEach((fn, i) => {
      if (fn !== OPS.showText) return;
      for (const g of (operators.argsArray[i] as [unknown[]])[0]) {
        if (g && typeof g === 'object' && 'unicode' in g) glyphs.push({ unicode: String(g.unicode), glyph: String((g as unknown as { fontChar: unknown }).fontChar) });
      }
    });
    return { text, glyphs };
  } finally {
    await loading.destroy();
  }
}

/** How many different glyphs were drawn for one letter. */
function formsOf(glyphs: DrawnGlyph[], letter: string): number {
  return new Set(glyphs.filter((g) => g.unicode === letter).map((g) => g.glyph)).size;
}

test('a Persian receipt for 5 refrigerators reads right to left, joined, dated 25 Farvardin ۱۴۰۵ in Persian digits, with its code', async () => {
  const pdf = await renderReceiptPdf(fridges);
  const { text, glyphs } = await readBack(pdf);

  // Reading order: the title's words in order, and the date's digits forwards inside Persian text.
  assert.match(text, /رسید کمک/);
  assert.match(text, /۲۵ فروردین ۱۴۰۵/);
  assert.doesNotMatch(text, /1405|April|آوریل/, 'the date is in the Solar Hijri calendar, in Persian digits');
  // The item line: the refrigerator, its quantity in Persian digits, its unit, its value in rials.
  assert.match(text, /یخچال/);
  assert.match(text, /(^|\s)۵(\s|$)/m);
  assert.match(text, /دستگاه/);
  assert.match(text, /۲٬۵۰۰٬۰۰۰٬۰۰۰/);
  assert.match(text, /اقلام|اقالم/, 'the items heading');
  assert.match(text, /جمع ارزش تخمینی/);
  // The code (Latin inside a right-to-left page) and where to check it.
  assert.match(text, /K7QF-3MZP-9WXD/);
  assert.match(text, /https:\/\/mizan\.example\/verify\/K7QF-3MZP-9WXD/);
  assert.match(text, /R-2026-000123/);

  // Shaped: the kaf of «کمک» is drawn in its initial and its final form, two glyphs for one letter;
  // the same for the yeh of «رسید» (medial) and of «دریافت»/«تخمینی» (final).
  assert.ok(formsOf(glyphs, 'ک') >= 2, 'kaf drawn in more than one form');
  assert.ok(formsOf(glyphs, 'ی') >= 3, 'yeh drawn in initial, medial and final forms');
  assert.ok(pdf.length < 200_000, `a small file (${pdf.length} bytes)`);
});

test('an Arabic receipt in Kuwaiti dinars shows 12.500 with three decimals in Arabic-Indic digits', async () => {
  const { text, glyphs } = await readBack(await renderReceiptPdf(kuwaitCash));
  assert.match(text, /إيصال تبرع/);
  assert.match(text, /١٢٫٥٠٠/, 'three decimals, Arabic-Indic digits and the Arabic decimal separator');
  assert.doesNotMatch(text, /12[.,]5/);
  assert.match(text, /KNET-558812/, 'the payment reference');
  assert.match(text, /١٤٤٧/, 'the Umm al-Qura year, in Arabic-Indic digits');
  assert.match(text, /فاطمة الكندري/);
  assert.ok(formsOf(glyphs, 'ع') >= 2, 'ain drawn joined: medial in «جمعية», alone after the reh of «تبرع»');
});

test('an English receipt for an anonymous donor says Anonymous donor, never a blank or "null"', async () => {
  const { text } = await readBack(await renderReceiptPdf(anonymousCash));
  assert.match(text, /Donation receipt/);
  assert.match(text, /Donor\s+Anonymous donor/);
  assert.doesNotMatch(text, /null/);
  assert.match(text, /JOD\s?25\.000/);
  assert.doesNotMatch(text, /Payment reference/, 'no reference line without a reference');
  assert.match(text, /May 1, 2026/);
  assert.match(text, /Anyone can check this receipt at/);

  const named = await readBack(await renderReceiptPdf({ ...anonymousCash, donorName: 'Omar Haddad' }));
  assert.match(named.text, /Donor\s+Omar Haddad/);
  assert.doesNotMatch(named.text, /Anonymous/);
});

test('the same receipt gives the same bytes; another day gives other bytes', async () => {
  const first = await renderReceiptPdf(fridges);
  const again = await renderReceiptPdf(structuredClone(fridges));
  assert.ok(first.equals(again), 'identical bytes for identical input');
  const later = await renderReceiptPdf({ ...fridges, receivedAt: new Date('2026-04-15T10:00:00Z') });
  assert.ok(!first.equals(later));
});

test('amounts are exact decimal strings of their minor units, never rounded through a double', () => {
  assert.equal(minorToDecimal(12_500n, 3), '12.500');
  assert.equal(minorToDecimal(5n, 3), '0.005');
  assert.equal(minorToDecimal(-5n, 2), '-0.05');
  assert.equal(minorToDecimal(1_250_000n, 0), '1250000');
  // 9007199254740993 / 1000 is 9007199254740.992 as a double.
  assert.equal(minorToDecimal(9_007_199_254_740_993n, 3), '9007199254740.993');
  assert.equal(formatAmount('en', 9_007_199_254_740_993n, { code: 'KWD', minorUnits: 3 }).replace(/\u00a0/g, ' '), 'KWD 9,007,199,254,740.993');
  assert.equal(formatAmount('fa', 1_250_000n, { code: 'IRR', minorUnits: 0 }).replace(/\u200e/g, '').replace(/\u00a0/g, ' '), 'ریال ۱٬۲۵۰٬۰۰۰');
});
