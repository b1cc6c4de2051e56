import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { asciiDigits } from '../../lib/format';
import { useFormat } from '../../lib/session';
import { useCatalogue, type Group } from '../../lib/reference';
import { ErrorNote, Field, Page, Query, SuccessNote, useFormErrors } from '../../components/ui';
import { CodeSelect, keyedChoices } from '../../components/CodeSelect';

const WINDOW_KINDS: Group['windowKind'][] = ['days', 'school_year', 'lifetime'];

function Policy({ group }: { group: Group }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [kind, setKind] = useState(group.windowKind);
  const [days, setDays] = useState(group.windowDays ? f.digits(String(group.windowDays)) : '');
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors('patch', '/api/v1/catalogue/groups/{code}');
  const save = useMutation({
    mutationFn: (body: unknown) => api('PATCH', `/api/v1/catalogue/groups/${group.code}`, body),
    onSuccess: async () => {
      // "Saved" appears with the policy as it now stands, not before it is read back.
      await qc.invalidateQueries({ queryKey: ['catalogue'] });
      setSaved(true);
    },
    onError: (e) => errors.fail(e, ['windowKind', 'windowDays']),
  });
  const current = group.windowKind === 'days' ? t('catalogue.windowDaysText', { n: f.n(group.windowDays ?? 0), count: group.windowDays ?? 0 }) : t(`catalogue.window.${group.windowKind}`);
  return (
    <form
      className="policy"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        const n = Number(asciiDigits(days.trim()));
        const body = kind === 'days' ? { windowKind: kind, windowDays: days.trim() === '' ? undefined : Number.isFinite(n) ? n : days } : { windowKind: kind, windowDays: null };
        if (errors.check(body)) save.mutate(body);
      }}
    >
      <p>
        {t('catalogue.current')}: <strong>{current}</strong>
      </p>
      <ErrorNote error={errors.form} />
      <div className="field-row">
        <Field label={t('catalogue.windowKind')} error={errors.fields.windowKind}>
          {(p) => <CodeSelect {...p} value={kind} onChange={(e) => setKind(e.target.value as Group['windowKind'])} choices={keyedChoices(WINDOW_KINDS, (k) => t(`catalogue.window.${k}`))} />}
        </Field>
        {kind === 'days' ? (
          <Field label={t('catalogue.windowDays')} error={errors.fields.windowDays}>
            {(p) => <input {...p} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />}
          </Field>
        ) : null}
      </div>
      {saved ? <SuccessNote>{t('common.saved')}</SuccessNote> : null}
      <button type="submit" className="button secondary" disabled={save.isPending}>
        {t('catalogue.savePolicy', { name: f.name(group.names) })}
      </button>
    </form>
  );
}

/** The aid catalogue by basket, and each exclusivity group's window ("the same aid, how often"). */
export function CatalogueAdmin() {
  const { t } = useTranslation();
  const f = useFormat();
  const catalogue = useCatalogue();
  return (
    <Page title={t('catalogue.title')}>
      <Query q={catalogue}>
        {(c) => (
          <>
            <h2>{t('catalogue.policies')}</h2>
            <p className="lead">{t('catalogue.policiesIntro')}</p>
            <ul className="cards">
              {c.groups.map((g) => (
                <li key={g.code} className="card">
                  <h3>{f.name(g.names)}</h3>
                  <p className="muted">
                    {t('catalogue.typesInGroup')}: {f.list(c.aidTypes.filter((x) => x.group === g.code).map((x) => f.name(x.names))) || '—'}
                  </p>
                  <Policy group={g} />
                </li>
              ))}
            </ul>
            <h2>{t('catalogue.aidTypes')}</h2>
            {c.baskets.map((b) => (
              <section key={b.code} className="card" aria-labelledby={`basket-${b.code}`}>
                <h3 id={`basket-${b.code}`}>{f.name(b.names)}</h3>
                <ul className="plain">
                  {c.aidTypes
                    .filter((x) => x.basket === b.code)
                    .map((x) => (
                      <li key={x.code}>
                        {f.name(x.names)} <span className="muted">· {t(`forms.${x.form}`)}{x.active ? '' : ` · ${t('catalogue.inactive')}`}</span>
                      </li>
                    ))}
                </ul>
              </section>
            ))}
          </>
        )}
      </Query>
    </Page>
  );
}
