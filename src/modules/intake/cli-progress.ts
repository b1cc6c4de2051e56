/**
 * How `mizan import` shows an import's progress on the terminal: a bar redrawn in place on a
 * terminal (rows read, accepted, refused, waiting, rate, time left), a plain line every few seconds
 * when the output is a file or a pipe (a log keeps whole lines), and the column mapping given as
 * `--map nationalId=1,phone=2` (positions counted from 1, or header names).
 */
import type { CliLocale } from '../../cli-messages.js';

export interface ShownProgress {
  rowsRead: number;
  accepted: number;
  refused: number;
  waiting: number;
  total: number | null;
  ratePerSecond: number;
  secondsLeft: number | null;
}

const WORDS = {
  rows: { en: 'rows', ar: 'سطر', fa: 'ردیف' },
  accepted: { en: 'accepted', ar: 'مقبول', fa: 'پذیرفته' },
  refused: { en: 'refused', ar: 'مرفوض', fa: 'ردشده' },
  waiting: { en: 'waiting', ar: 'بانتظار التصحيح', fa: 'در انتظار اصلاح' },
  perSecond: { en: 'rows/s', ar: 'سطر/ث', fa: 'ردیف/ث' },
  left: { en: 'left', ar: 'متبقٍ', fa: 'مانده' },
} as const satisfies Record<string, Record<CliLocale, string>>;

/** 75 s → "1:15", 3 725 s → "1:02:05". */
export function clockTime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const two = (x: number) => String(x).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** The counts, the rate and the time left as one line (digits kept Latin: terminals and logs read them alike). */
export function progressLine(p: ShownProgress, locale: CliLocale): string {
  const w = (k: keyof typeof WORDS) => WORDS[k][locale];
  const n = (x: number) => x.toLocaleString('en-US');
  const read = p.total ? `${n(p.rowsRead)}/${n(p.total)} ${w('rows')}` : `${n(p.rowsRead)} ${w('rows')}`;
  const parts = [read, `${n(p.accepted)} ${w('accepted')}`, `${n(p.refused)} ${w('refused')}`, `${n(p.waiting)} ${w('waiting')}`, `${n(Math.round(p.ratePerSecond))} ${w('perSecond')}`];
  if (p.secondsLeft !== null) parts.push(`${clockTime(p.secondsLeft)} ${w('left')}`);
  return parts.join(' · ');
}

/** A bar of `width` cells, then the percentage; without a total, only the line. */
export function progressBar(p: ShownProgress, locale: CliLocale, width = 30): string {
  const line = progressLine(p, locale);
  if (!p.total) return line;
  const fraction = Math.min(1, p.rowsRead / p.total);
  const full = Math.round(fraction * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${line}`;
}

/**
 * The progress shown while an import runs: on a terminal the bar is redrawn in place at most every
 * `ttyMs`; otherwise a whole line at most every `plainMs` (5 s). `done()` writes the last state once.
 */
export class ProgressPrinter {
  private last = -Infinity;
  private drawn = false;
  constructor(
    private readonly out: { write(s: string): unknown; isTTY?: boolean },
    private readonly locale: CliLocale,
    private readonly now: () => number = Date.now,
    private readonly plainMs = 5000,
    private readonly ttyMs = 200,
  ) {}

  show(p: ShownProgress): void {
    const t = this.now();
    if (t - this.last < (this.out.isTTY ? this.ttyMs : this.plainMs)) return;
    this.last = t;
    this.draw(p);
  }

  done(p: ShownProgress): void {
    this.draw(p);
    if (this.out.isTTY) this.out.write('\n');
  }

  private draw(p: ShownProgress) {
    if (this.out.isTTY) {
      // \r and "erase to end of line": the bar stays one line however its length changes.
      this.out.write(`\r${progressBar(p, this.locale)}\x1b[K`);
      this.drawn = true;
    } else {
      this.out.write(`${progressLine(p, this.locale)}\n`);
    }
  }

  /** Ends the bar's line before something else is printed. */
  interrupt(): void {
    if (this.drawn && this.out.isTTY) this.out.write('\n');
    this.drawn = false;
  }
}

export const MAP_FIELDS = ['nationalId', 'phone', 'name', 'birthDate', 'region', 'householdRef', 'language'] as const;
export type MapField = (typeof MAP_FIELDS)[number];

/**
 * `--map nationalId=1,phone=2,name=Full name`: each field's column, by its position counted from 1
 * or by its header (case and surrounding spaces ignored). Answers the 0-based indexes the API takes,
 * or the first thing wrong (an unknown field, a column that is not there).
 */
export function parseMap(spec: string, columns: readonly string[]): { mapping: Partial<Record<MapField, number>> } | { wrong: string } {
  const mapping: Partial<Record<MapField, number>> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const field = (eq < 0 ? part : part.slice(0, eq)).trim();
    const column = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!(MAP_FIELDS as readonly string[]).includes(field)) return { wrong: field };
    const byPosition = /^\d+$/.test(column) ? Number(column) - 1 : -1;
    const index = byPosition >= 0 ? byPosition : columns.findIndex((c) => c.trim().toLowerCase() === column.toLowerCase());
    if (!column || index < 0 || index >= columns.length) return { wrong: part };
    mapping[field as MapField] = index;
  }
  return { mapping };
}
