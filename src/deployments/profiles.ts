/**
 * Deployment profiles: what differs between the countries Mizan runs in. A database serves one
 * deployment; its profile is written to the `deployment` table when the database is first set up.
 */
import type { IdScheme } from '../shared/identity/national-id.js';
import type { Locale } from '../db/schema.js';

export type Country = 'KW' | 'SA' | 'IR';
export type CalendarId = 'gregory' | 'islamic-umalqura' | 'persian';

export interface DeploymentProfile {
  country: Country;
  name: { en: string; ar: string; fa: string };
  idScheme: IdScheme;
  currency: { code: string; minorUnits: number };
  calendar: CalendarId;
  defaultLocale: Locale;
  /** ISO 3166-1 alpha-2 of the country's own nationals (the default nationality). */
  nationality: string;
  /** E.164 country calling code. */
  callingCode: string;
  /** The region level shown in anonymous views (1 = governorate / region / province). */
  anonymousRegionLevel: 1 | 2;
  requestDeadlineDays: number;
  schoolYearStart: { month: number; day: number };
  /** IANA time zone in which the deployment's days are counted ("today" for a grant's date). */
  timeZone: string;
  /**
   * The first-level regions of the first phase of a phased rollout (programmes, issue 15): Riyadh
   * and Hail in Saudi Arabia, as its programme rolled out; the others follow in phase 2. A
   * deployment without a phase plan is open everywhere (the ministry makes the plan).
   */
  rolloutPhase1: readonly string[];
}

export const PROFILES: Record<Country, DeploymentProfile> = {
  KW: {
    country: 'KW',
    name: { en: 'Kuwait', ar: 'الكويت', fa: 'کویت' },
    idScheme: 'KW_CIVIL_ID',
    currency: { code: 'KWD', minorUnits: 3 },
    calendar: 'gregory',
    defaultLocale: 'ar',
    nationality: 'KW',
    callingCode: '965',
    anonymousRegionLevel: 1,
    requestDeadlineDays: 14,
    schoolYearStart: { month: 9, day: 1 },
    timeZone: 'Asia/Kuwait',
    rolloutPhase1: ['KW-KU', 'KW-HA'],
  },
  SA: {
    country: 'SA',
    name: { en: 'Saudi Arabia', ar: 'المملكة العربية السعودية', fa: 'عربستان سعودی' },
    idScheme: 'SA_NATIONAL_ID',
    currency: { code: 'SAR', minorUnits: 2 },
    calendar: 'islamic-umalqura',
    defaultLocale: 'ar',
    nationality: 'SA',
    callingCode: '966',
    anonymousRegionLevel: 1,
    requestDeadlineDays: 14,
    schoolYearStart: { month: 8, day: 20 },
    timeZone: 'Asia/Riyadh',
    rolloutPhase1: ['SA-01', 'SA-06'],
  },
  IR: {
    country: 'IR',
    name: { en: 'Iran', ar: 'إيران', fa: 'ایران' },
    idScheme: 'IR_NATIONAL_CODE',
    currency: { code: 'IRR', minorUnits: 0 },
    calendar: 'persian',
    defaultLocale: 'fa',
    nationality: 'IR',
    callingCode: '98',
    anonymousRegionLevel: 1,
    requestDeadlineDays: 14,
    schoolYearStart: { month: 9, day: 23 },
    timeZone: 'Asia/Tehran',
    rolloutPhase1: ['IR-23', 'IR-10'],
  },
};

export function profileFor(country: string): DeploymentProfile {
  const p = PROFILES[country.toUpperCase() as Country];
  if (!p) throw new Error(`Unknown deployment country "${country}". Use one of: ${Object.keys(PROFILES).join(', ')}.`);
  return p;
}
