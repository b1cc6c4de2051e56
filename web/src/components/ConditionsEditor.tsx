/**
 * A rule edited as a list of conditions (a fact, a comparison, a value typed as the fact's kind
 * asks) combined with "all" or "any": the programme's criteria and the zakat categories are both
 * written with it (web/src/lib/programme-rule.ts turns the list into the JSON Logic the server checks).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/session';
import { useNames } from '../lib/names';
import { opsOf, type Condition, type ConditionList, type FactInfo } from '../lib/programme-rule';
import { Field } from './ui';
import { CodeChecks, CodeSelect, keyedChoices, namedChoices } from './CodeSelect';

/** An operator as a translation key. */
const OP_KEYS: Record<string, string> = { '<=': 'lte', '<': 'lt', '>=': 'gte', '>': 'gt', '==': 'eq', '!=': 'ne', in: 'in' };

export const emptyCondition = (facts: readonly FactInfo[]): Condition => ({ fact: facts[0]?.name ?? 'members', op: opsOf(facts[0]?.kind ?? 'count')[0]!, value: '' });

/** The conditions and how they combine; `errors` by condition index; `idPrefix` names the value fields (cond-0-value). */
export function ConditionsEditor({ list, facts, disabled, errors, onChange, idPrefix = 'cond' }: { list: ConditionList; facts: readonly FactInfo[]; disabled: boolean; errors: Record<number, string>; onChange(list: ConditionList): void; idPrefix?: string }) {
  const { t } = useTranslation();
  const combineName = useId();
  const setCondition = (i: number, c: Partial<Condition>) => onChange({ ...list, conditions: list.conditions.map((x, j) => (j === i ? { ...x, ...c } : x)) });
  return (
    <>
      <fieldset className="combine" disabled={disabled}>
        <legend>{t('programmes.criteria.combine')}</legend>
        {(['all', 'any'] as const).map((c) => (
          <label key={c} className="check">
            <input type="radio" name={combineName} value={c} checked={list.combine === c} onChange={() => onChange({ ...list, combine: c })} />
            {t(`programmes.criteria.${c}`)}
          </label>
        ))}
      </fieldset>
      <ol className="conditions">
        {list.conditions.map((c, i) => (
          <li key={i}>
            <ConditionRow
              idPrefix={idPrefix}
              index={i}
              condition={c}
              facts={facts}
              disabled={disabled}
              error={errors[i]}
              onChange={(x) => setCondition(i, x)}
              onRemove={list.conditions.length > 1 ? () => onChange({ ...list, conditions: list.conditions.filter((_, j) => j !== i) }) : undefined}
            />
          </li>
        ))}
      </ol>
      {!disabled ? (
        <button type="button" className="button secondary small" onClick={() => onChange({ ...list, conditions: [...list.conditions, emptyCondition(facts)] })}>
          {t('programmes.criteria.addCondition')}
        </button>
      ) : null}
    </>
  );
}

/** One condition: a fact, an operator, a value typed as the fact's kind asks. */
function ConditionRow({ idPrefix, index, condition: c, facts, disabled, error, onChange, onRemove }: { idPrefix: string; index: number; condition: Condition; facts: readonly FactInfo[]; disabled: boolean; error: string | undefined; onChange(c: Partial<Condition>): void; onRemove: (() => void) | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const fact = facts.find((x) => x.name === c.fact) ?? facts[0]!;
  const ops = opsOf(fact.kind);
  const legendId = useId();
  const regions = fact.name === 'provinceCode' ? names.regions.data?.filter((r) => r.level === 1) : fact.name === 'regionCode' ? names.regions.data : undefined;
  const choices = regions ? namedChoices(regions, f.name) : fact.codes ? keyedChoices(fact.codes, (code) => (fact.name === 'housing' ? t(`needModel.housing.${code}`, { defaultValue: code }) : code)) : null;
  const valueLabel = fact.kind === 'money' ? t('programmes.criteria.amount', { currency: f.currency.code }) : t('programmes.criteria.value');
  const selected = new Set(c.value.split(',').map((x) => x.trim()).filter(Boolean));

  return (
    <fieldset className="condition" disabled={disabled} data-fact={c.fact} aria-labelledby={legendId}>
      <legend id={legendId}>{t('programmes.criteria.conditionN', { n: f.n(index + 1) })}</legend>
      <div className="condition-fields">
        <Field id={`${idPrefix}-${index}-fact`} label={t('programmes.criteria.fact')}>
          {(props) => (
            <CodeSelect
              {...props}
              value={c.fact}
              choices={facts.map((x) => ({ value: x.name, label: f.name(x.label) }))}
              onChange={(e) => {
                const next = facts.find((x) => x.name === e.target.value)!;
                onChange({ fact: next.name, op: opsOf(next.kind)[0]!, value: next.kind === 'boolean' ? 'true' : '' });
              }}
            />
          )}
        </Field>
        <Field id={`${idPrefix}-${index}-op`} label={t('programmes.criteria.operator')}>
          {(props) => <CodeSelect {...props} value={c.op} choices={keyedChoices(ops, (o) => t(`programmes.ops.${OP_KEYS[o]}`))} onChange={(e) => onChange({ op: e.target.value as Condition['op'], value: '' })} />}
        </Field>
        {c.op === 'in' && choices ? (
          <div className={`field${error ? ' has-error' : ''}`}>
            <CodeChecks
              legend={t('programmes.criteria.oneOf')}
              choices={choices}
              selected={selected}
              onToggle={(code) => {
                const next = new Set(selected);
                if (next.has(code)) next.delete(code);
                else next.add(code);
                onChange({ value: [...next].join(', ') });
              }}
            />
            {error ? <p className="field-error">{error}</p> : null}
          </div>
        ) : (
          <Field id={`${idPrefix}-${index}-value`} label={valueLabel} error={error} hint={c.op === 'in' ? t('programmes.criteria.codesHint') : undefined}>
            {(props) =>
              fact.kind === 'boolean' ? (
                <CodeSelect {...props} value={c.value || 'true'} choices={[{ value: 'true', label: t('programmes.criteria.yes') }, { value: 'false', label: t('programmes.criteria.no') }]} onChange={(e) => onChange({ value: e.target.value })} />
              ) : choices ? (
                <CodeSelect {...props} value={c.value} empty={t('programmes.criteria.choose')} choices={choices} onChange={(e) => onChange({ value: e.target.value })} />
              ) : (
                <input {...props} dir="ltr" inputMode={fact.kind === 'code' ? 'text' : fact.kind === 'money' ? 'decimal' : 'numeric'} value={c.value} onChange={(e) => onChange({ value: e.target.value })} />
              )
            }
          </Field>
        )}
      </div>
      {onRemove ? (
        <button type="button" className="button secondary small" onClick={onRemove}>
          {t('programmes.criteria.remove', { n: f.n(index + 1) })}
        </button>
      ) : null}
    </fieldset>
  );
}
