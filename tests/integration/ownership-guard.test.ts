import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratioSlo, service, team, writeDocs } from '../harness/catalog-docs.js';
import { eventually } from '../harness/eventually.js';
import { teamsInRules } from '../harness/rule-files.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward, type ApiInit, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

/**
 * A new file that sorted first and named an existing service used to take it over: owner,
 * alerts and routing moved to the newcomer, and the error was reported on the good, older
 * file. An emptied file deleted its entries at once, so their alerts stopped routing. Now the
 * incumbent stays (across restarts too), the newcomer is reported in its own file, and the
 * entries of an emptied file are kept as orphans until an Admin resolves them.
 */
let work: TempDir;
let prometheus: RunningPrometheus;
let steward: RunningSteward | undefined;
const catalog = () => join(work.path, 'catalog');
const rulesFile = () => join(work.path, 'rules', 'steward-slo-payments-availability.yml');
const admin: ApiInit = { user: 'root', routeRole: 'Admin' };

async function start(): Promise<RunningSteward> {
  steward = await startSteward({
    prometheusUrl: prometheus.url,
    databaseUrl: `sqlite:${join(work.path, 'steward.db')}`,
    env: {
      STEWARD_CATALOG_DIR: catalog(),
      STEWARD_CATALOG_POLL_SECONDS: '1',
      STEWARD_RULES_DIR: join(work.path, 'rules'),
      STEWARD_ALERTMANAGER_CONFIG_FILE: join(work.path, 'alertmanager.yml'),
      STEWARD_BACKFILL: 'false',
    },
  });
  return steward;
}

async function json(path: string, init?: ApiInit) {
  const response = await steward!.api(path, init);
  return { status: response.status, etag: response.headers.get('etag') ?? '', body: await response.json() };
}

const takeover = (owner = 'mallory') => [service('payments-api', owner, { tier: 'tier-1' })];

/** Owner, the team on its SLO's alerts, its team's route, and the ownership series: all still payments'. */
async function expectIncumbent() {
  const stored = await json('/api/v1/services/payments-api');
  expect(stored.body.entity.spec.owner).toBe('payments');
  expect(teamsInRules(readFileSync(rulesFile(), 'utf8'))).toEqual(['payments']);
  expect(readFileSync(join(work.path, 'alertmanager.yml'), 'utf8')).toContain('team="payments"');
  const metrics = await (await fetch(`${steward!.url}/metrics`)).text();
  expect(metrics).toMatch(/steward_service_owner_info\{service="payments-api",team="payments"/);
}

async function issuesIn(file: string) {
  const status = await json('/api/v1/catalog/status?limit=1000');
  return status.body.issues.filter((i: { source: string }) => i.source === file);
}

beforeAll(async () => {
  work = tempDir('ownership-guard');
  writeDocs(catalog(), 'teams.yaml', [
    team('payments', ['pat'], { contacts: { webhook: 'http://127.0.0.1:9/payments' } }),
    team('mallory', ['mal'], { contacts: { webhook: 'http://127.0.0.1:9/mallory' } }),
  ]);
  writeDocs(catalog(), 'services/payments.yaml', [service('payments-api', 'payments')]);
  writeDocs(catalog(), 'slos/payments.yaml', [ratioSlo('payments-availability', 'payments-api')]);
  prometheus = await startPrometheus();
  await start();
  await eventually('the SLO’s rule file', async () => (existsSync(rulesFile()) ? true : undefined));
  await expectIncumbent();
});

afterAll(async () => {
  await steward?.stop();
  await prometheus?.stop();
  work?.remove();
});

describe('a duplicate service in a new file', () => {
  it('sorting first, found on a cold start, leaves the incumbent as it was and is reported in its own file', async () => {
    await steward!.stop();
    writeDocs(catalog(), '0-takeover.yaml', takeover());
    await start();
    await expectIncumbent();
    expect(await issuesIn('0-takeover.yaml')).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 4,
        field: 'metadata.name',
        message: expect.stringContaining(
          'Service "payments-api" is already defined in services/payments.yaml:4 (owner payments), which keeps it; this one is ignored'
        ),
      }),
    ]);
    expect(await issuesIn('services/payments.yaml')).toEqual([]);
  });

  it('added while running, leaves the incumbent as it was and is reported in its own file', async () => {
    writeDocs(catalog(), '00-again.yaml', takeover('mallory'));
    const reported = await eventually('the newcomer to be reported', async () => {
      const issues = await issuesIn('00-again.yaml');
      return issues.length > 0 ? issues : undefined;
    });
    expect(reported[0]).toMatchObject({
      line: 4,
      field: 'metadata.name',
      entity: { kind: 'Service', name: 'payments-api' },
    });
    await expectIncumbent();
    rmSync(join(catalog(), '0-takeover.yaml'));
    rmSync(join(catalog(), '00-again.yaml'));
  });
});

describe('an emptied catalog file', () => {
  it('orphans its entries, which keep routing, flagged in the catalog, health and audit', async () => {
    writeFileSync(join(catalog(), 'services/payments.yaml'), '');
    const orphan = await eventually('the service to be orphaned', async () => {
      const stored = await json('/api/v1/services/payments-api');
      return stored.body.origin?.orphaned ? stored : undefined;
    });
    expect(orphan.body.origin).toMatchObject({
      source: 'file',
      path: 'services/payments.yaml',
      orphaned: { reason: 'its catalog file services/payments.yaml is empty' },
    });
    await expectIncumbent();
    const status = await json('/api/v1/catalog/status?severity=warning');
    expect(status.body.orphans).toBe(1);
    expect(status.body.issues).toContainEqual(
      expect.objectContaining({
        source: 'services/payments.yaml',
        line: 4,
        field: 'metadata.name',
        message: expect.stringContaining('is orphaned since'),
      })
    );
    const health = await json('/api/v1/ownership/health');
    expect(health.body.findings).toContainEqual(
      expect.objectContaining({ rule: 'service-orphaned', name: 'payments-api', team: 'payments', severity: 'high' })
    );
    const audit = await json('/api/v1/audit?name=payments-api');
    expect(audit.body.items[0]).toMatchObject({ action: 'orphan', actor: 'file:services/payments.yaml' });
  });

  it('is resolved by an Admin, who adopts the orphan (an Editor cannot)', async () => {
    const current = await json('/api/v1/services/payments-api');
    const asEditor = await json('/api/v1/services/payments-api/adopt', {
      method: 'POST',
      headers: { 'if-match': current.etag },
      user: 'pat',
      routeRole: 'Editor',
    });
    expect(asEditor.status).toBe(403);
    const adopted = await json('/api/v1/services/payments-api/adopt', {
      method: 'POST',
      headers: { 'if-match': current.etag },
      ...admin,
    });
    expect(adopted.status).toBe(200);
    expect(adopted.body).toMatchObject({ origin: { source: 'api' }, readOnly: false, updatedBy: 'root' });
    expect((await json('/api/v1/catalog/status')).body.orphans).toBe(0);
    await expectIncumbent();
  });
});
