import { AccountCard } from '../accounts/account-card.tsx';
import { NewAccountForm } from '../accounts/new-account-form.tsx';
import { useAccounts, usePopulateDemo } from '../api/queries.ts';
import { ErrorNotice, Loading } from '../components/status.tsx';

export default function AccountsScreen() {
  const accounts = useAccounts();
  const populate = usePopulateDemo();
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
      <div className="accounts">
        {accounts.data?.map((account) => (
          <AccountCard key={account.id} account={account} />
        ))}
      </div>
      <NewAccountForm />
    </section>
  );
}
