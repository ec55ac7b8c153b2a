import { apiBaseUrl } from "../config";
import { readCredential } from "../auth/credential";

/** An error answer of the API: its own message, code and status, shown next to what failed. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly param?: string | null,
    readonly requestId?: string | null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: string;
  query?: Query;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Sends this bearer instead of the signed-in credential (sign-in checks a credential before storing it). */
  bearer?: string;
}

const listeners = new Set<(e: ApiError) => void>();

/** Called for every 401 on a signed-in request: the credential was revoked or expired. */
export function onUnauthorized(listener: (e: ApiError) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== "") {
      params.set(k, String(v));
    }
  }
  const qs = params.toString();
  return `${apiBaseUrl()}${path}${qs ? `?${qs}` : ""}`;
}

export async function parseError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: { message?: string; code?: string; param?: string; request_id?: string } };
    if (body.error?.message) {
      return new ApiError(response.status, body.error.message, body.error.code ?? "error", body.error.param, body.error.request_id);
    }
  } catch {
    // Not JSON: a proxy's page, say; the status line is all there is.
  }
  return new ApiError(response.status, `${response.status} ${response.statusText || "request failed"}`, "http_error");
}

/** Sends a request with the credential as a bearer token (never in the URL). */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const bearer = options.bearer ?? readCredential();
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  let body = options.body;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  const response = await fetch(buildUrl(path, options.query), { method: options.method ?? "GET", headers, body, signal: options.signal });
  if (!response.ok) {
    const error = await parseError(response);
    if (response.status === 401 && !options.bearer && bearer) {
      listeners.forEach((l) => l(error));
    }
    throw error;
  }
  return response;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) {
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
