/**
 * Who is signed in (GET /api/v1/me), the deployment profile (currency, calendar), and the
 * language: kept per user on the server (PATCH /api/v1/me {locale}) and in localStorage before sign-in.
 * A language picked before sign-in goes along the sign-in (SignIn.tsx: /auth/login?lang&keepLang)
 * and becomes the account's; the account's own language wins otherwise.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from './api';
import type { Schema } from './api-types';
import { applyDocumentLang, markChosenBeforeSignIn, storeLang, storedLang } from '../i18n';
import { formatDate, formatMoney, formatMoneyMinor, formatNumber, localDigits, type Calendar, type Currency, type Lang } from './format';

/** Who is signed in (GET /api/v1/me). */
export type Me = Schema<'Me'>;

/** The deployment profile (GET /api/v1/deployment). */
export type DeploymentInfo = Schema<'DeploymentInfo'>;

export function useDeployment() {
  return useQuery({ queryKey: ['deployment'], queryFn: () => api<DeploymentInfo>('GET', '/api/v1/deployment'), staleTime: Infinity });
}

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api<Me>('GET', '/api/v1/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

interface LangContext {
  lang: Lang;
  setLang(lang: Lang): void;
}
const Ctx = createContext<LangContext>({ lang: 'ar', setLang: () => {} });

export function LanguageProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const me = useMe();
  const dep = useDeployment();
  const qc = useQueryClient();
  const lang = (i18n.language as Lang) ?? 'ar';
  // Messages are written by the server in the reader's language: read them again in the new one.
  const patch = useMutation({
    mutationFn: (locale: Lang) => api('PATCH', '/api/v1/me', { locale }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['me'] }), qc.invalidateQueries({ queryKey: ['notifications'] })]),
  });
  const adopted = useRef<string | null>(null);

  const change = useCallback(
    (next: Lang) => {
      void i18n.changeLanguage(next);
      applyDocumentLang(next);
      storeLang(next);
    },
    [i18n],
  );

  // Signed in: the user's own language wins (once per user). Before sign-in: the stored choice, else the deployment's.
  useEffect(() => {
    if (me.data && adopted.current !== me.data.userId) {
      adopted.current = me.data.userId;
      // The sign-in has carried a language picked before it (the server kept it for the account).
      markChosenBeforeSignIn(false);
      if (me.data.locale && me.data.locale !== lang) change(me.data.locale);
    } else if (me.data === null && !storedLang() && dep.data && dep.data.defaultLocale !== lang) {
      change(dep.data.defaultLocale);
    }
  }, [me.data, dep.data, lang, change]);

  const setLang = useCallback(
    (next: Lang) => {
      change(next);
      if (me.data) patch.mutate(next);
      else markChosenBeforeSignIn(true);
    },
    [change, me.data, patch],
  );
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useLang = () => useContext(Ctx);

/** Formatting bound to the current language and the deployment's calendar and currency. */
export function useFormat() {
  const { lang } = useLang();
  const dep = useDeployment();
  const calendar: Calendar = dep.data?.calendar ?? 'gregory';
  const currency: Currency = dep.data?.currency ?? { code: 'KWD', minorUnits: 3 };
  return useMemo(
    () => ({
      lang,
      calendar,
      currency,
      n: (x: number | null | undefined, o?: Intl.NumberFormatOptions) => formatNumber(x, lang, o),
      date: (x: string | Date | null | undefined) => formatDate(x, lang, calendar),
      dateTime: (x: string | Date | null | undefined) => formatDate(x, lang, calendar, true),
      money: (x: string | null | undefined) => formatMoney(x, currency, lang),
      moneyMinor: (x: number | null | undefined) => formatMoneyMinor(x, currency, lang),
      digits: (s: string | null | undefined) => (s ? localDigits(s, lang) : '—'),
      /** A country from its ISO code, named in the person's language. */
      country: (code: string | null | undefined) => {
        if (!code) return '—';
        try {
          return new Intl.DisplayNames([lang], { type: 'region' }).of(code.toUpperCase()) ?? code;
        } catch {
          return code;
        }
      },
      /** "a, b and c" in the language. */
      list: (items: string[]) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(items),
      /** A name given in all three languages. */
      name: (names: { en: string; ar: string; fa: string } | null | undefined, fallback = '—') => (names ? names[lang] || names.en : fallback),
    }),
    [lang, calendar, currency],
  );
}

export const isCharity = (me: Me | null | undefined) => !!me && me.orgKind === 'charity';
export const isMinistry = (me: Me | null | undefined) => !!me && me.orgKind === 'ministry';
export const isApplicant = (me: Me | null | undefined) => !!me && me.role === 'applicant';
/** A donor's own account (no organisation): their gifts only, under /donor. */
export const isDonor = (me: Me | null | undefined) => !!me && me.role === 'donor';
