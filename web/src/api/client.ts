import { toApiError } from './problem.ts';

// One fetch wrapper for the whole app: JSON in and out, problem documents turned into ApiError.
// Same origin always (the built app is served by `alex serve`; `dev:web` proxies), so no token
// or base URL lives in the browser.

async function readBody(response: Response): Promise<unknown> {
  const body = await response.text();
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw toApiError(0, undefined, `The server at ${window.location.host} did not answer.`);
  }
  const parsed = await readBody(response);
  if (!response.ok) {
    throw toApiError(response.status, parsed, `${method} ${path} failed (${response.status})`);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => requestJson<T>('GET', path),
  post: <T>(path: string, body?: unknown) => requestJson<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => requestJson<T>('PUT', path, body),
  delete: <T>(path: string) => requestJson<T>('DELETE', path),
};
