/** The files attached to an appeal, each a download for whoever may read the appeal (the applicant's page, the appeals queue). */
import { useTranslation } from 'react-i18next';
import type { Schema } from '../lib/api-types';

type Appeal = Schema<'Appeal'>;

export function AppealFiles({ appeal }: { appeal: Pick<Appeal, 'id' | 'files'> }) {
  const { t } = useTranslation();
  if (appeal.files.length === 0) return null;
  return (
    <ul className="appeal-files" aria-label={t('myProgrammes.appeal.files')}>
      {appeal.files.map((d) => (
        <li key={d.id}>
          <a href={`/api/v1/appeals/${appeal.id}/documents/${d.id}`} download><bdi>{d.name}</bdi></a>
        </li>
      ))}
    </ul>
  );
}
