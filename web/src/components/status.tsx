import { ApiError } from '../api/problem.ts';

export function Loading({ what }: { what: string }) {
  return <p role="status">Loading {what}…</p>;
}

export function ErrorNotice({ error, what }: { error: unknown; what: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const status = error instanceof ApiError && error.status > 0 ? ` (HTTP ${error.status})` : '';
  return (
    <div role="alert" className="notice notice-error">
      Could not load {what}
      {status}: {message}
    </div>
  );
}
