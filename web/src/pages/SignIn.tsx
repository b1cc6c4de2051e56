import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../components/ui';
import { chosenBeforeSignIn } from '../i18n';
import { useLang } from '../lib/session';

/**
 * The start page before sign-in: one button to the national identity sign-in, which goes on in the
 * language shown here (the provider's page and any refusal), and keeps it for the account when the
 * visitor picked it; a second entry signs in as a donor (/auth/login?as=donor, the donor's own
 * account, whoever else the person is in Mizan), who lands on /donor.
 */
export function SignIn() {
  const { t } = useTranslation();
  const { lang } = useLang();
  const [params] = useSearchParams();
  const raw = params.get('returnTo') ?? '/';
  const returnTo = raw.startsWith('/') && !raw.startsWith('//') ? raw : '/';
  const keep = chosenBeforeSignIn() ? '&keepLang=true' : '';
  return (
    <Page title={t('signIn.title')}>
      <div className="card sign-in">
        <p className="lead">{t('signIn.intro')}</p>
        <a className="button primary large" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}&lang=${lang}${keep}`}>
          {t('signIn.button')}
        </a>
        <p className="hint">{t('signIn.who')}</p>
        <div className="sign-in-donate">
          <a className="button secondary large" href={`/auth/login?as=donor&returnTo=${encodeURIComponent('/donor')}&lang=${lang}${keep}`}>
            {t('signIn.donate')}
          </a>
          <p className="hint">{t('signIn.donateHint')}</p>
        </div>
        <p className="hint"><Link to="/apply">{t('reg.apply.fromSignIn')}</Link></p>
      </div>
    </Page>
  );
}
