/**
 * The web app's counted messages, resolved as the app resolves them (i18next over the three
 * catalogues): Arabic's six plural forms for 0, 1, 2, 3, 11 and 100 days left, in Arabic-Indic
 * digits; Persian and English in theirs. The days left are counted as the server's reminders count them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { daysLeft, formatNumber, shortRef, type Lang } from '../../web/src/lib/format.js';
import { daysLeft as serverDaysLeft } from '../../src/modules/requests/timeline.js';
import { shortRef as serverRequestRef } from '../../src/shared/short-ref.js';

const catalogue = (lang: Lang) => JSON.parse(readFileSync(new URL(`../../web/src/i18n/${lang}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

async function translator() {
  const i = i18next.createInstance();
  await i.init({ lng: 'ar', fallbackLng: false, resources: { ar: { translation: catalogue('ar') }, fa: { translation: catalogue('fa') }, en: { translation: catalogue('en') } }, interpolation: { escapeValue: false } });
  return (lang: Lang, key: string, count: number) => i.getFixedT(lang)(key, { count, n: formatNumber(count, lang), limit: formatNumber(count, lang) });
}

describe('web: counted messages', () => {
  test('Arabic: six forms of "days left" for 0, 1, 2, 3, 11 and 100, in Arabic-Indic digits', async () => {
    const t = await translator();
    assert.deepEqual([0, 1, 2, 3, 11, 100].map((n) => t('ar', 'lang.daysLeft', n)), ['لم يبقَ أي يوم', 'بقي يوم واحد', 'بقي يومان', 'بقيت ٣ أيام', 'بقي ١١ يومًا', 'بقي ١٠٠ يوم']);
    assert.equal(t('ar', 'notifications.unread', 6), '٦ رسائل غير مقروءة');
    assert.equal(t('ar', 'notifications.unread', 2), 'رسالتان غير مقروءتين');
    assert.equal(t('ar', 'catalogue.windowDaysText', 30), 'مرة كل ٣٠ يومًا');
    assert.equal(t('ar', 'validation.maxLength', 3), 'اكتب ٣ أحرف على الأكثر.');
  });

  test('Persian and English: their forms and digits', async () => {
    const t = await translator();
    assert.equal(t('fa', 'lang.daysLeft', 11), '۱۱ روز مانده است');
    assert.equal(t('fa', 'lang.daysLeft', 0), 'هیچ روزی نمانده است');
    assert.equal(t('en', 'lang.daysLeft', 1), 'one day left');
    assert.equal(t('en', 'lang.daysLeft', 100), '100 days left');
    assert.equal(t('en', 'catalogue.windowDaysText', 1), 'once a day');
    assert.equal(t('en', 'validation.minLength', 1), 'Write at least 1 character.');
  });

  test('days left and the short reference are the ones the server’s messages give', () => {
    const now = Date.parse('2026-03-12T09:00:00Z');
    for (const deadline of ['2026-03-12T10:00:00Z', '2026-03-15T08:00:00Z', '2026-03-15T10:00:00Z', '2026-03-01T00:00:00Z']) {
      assert.equal(daysLeft(deadline, now), serverDaysLeft(new Date(deadline), new Date(now)), deadline);
    }
    const id = '3f2a1b9c-0000-4000-8000-000000000000';
    assert.equal(shortRef(id), serverRequestRef(id));
    assert.equal(shortRef(id), '3F2A1B9C');
  });
});
