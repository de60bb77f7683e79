import { useState, type FormEvent } from 'react';
import { useDeletePosition, useUpdatePosition } from '../api/holdings-mutations.ts';
import { usePositions } from '../api/queries.ts';
import type { Position } from '../api/types.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { ErrorNotice, Loading } from '../components/status.tsx';
import { formatUsd, toNumber } from '../format.ts';
import { fieldError, formError, parseNumberInput } from './error-text.ts';

function PositionRow({ position, accountId }: { position: Position; accountId: string }) {
  const update = useUpdatePosition(accountId);
  const remove = useDeletePosition(accountId);
  const [editing, setEditing] = useState(false);
  const [quantity, setQuantity] = useState(String(position.quantity ?? ''));
  const price = toNumber(position.current_price ?? position.instrument?.current_price);
  const shares = toNumber(position.quantity);
  const value = price !== null && shares !== null ? price * shares : null;
  const save = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { id: position.id, quantity: parseNumberInput(quantity) ?? Number.NaN },
      { onSuccess: () => setEditing(false) },
    );
  };
  const quantityError =
    fieldError(update.error, 'quantity') ?? formError(update.error, ['quantity']);
  const label = `Quantity of ${position.symbol}`;
  return (
    <tr data-symbol={position.symbol}>
      <th scope="row">
        {position.symbol}
        <div className="muted small">{position.instrument?.name ?? ''}</div>
      </th>
      <td className="num">
        {editing ? (
          <form onSubmit={save} className="row-form" noValidate>
            <input
              aria-label={label}
              name="quantity"
              inputMode="decimal"
              value={quantity}
              onChange={(event) => setQuantity(event.target.value)}
              aria-invalid={quantityError ? true : undefined}
              autoFocus
            />
            <button type="submit" disabled={update.isPending}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button
            type="button"
            className="link-button"
            // The accessible name starts with the visible number, as screen-reader users hear it.
            aria-label={`${shares ?? '—'}: edit ${label.toLowerCase()}`}
            onClick={() => setEditing(true)}
          >
            {shares ?? '—'}
          </button>
        )}
        {quantityError && (
          <p className="field-error" role="alert">
            {quantityError}
          </p>
        )}
      </td>
      <td className="num hide-narrow">{price === null ? 'unknown' : formatUsd(price, true)}</td>
      <td className="num">{formatUsd(value)}</td>
      <td>
        <button
          type="button"
          className="danger-button"
          aria-label={`Remove ${position.symbol}`}
          disabled={remove.isPending}
          onClick={() => remove.mutate({ id: position.id })}
        >
          Remove
        </button>
        {remove.error && (
          <p className="field-error" role="alert">
            {remove.error.message}
          </p>
        )}
      </td>
    </tr>
  );
}

export function PositionsTable({
  accountId,
  accountName,
}: {
  accountId: string;
  accountName: string;
}) {
  const positions = usePositions(accountId);
  if (positions.isPending) return <Loading what="positions" />;
  if (positions.error) return <ErrorNotice error={positions.error} what="positions" />;
  if (positions.data.length === 0) return <p className="muted">No positions yet.</p>;
  return (
    <ScrollTable label={`Positions in ${accountName}`}>
      <table>
        <caption className="visually-hidden">Positions in {accountName}</caption>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num hide-narrow">
              Price
            </th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {positions.data.map((position) => (
            <PositionRow key={position.id} position={position} accountId={accountId} />
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
