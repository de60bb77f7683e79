import { useState, type FormEvent } from 'react';
import { useUpdateAccount } from '../api/holdings-mutations.ts';
import type { Account } from '../api/types.ts';
import { Field } from '../components/field.tsx';
import { formatUsd, toNumber } from '../format.ts';
import { AddPositionForm } from './add-position-form.tsx';
import { fieldError, formError, parseNumberInput } from './error-text.ts';
import { PositionsTable } from './positions-table.tsx';

const FIELDS = ['account_name', 'cash_balance'];

function EditAccountForm({ account, onDone }: { account: Account; onDone: () => void }) {
  const update = useUpdateAccount();
  const [name, setName] = useState(account.account_name);
  const [cash, setCash] = useState(String(toNumber(account.cash_balance) ?? ''));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cashBalance = parseNumberInput(cash);
    update.mutate(
      {
        id: account.id,
        changes: {
          account_name: name,
          ...(cashBalance !== undefined ? { cash_balance: cashBalance } : {}),
        },
      },
      { onSuccess: onDone },
    );
  };
  const general = formError(update.error, FIELDS);
  return (
    <form
      className="inline-form"
      onSubmit={submit}
      aria-label={`Edit ${account.account_name}`}
      noValidate
    >
      <Field
        label="Account name"
        name="account_name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={fieldError(update.error, 'account_name')}
      />
      <Field
        label="Cash balance (USD)"
        name="cash_balance"
        inputMode="decimal"
        value={cash}
        onChange={(event) => setCash(event.target.value)}
        error={fieldError(update.error, 'cash_balance')}
      />
      <button type="submit" className="primary" disabled={update.isPending}>
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {general && (
        <p className="field-error" role="alert">
          {general}
        </p>
      )}
    </form>
  );
}

/** One account; deleting is asked of the list (`onDelete`), which outlives the card. */
export function AccountCard({
  account,
  onDelete,
}: {
  account: Account;
  onDelete: (id: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return (
    <article
      className="card account"
      aria-labelledby={`account-${account.id}`}
      data-account={account.account_name}
    >
      <header className="account-header">
        <div>
          <h2 id={`account-${account.id}`}>{account.account_name}</h2>
          <p className="muted">
            {account.account_purpose ? `${account.account_purpose} · ` : ''}Cash{' '}
            {formatUsd(toNumber(account.cash_balance), true)}
          </p>
        </div>
        {!editing && (
          <div className="actions">
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
            {confirming ? (
              <>
                <button
                  type="button"
                  className="danger-button"
                  onClick={() => onDelete(account.id)}
                >
                  Delete {account.account_name} and its positions
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </>
            ) : (
              <button type="button" className="danger-button" onClick={() => setConfirming(true)}>
                Delete
              </button>
            )}
          </div>
        )}
      </header>
      {editing && <EditAccountForm account={account} onDone={() => setEditing(false)} />}
      <PositionsTable accountId={account.id} accountName={account.account_name} />
      <AddPositionForm accountId={account.id} />
    </article>
  );
}
