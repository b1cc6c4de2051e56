import { useTranslation } from 'react-i18next';
import { Page } from '../../components/ui';

/** A donor's home (/donor): their gifts and what each one became (the donations module fills it). */
export function DonorHome() {
  const { t } = useTranslation();
  return (
    <Page title={t('donor.title')}>
      <p className="lead">{t('donor.intro')}</p>
    </Page>
  );
}
