import { useId, useState, type FormEvent } from 'react';
import { useAddPosition } from '../api/holdings-mutations.ts';
import { useInstruments } from '../api/queries.ts';
import { Field } from '../components/field.tsx';
import { fieldError, formError, parseNumberInput } from './error-text.ts';

const FIELDS = ['symbol', 'quantity', 'account_id'];
const MAX_SUGGESTIONS = 20;

/** Adds a holding by symbol; known instruments are suggested as you type. */
export function AddPositionForm({ accountId }: { accountId: string }) {
  const add = useAddPosition();
  const instruments = useInstruments();
  const [symbol, setSymbol] = useState('');
  const [quantity, setQuantity] = useState('');
  const listId = useId();
  const query = symbol.trim().toUpperCase();
  const suggestions = (instruments.data ?? [])
    .filter(
      (instrument) =>
        query.length > 0 &&
        (instrument.symbol.startsWith(query) ||
          (instrument.name ?? '').toUpperCase().includes(query)),
    )
    .slice(0, MAX_SUGGESTIONS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { account_id: accountId, symbol: query, quantity: parseNumberInput(quantity) ?? Number.NaN },
      {
        onSuccess: () => {
          setSymbol('');
          setQuantity('');
        },
      },
    );
  };
  const general = formError(add.error, FIELDS);
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add a position" noValidate>
      <Field
        label="Symbol"
        name="symbol"
        list={listId}
        value={symbol}
        onChange={(event) => setSymbol(event.target.value)}
        error={fieldError(add.error, 'symbol')}
        autoComplete="off"
        placeholder="e.g. VTI"
      />
      <datalist id={listId}>
        {suggestions.map((instrument) => (
          <option key={instrument.symbol} value={instrument.symbol}>
            {instrument.name ?? instrument.symbol}
          </option>
        ))}
      </datalist>
      <Field
        label="Quantity"
        name="quantity"
        inputMode="decimal"
        value={quantity}
        onChange={(event) => setQuantity(event.target.value)}
        error={fieldError(add.error, 'quantity')}
        autoComplete="off"
      />
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add position'}
      </button>
      {general && (
        <p className="field-error" role="alert">
          {general}
        </p>
      )}
    </form>
  );
}
