/**
 * The audit trail for a ministry officer: search by a person's national ID (the search itself is
 * audited), by an organisation chosen by name, by an action from a translated list, and between
 * two dates picked in the deployment's calendar. Each entry reads as a sentence ("caseworker X of
 * charity Y opened the file of household Z to study request R") with links to the household's
 * service record and the request in it.
 */
import { useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { api, itemsOf, qs } from '../../lib/api';
import { asciiDigits, codeText } from '../../lib/format';
import { useList } from '../../lib/queries';
import { useFormat } from '../../lib/session';
import { CalendarDate } from '../../components/CalendarDate';
import { CodeSelect, keyedChoices } from '../../components/CodeSelect';
import { Empty, ErrorNote, Field, FormActions, Loading, Page, When } from '../../components/ui';
import type { Schema } from '../../lib/api-types';

type AuditEntry = Schema<'AuditEntry'>;
type AuditAnswer = Body;
type Body = { items: AuditEntry[]; nextCursor: number | null; person: { found: boolean; householdId: string | null; householdRef: string | null } | null };

/** The actions an officer searches by, each with its words (auditSearch.actions.*); a prefix ending in "." takes the family. */
export const SEARCHED_ACTIONS = [
  'personal_data.read', 'registry.lookup', 'audit.search_person', 'household.register', 'household.member.add', 'household.member.remove',
  'request.', 'request.submit', 'request.claim', 'request.release', 'request.approve', 'request.reject', 'request.escalate', 'request.reassign',
  'grant.', 'grant.create', 'grant.revoke', 'exception.', 'organisation.', 'staff.create', 'auth.sign_in', 'auth.sign_in.refused',
] as const;

/** Reasons Mizan itself writes (not typed by a person), by their words in the catalogues. */
const FIXED_REASONS: Record<string, string> = { 'service record': 'serviceRecord', 'audit search by national ID': 'auditSearch', 'case study': 'caseStudy' };

const actionKey = (a: string) => a.replace(/\.$/, '_all').replaceAll('.', '_');

const FILTERS = ['nationalId', 'actorOrg', 'action', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const EMPTY: Filters = { nationalId: '', actorOrg: '', action: '', from: '', to: '' };

export function AuditSearch() {
  const { t } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const orgs = useList<Schema<'Organisation'>>(['organisations', 'all'], '/api/v1/organisations');
  const q = useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) => {
      // Whole days of the deployment's calendar, in the officer's time zone; the API takes instants.
      const from = filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined;
      const to = filters.to ? new Date(new Date(`${filters.to}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined;
      const res = await api<AuditAnswer>('GET', `/api/v1/audit${qs({ ...filters, nationalId: filters.nationalId || undefined, from, to, before: pageParam, limit: 50 })}`);
      return { items: itemsOf(res), nextCursor: res.nextCursor, person: res.person };
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const person = q.data?.pages[0]?.person ?? null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft, nationalId: asciiDigits(draft.nationalId).replace(/[\s-]/g, '') });
  };
  const code = (s: string | null) => (s ? codeText(s, f.lang) : '');
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const orgChoices = (orgs.data ?? []).map((o) => ({ value: o.id, label: o.kind === 'ministry' ? t('orgKinds.ministry') : o.name }));
  const actionChoices = keyedChoices(SEARCHED_ACTIONS, (a) => t(`auditSearch.actions.${actionKey(a)}`));
  return (
    <Page title={t('auditSearch.title')}>
      <form className="card filters audit-filters" onSubmit={onSubmit} aria-label={t('auditSearch.search')}>
        <div className="filter-grid">
          <Field id="a-national-id" label={t('auditSearch.nationalId')} hint={t('auditSearch.nationalIdHint')}>
            {(p) => <input {...p} value={draft.nationalId} onChange={set('nationalId')} inputMode="numeric" autoComplete="off" dir="ltr" />}
          </Field>
          <Field id="a-org" label={t('auditSearch.organisation')}>
            {(p) => <CodeSelect {...p} value={draft.actorOrg} onChange={set('actorOrg')} choices={orgChoices} empty={t('auditSearch.anyOrganisation')} />}
          </Field>
          <Field id="a-action" label={t('auditSearch.action')}>
            {(p) => <CodeSelect {...p} value={draft.action} onChange={set('action')} choices={actionChoices} empty={t('auditSearch.anyAction')} />}
          </Field>
        </div>
        <div className="field-row">
          <CalendarDate name="from" legend={t('auditSearch.from')} value={draft.from} onChange={(iso) => setDraft((d) => ({ ...d, from: iso }))} />
          <CalendarDate name="to" legend={t('auditSearch.to')} value={draft.to} onChange={(iso) => setDraft((d) => ({ ...d, to: iso }))} />
        </div>
        <FormActions label={t('auditSearch.searchButton')} busy={q.isFetching && !q.isFetchingNextPage}>
          <button type="button" className="button secondary" onClick={() => { setDraft(EMPTY); setFilters(EMPTY); }}>
            {t('auditSearch.clear')}
          </button>
        </FormActions>
      </form>
      {filters.nationalId && person ? (
        <p className="alert audit-person" role="status">
          {person.found && person.householdId && person.householdRef ? (
            <>
              {t('auditSearch.personFound', { household: code(person.householdRef) })}{' '}
              <Link to={`/ministry/households/${person.householdId}`}>{t('auditSearch.openRecord')}</Link>
            </>
          ) : (
            t('auditSearch.personNotFound')
          )}{' '}
          <span className="muted">{t('auditSearch.searchAudited')}</span>
        </p>
      ) : null}
      {q.isPending ? <Loading /> : q.error ? <ErrorNote error={q.error} /> : items.length === 0 ? <Empty>{t('auditSearch.empty')}</Empty> : null}
      {items.length > 0 ? (
        <ol className="cards audit-results" aria-label={t('auditSearch.results')}>
          {items.map((e) => (
            <li key={e.seq} className="card audit-entry" data-action={e.action}>
              <p className="audit-when muted">
                <When value={e.at} withTime />
              </p>
              <p className="audit-sentence">{sentence(t, e, code)}</p>
              {e.reason ? (
                <p className="muted">
                  {t('auditSearch.reason')}: <bdi>{t(`auditSearch.reasons.${FIXED_REASONS[e.reason] ?? ''}`, { defaultValue: e.reason })}</bdi>
                </p>
              ) : null}
              {e.householdId ? (
                <p className="audit-links">
                  <Link to={`/ministry/households/${e.householdId}`}>{t('auditSearch.recordOf', { household: code(e.householdRef) })}</Link>
                  {e.requestId ? (
                    <>
                      {' · '}
                      <Link to={`/ministry/households/${e.householdId}#request-${e.requestId}`}>{t('auditSearch.requestIn', { request: code(e.requestRef) })}</Link>
                    </>
                  ) : null}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {q.hasNextPage ? (
        <button type="button" className="button secondary" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {t('common.more')}
        </button>
      ) : null}
    </Page>
  );
}

/** Who did it: "caseworker Sara of Charity A"; a staff member by role and name, an applicant by role only, Mizan itself as such. */
function actorWords(t: TFunction, e: AuditEntry): string {
  const a = e.actor;
  if (!a.role || a.role === 'system') return t('roles.system');
  const role = t(`auditSearch.roles.${a.role}`, { defaultValue: a.role });
  const org = a.orgKind === 'ministry' ? t('auditSearch.theMinistry') : a.orgName;
  if (a.name && org) return t('auditSearch.actorNamedOf', { role, name: a.name, org });
  if (a.name) return t('auditSearch.actorNamed', { role, name: a.name });
  if (org) return t('auditSearch.actorOf', { role, org });
  return role;
}

/** The entry in plain words: its action's sentence, with the request when it names one; an action without its own sentence says its action's name. */
export function sentence(t: TFunction, e: AuditEntry, code: (s: string | null) => string): string {
  const who = actorWords(t, e);
  const household = code(e.householdRef);
  const request = code(e.requestRef);
  const key = actionKey(e.action);
  const variant = request ? `${key}_request` : household ? `${key}_household` : key;
  for (const k of [variant, key]) {
    const s = t(`auditSearch.sentences.${k}`, { who, household, request, defaultValue: '' });
    if (s) return s;
  }
  const what = t(`auditSearch.actions.${key}`, { defaultValue: e.action });
  return household ? t('auditSearch.sentences.other_household', { who, what, household }) : t('auditSearch.sentences.other', { who, what });
}
