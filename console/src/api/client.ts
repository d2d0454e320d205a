import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** The contract's types, generated from ../openapi.yaml (npm run gen): a contract change that breaks a page fails vue-tsc. */
export type Schemas = components['schemas'];

/** An RFC 9457 problem as the API sends it, with its stable `code` and, for validation, the fields' errors. */
export interface Problem {
  title?: string | null;
  detail?: string | null;
  status?: number | null;
  code?: string;
  /** Validation: field → messages; a refused table (roster): one entry per bad row. */
  errors?: Record<string, string[]> | RowError[];
}

export interface RowError {
  row: number;
  column: string;
  message: string;
}

const tokenKey = 'ic.staff.token';
export const tokens = {
  get: (): string | null => sessionStorage.getItem(tokenKey),
  set: (token: string) => sessionStorage.setItem(tokenKey, token),
  clear: () => sessionStorage.removeItem(tokenKey),
};

const bearer: Middleware = {
  onRequest({ request }) {
    const token = tokens.get();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

/** The one API client: every page calls the API through it, by the contract's paths. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);

/** A refused or failed call: carries the problem so the page shows its title and detail. */
export class ProblemError extends Error {
  constructor(public readonly problem: Problem, public readonly status: number) {
    super([problem.title, problem.detail].filter(Boolean).join(': ') || `HTTP ${status}`);
  }
}

function asProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object') return error as Problem;
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status, detail: typeof error === 'string' ? error : null };
}

/** Unwraps an openapi-fetch result: its data, or a ProblemError with the API's problem. */
export async function ok<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (e) {
    throw new ProblemError({ title: '网络错误', detail: e instanceof Error ? e.message : String(e) }, 0);
  }
  if (!result.response.ok) {
    if (result.response.status === 401) window.dispatchEvent(new CustomEvent('ic:unauthorized'));
    throw new ProblemError(asProblem(result.error, result.response), result.response.status);
  }
  return result.data as D;
}

/** Sends a file (a roster, a captured photo) as the request body; answers the API's JSON or throws its problem. */
export async function sendFile<T>(method: 'PUT' | 'POST', path: string, body: Blob | FormData, headers: Record<string, string> = {}): Promise<T> {
  const token = tokens.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, { method, body, headers });
  } catch (e) {
    throw new ProblemError({ title: '网络错误', detail: e instanceof Error ? e.message : String(e) }, 0);
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ProblemError(asProblem(json, response), response.status);
  return json as T;
}

/** Downloads a file the API answers with (CSV, xlsx) through the bearer token, saving it under the given name. */
export async function download(path: string, fileName: string): Promise<void> {
  const headers: Record<string, string> = {};
  const token = tokens.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { headers });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ProblemError(asProblem(body, response), response.status);
  }
  saveBlob(await response.blob(), fileName);
}

export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  openLink(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Lets the browser fetch a file from a link as a download: a blob's, or the expiring S3 link the API answered for a package. */
export function openLink(url: string, fileName: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** A finished package (CHSI or school): the API answers an expiring link, audited as a download; the browser fetches it. */
export async function downloadPackage(id: string) {
  const link = await ok(api.POST('/api/v1/staff/packages/{id}/download', { params: { path: { id } } }));
  openLink(link.url, link.fileName);
}
