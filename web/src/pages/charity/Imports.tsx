/**
 * A charity's imports: the upload of a list of the needy people it knows (CSV or XLSX, by the file
 * picker or dropped on the page), the limits said before the file is chosen, a refusal said in
 * words with what to do, and the charity's earlier imports, newest first.
 */
import { useState, type DragEvent, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../lib/api';
import { useFormat, useMe } from '../../lib/session';
import { FormActions, Page, problemText, When } from '../../components/ui';
import { QueryTable } from '../../components/DataTable';
import type { Body } from '../../lib/api-types';
import { megabytes, uploadImport } from './import-parts';
import './imports.css';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The deployment's limits for one upload (GET /api/v1/imports/limits), asked only by those who may upload. */
export type ImportLimits = Body<'/api/v1/imports/limits'>;

export function useImportLimits(enabled: boolean) {
  return useQuery({ queryKey: ['import-limits'], queryFn: () => api<ImportLimits>('GET', '/api/v1/imports/limits'), staleTime: Infinity, enabled });
}

export function Imports() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const mayUpload = !!useMe().data?.permissions.includes('import:create');
  const limits = useImportLimits(mayUpload);
  const list = useQuery({ queryKey: ['imports'], queryFn: async () => (await api<Body<'/api/v1/imports'>>('GET', '/api/v1/imports')).items });
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [missing, setMissing] = useState(false);
  const upload = useMutation({
    mutationFn: uploadImport,
    onSuccess: async ({ imported, again }) => {
      await qc.invalidateQueries({ queryKey: ['imports'] });
      navigate(`/charity/imports/${imported.id}`, { state: { again } });
    },
  });
  const choose = (chosen: File | null | undefined) => {
    setFile(chosen ?? null);
    setMissing(false);
    upload.reset();
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files[0]);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) setMissing(true);
    else upload.mutate(file);
  };
  const lim = limits.data;
  return (
    <Page title={t('imports.title')}>
      <p className="lead">{t('imports.intro')}</p>
      {mayUpload ? (
        <form className="card form" noValidate aria-labelledby="upload-title" onSubmit={onSubmit}>
          <h2 id="upload-title">{t('imports.upload.title')}</h2>
          <div
            className={`drop-zone${dragging ? ' is-dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <label htmlFor="import-file">{t('imports.upload.choose')}</label>
            <input id="import-file" type="file" accept={ACCEPT} aria-describedby="import-file-hint" aria-invalid={missing || undefined} onChange={(e) => choose(e.target.files?.[0])} />
            <p className="hint" id="import-file-hint">
              {t('imports.upload.formats')} {lim ? t('imports.upload.limits', { size: f.n(megabytes(lim.maxBytes)), rows: f.n(lim.maxRows) }) : null} {t('imports.upload.drop')}
            </p>
            {file ? (
              <p className="chosen-file">
                {t('imports.upload.chosen', { name: file.name, size: f.n(megabytes(file.size)) })}
              </p>
          ) : null}
        </div>
        {missing ? (
          <p className="field-error" role="alert">
            {t('imports.upload.none')}
          </p>
        ) : null}
        {upload.error ? <UploadRefusal error={upload.error} limits={lim ?? null} /> : null}
        <FormActions label={upload.isPending ? t('imports.upload.sending') : t('imports.upload.send')} busy={upload.isPending} />
      </form>
      ) : null}
      <h2>{t('imports.list.title')}</h2>
      <QueryTable
        q={list}
        none={t('imports.list.empty')}
        label={t('imports.list.title')}
        rowKey={(i) => i.id}
        columns={[
          { header: t('imports.list.file'), rowHeader: true, cell: (i) => <Link to={`/charity/imports/${i.id}`}><bdi>{i.fileName}</bdi></Link> },
          { header: t('imports.list.uploaded'), cell: (i) => <When value={i.createdAt} withTime /> },
          { header: t('imports.list.status'), cell: (i) => <span className={`badge import-${i.status}`}>{t(`imports.status.${i.status}`)}</span> },
          { header: t('imports.progress.accepted'), num: true, cell: (i) => f.n(i.progress.accepted) },
          { header: t('imports.progress.refused'), num: true, cell: (i) => f.n(i.progress.refused) },
          { header: t('imports.progress.waiting'), num: true, cell: (i) => f.n(i.progress.waiting) },
        ]}
      />
    </Page>
  );
}

/** Why the server refused the file, and what to do about it, in the reader's language. */
export function UploadRefusal({ error, limits }: { error: unknown; limits: ImportLimits | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const slug = error instanceof ApiError ? error.slug : 'internal';
  const own = t(`imports.problems.${slug}`, { defaultValue: '' });
  // The limits are named when they are known; otherwise the advice says only "smaller files".
  const todo = slug === 'import-too-large' && !limits ? 'payload-too-large-todo' : `${slug}-todo`;
  return (
    <div className="alert error" role="alert">
      <p className="alert-title">{own || problemText(t, error, f.lang)}</p>
      {own ? <p>{t(`imports.problems.${todo}`, { defaultValue: '', ...(limits ? { size: f.n(megabytes(limits.maxBytes)), rows: f.n(limits.maxRows) } : {}) })}</p> : null}
    </div>
  );
}
