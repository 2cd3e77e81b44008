import { readFileSync } from 'node:fs';

/**
 * How steward-server authenticates to a backend it calls (Prometheus or a compatible store,
 * its ruler and remote write; Alertmanager): the shape of `prometheus.auth` and
 * `alertmanager.auth` in the configuration. Secrets come from files (mounted secrets, rotated
 * in place: read on every request) or from the environment; they never reach a log line or an
 * error message.
 */
export interface BackendAuth {
  bearerToken?: string;
  bearerTokenFile?: string;
  basicAuth?: { username: string; password?: string; passwordFile?: string };
  /** Sent as `X-Scope-OrgID` (Mimir, Cortex, Thanos receive, Loki-style tenancy). */
  tenant?: string;
}

/** The configuration problems of one backend's auth: the field (below the auth object) and what is wrong. */
export function authProblems(auth: BackendAuth | undefined): Array<{ field: string; message: string }> {
  if (!auth) {
    return [];
  }
  const problems: Array<{ field: string; message: string }> = [];
  const bearer = auth.bearerToken !== undefined || auth.bearerTokenFile !== undefined;
  if (auth.bearerToken !== undefined && auth.bearerTokenFile !== undefined) {
    problems.push({ field: 'bearerToken', message: 'set bearerToken or bearerTokenFile, not both' });
  }
  if (bearer && auth.basicAuth) {
    problems.push({ field: 'basicAuth', message: 'set a bearer token or basicAuth, not both' });
  }
  if (auth.basicAuth && (auth.basicAuth.password === undefined) === (auth.basicAuth.passwordFile === undefined)) {
    problems.push({ field: 'basicAuth', message: 'set exactly one of password and passwordFile' });
  }
  return problems;
}

/** A secret file's content, without the trailing newline editors and `echo` add. */
function secretFile(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    // The path is configuration, not a secret; the content never appears.
    throw new Error(`cannot read ${field} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

/** The headers that authenticate one request. */
export function authHeaders(auth: BackendAuth | undefined): Record<string, string> {
  if (!auth) {
    return {};
  }
  const headers: Record<string, string> = {};
  const token =
    auth.bearerToken ?? (auth.bearerTokenFile ? secretFile(auth.bearerTokenFile, 'bearerTokenFile') : undefined);
  if (token !== undefined) {
    headers.authorization = `Bearer ${token}`;
  } else if (auth.basicAuth) {
    const { username, password, passwordFile } = auth.basicAuth;
    const secret = password ?? secretFile(passwordFile!, 'basicAuth.passwordFile');
    headers.authorization = `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
  }
  if (auth.tenant) {
    headers['x-scope-orgid'] = auth.tenant;
  }
  return headers;
}

/**
 * `fetch` that authenticates every request to the backend; headers the caller sets itself win
 * (a ruler's own tenant). An unreadable secret file fails the request, with its path only.
 */
export function authenticatedFetch(auth: BackendAuth | undefined, base: typeof fetch = fetch): typeof fetch {
  if (!auth || Object.keys(auth).length === 0) {
    return base;
  }
  return async (input, init) => {
    const headers = new Headers(authHeaders(auth));
    new Headers(init?.headers).forEach((value, name) => headers.set(name, value));
    return base(input, { ...init, headers });
  };
}
