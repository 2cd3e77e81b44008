import { Observable, lastValueFrom } from 'rxjs';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';

/**
 * BackendSrv as Grafana's core implements it, for what plugins rely on: local URLs lose their
 * leading slash (resolved against <base href>), params become a query string, JSON bodies,
 * and failures surface as FetchError {status, data, config} with `data.message` filled in.
 */
export function createBackendSrv(orgId: number): BackendSrv {
  const fetchObservable = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> =>
    new Observable((subscriber) => {
      const controller = new AbortController();
      run<T>(options, orgId, controller.signal).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error) => subscriber.error(error)
      );
      return () => controller.abort();
    });

  const request = <T>(options: BackendSrvRequest) => lastValueFrom(fetchObservable<T>(options)).then((r) => r.data);
  const srv = {
    fetch: fetchObservable,
    request,
    datasourceRequest: <T>(options: BackendSrvRequest) => lastValueFrom(fetchObservable<T>(options)),
    get: <T>(url: string, params?: object, _requestId?: string, options?: Partial<BackendSrvRequest>) =>
      request<T>({ ...options, url, params, method: 'GET' }),
    delete: <T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
      request<T>({ ...options, url, data, method: 'DELETE' }),
    post: <T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
      request<T>({ ...options, url, data, method: 'POST' }),
    put: <T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
      request<T>({ ...options, url, data, method: 'PUT' }),
    patch: <T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
      request<T>({ ...options, url, data, method: 'PATCH' }),
  };
  return srv as unknown as BackendSrv;
}

async function run<T>(options: BackendSrvRequest, orgId: number, signal: AbortSignal): Promise<FetchResponse<T>> {
  const method = (options.method ?? 'GET').toUpperCase();
  let url = options.url.startsWith('/') ? options.url.slice(1) : options.url;
  const query = toQueryString(options.params);
  if (query) {
    url += (url.includes('?') ? '&' : '?') + query;
  }
  const headers = new Headers({ accept: 'application/json, text/plain, */*', 'X-Grafana-Org-Id': String(orgId) });
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers.set(name, String(value));
  }
  let body: BodyInit | undefined;
  if (options.data !== undefined && method !== 'GET') {
    if (typeof options.data === 'string' || options.data instanceof Blob) {
      body = options.data;
    } else {
      headers.set('content-type', headers.get('content-type') ?? 'application/json');
      body = JSON.stringify(options.data);
    }
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, signal });
  } catch (error) {
    throw fetchError(0, 'Network error', { message: (error as Error).message }, options);
  }
  const text = await response.text();
  let data: unknown = text;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  if (!response.ok) {
    throw fetchError(response.status, response.statusText, data, options);
  }
  return {
    data: data as T,
    status: response.status,
    statusText: response.statusText,
    ok: true,
    headers: response.headers,
    redirected: response.redirected,
    type: response.type,
    url: response.url,
    config: options,
  };
}

function fetchError(status: number, statusText: string, data: unknown, config: BackendSrvRequest): FetchError {
  let normalized = data;
  if (typeof data === 'string') {
    normalized = { message: data, error: statusText, response: data };
  } else if (
    data &&
    typeof data === 'object' &&
    !('message' in data) &&
    'error' in data &&
    typeof data.error === 'string'
  ) {
    normalized = { ...data, message: data.error };
  }
  return { status, statusText, data: normalized ?? {}, config } as FetchError;
}

function toQueryString(params: unknown): string {
  if (!params || typeof params !== 'object') {
    return '';
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value]) {
      search.append(key, String(v));
    }
  }
  return search.toString();
}
