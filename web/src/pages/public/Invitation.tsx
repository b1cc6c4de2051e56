/**
 * The invitation's link from the SMS (/i/:token), before sign-in: in the invitation's language
 * (the visitor may change it), who invited them in plain words (a charity, never a name), what
 * happens next, and the national identity sign-in that carries the invitation. A used link offers
 * a plain sign-in, an expired one says to ask the charity for a new link, an unknown one says so.
 */
import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useLang } from '../../lib/session';
import { LANGS, type Lang } from '../../lib/format';
import { chosenBeforeSignIn } from '../../i18n';
import { ErrorNote, Loading, Page } from '../../components/ui';

interface InvitationState {
  state: 'usable' | 'used' | 'expired';
  locale: Lang;
}

const RETURN_TO = '/me/declaration';

export function Invitation() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const { lang, setLang } = useLang();
  const q = useQuery({
    queryKey: ['invitation', token],
    queryFn: async () => {
      try {
        return await api<InvitationState>('GET', `/api/v1/invitations/${encodeURIComponent(token)}`);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return null;
        throw e;
      }
    },
    retry: false,
    staleTime: Infinity,
  });
  // The page speaks the invitation's language once, unless the visitor has already picked one in this tab.
  const adopted = useRef(false);
  useEffect(() => {
    const inv = q.data;
    if (!inv || adopted.current) return;
    adopted.current = true;
    if (!chosenBeforeSignIn() && (LANGS as string[]).includes(inv.locale) && inv.locale !== lang) setLang(inv.locale);
  }, [q.data, lang, setLang]);

  const signIn = `/auth/login?invitation=${encodeURIComponent(token)}&lang=${lang}&keepLang=true&returnTo=${encodeURIComponent(RETURN_TO)}`;
  const plainSignIn = `/auth/login?lang=${lang}&returnTo=${encodeURIComponent(RETURN_TO)}`;
  return (
    <Page title={t('invitation.title')}>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorNote error={q.error} />
      ) : !q.data ? (
        <div className="card invitation" data-state="unknown">
          <p className="alert error" role="alert">{t('invitation.notFound')}</p>
          <p>{t('invitation.notFoundTodo')}</p>
        </div>
      ) : q.data.state === 'used' ? (
        <div className="card invitation" data-state="used">
          <p className="alert">{t('invitation.used')}</p>
          <p>{t('invitation.usedTodo')}</p>
          <a className="button primary large" href={plainSignIn}>
            {t('invitation.usedSignIn')}
          </a>
        </div>
      ) : q.data.state === 'expired' ? (
        <div className="card invitation" data-state="expired">
          <p className="alert error" role="alert">{t('invitation.expired')}</p>
          <p>{t('invitation.expiredTodo')}</p>
        </div>
      ) : (
        <div className="card invitation" data-state="usable">
          <p className="lead">{t('invitation.intro')}</p>
          <h2 className="h3">{t('invitation.next')}</h2>
          <ol className="invitation-steps">
            <li>{t('invitation.step1')}</li>
            <li>{t('invitation.step2')}</li>
            <li>{t('invitation.step3')}</li>
          </ol>
          <a className="button primary large" href={signIn}>
            {t('invitation.signIn')}
          </a>
          <p className="hint">{t('invitation.privacy')}</p>
        </div>
      )}
    </Page>
  );
}
