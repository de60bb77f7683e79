import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';

/**
 * Renders a screen with its own query cache, as main.tsx does, but without retries: an error
 * answer shows at once instead of after the retry back-off.
 */
export function renderScreen(screen: ReactElement) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  // No pause between key strokes: nothing in the app reacts to typing speed.
  const user = userEvent.setup({ delay: null });
  const rendered = render(<QueryClientProvider client={queryClient}>{screen}</QueryClientProvider>);
  return { ...rendered, user, queryClient };
}
