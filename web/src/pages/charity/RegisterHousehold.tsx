/**
 * A charity's caseworker registers a household with its members: the region, address and phone,
 * then one block per member (exactly one head). Checked against the API's schema before sending;
 * a member already in another household is refused at that member's national ID.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { asciiDigits } from '../../lib/format';
import { useFormat } from '../../lib/session';
import { useRegions } from '../../lib/reference';
import { ErrorNote, Field, FormActions, Page, useFormErrors } from '../../components/ui';
import { CodeSelect } from '../../components/CodeSelect';
import { MemberFields, elsewhereOf, emptyMember, likelyOf, memberBody, undecided, type LikelyCandidate, type MemberDraft } from './HouseholdMember';

const ROUTE = '/api/v1/households';

export function RegisterHousehold() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const regions = useRegions();
  const [region, setRegion] = useState('');
  const [address, setAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [members, setMembers] = useState<MemberDraft[]>([emptyMember('head')]);
  const [elsewhere, setElsewhere] = useState<{ field: string; householdId: string | null } | null>(null);
  const [likely, setLikely] = useState<Map<number, LikelyCandidate[]>>(new Map());
  const errors = useFormErrors('post', ROUTE);
  const register = useMutation({
    mutationFn: (body: unknown) => api<{ id: string }>('POST', ROUTE, body),
    onSuccess: (h) => navigate(`/charity/households/${h.id}`, { state: { registered: true } }),
    onError: (e) => {
      const el = elsewhereOf(e);
      const named = likelyOf(e);
      if (el) {
        errors.reset();
        setElsewhere(el);
      } else if (named) {
        errors.reset();
        setLikely(named);
      } else errors.fail(e, ['regionCode', 'address', 'phone', 'members', ...members.flatMap((_, i) => ['nationalId', 'fullName', 'birthDate', 'relation', 'sex', 'nationality', 'phone'].map((k) => `members[${i}].${k}`))]);
    },
  });
  const errorAt = (path: string) => errors.fields[path] ?? errors.fields[path.replace(/\.(\d+)\./, '[$1].')];
  const submit = () => {
    setElsewhere(null);
    const body: Record<string, unknown> = { regionCode: region, members: members.map(memberBody) };
    if (address.trim()) body.address = address.trim();
    if (phone.trim()) body.phone = asciiDigits(phone.trim());
    if (errors.check(body)) register.mutate(body);
  };
  const heads = members.filter((m) => m.relation === 'head').length;
  return (
    <Page title={t('reg.register.title')}>
      <form
        className="card form register"
        noValidate
        aria-labelledby="page-title"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <ErrorNote error={errors.form} />
        <div className="field-row">
          <Field label={t('reg.household.region')} error={errorAt('regionCode')}>
            {(p) => <CodeSelect {...p} value={region} onChange={(e) => setRegion(e.target.value)} empty={t('reg.household.chooseRegion')} choices={(regions.data ?? []).map((r) => ({ value: r.code, label: f.name(r.names, r.code) }))} />}
          </Field>
          <Field label={t('reg.household.phone')} error={errorAt('phone')}>
            {(p) => <input {...p} inputMode="tel" autoComplete="off" value={phone} onChange={(e) => setPhone(e.target.value)} />}
          </Field>
        </div>
        <Field label={t('reg.household.address')} error={errorAt('address')}>
          {(p) => <input {...p} autoComplete="off" value={address} onChange={(e) => setAddress(e.target.value)} />}
        </Field>
        {members.map((m, i) => (
          <fieldset key={i} className="member-block" data-member={i}>
            <legend>{t('reg.register.member', { n: f.n(i + 1) })}</legend>
            <MemberFields
              draft={m}
              onChange={(d) => setMembers(members.map((x, j) => (j === i ? d : x)))}
              errorAt={(k) => errorAt(`members.${i}.${k}`)}
              elsewhere={elsewhere?.field === `members.${i}.nationalId` ? elsewhere : null}
              likely={likely.get(i)}
            />
            {members.length > 1 ? (
              <button type="button" className="button secondary small" onClick={() => { setMembers(members.filter((_, j) => j !== i)); setLikely(new Map()); }}>
                {t('reg.register.dropMember', { n: f.n(i + 1) })}
              </button>
            ) : null}
          </fieldset>
        ))}
        {elsewhere && !elsewhere.field.startsWith('members.') ? <ErrorNote error={register.error} /> : null}
        {heads !== 1 ? <p className="hint" role="status">{t('reg.register.oneHead')}</p> : null}
        {members.some((d, i) => undecided(d, likely.get(i))) ? <p className="hint" role="status">{t('reg.likely.decide')}</p> : null}
        <div className="form-actions">
          <button type="button" className="button secondary" onClick={() => setMembers([...members, emptyMember()])}>
            {t('reg.register.addMember')}
          </button>
        </div>
        <FormActions label={t('reg.register.submit', { n: f.n(members.length) })} busy={register.isPending} />
      </form>
    </Page>
  );
}
