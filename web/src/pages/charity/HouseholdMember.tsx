/**
 * One member's fields as a caseworker types them (registration and adding a member), the body the
 * API takes, and the refusal "already a member of another household" shown at the national ID:
 * with a link to that household for staff who may see it, otherwise what to do.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { asciiDigits } from '../../lib/format';
import { useDeployment, useFormat } from '../../lib/session';
import { countryChoices } from '../../lib/small';
import { Field } from '../../components/ui';
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
}

export const emptyMember = (relation = 'child'): MemberDraft => ({ nationalId: '', fullName: '', birthDate: '', sex: '', relation, nationality: '', phone: '' });

/** The member as the API's MemberBody: digits of any script as ASCII, blank optional fields left out. */
export function memberBody(d: MemberDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { nationalId: asciiDigits(d.nationalId.trim()), fullName: d.fullName.trim(), relation: d.relation };
  if (d.birthDate) body.birthDate = asciiDigits(d.birthDate);
  if (d.sex) body.sex = d.sex;
  if (d.nationality) body.nationality = d.nationality;
  if (d.phone.trim()) body.phone = asciiDigits(d.phone.trim());
  return body;
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
export function MemberFields({ draft, onChange, errorAt, elsewhere }: { draft: MemberDraft; onChange(d: MemberDraft): void; errorAt(field: keyof MemberDraft): string | undefined; elsewhere?: { householdId: string | null; moveTo?: string } | null | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const dep = useDeployment();
  const set = (k: keyof MemberDraft) => (e: { target: { value: string } }) => onChange({ ...draft, [k]: e.target.value });
  return (
    <>
      <Field label={t('reg.member.nationalId')} error={errorAt('nationalId') ?? (elsewhere ? t(elsewhere.householdId ? 'reg.elsewhere.visible' : 'reg.elsewhere.hidden') : undefined)} hint={t('reg.member.nationalIdHint')}>
        {(p) => <input {...p} inputMode="numeric" autoComplete="off" value={draft.nationalId} onChange={set('nationalId')} data-field="nationalId" />}
      </Field>
      {elsewhere?.householdId ? <ElsewhereLink householdId={elsewhere.householdId} moveTo={elsewhere.moveTo} /> : null}
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
