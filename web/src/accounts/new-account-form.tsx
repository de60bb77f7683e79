import { useState, type FormEvent } from 'react';
import { useCreateAccount } from '../api/holdings-mutations.ts';
import { Field } from '../components/field.tsx';
import { fieldError, formError, parseNumberInput } from './error-text.ts';

const FIELDS = ['account_name', 'account_purpose', 'cash_balance'];

export function NewAccountForm() {
  const create = useCreateAccount();
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [cash, setCash] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cashBalance = parseNumberInput(cash);
    create.mutate(
      {
        account_name: name,
        ...(purpose.trim() ? { account_purpose: purpose } : {}),
        ...(cashBalance !== undefined ? { cash_balance: cashBalance } : {}),
      },
      {
        onSuccess: () => {
          setName('');
          setPurpose('');
          setCash('');
        },
      },
    );
  };
  const error = create.error;
  const general = formError(error, FIELDS);
  return (
    <form className="card form" onSubmit={submit} aria-label="Add an account" noValidate>
      <h2>Add an account</h2>
      <Field
        label="Account name"
        name="account_name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={fieldError(error, 'account_name')}
        autoComplete="off"
      />
      <Field
        label="Purpose (optional)"
        name="account_purpose"
        value={purpose}
        onChange={(event) => setPurpose(event.target.value)}
        error={fieldError(error, 'account_purpose')}
        autoComplete="off"
      />
      <Field
        label="Cash balance (USD)"
        name="cash_balance"
        inputMode="decimal"
        value={cash}
        onChange={(event) => setCash(event.target.value)}
        error={fieldError(error, 'cash_balance')}
        autoComplete="off"
      />
      {general && (
        <p className="field-error" role="alert">
          {general}
        </p>
      )}
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? 'Adding…' : 'Add account'}
      </button>
    </form>
  );
}
