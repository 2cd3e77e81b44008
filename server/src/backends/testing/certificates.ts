import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Paths of throwaway PEM files for TLS tests (not shipped: `testing/` is left out of the build). */
export interface TestCertificates {
  /** The CA that signs the server's and the client's certificates. */
  ca: string;
  serverCert: string;
  serverKey: string;
  /** Steward's client certificate (CN `steward`), signed by the CA. */
  clientCert: string;
  clientKey: string;
  /** A self-signed certificate the CA never signed, and its key. */
  foreignCert: string;
  foreignKey: string;
}

/**
 * Makes a CA, a server certificate for `serverNames` (DNS names and IP addresses) and a client
 * certificate with Debian's `openssl`, in `dir`. P-256 keys: quick to make.
 */
export function makeCertificates(dir: string, serverNames = ['localhost', '127.0.0.1']): TestCertificates {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const selfSigned = (name: string, subject: string, extensions: string[]) =>
    openssl(
      'req',
      '-x509',
      ...newKey,
      '-keyout',
      path(`${name}.key`),
      '-out',
      path(`${name}.pem`),
      '-days',
      '2',
      '-subj',
      subject,
      ...extensions.flatMap((e) => ['-addext', e])
    );
  const signed = (name: string, subject: string, extensions: string[]) => {
    openssl('req', '-new', ...newKey, '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', subject);
    writeFileSync(path(`${name}.ext`), `${extensions.join('\n')}\n`);
    openssl(
      'x509',
      '-req',
      '-in',
      path(`${name}.csr`),
      '-CA',
      path('ca.pem'),
      '-CAkey',
      path('ca.key'),
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      '2',
      '-extfile',
      path(`${name}.ext`),
      '-out',
      path(`${name}.pem`)
    );
  };
  selfSigned('ca', '/CN=steward test CA', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign']);
  const altNames = serverNames.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`));
  signed('server', `/CN=${serverNames[0] ?? 'localhost'}`, [
    'basicConstraints=CA:FALSE',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${altNames.join(',')}`,
  ]);
  signed('client', '/CN=steward', ['basicConstraints=CA:FALSE', 'extendedKeyUsage=clientAuth']);
  selfSigned('foreign', '/CN=someone else', ['basicConstraints=CA:FALSE']);
  return {
    ca: path('ca.pem'),
    serverCert: path('server.pem'),
    serverKey: path('server.key'),
    clientCert: path('client.pem'),
    clientKey: path('client.key'),
    foreignCert: path('foreign.pem'),
    foreignKey: path('foreign.key'),
  };
}
