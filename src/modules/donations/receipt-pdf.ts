/**
 * The donation receipt as a PDF: what a donor keeps, and what anyone can check at the receipt's
 * verify address. One page (more only for a long list of items), in the reader's language (ar, fa,
 * en), with the date in the deployment's calendar, numbers in the reader's digits and amounts in
 * the currency's minor units. Pure: no database, no clock; the same input gives the same bytes
 * (the PDF's dates and file identifier come from receivedAt; test/unit/donation-receipt.test.ts).
 *
 * Arabic and Persian are shaped by the font engine (joined letter forms, Vazirmatn embedded and
 * subset) and laid out right to left by the Unicode bidi algorithm, one line at a time: the engine
 * shapes a run but does not order a line that mixes directions (a Latin receipt code or digits in
 * Persian text), so each line is cut into runs of one embedding level, the runs are put in visual
 * order here (UAX #9, L2), and each run is handed to the engine in the direction it must read.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import bidiModule from 'bidi-js';

export interface ReceiptInput {
  locale: 'ar' | 'fa' | 'en';
  /** The deployment's calendar. */
  calendar: 'gregory' | 'islamic-umalqura' | 'persian';
  /** The deployment's time zone, e.g. 'Asia/Tehran': the day the gift was received there. */
  timeZone: string;
  receiptNumber: string;
  /** Shown big, with the verify address below it. */
  verificationCode: string;
  verifyUrl: string;
  receivedAt: Date;
  charityName: string;
  /** null: the donor gave anonymously. */
  donorName: string | null;
  kind: 'cash' | 'in_kind';
  /** Already in the reader's language (e.g. 'Zakat'). */
  giftKindName: string;
  /** Already in the reader's language (e.g. 'Education', 'General'). */
  restrictionText: string;
  cash?: { amountMinor: number; currency: { code: string; minorUnits: number }; paymentReference: string | null };
  /** estimatedValueMinor is the value of the whole line (all of its quantity), in `currency`. */
  items?: { name: string; quantity: number; unit: string; estimatedValueMinor: number }[];
  /** The currency of in-kind estimated values. */
  currency: { code: string; minorUnits: number };
}

export const LABELS = {
  en: {
    title: 'Donation receipt',
    receiptNumber: 'Receipt number',
    receivedAt: 'Date received',
    donor: 'Donor',
    anonymous: 'Anonymous donor',
    giftKind: 'Kind of gift',
    restriction: 'To be used for',
    amount: 'Amount',
    paymentReference: 'Payment reference',
    items: 'Items received',
    itemName: 'Item',
    quantity: 'Quantity',
    unit: 'Unit',
    estimatedValue: 'Estimated value',
    totalEstimatedValue: 'Total estimated value',
    verificationCode: 'Verification code',
    verifyAt: 'Anyone can check this receipt at',
  },
  ar: {
    title: 'إيصال تبرع',
    receiptNumber: 'رقم الإيصال',
    receivedAt: 'تاريخ الاستلام',
    donor: 'المتبرع',
    anonymous: 'متبرع لم يذكر اسمه',
    giftKind: 'نوع التبرع',
    restriction: 'وجه الصرف',
    amount: 'المبلغ',
    paymentReference: 'مرجع الدفع',
    items: 'المواد المستلمة',
    itemName: 'الصنف',
    quantity: 'الكمية',
    unit: 'الوحدة',
    estimatedValue: 'القيمة التقديرية',
    totalEstimatedValue: 'إجمالي القيمة التقديرية',
    verificationCode: 'رمز التحقق',
    verifyAt: 'يمكن لأي شخص التحقق من هذا الإيصال على العنوان',
  },
  fa: {
    title: 'رسید کمک',
    receiptNumber: 'شماره رسید',
    receivedAt: 'تاریخ دریافت',
    donor: 'کمک‌کننده',
    anonymous: 'کمک‌کننده ناشناس',
    giftKind: 'نوع کمک',
    restriction: 'محل مصرف',
    amount: 'مبلغ',
    paymentReference: 'شماره پیگیری پرداخت',
    items: 'اقلام دریافتی',
    itemName: 'قلم',
    quantity: 'تعداد',
    unit: 'واحد',
    estimatedValue: 'ارزش تخمینی',
    totalEstimatedValue: 'جمع ارزش تخمینی',
    verificationCode: 'کد تأیید',
    verifyAt: 'هر کسی می‌تواند این رسید را در این نشانی بررسی کند',
  },
} as const satisfies Record<ReceiptInput['locale'], Record<string, string>>;

/** The reader's digits: Arabic-Indic for ar, Persian for fa (Intl's `ar` alone now gives Latin digits). */
const NUMBERING: Record<ReceiptInput['locale'], string> = { en: 'latn', ar: 'arab', fa: 'arabext' };

// ---------------------------------------------------------------------------------------------
// Numbers, amounts, the date

/** A count of minor units as an exact decimal string ('12500', 3 → '12.500'), no floating point. */
export function minorToDecimal(minor: bigint, minorUnits: number): string {
  if (!Number.isInteger(minorUnits) || minorUnits < 0) throw new RangeError(`minor units must be a whole number ≥ 0, got ${minorUnits}`);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(minorUnits + 1, '0');
  const whole = digits.slice(0, digits.length - minorUnits);
  const fraction = digits.slice(digits.length - minorUnits);
  return `${negative ? '-' : ''}${whole}${minorUnits > 0 ? `.${fraction}` : ''}`;
}

function wholeMinor(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number of minor units, got ${value}`);
  return BigInt(value);
}

/** An amount in the reader's digits, with exactly the currency's minor units (KWD 3, IRR 0). */
export function formatAmount(locale: ReceiptInput['locale'], minor: bigint, currency: { code: string; minorUnits: number }): string {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.code,
    numberingSystem: NUMBERING[locale],
    minimumFractionDigits: currency.minorUnits,
    maximumFractionDigits: currency.minorUnits,
  });
  // A decimal string is formatted exactly (Intl.NumberFormat v3): no rounding through a double.
  return format.format(minorToDecimal(minor, currency.minorUnits) as Intl.StringNumericLiteral);
}

/** The day the gift was received, in the deployment's calendar and time zone, in the reader's digits. */
export function formatReceivedAt(input: Pick<ReceiptInput, 'locale' | 'calendar' | 'timeZone' | 'receivedAt'>): string {
  return new Intl.DateTimeFormat(`${input.locale}-u-ca-${input.calendar}`, {
    timeZone: input.timeZone,
    dateStyle: 'long',
    numberingSystem: NUMBERING[input.locale],
  }).format(input.receivedAt);
}

// ---------------------------------------------------------------------------------------------
// The font

const FONT_REGULAR = 'vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf';
const FONT_BOLD = 'vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf';

let fontFiles: Promise<{ regular: Buffer; bold: Buffer }> | undefined;

/** Vazirmatn (Arabic, Persian and Latin), read once per process (~120 KB each) and kept. */
function loadFonts(): Promise<{ regular: Buffer; bold: Buffer }> {
  if (!fontFiles) {
    const require = createRequire(import.meta.url);
    fontFiles = Promise.all([readFile(require.resolve(FONT_REGULAR)), readFile(require.resolve(FONT_BOLD))])
      .then(([regular, bold]) => ({ regular, bold }))
      .catch((err: unknown) => {
        fontFiles = undefined;
        throw err;
      });
  }
  return fontFiles;
}

// ---------------------------------------------------------------------------------------------
// Bidi: a line in visual order, as runs of one direction

// bidi-js is CommonJS with types written as ESM: at run time the default import is the factory itself.
const bidi = (bidiModule as unknown as typeof bidiModule.default)();

type Direction = 'ltr' | 'rtl';
interface Run { text: string; level: number }

/** Marks that only steer the bidi algorithm: they have no glyph, so they are not drawn. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/** The direction the font engine (fontkit) will give a run: that of the first character of a script. */
const SCRIPTED = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
function engineDirection(text: string): Direction {
  const first = SCRIPTED.exec(text);
  return first && RTL_SCRIPT.test(first[0]) ? 'rtl' : 'ltr';
}

/** One line's runs of equal embedding level, in visual order (left to right on the page). */
export function visualRuns(text: string, base: Direction): Run[] {
  const levels = bidi.getEmbeddingLevels(text, base);
  const mirrored = bidi.getMirroredCharactersMap(text, levels.levels);
  const runs: Run[] = [];
  for (let i = 0; i < text.length; i++) {
    const level = levels.levels[i] ?? 0;
    const char = mirrored.get(i) ?? text[i] ?? '';
    const last = runs[runs.length - 1];
    if (last && last.level === level) last.text += char;
    else runs.push({ text: char, level });
  }
  // UAX #9 L2: from the highest level down to the lowest odd one, reverse every sequence of runs at
  // that level or higher.
  const highest = Math.max(0, ...runs.map((r) => r.level));
  const lowestOdd = Math.min(highest + 1, ...runs.filter((r) => r.level % 2 === 1).map((r) => r.level));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < runs.length; ) {
      if ((runs[i]?.level ?? 0) < level) { i++; continue; }
      let j = i;
      while (j < runs.length && (runs[j]?.level ?? 0) >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs
    .map((r) => ({ text: r.text.replace(BIDI_CONTROLS, ''), level: r.level }))
    .filter((r) => r.text.length > 0);
}

/** The string to hand the font engine so that it draws the run in the run's own direction. */
function forEngine(run: Run): string {
  const wanted: Direction = run.level % 2 === 1 ? 'rtl' : 'ltr';
  // The engine reverses a run it takes for right-to-left; a run it would read the other way than
  // the bidi algorithm says (Persian digits are of the Arabic script but read left to right) is
  // reversed first. Such a run holds no letters that join, so shaping is not affected.
  return engineDirection(run.text) === wanted ? run.text : Array.from(run.text).reverse().join('');
}

// ---------------------------------------------------------------------------------------------
// Layout

type Doc = InstanceType<typeof PDFDocument>;
type Align = 'start' | 'end' | 'center';
interface Cell { left: number; width: number; y: number; size: number; bold?: boolean; align?: Align; color?: string }

/** Laying every run out whole (features given) keeps the engine from splitting it at spaces. */
const WHOLE_RUN = { lineBreak: false, features: [] as never[] };
const MIN_SIZE = 6;

class ReceiptLayout {
  readonly left: number;
  readonly right: number;
  y: number;

  constructor(private readonly doc: Doc, readonly dir: Direction) {
    this.left = doc.page.margins.left;
    this.right = doc.page.width - doc.page.margins.right;
    this.y = doc.page.margins.top;
  }

  get width(): number { return this.right - this.left; }

  /** A box `offset` points from the reading side's edge (the right one in Arabic and Persian). */
  box(offset: number, width: number): { left: number; width: number } {
    return this.dir === 'rtl' ? { left: this.right - offset - width, width } : { left: this.left + offset, width };
  }

  /** One line of text in a box, in visual order; shrunk to fit the box rather than cut or wrapped. */
  cell(text: string, cell: Cell): void {
    const doc = this.doc;
    doc.font(cell.bold ? 'bold' : 'regular').fillColor(cell.color ?? '#111111');
    const runs = visualRuns(text, this.dir).map(forEngine);
    doc.fontSize(cell.size);
    const natural = runs.reduce((sum, r) => sum + doc.widthOfString(r, WHOLE_RUN), 0);
    const size = natural > cell.width ? Math.max(MIN_SIZE, (cell.size * cell.width) / natural) : cell.size;
    doc.fontSize(size);
    const width = runs.reduce((sum, r) => sum + doc.widthOfString(r, WHOLE_RUN), 0);
    const align = cell.align ?? 'start';
    const flushRight = (align === 'start') === (this.dir === 'rtl');
    let x = align === 'center' ? cell.left + (cell.width - width) / 2 : flushRight ? cell.left + cell.width - width : cell.left;
    // The baseline of a shrunk line stays where the full-size one would be.
    const y = cell.y + (cell.size - size) * 0.9;
    for (const run of runs) {
      doc.text(run, x, y, WHOLE_RUN);
      x += doc.widthOfString(run, WHOLE_RUN);
    }
  }

  /** A full-width line of text at the current height, then down by `advance`. */
  line(text: string, size: number, advance: number, options: { bold?: boolean; align?: Align; color?: string } = {}): void {
    this.cell(text, { left: this.left, width: this.width, y: this.y, size, ...options });
    this.y += advance;
  }

  /** A label and its value side by side. */
  field(label: string, value: string): void {
    const labelWidth = 150;
    this.ensureRoom(22);
    this.cell(label, { ...this.box(0, labelWidth - 8), y: this.y, size: 10, color: '#555555' });
    this.cell(value, { ...this.box(labelWidth, this.width - labelWidth), y: this.y, size: 11 });
    this.y += 22;
  }

  rule(): void {
    this.doc.moveTo(this.left, this.y).lineTo(this.right, this.y).lineWidth(0.6).strokeColor('#999999').stroke();
    this.y += 12;
  }

  /** A new page when fewer than `height` points are left on this one. */
  ensureRoom(height: number): void {
    if (this.y + height <= this.doc.page.height - this.doc.page.margins.bottom) return;
    this.doc.addPage();
    this.y = this.doc.page.margins.top;
  }
}

function drawItems(layout: ReceiptLayout, input: ReceiptInput, labels: (typeof LABELS)[ReceiptInput['locale']]): void {
  const items = input.items ?? [];
  const quantities = new Intl.NumberFormat(input.locale, { numberingSystem: NUMBERING[input.locale], maximumFractionDigits: 3 });
  const w = layout.width;
  const columns = [
    { offset: 0, width: w * 0.4 - 6 },
    { offset: w * 0.4, width: w * 0.14 - 6 },
    { offset: w * 0.54, width: w * 0.16 - 6 },
    { offset: w * 0.7, width: w * 0.3 },
  ];
  const row = (cells: string[], size: number, bold: boolean) => {
    layout.ensureRoom(20);
    cells.forEach((text, i) => {
      const column = columns[i];
      if (column) layout.cell(text, { ...layout.box(column.offset, column.width), y: layout.y, size, bold, align: i === 3 ? 'end' : 'start' });
    });
    layout.y += 20;
  };

  layout.ensureRoom(60);
  layout.line(labels.items, 12, 22, { bold: true });
  row([labels.itemName, labels.quantity, labels.unit, labels.estimatedValue], 9.5, true);
  let total = 0n;
  for (const item of items) {
    const value = wholeMinor(item.estimatedValueMinor, 'an estimated value');
    total += value;
    row([item.name, quantities.format(item.quantity), item.unit, formatAmount(input.locale, value, input.currency)], 10, false);
  }
  layout.y += 2;
  layout.rule();
  layout.field(labels.totalEstimatedValue, formatAmount(input.locale, total, input.currency));
}

/**
 * The receipt, rendered. The fonts are read from node_modules on the first call and kept for the
 * process; each call then takes a few tens of milliseconds and gives a PDF of some 30–60 KB.
 */
export async function renderReceiptPdf(input: ReceiptInput): Promise<Buffer> {
  const fonts = await loadFonts();
  const labels = LABELS[input.locale];
  const dir: Direction = input.locale === 'en' ? 'ltr' : 'rtl';
  if (input.kind === 'cash' && !input.cash) throw new TypeError('A cash receipt needs its amount (cash).');

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    lang: input.locale,
    displayTitle: true,
    // Fixed dates: the file identifier is a hash of the info, so the same receipt gives the same bytes.
    info: {
      Title: `${labels.title} ${input.receiptNumber}`,
      Creator: 'Mizan',
      Producer: 'Mizan',
      CreationDate: input.receivedAt,
      ModDate: input.receivedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);

  const layout = new ReceiptLayout(doc, dir);
  layout.line(labels.title, 22, 34, { bold: true });
  layout.line(input.charityName, 14, 26);
  layout.rule();

  layout.field(labels.receiptNumber, input.receiptNumber);
  layout.field(labels.receivedAt, formatReceivedAt(input));
  layout.field(labels.donor, input.donorName ?? labels.anonymous);
  layout.field(labels.giftKind, input.giftKindName);
  layout.field(labels.restriction, input.restrictionText);

  if (input.kind === 'cash' && input.cash) {
    layout.field(labels.amount, formatAmount(input.locale, wholeMinor(input.cash.amountMinor, 'the amount'), input.cash.currency));
    if (input.cash.paymentReference) layout.field(labels.paymentReference, input.cash.paymentReference);
  } else {
    layout.y += 8;
    drawItems(layout, input, labels);
  }

  layout.y += 10;
  layout.ensureRoom(110);
  layout.rule();
  layout.line(labels.verificationCode, 11, 20, { align: 'center', color: '#555555' });
  layout.line(input.verificationCode, 26, 40, { bold: true, align: 'center' });
  layout.line(labels.verifyAt, 10, 18, { align: 'center', color: '#555555' });
  layout.line(input.verifyUrl, 11, 18, { align: 'center' });

  doc.end();
  return done;
}
