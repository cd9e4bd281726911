/**
 * The one HTTP client of the web app: JSON (or a multipart form for files), CSRF header, errors as
 * ApiError with French messages.
 */
export type ApiErrorBody = {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
  /** Field errors keyed by path, for Mantine forms (`form.setErrors`). */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.details.map((d) => [d.path, d.message]));
  }
}

let onUnauthenticated: (() => void) | undefined;
/** The shell registers what to do when the session dies (back to the login page). */
export function setOnUnauthenticated(fn: () => void) {
  onUnauthenticated = fn;
}

export async function api<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let res: Response;
  // A form (files) goes as is: the browser writes its multipart content type and boundary.
  const isForm = body instanceof FormData;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      signal,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'x-relais-csrf': '1' } : {}),
      },
      body: isForm ? body : body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    // A query that is no longer wanted (page left, filter changed) was aborted: not a network error.
    if (signal?.aborted) throw e;
    throw new ApiError(0, 'network', 'Le serveur est injoignable. Vérifiez votre connexion puis réessayez.');
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data as ApiErrorBody | null)?.error;
    if (res.status === 401 && err?.code === 'unauthenticated') onUnauthenticated?.();
    throw new ApiError(
      res.status,
      err?.code ?? 'unknown',
      err?.message ?? `Erreur ${res.status}.`,
      err?.details ?? [],
    );
  }
  return data as T;
}

/** A GET; pass the query's `signal` so that a query no longer wanted is aborted. */
export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, undefined, signal);
/** A POST; a query that reads through a POST (a preview, a check) passes its `signal` too. */
export const post = <T>(path: string, body?: unknown, signal?: AbortSignal) =>
  api<T>('POST', path, body ?? {}, signal);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/**
 * The body of a route that takes files: the usual JSON in the `data` field, the files under
 * `field` (the server streams them and refuses one over its limit with 413).
 */
export function uploadForm(data: unknown, field: string, files: File[]): FormData {
  const form = new FormData();
  form.append('data', JSON.stringify(data));
  for (const f of files) form.append(field, f, f.name);
  return form;
}

/** Query string from defined values only. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const out = s.toString();
  return out ? `?${out}` : '';
}
