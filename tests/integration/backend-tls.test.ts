import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificates, type TestCertificates } from '../../server/src/backends/testing/certificates.js';
import { startAlertmanager, type RunningAlertmanager } from '../harness/alertmanager.js';
import { writeTeamCatalog } from '../harness/catalog-files.js';
import { eventually } from '../harness/eventually.js';
import { startTlsGate, type RunningGate } from '../harness/nginx.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { postAsAdmin, startSteward, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';
import { availabilitySlo } from '../harness/slo-definitions.js';

/**
 * Backends behind a gateway that speaks TLS with a private CA and demands a client certificate
 * that CA signed: Debian's nginx (ssl_verify_client on) in front of a real Prometheus and a real
 * Alertmanager, with a throwaway CA, server and client certificates made by Debian's openssl.
 * With the CA and the client certificate, Steward is ready, delivers rules (reloads through the
 * gate) and routes (Alertmanager reloads through the gate). Without the CA, with no client
 * certificate, with a certificate the CA never signed, or with a server name the certificate does
 * not hold, /readyz says what failed and what to set. A missing file stops the server at start.
 * The keys never reach a log or an answer.
 */
const SLO = 'shop-availability';

let certs: TestCertificates;
let certDir: TempDir;
let rules: TempDir;
let catalog: TempDir;
let prometheus: RunningPrometheus;
let alertmanager: RunningAlertmanager;
let gate: RunningGate;
let alertGate: RunningGate;
let trusted: RunningSteward;
let noCa: RunningSteward;
let noClientCert: RunningSteward;
let foreignCert: RunningSteward;
let wrongName: RunningSteward;

beforeAll(async () => {
  certDir = tempDir('tls-certs');
  rules = tempDir('tls-rules');
  catalog = tempDir('tls-catalog');
  certs = makeCertificates(certDir.path, ['localhost', '127.0.0.1', 'prometheus.test']);
  writeTeamCatalog(catalog.path, 'shop-team', ['shop']);
  [prometheus, alertmanager] = await Promise.all([startPrometheus({ rulesDir: rules.path }), startAlertmanager()]);
  const serving = { certFile: certs.serverCert, keyFile: certs.serverKey, clientCaFile: certs.ca };
  [gate, alertGate] = await Promise.all([
    startTlsGate(prometheus.url, serving),
    startTlsGate(alertmanager.url, serving),
  ]);
  const common = {
    STEWARD_CATALOG_DIR: catalog.path,
    STEWARD_BACKFILL: 'false',
    STEWARD_STATUS_CACHE_SECONDS: '0',
    STEWARD_LOG_LEVEL: 'debug',
  };
  const mutual = (backend: 'PROMETHEUS' | 'ALERTMANAGER') => ({
    [`STEWARD_${backend}_TLS_CA_FILE`]: certs.ca,
    [`STEWARD_${backend}_TLS_CERT_FILE`]: certs.clientCert,
    [`STEWARD_${backend}_TLS_KEY_FILE`]: certs.clientKey,
  });
  [trusted, noCa, noClientCert, foreignCert, wrongName] = await Promise.all([
    startSteward({
      prometheusUrl: gate.url,
      env: {
        ...common,
        ...mutual('PROMETHEUS'),
        ...mutual('ALERTMANAGER'),
        STEWARD_RULES_DIR: rules.path,
        // The engine's own fetch (create-engine.ts), not the query client's, sends this one.
        STEWARD_PROMETHEUS_RELOAD_URL: `${gate.url}/-/reload`,
        STEWARD_ALERTMANAGER_CONFIG_FILE: alertmanager.configFile,
        STEWARD_ALERTMANAGER_URL: alertGate.url,
      },
    }),
    startSteward({
      prometheusUrl: gate.url,
      env: {
        ...common,
        STEWARD_PROMETHEUS_TLS_CERT_FILE: certs.clientCert,
        STEWARD_PROMETHEUS_TLS_KEY_FILE: certs.clientKey,
        STEWARD_ALERTMANAGER_TLS_CERT_FILE: certs.clientCert,
        STEWARD_ALERTMANAGER_TLS_KEY_FILE: certs.clientKey,
        STEWARD_ALERTMANAGER_CONFIG_FILE: join(certDir.path, 'untrusted-alertmanager.yml'),
        STEWARD_ALERTMANAGER_URL: alertGate.url,
      },
    }),
    startSteward({ prometheusUrl: gate.url, env: { ...common, STEWARD_PROMETHEUS_TLS_CA_FILE: certs.ca } }),
    startSteward({
      prometheusUrl: gate.url,
      env: {
        ...common,
        STEWARD_PROMETHEUS_TLS_CA_FILE: certs.ca,
        STEWARD_PROMETHEUS_TLS_CERT_FILE: certs.foreignCert,
        STEWARD_PROMETHEUS_TLS_KEY_FILE: certs.foreignKey,
      },
    }),
    startSteward({
      prometheusUrl: gate.url,
      env: { ...common, ...mutual('PROMETHEUS'), STEWARD_PROMETHEUS_TLS_SERVER_NAME: 'wrong.test' },
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([trusted, noCa, noClientCert, foreignCert, wrongName].map((s) => s?.stop()));
  await Promise.all([gate?.stop(), alertGate?.stop()]);
  await Promise.all([prometheus?.stop(), alertmanager?.stop()]);
  for (const dir of [certDir, rules, catalog]) {
    dir?.remove();
  }
});

async function readyz(server: RunningSteward) {
  const response = await fetch(`${server.url}/readyz`);
  const text = await response.text();
  return {
    status: response.status,
    text,
    prometheus: (JSON.parse(text) as { checks: { prometheus: { ok: boolean; error?: string } } }).checks.prometheus,
  };
}

/** The body lines of every private key made for the test: none may show anywhere. */
function keyLines(): string[] {
  return [certs.clientKey, certs.foreignKey, certs.serverKey].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0 && !line.startsWith('-----'))
  );
}

describe('backends behind a gateway that demands TLS with a private CA and a client certificate', () => {
  it('is ready with the CA and the client certificate', async () => {
    const ready = await readyz(trusted);
    expect(ready.prometheus).toEqual({ ok: true });
    expect(ready.status).toBe(200);
  });

  it('delivers rules and reloads Prometheus, and routes and reloads Alertmanager, through the gates', async () => {
    const created = await postAsAdmin(trusted, '/api/v1/slos', availabilitySlo({ name: SLO, service: 'shop' }));
    expect(created.status, await created.clone().text()).toBe(201);
    const sync = await eventually(
      'a sync that delivered the SLO',
      async () => {
        const engine = (await (await trusted.api('/api/v1/slo-engine')).json()) as {
          sync: {
            slos: number;
            rules?: { error?: string };
            alertmanager?: { written: boolean; reloaded: boolean; error?: string };
          } | null;
        };
        return engine.sync && engine.sync.slos > 0 ? engine.sync : undefined;
      },
      { timeoutMs: 60_000 }
    );
    expect(sync.rules?.error).toBeUndefined();
    // The routes were written and reloaded by the first sync, at start; this one found them current.
    expect(sync.alertmanager?.error).toBeUndefined();
    // Read behind the gates' backs: Prometheus loaded the rules, Alertmanager the team's route.
    await eventually(
      'Prometheus to load the SLO rules after the reload through the gate',
      async () => {
        const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
          data: { groups: Array<{ name: string }> };
        };
        return body.data.groups.some((g) => g.name === `steward-slo:${SLO}:fine`) ? true : undefined;
      },
      { timeoutMs: 60_000 }
    );
    // Alertmanager knows the team's route only from a reload: Steward's, through the gate.
    const status = (await (await fetch(`${alertmanager.url}/api/v2/status`)).json()) as {
      config: { original: string };
    };
    expect(status.config.original).toContain('team="shop-team"');
  });

  it('without the CA, says the certificate’s authority is unknown and to set prometheus.tls.caFile', async () => {
    const ready = await readyz(noCa);
    expect(ready.status).toBe(503);
    expect(ready.prometheus.error).toMatch(
      new RegExp(
        `^cannot reach Prometheus at ${gate.url.replace(/\./g, '\\.')}: TLS: the server's certificate is signed by an unknown authority \\([A-Z_]+\\): set prometheus\\.tls\\.caFile to the CA that signed it$`
      )
    );
    // Alertmanager's reload says the same, through its own fetch.
    const applied = await eventually('a sync that applied the routes', async () => {
      const engine = (await (await noCa.api('/api/v1/slo-engine')).json()) as {
        sync: { alertmanager?: { reloaded: boolean; error?: string } } | null;
      };
      return engine.sync?.alertmanager;
    });
    expect(applied.reloaded).toBe(false);
    expect(applied.error).toMatch(
      new RegExp(
        `^cannot reach Alertmanager at ${alertGate.url.replace(/\./g, '\\.')}/-/reload: TLS: the server's certificate is signed by an unknown authority \\([A-Z_]+\\): set alertmanager\\.tls\\.caFile`
      )
    );
  });

  it('without a client certificate, or with one the CA never signed, says the gateway refused it', async () => {
    for (const [server, said] of [
      [noClientCert, 'No required SSL certificate was sent'],
      [foreignCert, 'The SSL certificate error'],
    ] as const) {
      const ready = await readyz(server);
      expect(ready.status).toBe(503);
      expect(ready.prometheus.error).toBe(
        `${gate.url} refused Steward's client certificate (HTTP 400: ${said}): set prometheus.tls.certFile and prometheus.tls.keyFile to a certificate the server trusts`
      );
    }
  });

  it('with a server name the certificate does not hold, says so and names prometheus.tls.serverName', async () => {
    const ready = await readyz(wrongName);
    expect(ready.status).toBe(503);
    expect(ready.prometheus.error).toContain(
      `cannot reach Prometheus at ${gate.url}: TLS: the server's certificate is not for this name (Host: wrong.test. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1, DNS:prometheus.test): set prometheus.tls.serverName`
    );
  });

  it('stops at start when a TLS file cannot be read, naming the variable and the path', async () => {
    const missing = join(certDir.path, 'no-such-ca.pem');
    await expect(
      startSteward({
        prometheusUrl: gate.url,
        databaseUrl: 'sqlite::memory:',
        env: { STEWARD_PROMETHEUS_TLS_CA_FILE: missing, STEWARD_PROMETHEUS_TLS_KEY_FILE: certs.clientKey },
      })
    ).rejects.toThrow(
      [
        'steward-server: invalid configuration',
        'STEWARD_PROMETHEUS_TLS_KEY_FILE: prometheus.tls.keyFile: needs certFile too (the client certificate of this key)',
        `STEWARD_PROMETHEUS_TLS_CA_FILE: prometheus.tls.caFile: cannot read ${missing}: ENOENT`,
      ].join('\n')
    );
  });

  it('never writes a key to its log or an answer', async () => {
    const seen = [
      ...[trusted, noCa, noClientCert, foreignCert, wrongName].map((s) => s.process.output()),
      ...(await Promise.all(
        [trusted, noCa, noClientCert, foreignCert, wrongName].map(async (s) => (await readyz(s)).text)
      )),
    ].join('\n');
    for (const line of keyLines()) {
      expect(seen).not.toContain(line);
    }
    // The logs are there, at debug level: the check reads something.
    expect(trusted.process.output()).toContain('steward-server listening');
  });
});
