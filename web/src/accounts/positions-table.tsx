import { useState, type FormEvent } from 'react';
import { useDeletePosition, useUpdatePosition } from '../api/holdings-mutations.ts';
import { usePositions } from '../api/queries.ts';
import type { Position } from '../api/types.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { ErrorNotice, Loading } from '../components/status.tsx';
import { formatUsd, toNumber } from '../format.ts';
import { fieldError, formError, parseNumberInput } from './error-text.ts';

function PositionRow(props: {
  position: Position;
  accountId: string;
  onRemove: (id: string) => void;
}) {
  const { position, accountId } = props;
  const update = useUpdatePosition(accountId);
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
          onClick={() => props.onRemove(position.id)}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}

function PositionRows(props: {
  positions: Position[];
  accountId: string;
  accountName: string;
  onRemove: (id: string) => void;
}) {
  const { accountName } = props;
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
          {props.positions.map((position) => (
            <PositionRow
              key={position.id}
              position={position}
              accountId={props.accountId}
              onRemove={props.onRemove}
            />
          ))}
        </tbody>
      </table>
    </ScrollTable>
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
  // Removing takes the row away at once (optimistic), so the mutation lives here: a refused
  // removal brings the row back as a new one, and its error must outlive the old one.
  const remove = useDeletePosition(accountId);
  if (positions.isPending) return <Loading what="positions" />;
  if (positions.error) return <ErrorNotice error={positions.error} what="positions" />;
  const removing = positions.data.find((position) => position.id === remove.variables?.id);
  return (
    <>
      {remove.error && (
        <p className="field-error" role="alert">
          Could not remove {removing?.symbol ?? 'the position'}: {remove.error.message}
        </p>
      )}
      {positions.data.length === 0 ? (
        <p className="muted">No positions yet.</p>
      ) : (
        <PositionRows
          positions={positions.data}
          accountId={accountId}
          accountName={accountName}
          onRemove={(id) => remove.mutate({ id })}
        />
      )}
    </>
  );
}
