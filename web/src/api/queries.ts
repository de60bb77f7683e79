import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { api } from './client.ts';
import { readPortfolio } from './portfolio.ts';
import type {
  Account,
  Instrument,
  Job,
  JobListItem,
  Position,
  SimulationRequest,
  SimulationResult,
  UnreadableJob,
  User,
  XrayResponse,
} from './types.ts';

export type { SimulationRequest } from './types.ts';

// Server state, one hook per route. Keys are shared so a mutation can update or invalidate
// exactly what it changed.

export const keys = {
  user: ['user'] as const,
  accounts: ['accounts'] as const,
  positions: (accountId: string) => ['positions', accountId] as const,
  instruments: ['instruments'] as const,
  portfolio: ['portfolio'] as const,
  xray: ['xray'] as const,
  jobs: ['jobs'] as const,
  job: (id: string) => ['job', id] as const,
};

const FINISHED = new Set(['completed', 'partial', 'failed']);

export function isUnreadable(job: JobListItem | UnreadableJob): job is UnreadableJob {
  return 'unreadable' in job;
}

export function isFinished(job: Pick<Job, 'status'> | undefined): boolean {
  return job !== undefined && FINISHED.has(job.status);
}

export function useUser() {
  return useQuery({
    queryKey: keys.user,
    queryFn: async () => (await api.get<{ user: User }>('/api/user')).user,
  });
}

export function useAccounts() {
  return useQuery({ queryKey: keys.accounts, queryFn: () => api.get<Account[]>('/api/accounts') });
}

export function usePositions(accountId: string) {
  return useQuery({
    queryKey: keys.positions(accountId),
    queryFn: async () =>
      (await api.get<{ positions: Position[] }>(`/api/accounts/${accountId}/positions`)).positions,
  });
}

export function useInstruments() {
  return useQuery({
    queryKey: keys.instruments,
    queryFn: () => api.get<Instrument[]>('/api/instruments'),
    staleTime: 60_000,
  });
}

export function usePortfolio() {
  return useQuery({
    queryKey: keys.portfolio,
    queryFn: async () => readPortfolio(await api.get<unknown>('/api/portfolio')),
  });
}

/** GET /api/xray: the rules, look-through and currencies at the profile's thresholds. */
export function useXray() {
  return useQuery({
    queryKey: keys.xray,
    queryFn: () => api.get<XrayResponse>('/api/xray'),
  });
}

/** The newest analysis that has not finished yet, if any. */
export function runningJob(
  jobs: Array<JobListItem | UnreadableJob> | undefined,
): JobListItem | undefined {
  return jobs?.find((job): job is JobListItem => !isUnreadable(job) && !isFinished(job));
}

/**
 * The latest page of analyses, as list items (no payloads: useJob has those). Polls every 2 s
 * while an analysis runs, so a list never shows one as running after it ended.
 */
export function useJobs() {
  return useQuery({
    queryKey: keys.jobs,
    queryFn: async () =>
      (await api.get<{ jobs: Array<JobListItem | UnreadableJob> }>('/api/jobs')).jobs,
    refetchInterval: (query) => (runningJob(query.state.data) ? 2000 : false),
  });
}

/** Polls every 2 s until the job is finished, as the original advisor page does. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: keys.job(id ?? ''),
    queryFn: () => api.get<Job>(`/api/jobs/${id}`),
    enabled: id !== null,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : 2000),
  });
}

/** Everything derived from holdings is stale after any account or position change. */
export function invalidateHoldings(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.accounts }),
    queryClient.invalidateQueries({ queryKey: ['positions'] }),
    queryClient.invalidateQueries({ queryKey: keys.portfolio }),
    queryClient.invalidateQueries({ queryKey: keys.xray }),
  ]);
}

export function usePopulateDemo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<unknown>('/api/populate-test-data'),
    onSuccess: () => invalidateHoldings(queryClient),
  });
}

export function useStartAnalysis() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post<{ job_id: string; message?: string }>('/api/analyze', {
        analysis_type: 'portfolio',
        options: {},
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.jobs }),
  });
}

export function useSimulation(request: SimulationRequest | null) {
  return useQuery({
    queryKey: ['simulate', request],
    queryFn: () => api.post<SimulationResult>('/api/simulate', request),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}
