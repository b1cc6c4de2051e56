/**
 * A date picked in the deployment's calendar (Umm al-Qura, Solar Hijri or Gregorian): a day and a
 * month chosen from lists, the month by its name in the person's language, and the year typed in
 * that calendar in any digits; handed on as the API's ISO date (lib/calendar-date.ts), or '' while
 * incomplete. The day list follows the month's length, so no impossible day can be chosen.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { calendarParts, isoFromCalendar, monthLength, monthNames, todayIn } from '../lib/calendar-date';
import { asciiDigits, localDigits } from '../lib/format';
import { useFormat } from '../lib/session';

interface Draft {
  day: string;
  month: string;
  year: string;
}

const EMPTY: Draft = { day: '', month: '', year: '' };

export function CalendarDate({ legend, value, onChange, name }: { legend: string; value: string; onChange(iso: string): void; name: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const id = useId();
  const fromValue = (iso: string): Draft => {
    const p = iso ? calendarParts(iso, f.calendar) : null;
    return p ? { day: String(p.day), month: String(p.month), year: localDigits(String(p.year), f.lang) } : EMPTY;
  };
  const [draft, setDraft] = useState<Draft>(() => fromValue(value));
  // A value set from outside (a reset, another calendar) replaces the draft; one this picker made does not.
  useEffect(() => {
    if (value !== isoOf(draft)) setDraft(fromValue(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, f.calendar]);
  const thisYear = todayIn(f.calendar).year;
  const year = Number(asciiDigits(draft.year)) || thisYear;
  const months = useMemo(() => monthNames(year, f.calendar, f.lang), [year, f.calendar, f.lang]);
  const days = draft.month ? monthLength(year, Number(draft.month), f.calendar) : 31;

  function isoOf(d: Draft): string {
    const y = Number(asciiDigits(d.year));
    if (!d.day || !d.month || !/^\d{4}$/.test(asciiDigits(d.year))) return '';
    return isoFromCalendar({ year: y, month: Number(d.month), day: Number(d.day) }, f.calendar) ?? '';
  }
  const change = (k: keyof Draft, v: string) => {
    const next = { ...draft, [k]: v };
    // A shorter month keeps the day within it (the 30th becomes the 29th).
    const y = Number(asciiDigits(next.year)) || thisYear;
    if (next.day && next.month) next.day = String(Math.min(Number(next.day), monthLength(y, Number(next.month), f.calendar)));
    setDraft(next);
    onChange(isoOf(next));
  };
  const yearInvalid = draft.year !== '' && !/^\d{4}$/.test(asciiDigits(draft.year));
  return (
    <fieldset className="calendar-date" data-name={name}>
      <legend>{legend}</legend>
      <div className="calendar-date-parts">
        <div className="field">
          <label htmlFor={`${id}-day`}>{t('auditSearch.day')}</label>
          <select id={`${id}-day`} value={draft.day} onChange={(e) => change('day', e.target.value)}>
            <option value="">—</option>
            {Array.from({ length: days }, (_, i) => (
              <option key={i + 1} value={String(i + 1)}>
                {f.n(i + 1)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-month`}>{t('auditSearch.month')}</label>
          <select id={`${id}-month`} value={draft.month} onChange={(e) => change('month', e.target.value)}>
            <option value="">—</option>
            {months.map((m, i) => (
              <option key={m} value={String(i + 1)}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${yearInvalid ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-year`}>{t('auditSearch.year')}</label>
          <input
            id={`${id}-year`}
            inputMode="numeric"
            autoComplete="off"
            value={draft.year}
            placeholder={localDigits(String(thisYear), f.lang)}
            onChange={(e) => change('year', e.target.value.trim())}
            {...(yearInvalid ? { 'aria-invalid': true, 'aria-describedby': `${id}-year-error` } : {})}
          />
          {yearInvalid ? (
            <p className="field-error" id={`${id}-year-error`}>
              {t('auditSearch.yearInvalid')}
            </p>
          ) : null}
        </div>
      </div>
    </fieldset>
  );
}
