/** The ministry's donations ledger (/ministry/ledger): every charity's flows by month (kinds and accounts in words), and the reconciliation's checks. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../lib/api';
import type { Body, Schema } from '../../lib/api-types';
import { useFormat } from '../../lib/session';
import { Field, Page, Query } from '../../components/ui';
import '../donor/donor.css';

type Flows = Body<'/api/v1/ledger/flows'>;
type Reconciliation = Schema<'Reconciliation'>;

export function Ledger() {
  const { t } = useTranslation();
  const f = useFormat();
  const [from, setFrom] = useState('');
  const flows = useQuery({ queryKey: ['ledger-flows', from], queryFn: () => api<Flows>('GET', `/api/v1/ledger/flows${qs({ from: /^\d{4}-\d{2}-\d{2}$/.test(from) ? from : undefined })}`) });
  const rec = useQuery({ queryKey: ['ledger-reconciliation'], queryFn: () => api<Reconciliation>('GET', '/api/v1/ledger/reconciliation') });
  return (
    <Page title={t('ledger.title')}>
      <section aria-labelledby="ledger-rec">
        <h2 id="ledger-rec">{t('ledger.reconciliation')}</h2>
        <Query q={rec}>
          {(r) => (
            <>
              <p className={`alert ${r.ok ? 'success' : 'error'}`} role="status">{r.ok ? t('ledger.allOk') : t('ledger.notOk')}</p>
              <ul className="ledger-checks">
                {(Object.keys(r.checks) as (keyof Reconciliation['checks'])[]).map((k) => (
                  <li key={k} className={r.checks[k] ? 'pass' : 'fail'} data-check={k}>
                    <strong>{r.checks[k] ? `✓ ${t('ledger.pass')}` : `✗ ${t('ledger.fail')}`}</strong> — {t(`ledger.checks.${k}`)}
                  </li>
                ))}
              </ul>
              <p>{t('ledger.counts', { entries: f.n(r.counts.entries), lots: f.n(r.counts.lots), charities: f.n(r.counts.charitiesWithBooks) })}</p>
            </>
          )}
        </Query>
      </section>
      <section aria-labelledby="ledger-flows">
        <h2 id="ledger-flows">{t('ledger.flows')}</h2>
        <Field label={t('ledger.from')} id="ledger-from" hint="YYYY-MM-DD">
          {(p) => <input {...p} dir="ltr" value={from} onChange={(e) => setFrom(e.target.value)} />}
        </Field>
        <Query q={flows}>
          {(fl) =>
            fl.rows.length === 0 ? (
              <p className="state empty">{t('ledger.noFlows')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr><th scope="col">{t('ledger.charity')}</th><th scope="col">{t('ledger.month')}</th><th scope="col">{t('ledger.kind')}</th><th scope="col">{t('ledger.account')}</th><th scope="col">{t('ledger.amount')}</th><th scope="col">{t('ledger.quantity')}</th><th scope="col">{t('ledger.entries')}</th></tr>
                  </thead>
                  <tbody>
                    {fl.rows.map((r, i) => (
                      <tr key={i}>
                        <td>{fl.charities.find((c) => c.id === r.orgId)?.name ?? ''}</td>
                        <td>{f.digits(r.month)}</td>
                        <td data-kind={r.kind}>{t(`ledger.kinds.${r.kind}`, { defaultValue: r.kind })}</td>
                        <td data-account={r.account}>{t(`ledger.accounts.${r.account}`, { defaultValue: r.account })}</td>
                        <td>{f.moneyMinor(r.amountMinor)}</td>
                        <td>{f.n(r.quantity)}</td>
                        <td>{f.n(r.entries)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Query>
      </section>
    </Page>
  );
}
