/**
 * One member's fields as a caseworker types them (registration and adding a member), the body the
 * API takes, and the refusals shown at the national ID: "already a member of another household"
 * (with a link to that household for staff who may see it, otherwise what to do), and "this may be
 * someone already registered" (the registered persons the member may be, each to be confirmed as
 * this member, which links the record instead of making a second one, or set aside).
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { asciiDigits } from '../../lib/format';
import { useDeployment, useFormat } from '../../lib/session';
import { countryChoices } from '../../lib/small';
import { Field } from '../../components/ui';
import { useRegions } from '../../lib/reference';
import { CodeSelect, keyedChoices } from '../../components/CodeSelect';

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'other'] as const;

export interface MemberDraft {
  nationalId: string;
  fullName: string;
  birthDate: string;
  sex: string;
  relation: string;
  nationality: string;
  phone: string;
  /** The registered person the caseworker confirmed this member is. */
  sameAs: LikelyCandidate | null;
  /** The registered persons the caseworker said this member is not. */
  notSameAs: string[];
}

/** A registered person a member may be, as the API shows them (possible-duplicate-person). */
export interface LikelyCandidate {
  personId: string;
  score: number;
  fullName: string;
  birthYear: number | null;
  nationalIdEnd: string;
  regionCode: string | null;
  inHousehold: boolean;
}

export const emptyMember = (relation = 'child'): MemberDraft => ({ nationalId: '', fullName: '', birthDate: '', sex: '', relation, nationality: '', phone: '', sameAs: null, notSameAs: [] });

/** The member as the API's MemberBody: digits of any script as ASCII, blank optional fields left out. */
export function memberBody(d: MemberDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { nationalId: asciiDigits(d.nationalId.trim()), fullName: d.fullName.trim(), relation: d.relation };
  if (d.birthDate) body.birthDate = asciiDigits(d.birthDate);
  if (d.sex) body.sex = d.sex;
  if (d.nationality) body.nationality = d.nationality;
  if (d.phone.trim()) body.phone = asciiDigits(d.phone.trim());
  if (d.sameAs) body.sameAs = d.sameAs.personId;
  if (d.notSameAs.length) body.notSameAs = d.notSameAs;
  return body;
}

/** Has the caseworker still to say, for a member the search named persons for, whether it is one of them? */
export const undecided = (d: MemberDraft, candidates: LikelyCandidate[] | undefined) => !!candidates && !d.sameAs && candidates.some((c) => !d.notSameAs.includes(c.personId));

/** The refusal "a member may be someone already registered": the candidates of each member named, by the member's index. */
export function likelyOf(e: unknown): Map<number, LikelyCandidate[]> | null {
  if (!(e instanceof ApiError) || e.slug !== 'possible-duplicate-person' || !Array.isArray(e.problem.matches)) return null;
  return new Map((e.problem.matches as { member: number; candidates: LikelyCandidate[] }[]).map((m) => [m.member, m.candidates]));
}

/**
 * Under the national ID of a member who may be a registered person: each person the search named,
 * to be confirmed ("this is them": the member becomes that record) or set aside; once linked, the
 * record linked with a way back. The caseworker then registers again.
 */
export function LikelyPersons({ draft, candidates, onChange }: { draft: MemberDraft; candidates: LikelyCandidate[]; onChange(d: MemberDraft): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const regions = useRegions();
  const regionName = (code: string | null) => (code ? f.name(regions.data?.find((r) => r.code === code)?.names, code) : '');
  const describe = (c: LikelyCandidate) =>
    t(c.regionCode ? 'reg.likely.person' : 'reg.likely.personNoRegion', { name: c.fullName, year: c.birthYear ? f.digits(String(c.birthYear)) : '—', end: f.digits(c.nationalIdEnd), region: regionName(c.regionCode) });
  if (draft.sameAs) {
    return (
      <div className="likely linked" role="status">
        <p>{t('reg.likely.linked', { person: describe(draft.sameAs) })}</p>
        <button type="button" className="button secondary small" onClick={() => onChange({ ...draft, sameAs: null })}>
          {t('reg.likely.undo')}
        </button>
      </div>
    );
  }
  const open = candidates.filter((c) => !draft.notSameAs.includes(c.personId));
  if (open.length === 0) return <p className="likely hint" role="status">{t('reg.likely.noneOfThem')}</p>;
  return (
    <div className="likely" role="group" aria-label={t('reg.likely.title')}>
      <p className="likely-title">{t('reg.likely.title')}</p>
      <ul>
        {open.map((c) => (
          <li key={c.personId} data-person={c.personId}>
            <span>{describe(c)}</span>
            {c.inHousehold ? <span className="hint"> {t('reg.likely.inHousehold')}</span> : null}
            <span className="likely-actions">
              <button type="button" className="button small" onClick={() => onChange({ ...draft, sameAs: c })}>
                {t('reg.likely.same')}
              </button>
              <button type="button" className="button secondary small" onClick={() => onChange({ ...draft, notSameAs: [...draft.notSameAs, c.personId] })}>
                {t('reg.likely.notSame')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The refusal of a person who is a member elsewhere: the field it names and the household, when the caller may see it. */
export function elsewhereOf(e: unknown): { field: string; householdId: string | null } | null {
  if (!(e instanceof ApiError) || e.slug !== 'member-of-other-household') return null;
  const field = typeof e.problem.field === 'string' ? e.problem.field.replace(/\[(\d+)\]/g, '.$1') : '';
  return { field, householdId: typeof e.problem.householdId === 'string' ? e.problem.householdId : null };
}

/** Under the refused national ID: a link to the other household, for staff who may see it (there a member can be moved here). */
export function ElsewhereLink({ householdId, moveTo }: { householdId: string; moveTo?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <p className="elsewhere">
      <Link to={`/charity/households/${householdId}${moveTo ? `?moveTo=${moveTo}` : ''}`}>{t('reg.elsewhere.open')}</Link>
    </p>
  );
}

/** The fields of one member; `errorAt(name)` gives the error of a field, `prefix` names them for the form's errors. */
export function MemberFields({ draft, onChange, errorAt, elsewhere, likely }: { draft: MemberDraft; onChange(d: MemberDraft): void; errorAt(field: keyof MemberDraft): string | undefined; elsewhere?: { householdId: string | null; moveTo?: string } | null | undefined; likely?: LikelyCandidate[] | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const dep = useDeployment();
  const set = (k: keyof MemberDraft) => (e: { target: { value: string } }) => onChange({ ...draft, [k]: e.target.value, ...(k === 'nationalId' ? { sameAs: null, notSameAs: [] } : {}) });
  return (
    <>
      <Field label={t('reg.member.nationalId')} error={errorAt('nationalId') ?? (elsewhere ? t(elsewhere.householdId ? 'reg.elsewhere.visible' : 'reg.elsewhere.hidden') : undefined)} hint={t('reg.member.nationalIdHint')}>
        {(p) => <input {...p} inputMode="numeric" autoComplete="off" value={draft.nationalId} onChange={set('nationalId')} data-field="nationalId" />}
      </Field>
      {elsewhere?.householdId ? <ElsewhereLink householdId={elsewhere.householdId} moveTo={elsewhere.moveTo} /> : null}
      {likely || draft.sameAs ? <LikelyPersons draft={draft} candidates={likely ?? []} onChange={onChange} /> : null}
      <div className="field-row">
        <Field label={t('reg.member.fullName')} error={errorAt('fullName')}>
          {(p) => <input {...p} autoComplete="off" value={draft.fullName} onChange={set('fullName')} data-field="fullName" />}
        </Field>
        <Field label={t('reg.member.relation')} error={errorAt('relation')}>
          {(p) => <CodeSelect {...p} value={draft.relation} onChange={set('relation')} choices={keyedChoices(RELATIONS, (r) => t(`relations.${r}`))} data-field="relation" />}
        </Field>
      </div>
      <div className="field-row">
        <Field label={t('reg.member.birthDate')} error={errorAt('birthDate')}>
          {(p) => <input {...p} type="date" value={draft.birthDate} onChange={set('birthDate')} />}
        </Field>
        <Field label={t('reg.member.sex')} error={errorAt('sex')}>
          {(p) => <CodeSelect {...p} value={draft.sex} onChange={set('sex')} empty={t('reg.member.notGiven')} choices={keyedChoices(['F', 'M'], (s) => t(`reg.member.sex${s}`))} />}
        </Field>
      </div>
      <div className="field-row">
        <Field label={t('reg.member.nationality')} error={errorAt('nationality')}>
          {(p) => <CodeSelect {...p} value={draft.nationality} onChange={set('nationality')} empty={t('reg.member.nationalityDefault', { country: f.country(dep.data?.country) })} choices={countryChoices(f.lang, dep.data?.country)} />}
        </Field>
        <Field label={t('reg.member.phone')} error={errorAt('phone')}>
          {(p) => <input {...p} inputMode="tel" autoComplete="off" value={draft.phone} onChange={set('phone')} />}
        </Field>
      </div>
    </>
  );
}
