import { useTranslation } from 'react-i18next';
import { Page } from '../../components/ui';

/** A field visitor's home: what they will do here (verify households by visiting them), until visits are part of the app. */
export function FieldHome() {
  const { t } = useTranslation();
  return (
    <Page title={t('small.fieldTitle')}>
      <p className="lead">{t('small.fieldIntro')}</p>
      <div className="card">
        <ul>
          <li>{t('small.fieldVisit')}</li>
          <li>{t('small.fieldRecord')}</li>
        </ul>
        <p className="muted">{t('small.fieldUntil')}</p>
      </div>
    </Page>
  );
}
