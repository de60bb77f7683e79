import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api } from './client.ts';
import { invalidateHoldings, keys } from './queries.ts';
import type { Account, Position } from './types.ts';

// Account and position changes are applied to the cache at once (optimistic) and rolled back
// if the server refuses them; the server's answer then replaces the guess.

function useOptimistic<Variables, Answer, Item>(options: {
  queryKey: (variables: Variables) => QueryKey;
  request: (variables: Variables) => Promise<Answer>;
  apply: (items: Item[], variables: Variables) => Item[];
}) {
  const queryClient = useQueryClient();
  return useMutation<Answer, Error, Variables, { key: QueryKey; previous: Item[] | undefined }>({
    mutationFn: options.request,
    onMutate: async (variables) => {
      const key = options.queryKey(variables);
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Item[]>(key);
      if (previous) queryClient.setQueryData<Item[]>(key, options.apply(previous, variables));
      return { key, previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(context.key, context.previous);
    },
    onSettled: () => invalidateHoldings(queryClient),
  });
}

export interface AccountInput {
  account_name: string;
  account_purpose?: string;
  cash_balance?: number;
}

export function useCreateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AccountInput) => api.post<Account>('/api/accounts', input),
    onSuccess: () => invalidateHoldings(queryClient),
  });
}

export function useUpdateAccount() {
  return useOptimistic<{ id: string; changes: Partial<AccountInput> }, Account, Account>({
    queryKey: () => keys.accounts,
    request: ({ id, changes }) => api.put<Account>(`/api/accounts/${id}`, changes),
    apply: (accounts, { id, changes }) =>
      accounts.map((account) => (account.id === id ? { ...account, ...changes } : account)),
  });
}

export function useDeleteAccount() {
  return useOptimistic<{ id: string }, unknown, Account>({
    queryKey: () => keys.accounts,
    request: ({ id }) => api.delete<unknown>(`/api/accounts/${id}`),
    apply: (accounts, { id }) => accounts.filter((account) => account.id !== id),
  });
}

export function useAddPosition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { account_id: string; symbol: string; quantity: number }) =>
      api.post<Position>('/api/positions', input),
    onSuccess: () => invalidateHoldings(queryClient),
  });
}

export function useUpdatePosition(accountId: string) {
  return useOptimistic<{ id: string; quantity: number }, Position, Position>({
    queryKey: () => keys.positions(accountId),
    request: ({ id, quantity }) => api.put<Position>(`/api/positions/${id}`, { quantity }),
    apply: (positions, { id, quantity }) =>
      positions.map((position) => (position.id === id ? { ...position, quantity } : position)),
  });
}

export function useDeletePosition(accountId: string) {
  return useOptimistic<{ id: string }, unknown, Position>({
    queryKey: () => keys.positions(accountId),
    request: ({ id }) => api.delete<unknown>(`/api/positions/${id}`),
    apply: (positions, { id }) => positions.filter((position) => position.id !== id),
  });
}
