import type { ErrorInfo } from './i18n';
import { noteServerDate } from './server-clock';
import { getSession, setSession } from './session';

type Words = { vi: string | string[]; en: string | string[] };

/**
 * An error answer in the contract's shape `{statusCode, error, code, message, messages: {vi, en}, params?, details?}`.
 * The page words it from `code` + `params` ({@link wordError}), falling back to `messages[lang]`.
 */
export class ApiError extends Error implements ErrorInfo {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages?: Words,
    readonly params?: Record<string, unknown>,
    readonly details?: unknown,
    /** Line errors of a refused CSV import (`POST /api/points/import` → 422 `errors: [{line, message, messages}]`). */
    readonly errors?: unknown[],
  ) {
    super(`${status} ${code}`);
  }
}

export interface RequestOptions {
  /** A bearer token other than the signed-in user's (the check-in page's link token). */
  token?: string;
  /** Sent as `If-Match` (optimistic concurrency for bodiless requests such as DELETE). */
  ifMatch?: number;
  /** Return the raw response (downloads). */
  raw?: boolean;
  /** Send `body` as it is (a string) with this Content-Type instead of as JSON (a CSV upload). */
  contentType?: string;
}

export async function api<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const usesSession = !opts.token;
  const token = opts.token ?? getSession()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  if (opts.ifMatch !== undefined) headers['If-Match'] = String(opts.ifMatch);
  let res: Response;
  const sentAt = Date.now();
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : opts.contentType ? String(body) : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network');
  }
  noteServerDate(res.headers.get('Date'), sentAt, Date.now());
  if (res.ok) {
    if (opts.raw) return res as unknown as T;
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  let payload: { code?: string; messages?: Words; params?: Record<string, unknown>; details?: unknown; errors?: unknown } = {};
  try {
    payload = await res.json();
  } catch {
    /* not JSON */
  }
  if (res.status === 401 && usesSession && getSession() && path !== '/api/auth/login') setSession(null);
  throw new ApiError(
    res.status,
    payload.code ?? 'error',
    payload.messages,
    payload.params,
    payload.details,
    Array.isArray(payload.errors) ? payload.errors : undefined,
  );
}

export const get = <T>(path: string, opts?: RequestOptions) => api<T>('GET', path, undefined, opts);
export const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => api<T>('POST', path, body ?? {}, opts);
export const patch = <T>(path: string, body: unknown, opts?: RequestOptions) => api<T>('PATCH', path, body, opts);
export const put = <T>(path: string, body: unknown, opts?: RequestOptions) => api<T>('PUT', path, body, opts);
export const del = <T>(path: string, opts?: RequestOptions) => api<T>('DELETE', path, undefined, opts);

/** Downloads a protected file (the bearer header cannot ride on a plain link). */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await api<Response>('GET', path, undefined, { raw: true });
  const blob = await res.blob();
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
