import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCertificates } from '../backends/testing/certificates.js';
import { InvalidInputError } from '../validation/issue.js';
import { loadConfig } from './load-config.js';

const SECRET = 'a-secret-of-sixteen+';
const dir = mkdtempSync(join(tmpdir(), 'load-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return error.message.split('\n');
    }
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('fills defaults around the required secret', () => {
    const config = loadConfig({ STEWARD_GRAFANA_SECRET: SECRET });
    expect(config).toEqual({
      listen: { host: '127.0.0.1', port: 8080 },
      database: { url: 'sqlite:data/steward.db' },
      prometheus: { url: 'http://127.0.0.1:9090', timeoutMs: 10000, auth: {}, tls: { insecureSkipVerify: false } },
      auth: { grafanaSecret: SECRET, grafanaOrgId: 1, trustUserHeader: false, ciTokens: [] },
      log: { level: 'info' },
      catalog: { maxFileBytes: 8388608, pollSeconds: 30 },
      telemetry: { identifierLabels: ['service'] },
      slo: {
        rulerNamespace: 'steward',
        backfill: true,
        statusCacheSeconds: 30,
        queryTimeoutMs: 120000,
        statusDeadlineMs: 20000,
      },
      alertmanager: { auth: {}, tls: { insecureSkipVerify: false } },
      shutdownTimeoutMs: 10000,
    });
  });

  it('says which variable to set when the secret is missing', () => {
    expect(issuesOf(() => loadConfig({}))).toEqual([
      'configuration: auth.grafanaSecret: is required (set STEWARD_GRAFANA_SECRET)',
    ]);
  });

  it('lets variables win over the file and converts their types', () => {
    const file = 'listen:\n  port: 9000\nprometheus:\n  url: http://prom:9090\n';
    const config = loadConfig(
      {
        STEWARD_CONFIG: 'steward.yaml',
        STEWARD_PORT: '9100',
        STEWARD_TRUST_USER_HEADER: 'true',
        STEWARD_GRAFANA_SECRET: SECRET,
      },
      () => file
    );
    expect(config.listen.port).toBe(9100);
    expect(config.prometheus.url).toBe('http://prom:9090');
    expect(config.auth.trustUserHeader).toBe(true);
  });

  it('names file, line and field for every bad value in the file, all at once', () => {
    const file = [
      'listen:',
      '  port: 70000',
      'prometheus:',
      '  url: prom:9090',
      '  timeoutMs: 10',
      'log:',
      '  level: loud',
      '  colour: true',
      'auth:',
      `  grafanaSecret: "${SECRET}"`,
    ].join('\n');
    expect(issuesOf(() => loadConfig({ STEWARD_CONFIG: '/etc/steward.yaml' }, () => file))).toEqual([
      '/etc/steward.yaml:2:9: listen.port: must be <= 65535',
      '/etc/steward.yaml:4:8: prometheus.url: must match pattern "^https?://"',
      '/etc/steward.yaml:5:14: prometheus.timeoutMs: must be >= 100',
      '/etc/steward.yaml:7:10: log.level: must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent"',
      '/etc/steward.yaml:8:11: log.colour: is not a known field',
    ]);
  });

  it('names the variable when a variable is malformed', () => {
    expect(issuesOf(() => loadConfig({ STEWARD_GRAFANA_SECRET: SECRET, STEWARD_PORT: 'eighty' }))).toEqual([
      'STEWARD_PORT: must be an integer, got "eighty"',
    ]);
    expect(issuesOf(() => loadConfig({ STEWARD_GRAFANA_SECRET: 'short' }))).toEqual([
      'STEWARD_GRAFANA_SECRET: must not have fewer than 16 characters',
    ]);
  });

  it('reads backend credentials from files or variables, and refuses ambiguous ones where they are', () => {
    const config = loadConfig({
      STEWARD_GRAFANA_SECRET: SECRET,
      STEWARD_PROMETHEUS_BEARER_TOKEN_FILE: '/run/secrets/prometheus',
      STEWARD_PROMETHEUS_TENANT: 'acme',
      STEWARD_ALERTMANAGER_BASIC_AUTH_USER: 'steward',
      STEWARD_ALERTMANAGER_BASIC_AUTH_PASSWORD_FILE: '/run/secrets/alertmanager',
    });
    expect(config.prometheus.auth).toEqual({ bearerTokenFile: '/run/secrets/prometheus', tenant: 'acme' });
    expect(config.alertmanager.auth).toEqual({
      basicAuth: { username: 'steward', passwordFile: '/run/secrets/alertmanager' },
    });
    const file = [
      'auth:',
      `  grafanaSecret: "${SECRET}"`,
      'prometheus:',
      '  auth:',
      '    bearerTokenFile: /t',
      '    basicAuth:',
      '      username: u',
      '      password: p',
    ].join('\n');
    expect(issuesOf(() => loadConfig({ STEWARD_CONFIG: '/etc/steward.yaml' }, () => file))).toEqual([
      '/etc/steward.yaml:7:7: prometheus.auth.basicAuth: set a bearer token or basicAuth, not both',
    ]);
  });

  it('maps the TLS variables of both backends to their fields, and reads the files at start', () => {
    const certs = makeCertificates(dir);
    const config = loadConfig({
      STEWARD_GRAFANA_SECRET: SECRET,
      STEWARD_PROMETHEUS_TLS_CA_FILE: certs.ca,
      STEWARD_PROMETHEUS_TLS_CERT_FILE: certs.clientCert,
      STEWARD_PROMETHEUS_TLS_KEY_FILE: certs.clientKey,
      STEWARD_PROMETHEUS_TLS_SERVER_NAME: 'prometheus.internal',
      STEWARD_ALERTMANAGER_TLS_CA_FILE: certs.ca,
      STEWARD_ALERTMANAGER_TLS_CERT_FILE: certs.clientCert,
      STEWARD_ALERTMANAGER_TLS_KEY_FILE: certs.clientKey,
      STEWARD_ALERTMANAGER_TLS_SERVER_NAME: 'alertmanager.internal',
      STEWARD_ALERTMANAGER_TLS_INSECURE_SKIP_VERIFY: 'true',
    });
    expect(config.prometheus.tls).toEqual({
      caFile: certs.ca,
      certFile: certs.clientCert,
      keyFile: certs.clientKey,
      serverName: 'prometheus.internal',
      insecureSkipVerify: false,
    });
    expect(config.alertmanager.tls).toEqual({
      caFile: certs.ca,
      certFile: certs.clientCert,
      keyFile: certs.clientKey,
      serverName: 'alertmanager.internal',
      insecureSkipVerify: true,
    });
    expect(
      loadConfig({ STEWARD_GRAFANA_SECRET: SECRET, STEWARD_PROMETHEUS_TLS_INSECURE_SKIP_VERIFY: '1' }).prometheus.tls
    ).toEqual({ insecureSkipVerify: true });
    expect(
      issuesOf(() =>
        loadConfig({ STEWARD_GRAFANA_SECRET: SECRET, STEWARD_ALERTMANAGER_TLS_INSECURE_SKIP_VERIFY: 'yes' })
      )
    ).toEqual(['STEWARD_ALERTMANAGER_TLS_INSECURE_SKIP_VERIFY: must be true or false, got "yes"']);
  });

  it('refuses a client certificate without its key, and unreadable TLS files, naming variable or field and path', () => {
    const certs = makeCertificates(mkdtempSync(join(dir, 'certs-')));
    const missing = join(dir, 'missing-ca.pem');
    expect(
      issuesOf(() =>
        loadConfig({
          STEWARD_GRAFANA_SECRET: SECRET,
          STEWARD_PROMETHEUS_TLS_CERT_FILE: certs.clientCert,
          STEWARD_ALERTMANAGER_TLS_KEY_FILE: certs.clientKey,
          STEWARD_ALERTMANAGER_TLS_CA_FILE: missing,
        })
      )
    ).toEqual([
      'STEWARD_PROMETHEUS_TLS_CERT_FILE: prometheus.tls.certFile: needs keyFile too (the private key of the client certificate)',
      'STEWARD_ALERTMANAGER_TLS_KEY_FILE: alertmanager.tls.keyFile: needs certFile too (the client certificate of this key)',
      `STEWARD_ALERTMANAGER_TLS_CA_FILE: alertmanager.tls.caFile: cannot read ${missing}: ENOENT`,
    ]);
    const file = [
      'auth:',
      `  grafanaSecret: "${SECRET}"`,
      'prometheus:',
      '  url: https://prometheus.internal:9090',
      '  tls:',
      `    caFile: ${certs.ca}`,
      `    keyFile: ${certs.clientKey}`,
    ].join('\n');
    const read = (path: string) => (path === '/etc/steward.yaml' ? file : readFileSync(path, 'utf8'));
    const lines = issuesOf(() => loadConfig({ STEWARD_CONFIG: '/etc/steward.yaml' }, read));
    expect(lines).toEqual([
      '/etc/steward.yaml:7:14: prometheus.tls.keyFile: needs certFile too (the client certificate of this key)',
    ]);
    // A key named where a CA belongs: its path, never a line of it.
    const keyAsCa = issuesOf(() =>
      loadConfig({ STEWARD_GRAFANA_SECRET: SECRET, STEWARD_PROMETHEUS_TLS_CA_FILE: certs.clientKey })
    );
    expect(keyAsCa).toEqual([
      `STEWARD_PROMETHEUS_TLS_CA_FILE: prometheus.tls.caFile: ${certs.clientKey} holds no PEM certificate`,
    ]);
    const keyLines = readFileSync(certs.clientKey, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'));
    for (const line of keyLines) {
      expect(keyAsCa.join('\n')).not.toContain(line);
    }
  });

  it('reports YAML syntax errors with their line', () => {
    const lines = issuesOf(() =>
      loadConfig({ STEWARD_CONFIG: 'c.yaml', STEWARD_GRAFANA_SECRET: SECRET }, () => 'listen:\n  port: [1, 2\n')
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^c\.yaml:\d+:\d+: /);
  });

  it('reports an unreadable file by name', () => {
    const lines = issuesOf(() =>
      loadConfig({ STEWARD_CONFIG: '/nope.yaml', STEWARD_GRAFANA_SECRET: SECRET }, () => {
        throw new Error('ENOENT: no such file');
      })
    );
    expect(lines).toEqual(['/nope.yaml: cannot read the file (ENOENT: no such file)']);
  });
});
