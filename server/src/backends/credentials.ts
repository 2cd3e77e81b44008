import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext, type ConnectionOptions } from 'node:tls';

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
 * How steward-server speaks TLS to a backend: the shape of `prometheus.tls` and
 * `alertmanager.tls`. The files are read once, at start; a key never reaches a log line or an
 * error message (only its path does).
 */
export interface BackendTls {
  /** PEM file of the CA(s) to trust for this backend, instead of Node's own roots. */
  caFile?: string;
  /** PEM file of Steward's client certificate (with its chain), for backends that demand one. */
  certFile?: string;
  /** PEM file of the client certificate's private key, unencrypted. */
  keyFile?: string;
  /** The name to send (SNI) and to verify the backend's certificate against, instead of the URL's host. */
  serverName?: string;
  /** Accept any certificate from the backend: for tests only. */
  insecureSkipVerify?: boolean;
}

type TlsField = 'caFile' | 'certFile' | 'keyFile';
type ReadFile = (path: string) => string;
const readUtf8: ReadFile = (path) => readFileSync(path, 'utf8');

/** Whether anything in `tls` departs from Node's defaults. */
function tlsConfigured(tls: BackendTls | undefined): tls is BackendTls {
  return Boolean(tls && (tls.caFile || tls.certFile || tls.keyFile || tls.serverName || tls.insecureSkipVerify));
}

/**
 * Reads and checks the TLS files of one backend: the options for `tls.connect`, or the problems,
 * each with its field (below the tls object). Messages name files by path, never by content.
 */
function loadTls(
  tls: BackendTls | undefined,
  read: ReadFile
): { options?: ConnectionOptions; problems: Array<{ field: TlsField; message: string }> } {
  if (!tlsConfigured(tls)) {
    return { problems: [] };
  }
  const problems: Array<{ field: TlsField; message: string }> = [];
  if (tls.certFile && !tls.keyFile) {
    problems.push({ field: 'certFile', message: 'needs keyFile too (the private key of the client certificate)' });
  }
  if (tls.keyFile && !tls.certFile) {
    problems.push({ field: 'keyFile', message: 'needs certFile too (the client certificate of this key)' });
  }
  const files: Partial<Record<TlsField, string>> = {};
  for (const field of ['caFile', 'certFile', 'keyFile'] as const) {
    const path = tls[field];
    if (path === undefined) {
      continue;
    }
    try {
      files[field] = read(path);
    } catch (error) {
      problems.push({
        field,
        message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
      });
    }
  }
  if (files.caFile !== undefined && !parsesAsCertificates(files.caFile)) {
    problems.push({ field: 'caFile', message: `${tls.caFile} holds no PEM certificate` });
  }
  if (files.certFile !== undefined && !parsesAsCertificates(files.certFile)) {
    problems.push({ field: 'certFile', message: `${tls.certFile} holds no PEM certificate` });
  } else if (files.certFile !== undefined && files.keyFile !== undefined) {
    const key = files.keyFile;
    if (/-----BEGIN (ENCRYPTED PRIVATE KEY|[A-Z ]*PRIVATE KEY-----\r?\nProc-Type: 4,ENCRYPTED)/.test(key)) {
      problems.push({ field: 'keyFile', message: `${tls.keyFile} is encrypted; Steward needs the key unencrypted` });
    } else {
      try {
        createSecureContext({ cert: files.certFile, key });
      } catch (error) {
        // OpenSSL's reasons are fixed strings; only the code is repeated, never the key.
        const code = (error as NodeJS.ErrnoException).code ?? 'unusable';
        problems.push({
          field: 'keyFile',
          message:
            code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'
              ? `${tls.keyFile} is not the private key of the certificate in ${tls.certFile}`
              : `${tls.keyFile} holds no usable PEM private key (${code})`,
        });
      }
    }
  }
  if (problems.length > 0) {
    return { problems };
  }
  return {
    problems,
    options: {
      ...(files.caFile !== undefined ? { ca: files.caFile } : {}),
      ...(files.certFile !== undefined ? { cert: files.certFile, key: files.keyFile } : {}),
      ...(tls.serverName ? { servername: tls.serverName } : {}),
      rejectUnauthorized: !tls.insecureSkipVerify,
    },
  };
}

/** Every PEM certificate in `text` parses, and there is at least one. */
function parsesAsCertificates(text: string): boolean {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  try {
    blocks.forEach((block) => new X509Certificate(block));
  } catch {
    return false;
  }
  return blocks.length > 0;
}

/**
 * The configuration problems of one backend's TLS settings, each with its field (below the tls
 * object): a certificate without its key or the reverse, a file that cannot be read, holds no
 * PEM certificate, or a key that is not the certificate's. Reads the files.
 */
export function tlsProblems(
  tls: BackendTls | undefined,
  read: ReadFile = readUtf8
): Array<{ field: TlsField; message: string }> {
  return loadTls(tls, read).problems;
}

/**
 * The options for `tls.connect` that one backend's settings give, read from their files now;
 * undefined when nothing is set (Node's defaults). Throws on the first problem, naming the field
 * and the file's path.
 */
export function tlsConnectOptions(
  tls: BackendTls | undefined,
  read: ReadFile = readUtf8
): ConnectionOptions | undefined {
  const { options, problems } = loadTls(tls, read);
  const [first] = problems;
  if (first) {
    throw new Error(`tls.${first.field}: ${first.message}`);
  }
  return options;
}

const UNKNOWN_AUTHORITY = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** TLS alerts a server sends when it refuses the client certificate, or its absence. */
const CLIENT_CERTIFICATE_REFUSED = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
]);

/**
 * What went wrong when a request to `url` failed in TLS, and what to set (`<section>.tls.…`);
 * undefined when the failure is not TLS's. Looks through the error's causes (fetch wraps the
 * socket's error).
 */
export function tlsFailure(error: unknown, url: string, section?: string): string | undefined {
  const field = (name: string) => (section ? `${section}.tls.${name}` : `tls.${name}`);
  const https = url.startsWith('https:');
  for (let cause = error, depth = 0; cause && depth < 5; cause = (cause as Error).cause, depth++) {
    const { code, message, reason } = cause as { code?: unknown; message?: string; reason?: string };
    if (typeof code !== 'string') {
      continue;
    }
    if (UNKNOWN_AUTHORITY.has(code)) {
      return `TLS: the server's certificate is signed by an unknown authority (${code}): set ${field('caFile')} to the CA that signed it`;
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      return `TLS: the server's certificate is not for this name (${reason ?? message}): set ${field('serverName')} to a name it holds, or use one in the URL`;
    }
    if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
      return `TLS: the server's certificate ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'} (${code})`;
    }
    if (CLIENT_CERTIFICATE_REFUSED.has(code)) {
      return `TLS: the server refused Steward's client certificate, or its absence (${code}): check ${field('certFile')} and ${field('keyFile')}, and that the server trusts the CA that signed them`;
    }
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
      return `TLS: the server does not answer in TLS (${code}): is its address http://?`;
    }
    if (https && code === 'UND_ERR_SOCKET' && message === 'other side closed') {
      // TLS 1.3 servers verify the client's certificate after the handshake, and hang up.
      return `the server closed the connection without an answer (${message}); a server that requires a client certificate does so when it has none it trusts: check ${field('certFile')} and ${field('keyFile')}`;
    }
    if (/^(ERR_SSL_|ERR_TLS_|ERR_OSSL_|CERT_)/.test(code)) {
      return `TLS: ${message ?? 'failed'} (${code})`;
    }
  }
  return undefined;
}

/**
 * The message for a backend (or its proxy) that refused the connection's client certificate in
 * HTTP, as nginx does (400 "No required SSL certificate was sent", "The SSL certificate error");
 * undefined for any other answer.
 */
export function refusedClientCertificate(
  base: string,
  status: number,
  body: string,
  section?: string
): string | undefined {
  if (status !== 400 && status !== 495 && status !== 496) {
    return undefined;
  }
  const said = (
    /<title>\s*(?:\d{3}\s+)?([^<]*?)\s*<\/title>/i.exec(body)?.[1] ??
    body.trim().split('\n')[0] ??
    ''
  ).slice(0, 200);
  if (!/ssl certificate|client certificate/i.test(said)) {
    return undefined;
  }
  const field = (name: string) => (section ? `${section}.tls.${name}` : `tls.${name}`);
  return `${base} refused Steward's client certificate (HTTP ${status}: ${said}): set ${field('certFile')} and ${field('keyFile')} to a certificate the server trusts`;
}

type Undici = Pick<typeof import('undici'), 'Agent' | 'fetch'>;
let undici: Promise<Undici> | undefined;

/**
 * The undici package, loaded only when a backend has TLS settings. On loading, it makes an Agent
 * of its own the process's global dispatcher unless one is there: Node's fetch is loaded first
 * (by touching `Headers`), so Node's own stays the one every other request uses.
 */
function loadUndici(): Promise<Undici> {
  return (undici ??= Promise.resolve(new Headers()).then(() => import('undici')));
}

/**
 * `fetch` for one backend: authenticates every request (headers the caller sets itself win, such
 * as a ruler's own tenant) and speaks TLS as `tls` says. An unreadable secret file fails the
 * request, with its path only; the TLS files are read here, once. A request that fails in TLS
 * says why, and what to set.
 */
export function authenticatedFetch(auth: BackendAuth | undefined, base?: typeof fetch): typeof fetch;
export function authenticatedFetch(
  auth: BackendAuth | undefined,
  tls: BackendTls | undefined,
  base?: typeof fetch
): typeof fetch;
export function authenticatedFetch(
  auth: BackendAuth | undefined,
  tlsOrBase?: BackendTls | typeof fetch,
  maybeBase?: typeof fetch
): typeof fetch {
  const tls = typeof tlsOrBase === 'function' ? undefined : tlsOrBase;
  const connect = tlsConnectOptions(tls);
  const given = typeof tlsOrBase === 'function' ? tlsOrBase : maybeBase;
  // With TLS settings, undici's own fetch and an Agent of the same copy: a dispatcher from
  // another copy than the one inside Node's fetch is not guaranteed to fit it.
  const transport = connect
    ? loadUndici().then(({ Agent, fetch: undiciFetch }) => ({
        dispatcher: new Agent({ connect }),
        send: given ?? (undiciFetch as unknown as typeof fetch),
      }))
    : undefined;
  transport?.catch(() => undefined); // a failed load fails the requests, not the process
  const authenticates = auth !== undefined && Object.keys(auth).length > 0;
  return async (input, init) => {
    const { send, dispatcher } = transport ? await transport : { send: given ?? fetch, dispatcher: undefined };
    // `dispatcher` is undici's own extension of RequestInit; Node's types name another copy's class.
    const request: RequestInit & { dispatcher?: unknown } = { ...init };
    if (authenticates) {
      const headers = new Headers(authHeaders(auth));
      new Headers(init?.headers).forEach((value, name) => headers.set(name, value));
      request.headers = headers;
    }
    if (dispatcher) {
      request.dispatcher = dispatcher;
    }
    try {
      return await send(input, request);
    } catch (error) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const reason = tlsFailure(error, url);
      throw reason ? new TypeError(reason, { cause: error }) : error;
    }
  };
}
