/** The shell: header with navigation by role, the language switch, and the routes. */
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, devToken, setDevToken } from './lib/api';
import { LanguageProvider, isApplicant, isCharity, isDonor, isMinistry, useDeployment, useLang, useMe, type Me } from './lib/session';
import { LANGS, formatNumber, type Lang } from './lib/format';
import { Loading } from './components/ui';
import { homePath } from './lib/small';
import { SignIn } from './pages/SignIn';
import { MyHousehold } from './pages/applicant/MyHousehold';
import { NewRequest } from './pages/applicant/NewRequest';
import { AccessLog } from './pages/applicant/AccessLog';
import { RequestDetail } from './pages/applicant/RequestDetail';
import { Declaration } from './pages/applicant/Declaration';
import { Pool } from './pages/charity/Pool';
import { Queue } from './pages/charity/Queue';
import { CaseView } from './pages/charity/CaseView';
import { GiveAid } from './pages/charity/GiveAid';
import { Staff } from './pages/charity/Staff';
import { RegisterHousehold } from './pages/charity/RegisterHousehold';
import { Household } from './pages/charity/Household';
import { Apply } from './pages/public/Apply';
import { ApplicationStatus } from './pages/public/ApplicationStatus';
import { Invitation } from './pages/public/Invitation';
import { FieldHome } from './pages/fieldVisitor/FieldHome';
import { Charities } from './pages/ministry/Charities';
import { CatalogueAdmin } from './pages/ministry/CatalogueAdmin';
import { Escalated } from './pages/ministry/Escalated';
import { Sla } from './pages/ministry/Sla';
import { AuditSearch } from './pages/ministry/AuditSearch';
import { Exceptions } from './pages/ministry/Exceptions';
import { Lookups } from './pages/ministry/Lookups';
import { Sms } from './pages/ministry/Sms';
import { Notifications, useUnreadCount } from './pages/Notifications';
import { Kardex } from './pages/Kardex';
import { PriorityList } from './pages/PriorityList';
import { NeedModel } from './pages/ministry/NeedModel';
import { MatchReview } from './pages/ministry/MatchReview';
import { Imports } from './pages/charity/Imports';
import { ImportDetail } from './pages/charity/ImportDetail';
import { Programmes } from './pages/ministry/Programmes';
import { Programme } from './pages/ministry/Programme';
import { Appeals } from './pages/ministry/Appeals';
import { MyProgrammes } from './pages/applicant/MyProgrammes';
import { Rollout } from './pages/ministry/Rollout';
import { DonorHome } from './pages/donor/DonorHome';
import { Donations } from './pages/charity/Donations';
import { Ledger } from './pages/ministry/Ledger';
import { VerifyReceipt } from './pages/public/VerifyReceipt';

export function App() {
  return (
    <LanguageProvider>
      <Shell />
    </LanguageProvider>
  );
}

const homeOf = (me: Me): string => homePath(me);

function navOf(me: Me | null | undefined): [string, string][] {
  if (!me) return [];
  if (isApplicant(me)) return [['/me', 'nav.household'], ['/me/declaration', 'nav.declaration'], ['/me/programmes', 'myProgrammes.nav'], ['/me/requests/new', 'nav.newRequest'], ['/me/access', 'nav.accessLog']];
  if (isDonor(me)) return [['/donor', 'donor.nav']];
  if (isFieldVisitor(me)) return [['/field', 'small.fieldNav']];
  if (isCharity(me)) {
    const items: [string, string, string][] = [['/charity/pool', 'nav.pool', 'pool:read'], ['/charity/queue', 'nav.queue', 'request:queue'], ['/charity/give', 'nav.giveAid', 'grant:create'], ['/charity/households/new', 'reg.nav.register', 'household:create'], ['/charity/priority', 'priority.nav', 'priority:read'], ['/charity/imports', 'imports.nav', 'import:read'], ['/charity/programmes', 'programmes.nav', 'programme:manage'], ['/charity/appeals', 'appeals.nav', 'appeal:decide'], ['/charity/donations', 'donations.nav', 'donation:read']];
    if (me.role === 'charity_admin') items.push(['/charity/staff', 'nav.staff', 'staff:manage']);
    return items.filter(([, , p]) => me.permissions.includes(p)).map(([to, key]) => [to, key]);
  }
  if (isMinistry(me)) {
    const items: [string, string][] = [['/ministry/charities', 'nav.charities'], ['/ministry/catalogue', 'nav.catalogue'], ['/ministry/escalated', 'nav.escalated'], ['/ministry/exceptions', 'nav.exceptions'], ['/ministry/duplicates', 'match.nav'], ['/ministry/sla', 'nav.sla'], ['/ministry/lookups', 'nav.lookups'], ['/ministry/sms', 'sms.nav'], ['/ministry/audit', 'nav.audit'], ['/ministry/priority', 'priority.nav'], ['/ministry/need-model', 'priority.navModel'], ['/ministry/programmes', 'programmes.nav'], ['/ministry/appeals', 'appeals.nav']];
    if (mayRollout(me)) items.push(['/ministry/rollout', 'rollout.nav']);
    if (me.permissions.includes('ledger:read')) items.push(['/ministry/ledger', 'ledger.nav']);
    return items;
  }
  return [];
}

function LanguageSwitch() {
  const { t } = useTranslation();
  const { lang, setLang } = useLang();
  return (
    <div className="lang-switch">
      <label htmlFor="lang-select">{t('common.language')}</label>
      <select id="lang-select" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const dep = useDeployment();
  const { lang } = useLang();
  const qc = useQueryClient();
  const signOut = async () => {
    if (devToken()) setDevToken(null);
    else await api('POST', '/auth/logout').catch(() => undefined);
    qc.clear();
    location.assign('/');
  };
  const user = me.data;
  const unread = useUnreadCount(!!user);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          {dep.data ? <span className="brand-sub">{dep.data.name[lang]}</span> : null}
        </div>
        <div className="header-tools">
          <LanguageSwitch />
          {user ? (
            <div className="who">
              {user.displayName ? <span className="who-name">{user.displayName}</span> : null}
              <span className="who-role">{t(`roles.${user.role}`)}</span>
              <button type="button" className="button secondary small" onClick={() => void signOut()}>
                {t('common.signOut')}
              </button>
            </div>
          ) : null}
        </div>
        {user ? (
          <nav className="app-nav" aria-label={t('nav.label')}>
            <ul>
              {navOf(user).map(([to, key]) => (
                <li key={to}>
                  <NavLink to={to} end>
                    {t(key)}
                  </NavLink>
                </li>
              ))}
              <li>
                <NavLink to="/notifications" end>
                  {t('nav.notifications')}
                  {unread.data ? <span className="count">{t('notifications.unread', { n: formatNumber(unread.data, lang), count: unread.data })}</span> : null}
                </NavLink>
              </li>
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {me.isPending ? <Loading /> : <AppRoutes me={user ?? null} />}
      </main>
    </>
  );
}

function Guard({ me, when, children }: { me: Me | null; when: (me: Me) => boolean; children: ReactNode }) {
  const loc = useLocation();
  if (!me) return <Navigate to={`/?returnTo=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (!when(me)) return <Navigate to={homeOf(me)} replace />;
  return <>{children}</>;
}

const charityAdmin = (m: Me) => isCharity(m) && m.role === 'charity_admin';
const isFieldVisitor = (m: Me) => isCharity(m) && m.role === 'field_visitor';
const anyone = () => true;
/** The rollout page: the ministry's staff who plan the rollout or write the zakat categories. */
const mayRollout = (m: Me) => isMinistry(m) && (m.permissions.includes('rollout:manage') || m.permissions.includes('zakat:manage'));
/** A charity's page that the account's role may use, as the server's permission table says (GET /me). */
const charityMay = (permission: string) => (m: Me) => isCharity(m) && m.permissions.includes(permission);

/** Every page of the app by who may open it: [who, [address, page]…]. */
const PAGES: [(me: Me) => boolean, [string, () => ReactNode][]][] = [
  [isApplicant, [['/me', MyHousehold], ['/me/declaration', Declaration], ['/me/requests/new', NewRequest], ['/me/access', AccessLog], ['/me/requests/:id', RequestDetail], ['/me/programmes', MyProgrammes]]],
  [charityMay('pool:read'), [['/charity/pool', Pool]]],
  [charityMay('request:queue'), [['/charity/queue', Queue]]],
  [charityMay('request:case'), [['/charity/requests/:id', CaseView]]],
  [charityMay('grant:create'), [['/charity/give', GiveAid]]],
  [charityMay('household:create'), [['/charity/households/new', RegisterHousehold]]],
  [charityMay('household:edit'), [['/charity/households/:id', Household]]],
  [charityMay('household:read'), [['/charity/households/:id/record', Kardex]]],
  [charityMay('import:read'), [['/charity/imports', Imports], ['/charity/imports/:id', ImportDetail]]],
  [charityAdmin, [['/charity/staff', Staff]]],
  [charityMay('programme:manage'), [['/charity/programmes', Programmes], ['/charity/programmes/:id', Programme]]],
  [charityMay('appeal:decide'), [['/charity/appeals', Appeals]]],
  [charityMay('donation:read'), [['/charity/donations', Donations]]],
  [(m) => isMinistry(m) && m.permissions.includes('ledger:read'), [['/ministry/ledger', Ledger]]],
  [charityMay('priority:read'), [['/charity/priority', PriorityList]]], [isMinistry, [['/ministry/priority', PriorityList], ['/ministry/need-model', NeedModel]]],
  [isFieldVisitor, [['/field', FieldHome]]],
  [isDonor, [['/donor', DonorHome]]],
  [isMinistry, [['/ministry/charities', Charities], ['/ministry/catalogue', CatalogueAdmin], ['/ministry/escalated', Escalated], ['/ministry/exceptions', Exceptions], ['/ministry/duplicates', MatchReview], ['/ministry/sla', Sla], ['/ministry/lookups', Lookups], ['/ministry/sms', Sms], ['/ministry/audit', AuditSearch], ['/ministry/households/:id', Kardex], ['/ministry/programmes', Programmes], ['/ministry/programmes/:id', Programme], ['/ministry/appeals', Appeals]]],
  [mayRollout, [['/ministry/rollout', Rollout]]],
  [anyone, [['/notifications', Notifications]]],
];

/** Pages anyone may open, signed in or not: a charity's application to join and its status, an invitation's link. */
const PUBLIC_PAGES: [string, () => ReactNode][] = [['/apply', Apply], ['/apply/status', ApplicationStatus], ['/i/:token', Invitation], ['/verify', VerifyReceipt], ['/verify/:code', VerifyReceipt]];

function AppRoutes({ me }: { me: Me | null }) {
  return (
    <Routes>
      <Route path="/" element={me ? <Navigate to={homeOf(me)} replace /> : <SignIn />} />
      {PUBLIC_PAGES.map(([path, Page]) => <Route key={path} path={path} element={<Page />} />)}
      {PAGES.flatMap(([when, pages]) =>
        pages.map(([path, Page]) => <Route key={path} path={path} element={<Guard me={me} when={when}><Page /></Guard>} />),
      )}
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
