/** Message catalogues (ar, fa, en) and the document's language and direction. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './ar.json';
import fa from './fa.json';
import en from './en.json';
import { isRtl, type Lang, LANGS } from '../lib/format';

const STORAGE_KEY = 'mizan.locale';

export function storedLang(): Lang | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v && (LANGS as string[]).includes(v) ? (v as Lang) : null;
  } catch {
    return null;
  }
}

export function storeLang(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* storage unavailable */
  }
}

const CHOSEN_KEY = 'mizan.locale.chosen';

/** The visitor picked this language on this tab before signing in: the sign-in keeps it for the account. */
export function chosenBeforeSignIn(): boolean {
  try {
    return sessionStorage.getItem(CHOSEN_KEY) === '1';
  } catch {
    return false;
  }
}

export function markChosenBeforeSignIn(chosen: boolean) {
  try {
    if (chosen) sessionStorage.setItem(CHOSEN_KEY, '1');
    else sessionStorage.removeItem(CHOSEN_KEY);
  } catch {
    /* storage unavailable */
  }
}

/** <html lang dir>: right to left for Arabic and Persian. */
export function applyDocumentLang(lang: Lang) {
  document.documentElement.lang = lang;
  document.documentElement.dir = isRtl(lang) ? 'rtl' : 'ltr';
}

export async function initI18n(initial: Lang) {
  await i18n.use(initReactI18next).init({
    resources: { ar: { translation: ar }, fa: { translation: fa }, en: { translation: en } },
    lng: initial,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyDocumentLang(initial);
  return i18n;
}

export default i18n;
