import { AccountCard } from '../accounts/account-card.tsx';
import { NewAccountForm } from '../accounts/new-account-form.tsx';
import { useDeleteAccount } from '../api/holdings-mutations.ts';
import { useAccounts, usePopulateDemo } from '../api/queries.ts';
import { ErrorNotice, Loading } from '../components/status.tsx';

export default function AccountsScreen() {
  const accounts = useAccounts();
  const populate = usePopulateDemo();
  // Deleting removes the card at once (optimistic), so the mutation lives here: a refused
  // delete brings the card back as a new one, and its error must outlive the old one.
  const remove = useDeleteAccount();
  const removing = accounts.data?.find((account) => account.id === remove.variables?.id);
  return (
    <section>
      <h1>Accounts and positions</h1>
      {accounts.isPending && <Loading what="accounts" />}
      {accounts.error && <ErrorNotice error={accounts.error} what="accounts" />}
      {accounts.data?.length === 0 && (
        <div className="notice">
          No accounts yet.{' '}
          <button
            type="button"
            className="link-button"
            disabled={populate.isPending}
            onClick={() => populate.mutate()}
          >
            Load the demo portfolio
          </button>{' '}
          or add an account below.
          {populate.error && <span className="field-error"> {populate.error.message}</span>}
        </div>
      )}
      {remove.error && (
        <p className="field-error" role="alert">
          Could not delete {removing?.account_name ?? 'the account'}: {remove.error.message}
        </p>
      )}
      <div className="accounts">
        {accounts.data?.map((account) => (
          <AccountCard
            key={account.id}
            account={account}
            onDelete={(id) => remove.mutate({ id })}
          />
        ))}
      </div>
      <NewAccountForm />
    </section>
  );
}
