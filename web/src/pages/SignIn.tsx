import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../components/ui';

/** The start page before sign-in: one button to the national identity sign-in. */
export function SignIn() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const raw = params.get('returnTo') ?? '/';
  const returnTo = raw.startsWith('/') && !raw.startsWith('//') ? raw : '/';
  return (
    <Page title={t('signIn.title')}>
      <div className="card sign-in">
        <p className="lead">{t('signIn.intro')}</p>
        <a className="button primary large" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}>
          {t('signIn.button')}
        </a>
        <p className="hint">{t('signIn.who')}</p>
        <p className="hint"><Link to="/apply">{t('reg.apply.fromSignIn')}</Link></p>
      </div>
    </Page>
  );
}
