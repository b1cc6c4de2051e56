/**
 * The JSON API client: same-origin cookies (the session), the CSRF header on writes, and
 * problem+json errors turned into ApiError with the field each error concerns.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  field?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: ProblemBody) {
    super(problem.detail ?? problem.title);
  }
  /** The problem's slug: "/problems/duplicate-aid" → "duplicate-aid". */
  get slug(): string {
    return this.problem.type.split('/').pop() ?? 'internal';
  }
  /** Field name → the problem about it ("body.justification" and "justification" both give "justification"). */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {};
    const norm = (f: string) => f.replace(/^(body|querystring|params)\.?/, '').replace(/^\./, '');
    for (const e of this.problem.errors ?? []) if (e.field) out[norm(e.field)] ??= e.message;
    if (typeof this.problem.field === 'string') out[norm(this.problem.field)] ??= this.problem.detail ?? this.problem.title;
    return out;
  }
}

const TOKEN_KEY = 'mizan.token';

/** A development-only API token (from "?token=" in the address); cookie sign-in is the normal way. */
export function devToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
export function setDevToken(token: string | null) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage unavailable */
  }
}

export function cookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = devToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = cookie('mizan_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiError(0, { type: '/problems/network', title: 'Network error', status: 0 });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const p = (data && typeof data === 'object' ? data : {}) as Partial<ProblemBody>;
    throw new ApiError(res.status, { ...p, type: p.type ?? `/problems/http-${res.status}`, title: p.title ?? res.statusText, status: res.status });
  }
  return data as T;
}

/** Lists come either as an array or as {items, nextCursor}. */
export function itemsOf<T>(x: T[] | { items: T[] } | null | undefined): T[] {
  if (!x) return [];
  return Array.isArray(x) ? x : (x.items ?? []);
}

export const qs = (params: Record<string, string | number | undefined | null>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
};

/**
 * One file sent as multipart/form-data in the field "file" (an import, an appeal's document), with
 * the session's CSRF token like any write; a refusal is thrown as ApiError, a too-large body that the
 * server cut short as `tooLarge`.
 */
export async function uploadFile(url: string, file: File, tooLarge = '/problems/payload-too-large'): Promise<{ status: number; data: unknown }> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = devToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const csrf = cookie('mizan_csrf');
  if (csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { type: '/problems/network', title: 'Network error', status: 0 });
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const p = (data && typeof data === 'object' ? data : {}) as Partial<ProblemBody>;
    throw new ApiError(res.status, { ...p, type: p.type ?? (res.status === 413 ? tooLarge : `/problems/http-${res.status}`), title: p.title ?? res.statusText, status: res.status });
  }
  return { status: res.status, data };
}
