import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { equalityMatcher } from '../../server/src/alerting/alertmanager-routes.js';
import { AlertmanagerConfigWriter } from '../../server/src/alerting/alertmanager-writer.js';
import { ALERT_LABELS, receiverName } from '../../server/src/conventions/slo.js';
import type { Contacts, TeamEntity } from '@steward/contract/model/team';
import { startAlertmanager, type RunningAlertmanager } from '../harness/alertmanager.js';
import { freePort } from '../harness/ports.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

const run = promisify(execFile);
/** amtool ships with Debian's prometheus-alertmanager. */
const AMTOOL = 'amtool';
const FALLBACK = 'ops-fallback';
/** Outside the registry's name pattern; the generator must still quote it. */
const HOSTILE = 'we"ird,team}\\';

function team(name: string, contacts?: Contacts, parent?: string): TeamEntity {
  return {
    apiVersion: 'steward.dev/v1',
    kind: 'Team',
    metadata: { name },
    spec: { ...(parent ? { parent } : {}), ...(contacts ? { contacts } : {}) },
  };
}

/** Collects what Alertmanager sends to webhook and Slack URLs on loopback. */
interface Capture {
  url: string;
  received: Array<{ path: string; body: any; at: number }>;
  server: Server;
}

async function startCapture(): Promise<Capture> {
  const port = await freePort();
  const received: Capture['received'] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(text), at: Date.now() });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, received, server };
}

let work: TempDir;
let hooks: Capture;
let baseFile: string;
let teams: TeamEntity[];

function writeBase(extraRoutes: object[] = []) {
  const base = {
    global: {
      slack_api_url: `${hooks.url}/slack`,
      smtp_smarthost: '127.0.0.1:1',
      smtp_from: 'alertmanager@example.com',
    },
    route: { receiver: FALLBACK, group_wait: '30s', group_by: ['alertname'], routes: extraRoutes },
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['slo'] },
    ],
    receivers: [{ name: FALLBACK }],
  };
  writeFileSync(baseFile, stringify(base));
}

beforeAll(async () => {
  work = tempDir('alertmanager-routing');
  hooks = await startCapture();
  baseFile = join(work.path, 'base.yml');
  writeBase();
  teams = [
    team('platform', { webhook: `${hooks.url}/platform`, chat: { channel: '#platform' } }),
    team('payments', { webhook: `${hooks.url}/payments`, email: 'payments@example.com' }, 'platform'),
    team('ledger', undefined, 'payments'),
    team('search', { chat: { channel: '#search' } }),
    team('orphan'),
    team(HOSTILE, { webhook: `${hooks.url}/hostile` }),
  ];
});

afterAll(async () => {
  await new Promise((resolve) => hooks?.server.close(resolve));
  work?.remove();
});

async function routesTo(configFile: string, labels: Record<string, string>): Promise<string> {
  const matchers = Object.entries(labels).map(([name, value]) => equalityMatcher(name, value));
  const { stdout } = await run(AMTOOL, ['config', 'routes', 'test', `--config.file=${configFile}`, ...matchers]);
  return stdout.trim();
}

describe('generated config checked by amtool', () => {
  let file: string;

  beforeAll(async () => {
    file = join(work.path, 'checked.yml');
    const result = await new AlertmanagerConfigWriter({ outputFile: file, baseFile }).apply(teams);
    expect(result).toMatchObject({ written: true, reloaded: false });
    expect(result.error).toBeUndefined();
  });

  it('passes amtool check-config', async () => {
    const { stdout } = await run(AMTOOL, ['check-config', file]);
    expect(stdout).toContain('SUCCESS');
    expect(stdout).toContain(`${teams.length + 1} receivers`);
  });

  it('routes each team to its receiver and unknown teams to the fallback', async () => {
    for (const name of ['payments', 'ledger', 'search', 'orphan', 'platform', HOSTILE]) {
      expect(await routesTo(file, { team: name, severity: 'critical' })).toBe(receiverName(name));
      expect(await routesTo(file, { team: name, severity: 'warning' })).toBe(receiverName(name));
    }
    expect(await routesTo(file, { team: 'nobody', severity: 'critical' })).toBe(FALLBACK);
    expect(await routesTo(file, { alertname: 'Watchdog' })).toBe(FALLBACK);
  });

  it('says so when Alertmanager cannot be reached, after writing the file', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const outputFile = join(work.path, 'unreachable.yml');
    const result = await new AlertmanagerConfigWriter({ outputFile, baseFile, alertmanagerUrl: url }).apply(teams);
    expect(result).toMatchObject({ written: true, reloaded: false });
    expect(result.error).toMatch(`cannot reach Alertmanager at ${url}/-/reload: `);
  });

  it('refuses a base config that is also the output file', async () => {
    const result = await new AlertmanagerConfigWriter({ outputFile: baseFile, baseFile }).apply(teams);
    expect(result).toEqual({
      written: false,
      reloaded: false,
      warnings: [],
      error: expect.stringContaining('cannot also be the output file'),
    });
  });
});

describe('a live Alertmanager fed by the writer', () => {
  let alertmanager: RunningAlertmanager;
  let writer: AlertmanagerConfigWriter;

  beforeAll(async () => {
    alertmanager = await startAlertmanager();
    writer = new AlertmanagerConfigWriter({
      outputFile: alertmanager.configFile,
      baseFile,
      alertmanagerUrl: alertmanager.url,
    });
  });

  afterAll(async () => {
    await alertmanager?.stop();
  });

  async function postAlerts(alerts: Array<Record<string, string>>) {
    const body = alerts.map((labels) => ({ labels: { alertname: 'SLOErrorBudgetBurn', ...labels } }));
    const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  }

  /** Receiver names by the `slo` label of each alert, once all `slos` are grouped. */
  async function receiversBySlo(slos: string[]): Promise<Record<string, string>> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const groups: any[] = await (await fetch(`${alertmanager.url}/api/v2/alerts/groups`)).json();
      const found: Record<string, string> = {};
      for (const group of groups) {
        for (const alert of group.alerts) {
          found[alert.labels[ALERT_LABELS.slo]] = group.receiver.name;
        }
      }
      if (slos.every((slo) => slo in found) || Date.now() > deadline) {
        return Object.fromEntries(slos.map((slo) => [slo, found[slo] ?? 'not grouped']));
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function loadedConfig(): Promise<string> {
    return (await (await fetch(`${alertmanager.url}/api/v2/status`)).json()).config.original;
  }

  it('groups each alert under the owning team’s receiver and pages critical ones first', async () => {
    const result = await writer.apply(teams);
    expect(result).toMatchObject({ written: true, reloaded: true });
    expect(result.error).toBeUndefined();
    expect(result.warnings).toContainEqual({
      team: 'ledger',
      message: "has no usable contacts; uses parent payments's contacts",
    });

    const posted = Date.now();
    await postAlerts([
      { team: 'payments', severity: 'critical', slo: 'payments-critical' },
      { team: 'payments', severity: 'warning', slo: 'payments-warning' },
      { team: 'ledger', severity: 'warning', slo: 'ledger-warning' },
      { team: 'search', severity: 'critical', slo: 'search-critical' },
      { team: HOSTILE, severity: 'warning', slo: 'hostile-warning' },
      { team: 'nobody', severity: 'critical', slo: 'unowned' },
    ]);
    expect(
      await receiversBySlo([
        'payments-critical',
        'payments-warning',
        'ledger-warning',
        'search-critical',
        'hostile-warning',
        'unowned',
      ])
    ).toEqual({
      'payments-critical': receiverName('payments'),
      'payments-warning': receiverName('payments'),
      'ledger-warning': receiverName('ledger'),
      'search-critical': receiverName('search'),
      'hostile-warning': receiverName(HOSTILE),
      unowned: FALLBACK,
    });

    // Critical groups wait 10s; everything else the base config's 30s.
    const deadline = posted + 25_000;
    while (!['/payments', '/slack'].every((p) => hooks.received.some((r) => r.path === p)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const payments = hooks.received.filter((r) => r.path === '/payments');
    expect(payments.flatMap((r) => r.body.alerts.map((a: any) => a.labels.slo))).toEqual(['payments-critical']);
    expect(payments[0]!.at - posted).toBeGreaterThanOrEqual(9_000);
    expect(hooks.received.find((r) => r.path === '/slack')?.body.channel).toBe('#search');
  });

  it('reloads Alertmanager when the teams change, and only then', async () => {
    const changed = [
      ...teams.filter((t) => t.metadata.name !== 'search'),
      team('growth', { webhook: `${hooks.url}/growth` }),
    ];
    expect(await writer.apply(changed)).toMatchObject({ written: true, reloaded: true });
    const loaded = await loadedConfig();
    expect(loaded).toContain(receiverName('growth'));
    expect(loaded).not.toContain(receiverName('search'));

    await postAlerts([{ team: 'growth', severity: 'warning', slo: 'growth-warning' }]);
    expect(await receiversBySlo(['growth-warning'])).toEqual({ 'growth-warning': receiverName('growth') });

    const before = statSync(alertmanager.configFile).mtimeMs;
    expect(await writer.apply(changed)).toEqual({ written: false, reloaded: false, warnings: expect.any(Array) });
    expect(statSync(alertmanager.configFile).mtimeMs).toBe(before);
  });

  it('reports the message of an Alertmanager that rejects the config, and keeps serving the old one', async () => {
    const loaded = await loadedConfig();
    writeBase([{ receiver: 'no-such-receiver', matchers: ['env="staging"'] }]);
    const rejected = /^Alertmanager rejected the reload \(HTTP 500\): .*undefined receiver "no-such-receiver"/;
    try {
      const result = await writer.apply(teams);
      expect(result).toMatchObject({ written: true, reloaded: false, error: expect.stringMatching(rejected) });
      expect(await loadedConfig()).toBe(loaded);
      // Nothing changed since, but the failed reload is retried rather than forgotten.
      expect(await writer.apply(teams)).toMatchObject({
        written: false,
        reloaded: false,
        error: expect.stringMatching(rejected),
      });
    } finally {
      writeBase();
    }
    expect(await writer.apply(teams)).toEqual({ written: true, reloaded: true, warnings: expect.any(Array) });
  });

  it('names the file and line of a broken base config and leaves the output untouched', async () => {
    const output = readFileSync(alertmanager.configFile, 'utf8');
    const mtime = statSync(alertmanager.configFile).mtimeMs;
    writeFileSync(baseFile, 'route:\n  receiver: ops-fallback\n  receiver: ops-other\nreceivers: []\n');
    try {
      const result = await writer.apply(teams);
      expect(result).toMatchObject({ written: false, reloaded: false, warnings: [] });
      expect(result.error).toBe(`${baseFile}:3:3: Map keys must be unique`);
      writeFileSync(baseFile, 'route:\n  receiver: ops-fallback\n  routes: {}\n');
      expect((await writer.apply(teams)).error).toBe(`${baseFile}:3:11: route.routes: must be a list`);
    } finally {
      writeBase();
    }
    expect(readFileSync(alertmanager.configFile, 'utf8')).toBe(output);
    expect(statSync(alertmanager.configFile).mtimeMs).toBe(mtime);
  });
});
