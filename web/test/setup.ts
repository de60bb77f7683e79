import { cleanup, configure } from '@testing-library/react';
import { afterEach, expect, vi } from 'vitest';
import { takeUnroutedRequests } from './fake-api.ts';

// Testing Library registers its own cleanup only with vitest globals, which this project does
// not turn on; React needs the act environment flag to accept updates from tests.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// The machine runs many suites at once: wait up to 5 s for what a user would see.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  const unrouted = takeUnroutedRequests().map((request) => `${request.method} ${request.path}`);
  expect(unrouted, 'requests the test did not answer').toEqual([]);
  window.history.replaceState(null, '', '/');
});
