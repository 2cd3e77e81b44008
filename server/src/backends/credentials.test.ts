import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticatedFetch,
  authHeaders,
  authProblems,
  refusedClientCertificate,
  tlsConnectOptions,
  tlsFailure,
  tlsProblems,
} from './credentials.js';
import { makeCertificates, type TestCertificates } from './testing/certificates.js';

const dir = mkdtempSync(join(tmpdir(), 'credentials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backend credentials', () => {
  it('reads a token file on every request, without its trailing newline', () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'first\n');
    const auth = { bearerTokenFile: file, tenant: 'acme' };
    expect(authHeaders(auth)).toEqual({ authorization: 'Bearer first', 'x-scope-orgid': 'acme' });
    writeFileSync(file, 'rotated\r\n');
    expect(authHeaders(auth).authorization).toBe('Bearer rotated');
  });

  it('sends basic auth from a password file', () => {
    const file = join(dir, 'password');
    writeFileSync(file, 's3cret:with:colons\n');
    expect(authHeaders({ basicAuth: { username: 'steward', passwordFile: file } })).toEqual({
      authorization: `Basic ${Buffer.from('steward:s3cret:with:colons').toString('base64')}`,
    });
  });

  it('names an unreadable secret file by its path, never its content', async () => {
    const send = authenticatedFetch({ bearerTokenFile: join(dir, 'missing') }, async () => new Response('never'));
    await expect(send('http://backend.test/api')).rejects.toThrow(
      `cannot read bearerTokenFile ${join(dir, 'missing')}: ENOENT`
    );
  });

  it('adds the headers to every request; headers the caller sets itself win', async () => {
    const seen: Headers[] = [];
    const send = authenticatedFetch({ bearerToken: 'tok', tenant: 'acme' }, async (_input, init) => {
      seen.push(new Headers(init?.headers));
      return new Response('ok');
    });
    await send('http://backend.test/a', { headers: { 'content-type': 'text/plain' } });
    await send('http://backend.test/b', { headers: { 'X-Scope-OrgID': 'rules-tenant' } });
    expect(Object.fromEntries(seen[0]!)).toEqual({
      authorization: 'Bearer tok',
      'content-type': 'text/plain',
      'x-scope-orgid': 'acme',
    });
    expect(seen[1]!.get('x-scope-orgid')).toBe('rules-tenant');
  });

  it('passes requests through untouched when nothing is configured', async () => {
    const seen: Array<RequestInit | undefined> = [];
    const send = authenticatedFetch({}, { insecureSkipVerify: false }, async (_input, init) => {
      seen.push(init);
      return new Response('ok');
    });
    const init = { method: 'POST', body: 'x', headers: { 'x-a': '1' } };
    expect(await (await send('http://backend.test/a', init)).text()).toBe('ok');
    expect(seen).toEqual([init]);
  });

  it('refuses ambiguous settings, naming the field', () => {
    expect(authProblems({ bearerToken: 'a', bearerTokenFile: '/t' })).toEqual([
      { field: 'bearerToken', message: 'set bearerToken or bearerTokenFile, not both' },
    ]);
    expect(authProblems({ bearerTokenFile: '/t', basicAuth: { username: 'u', password: 'p' } })).toEqual([
      { field: 'basicAuth', message: 'set a bearer token or basicAuth, not both' },
    ]);
    expect(authProblems({ basicAuth: { username: 'u' } })).toEqual([
      { field: 'basicAuth', message: 'set exactly one of password and passwordFile' },
    ]);
    expect(authProblems({ basicAuth: { username: 'u', passwordFile: '/p' }, tenant: 't' })).toEqual([]);
  });
});

/** A key's body lines: what must never show in a message. */
function keyMaterial(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 20 && !line.startsWith('-----'));
}

describe('backend TLS settings', () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = makeCertificates(mkdtempSync(join(dir, 'certs-')), ['localhost', '127.0.0.1', 'prometheus.test']);
  });

  it('builds the connection options from the files, read once', () => {
    const options = tlsConnectOptions({
      caFile: certs.ca,
      certFile: certs.clientCert,
      keyFile: certs.clientKey,
      serverName: 'prometheus.test',
      insecureSkipVerify: false,
    });
    expect(options).toEqual({
      ca: readFileSync(certs.ca, 'utf8'),
      cert: readFileSync(certs.clientCert, 'utf8'),
      key: readFileSync(certs.clientKey, 'utf8'),
      servername: 'prometheus.test',
      rejectUnauthorized: true,
    });
    expect(tlsConnectOptions({ insecureSkipVerify: true })).toEqual({ rejectUnauthorized: false });
    // Nothing set: Node's defaults.
    expect(tlsConnectOptions({ insecureSkipVerify: false })).toBeUndefined();
    expect(tlsConnectOptions(undefined)).toBeUndefined();
    expect(tlsProblems({ caFile: certs.ca, certFile: certs.clientCert, keyFile: certs.clientKey })).toEqual([]);
  });

  it('refuses a certificate without its key and a key without its certificate, naming the field', () => {
    expect(tlsProblems({ certFile: certs.clientCert })).toEqual([
      { field: 'certFile', message: 'needs keyFile too (the private key of the client certificate)' },
    ]);
    expect(tlsProblems({ keyFile: certs.clientKey })).toEqual([
      { field: 'keyFile', message: 'needs certFile too (the client certificate of this key)' },
    ]);
    expect(() => tlsConnectOptions({ certFile: certs.clientCert })).toThrow(
      'tls.certFile: needs keyFile too (the private key of the client certificate)'
    );
  });

  it('names unreadable and unusable files by path, never by content', () => {
    const missing = join(dir, 'no-such-ca.pem');
    const keyAsCa = tlsProblems({ caFile: certs.clientKey });
    const problems = [
      ...tlsProblems({ caFile: missing }),
      ...keyAsCa,
      ...tlsProblems({ certFile: certs.clientKey, keyFile: certs.clientKey }),
      ...tlsProblems({ certFile: certs.clientCert, keyFile: certs.foreignKey }),
      ...tlsProblems({ certFile: certs.clientCert, keyFile: certs.clientCert }),
    ];
    expect(problems).toEqual([
      { field: 'caFile', message: `cannot read ${missing}: ENOENT` },
      { field: 'caFile', message: `${certs.clientKey} holds no PEM certificate` },
      { field: 'certFile', message: `${certs.clientKey} holds no PEM certificate` },
      {
        field: 'keyFile',
        message: `${certs.foreignKey} is not the private key of the certificate in ${certs.clientCert}`,
      },
      {
        field: 'keyFile',
        message: expect.stringMatching(new RegExp(`^${certs.clientCert} holds no usable PEM private key \\(ERR_OSSL_`)),
      },
    ]);
    const text = JSON.stringify(problems);
    for (const line of [...keyMaterial(certs.clientKey), ...keyMaterial(certs.foreignKey)]) {
      expect(text).not.toContain(line);
    }
  });

  it('refuses an encrypted key', () => {
    const encrypted = join(dir, 'encrypted.key');
    execFileSync('openssl', ['pkey', '-in', certs.clientKey, '-aes256', '-passout', 'pass:secret', '-out', encrypted]);
    expect(tlsProblems({ certFile: certs.clientCert, keyFile: encrypted })).toEqual([
      { field: 'keyFile', message: `${encrypted} is encrypted; Steward needs the key unencrypted` },
    ]);
  });

  it('applies the settings to every request through its own dispatcher, with the credentials', async () => {
    const seen: Array<RequestInit & { dispatcher?: unknown }> = [];
    const send = authenticatedFetch({ bearerToken: 'tok' }, { caFile: certs.ca }, async (_input, init) => {
      seen.push(init as RequestInit & { dispatcher?: unknown });
      return new Response('ok');
    });
    await send('https://backend.test/a');
    await send('https://backend.test/b');
    expect(seen[0]!.dispatcher).toBeDefined();
    expect(seen[1]!.dispatcher).toBe(seen[0]!.dispatcher);
    expect(new Headers(seen[0]!.headers).get('authorization')).toBe('Bearer tok');
    // Unreadable files stop the server at start, not at the first request.
    expect(() => authenticatedFetch({}, { caFile: join(dir, 'gone.pem') })).toThrow(
      `tls.caFile: cannot read ${join(dir, 'gone.pem')}: ENOENT`
    );
  });

  describe('against an HTTPS server that asks for a client certificate', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer(
        {
          cert: readFileSync(certs.serverCert),
          key: readFileSync(certs.serverKey),
          ca: readFileSync(certs.ca),
          requestCert: true,
          rejectUnauthorized: false,
        },
        (request, response) => {
          const socket = request.socket as TLSSocket;
          const subject = socket.authorized ? socket.getPeerCertificate().subject.CN : undefined;
          response.writeHead(subject ? 200 : 403).end(subject ? `hello ${subject}` : 'no client certificate');
        }
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    const get = async (tls: Parameters<typeof tlsConnectOptions>[0]) => {
      const response = await authenticatedFetch(undefined, tls)(url);
      return `${response.status} ${await response.text()}`;
    };
    const mutual = () => ({ caFile: certs.ca, certFile: certs.clientCert, keyFile: certs.clientKey });

    it('verifies the server with the CA and shows the client certificate', async () => {
      expect(await get(mutual())).toBe('200 hello steward');
      expect(await get({ caFile: certs.ca })).toBe('403 no client certificate');
      // The certificate holds prometheus.test: the name to verify, at another address.
      expect(await get({ ...mutual(), serverName: 'prometheus.test' })).toBe('200 hello steward');
      expect(await get({ certFile: certs.clientCert, keyFile: certs.clientKey, insecureSkipVerify: true })).toBe(
        '200 hello steward'
      );
    });

    it('says what to set when the server’s certificate is not trusted or not for the name', async () => {
      await expect(get({ certFile: certs.clientCert, keyFile: certs.clientKey })).rejects.toThrow(
        /^TLS: the server's certificate is signed by an unknown authority \(SELF_SIGNED_CERT_IN_CHAIN\): set tls\.caFile to the CA that signed it$/
      );
      await expect(get({ ...mutual(), serverName: 'wrong.test' })).rejects.toThrow(
        /^TLS: the server's certificate is not for this name \(Host: wrong\.test\. is not in the cert's altnames: DNS:localhost, IP Address:127\.0\.0\.1, DNS:prometheus\.test\): set tls\.serverName/
      );
      // Without any settings, Node's fetch meets the same certificate: the same advice.
      await expect(authenticatedFetch(undefined)(url)).rejects.toThrow(/unknown authority .*set tls\.caFile/);
    });
  });

  it('names the backend’s own fields, and TLS causes only', () => {
    const socketError = (code: string, message = code) => Object.assign(new Error(message), { code });
    const failed = (code: string, message?: string) =>
      new TypeError('fetch failed', { cause: socketError(code, message) });
    expect(tlsFailure(failed('DEPTH_ZERO_SELF_SIGNED_CERT'), 'https://p', 'prometheus')).toBe(
      "TLS: the server's certificate is signed by an unknown authority (DEPTH_ZERO_SELF_SIGNED_CERT): set prometheus.tls.caFile to the CA that signed it"
    );
    expect(tlsFailure(failed('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), 'https://am', 'alertmanager')).toBe(
      "TLS: the server refused Steward's client certificate, or its absence (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED): check alertmanager.tls.certFile and alertmanager.tls.keyFile, and that the server trusts the CA that signed them"
    );
    expect(tlsFailure(failed('UND_ERR_SOCKET', 'other side closed'), 'https://p', 'prometheus')).toMatch(
      /closed the connection without an answer .* check prometheus\.tls\.certFile/
    );
    expect(tlsFailure(failed('UND_ERR_SOCKET', 'other side closed'), 'http://p', 'prometheus')).toBeUndefined();
    expect(tlsFailure(failed('ECONNREFUSED'), 'https://p', 'prometheus')).toBeUndefined();
  });

  it('recognises a proxy’s refusal of a missing or untrusted client certificate', () => {
    const nginx = (title: string) =>
      `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n</body></html>`;
    expect(
      refusedClientCertificate('https://p', 400, nginx('400 No required SSL certificate was sent'), 'prometheus')
    ).toBe(
      "https://p refused Steward's client certificate (HTTP 400: No required SSL certificate was sent): set prometheus.tls.certFile and prometheus.tls.keyFile to a certificate the server trusts"
    );
    expect(refusedClientCertificate('https://p', 400, nginx('400 The SSL certificate error'))).toMatch(
      /\(HTTP 400: The SSL certificate error\): set tls\.certFile/
    );
    expect(refusedClientCertificate('https://p', 400, '{"status":"error","error":"bad query"}')).toBeUndefined();
    expect(refusedClientCertificate('https://p', 500, nginx('500 SSL certificate'))).toBeUndefined();
  });
});
