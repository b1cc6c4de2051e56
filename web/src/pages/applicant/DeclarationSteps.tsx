/**
 * The steps of the self-declaration form, each a part of the draft: the household's members (each
 * national ID checked when the field is left), income, housing, health and disability, debts, and
 * the help asked for. Money is typed in the deployment's currency in any digits and handed on as
 * integer minor units (lib/declaration-form.ts).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/ui';
import { CodeChecks, CodeSelect, keyedChoices } from '../../components/CodeSelect';
import { CalendarDate } from '../../components/CalendarDate';
import { useFormat } from '../../lib/session';
import { useCatalogue, useRegions } from '../../lib/reference';
import { localDigits } from '../../lib/format';
import { DEBT_KINDS, INCOME_SOURCES, RELATIONS, TENURES, latinDigits, moneyText, parseMoney, type DeclarationDraft, type DeclaredMember } from '../../lib/declaration-form';

export type IdCheck = { state: 'checking' } | { state: 'ok' } | { state: 'error'; message: string };

interface StepProps {
  draft: DeclarationDraft;
  onChange(next: DeclarationDraft): void;
  /** Errors the server gave at submit, by path ("/members/2/nationalId"). */
  errorAt(path: string): string | undefined;
}

const MAX_MEMBERS = 30;
const MAX_ROWS = 20;

/** An amount in the deployment's currency: typed freely, handed on in minor units once it reads as one. */
export function MoneyField({ label, minor, onChange, error }: { label: string; minor: number; onChange(minor: number): void; error?: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const units = f.currency.minorUnits;
  const shown = (x: number) => (x ? localDigits(moneyText(x, units), f.lang).replace('.', f.lang === 'en' ? '.' : '\u066b') : '');
  const [text, setText] = useState(() => shown(minor));
  const [problem, setProblem] = useState<string | undefined>();
  // An amount changed from outside (a row removed above this one) replaces what is shown.
  useEffect(() => {
    const p = parseMoney(text, units);
    if (!p.ok || (p.minor ?? 0) !== minor) {
      setText(shown(minor));
      setProblem(undefined);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minor]);
  const change = (value: string) => {
    setText(value);
    const p = parseMoney(value, units);
    if (p.ok) {
      setProblem(undefined);
      onChange(p.minor ?? 0);
    } else setProblem(t(`declaration.money.${p.error}`, { decimals: f.n(units), example: shown(150 * 10 ** units + (units ? 5 * 10 ** (units - 1) : 0)) }));
  };
  return (
    <Field label={`${label} (${f.currency.code})`} error={problem ?? error} hint={t('declaration.money.hint', { currency: f.currency.code, decimals: f.n(units) })}>
      {(p) => <input {...p} inputMode="decimal" autoComplete="off" dir="ltr" value={text} onChange={(e) => change(e.target.value)} onBlur={() => (problem ? undefined : setText(shown(minor)))} />}
    </Field>
  );
}

const blankMember = (): DeclaredMember => ({ nationalId: '', fullName: '', relation: 'child', disability: false, chronicIllness: false });

export function MembersStep({ draft, onChange, errorAt, idChecks, checkId }: StepProps & { idChecks: Record<string, IdCheck>; checkId(index: number, nationalId: string): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const members = draft.members ?? [];
  const set = (i: number, m: Partial<DeclaredMember>) => onChange({ ...draft, members: members.map((x, j) => (j === i ? { ...x, ...m } : x)) });
  const relations = RELATIONS.filter((r) => r !== 'head');
  return (
    <>
      <p className="lead">{t('declaration.members.intro')}</p>
      {members.map((m, i) => {
        const head = i === 0;
        const check = m.nationalId ? idChecks[m.nationalId] : undefined;
        const idError = errorAt(`/members/${i}/nationalId`) ?? (check?.state === 'error' ? check.message : undefined);
        return (
          <fieldset key={i} className="declared-member" data-member={i}>
            <legend>{head ? t('declaration.members.you') : t('declaration.members.member', { n: f.n(i + 1) })}</legend>
            <Field label={t('declaration.members.nationalId')} error={idError} hint={head ? undefined : t('declaration.members.nationalIdHint')}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  autoComplete="off"
                  dir="ltr"
                  readOnly={head}
                  value={m.nationalId}
                  data-field="nationalId"
                  onChange={(e) => set(i, { nationalId: latinDigits(e.target.value).trim() })}
                  onBlur={() => (head ? undefined : checkId(i, m.nationalId))}
                />
              )}
            </Field>
            {check?.state === 'checking' ? <p className="hint" role="status">{t('declaration.members.checking')}</p> : check?.state === 'ok' && !idError ? <p className="hint id-ok" role="status">{t('declaration.members.idOk')}</p> : null}
            <Field label={t('declaration.members.fullName')} error={errorAt(`/members/${i}/fullName`)}>
              {(p) => <input {...p} autoComplete="off" value={m.fullName} data-field="fullName" onChange={(e) => set(i, { fullName: e.target.value })} />}
            </Field>
            {head ? null : (
              <Field label={t('declaration.members.relation')} error={errorAt(`/members/${i}/relation`)}>
                {(p) => <CodeSelect {...p} value={m.relation} data-field="relation" onChange={(e) => set(i, { relation: e.target.value as DeclaredMember['relation'] })} choices={keyedChoices(relations, (r) => t(`relations.${r}`))} />}
              </Field>
            )}
            <CalendarDate legend={t('declaration.members.birthDate')} name={`birthDate-${i}`} value={m.birthDate ?? ''} onChange={(iso) => set(i, { birthDate: iso || undefined })} />
            {errorAt(`/members/${i}/birthDate`) ? <p className="field-error">{errorAt(`/members/${i}/birthDate`)}</p> : null}
            {head ? null : (
              <button type="button" className="button secondary small" onClick={() => onChange({ ...draft, members: members.filter((_, j) => j !== i) })}>
                {t('declaration.members.remove', { n: f.n(i + 1) })}
              </button>
            )}
          </fieldset>
        );
      })}
      {members.length < MAX_MEMBERS ? (
        <button type="button" className="button secondary" onClick={() => onChange({ ...draft, members: [...members, blankMember()] })}>
          {t('declaration.members.add')}
        </button>
      ) : null}
    </>
  );
}

export function IncomeStep({ draft, onChange, errorAt }: StepProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = draft.incomes ?? [];
  type Row = (typeof rows)[number];
  const set = (i: number, r: Partial<Row>) => onChange({ ...draft, incomes: rows.map((x, j) => (j === i ? { ...x, ...r } : x)) });
  return (
    <>
      <p className="lead">{t('declaration.income.intro')}</p>
      {rows.length === 0 ? <p className="state empty">{t('declaration.income.none')}</p> : null}
      {rows.map((r, i) => (
        <fieldset key={i} data-income={i}>
          <legend>{t('declaration.income.row', { n: f.n(i + 1) })}</legend>
          <Field label={t('declaration.income.source')} error={errorAt(`/incomes/${i}/source`)}>
            {(p) => <CodeSelect {...p} value={r.source} onChange={(e) => set(i, { source: e.target.value as Row['source'] })} choices={keyedChoices(INCOME_SOURCES, (s) => t(`declaration.income.sources.${s}`))} />}
          </Field>
          <MoneyField label={t('declaration.income.amount')} minor={r.monthlyAmountMinor} onChange={(v) => set(i, { monthlyAmountMinor: v })} error={errorAt(`/incomes/${i}/monthlyAmountMinor`)} />
          <button type="button" className="button secondary small" onClick={() => onChange({ ...draft, incomes: rows.filter((_, j) => j !== i) })}>
            {t('declaration.income.remove', { n: f.n(i + 1) })}
          </button>
        </fieldset>
      ))}
      {rows.length < MAX_ROWS ? (
        <button type="button" className="button secondary" onClick={() => onChange({ ...draft, incomes: [...rows, { source: 'work', monthlyAmountMinor: 0 }] })}>
          {t('declaration.income.add')}
        </button>
      ) : null}
    </>
  );
}

export function HousingStep({ draft, onChange, errorAt }: StepProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const regions = useRegions();
  const housing = draft.housing;
  return (
    <>
      <p className="lead">{t('declaration.housing.intro')}</p>
      <Field label={t('declaration.housing.region')} error={errorAt('/regionCode')}>
        {(p) => (
          <CodeSelect
            {...p}
            value={draft.regionCode ?? ''}
            onChange={(e) => onChange({ ...draft, regionCode: e.target.value || undefined })}
            empty={t('declaration.housing.chooseRegion')}
            choices={(regions.data ?? []).map((r) => ({ value: r.code, label: f.name(r.names, r.code) }))}
          />
        )}
      </Field>
      <Field label={t('declaration.housing.tenure')} error={errorAt('/housing/tenure') ?? errorAt('/housing')}>
        {(p) => (
          <CodeSelect
            {...p}
            value={housing?.tenure ?? ''}
            onChange={(e) => onChange({ ...draft, housing: e.target.value ? { tenure: e.target.value as NonNullable<DeclarationDraft['housing']>['tenure'], monthlyRentMinor: housing?.monthlyRentMinor ?? 0 } : undefined })}
            empty={t('declaration.housing.chooseTenure')}
            choices={keyedChoices(TENURES, (x) => t(`declaration.housing.tenures.${x}`))}
          />
        )}
      </Field>
      {housing?.tenure === 'rented' ? <MoneyField label={t('declaration.housing.rent')} minor={housing.monthlyRentMinor} onChange={(v) => onChange({ ...draft, housing: { ...housing, monthlyRentMinor: v } })} error={errorAt('/housing/monthlyRentMinor')} /> : null}
    </>
  );
}

export function HealthStep({ draft, onChange }: StepProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const members = draft.members ?? [];
  const set = (i: number, m: Partial<DeclaredMember>) => onChange({ ...draft, members: members.map((x, j) => (j === i ? { ...x, ...m } : x)) });
  return (
    <>
      <p className="lead">{t('declaration.health.intro')}</p>
      {members.map((m, i) => (
        <fieldset key={i} data-health={i}>
          <legend>{m.fullName.trim() || t('declaration.members.member', { n: f.n(i + 1) })}</legend>
          <div className="checks">
            <label className="check">
              <input type="checkbox" checked={m.disability} onChange={(e) => set(i, { disability: e.target.checked })} />
              {t('declaration.health.disability')}
            </label>
            <label className="check">
              <input type="checkbox" checked={m.chronicIllness} onChange={(e) => set(i, { chronicIllness: e.target.checked })} />
              {t('declaration.health.chronicIllness')}
            </label>
          </div>
        </fieldset>
      ))}
    </>
  );
}

export function DebtsStep({ draft, onChange, errorAt }: StepProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = draft.debts ?? [];
  type Row = (typeof rows)[number];
  const set = (i: number, r: Partial<Row>) => onChange({ ...draft, debts: rows.map((x, j) => (j === i ? { ...x, ...r } : x)) });
  return (
    <>
      <p className="lead">{t('declaration.debts.intro')}</p>
      {rows.length === 0 ? <p className="state empty">{t('declaration.debts.none')}</p> : null}
      {rows.map((r, i) => (
        <fieldset key={i} data-debt={i}>
          <legend>{t('declaration.debts.row', { n: f.n(i + 1) })}</legend>
          <Field label={t('declaration.debts.kind')} error={errorAt(`/debts/${i}/kind`)}>
            {(p) => <CodeSelect {...p} value={r.kind} onChange={(e) => set(i, { kind: e.target.value as Row['kind'] })} choices={keyedChoices(DEBT_KINDS, (k) => t(`declaration.debts.kinds.${k}`))} />}
          </Field>
          <MoneyField label={t('declaration.debts.total')} minor={r.totalMinor} onChange={(v) => set(i, { totalMinor: v })} error={errorAt(`/debts/${i}/totalMinor`)} />
          <MoneyField label={t('declaration.debts.repayment')} minor={r.monthlyRepaymentMinor} onChange={(v) => set(i, { monthlyRepaymentMinor: v })} error={errorAt(`/debts/${i}/monthlyRepaymentMinor`)} />
          <button type="button" className="button secondary small" onClick={() => onChange({ ...draft, debts: rows.filter((_, j) => j !== i) })}>
            {t('declaration.debts.remove', { n: f.n(i + 1) })}
          </button>
        </fieldset>
      ))}
      {rows.length < MAX_ROWS ? (
        <button type="button" className="button secondary" onClick={() => onChange({ ...draft, debts: [...rows, { kind: 'loan', totalMinor: 0, monthlyRepaymentMinor: 0 }] })}>
          {t('declaration.debts.add')}
        </button>
      ) : null}
    </>
  );
}

export function NeedsStep({ draft, onChange, errorAt }: StepProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const catalogue = useCatalogue();
  const chosen = new Set(draft.needs ?? []);
  const toggle = (code: string) => {
    const next = new Set(chosen);
    if (next.has(code)) next.delete(code);
    else if (next.size < MAX_ROWS) next.add(code);
    onChange({ ...draft, needs: [...next] });
  };
  const types = (catalogue.data?.aidTypes ?? []).filter((a) => a.active);
  const error = errorAt('/needs');
  return (
    <>
      <p className="lead">{t('declaration.needs.intro')}</p>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {(catalogue.data?.baskets ?? []).map((b) => {
        const inBasket = types.filter((a) => a.basket === b.code);
        if (!inBasket.length) return null;
        return <CodeChecks key={b.code} legend={f.name(b.names, b.code)} choices={inBasket.map((a) => ({ value: a.code, label: f.name(a.names, a.code) }))} selected={chosen} onToggle={toggle} />;
      })}
    </>
  );
}
