import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratioSlo, service, team, writeDocs } from '../harness/catalog-docs.js';
import { eventually } from '../harness/eventually.js';
import { groupsLoadedByFreshPrometheus } from '../harness/fresh-prometheus.js';
import { hostileCatalog, type HostileCase } from '../harness/hostile-catalog.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward, type ApiInit, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

/**
 * Steward's own hostile-input suite: a seeded draw of bad catalog files and API bodies (see
 * tests/harness/hostile-catalog.ts). Each must end in a located error, with every other entry
 * still loaded, and every rule file still loadable by a freshly started Prometheus.
 */
const SEED = 11;
const CASES = 120;

let work: TempDir;
let prometheus: RunningPrometheus;
let steward: RunningSteward;
let cases: HostileCase[];
const editor: ApiInit = { user: 'olga', routeRole: 'Editor' };
const rules = () => join(work.path, 'rules');

beforeAll(async () => {
  work = tempDir('hostile');
  const catalog = join(work.path, 'catalog');
  writeDocs(catalog, 'baseline.yaml', [
    team('orders', ['olga']),
    team('mallory', ['mal']),
    service('orders-api', 'orders', { telemetry: ['service="orders-api"'] }),
    ratioSlo('orders-availability', 'orders-api'),
  ]);
  prometheus = await startPrometheus({ rulesDir: rules() });
  steward = await startSteward({
    prometheusUrl: prometheus.url,
    env: { STEWARD_CATALOG_DIR: catalog, STEWARD_RULES_DIR: rules(), STEWARD_BACKFILL: 'false' },
  });
  // The hostile files arrive in a running catalog, as they would through a merge.
  cases = hostileCatalog(SEED, CASES, 'orders', 'orders-api');
  for (const c of cases) {
    mkdirSync(dirname(join(catalog, c.path)), { recursive: true });
    writeFileSync(join(catalog, c.path), c.bytes);
  }
  const reload = await steward.api('/api/v1/catalog/reload', { method: 'POST', user: 'root', routeRole: 'Admin' });
  expect(reload.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await steward?.stop();
  await prometheus?.stop();
  work?.remove();
});

async function json(path: string, init?: ApiInit) {
  const response = await steward.api(path, init);
  return { status: response.status, body: await response.json() };
}

async function allIssues() {
  const issues: Array<{ severity: string; source: string; line?: number; field: string; message: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await json(`/api/v1/catalog/status?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    issues.push(...page.body.issues);
    cursor = page.body.nextCursor;
  } while (cursor);
  return issues;
}

describe(`hostile catalog files (seed ${SEED})`, () => {
  it('draws every kind of case', () => {
    expect(cases).toHaveLength(CASES);
    expect(cases.filter((c) => c.verdict === 'loaded').length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.path)).size).toBe(CASES);
  });

  it('ends each refused file in an error located in that file, and leaves its entry out', async () => {
    const issues = await allIssues();
    const unlocated = cases
      .filter((c) => c.verdict === 'refused')
      .filter((c) => !issues.some((i) => i.severity === 'error' && i.source === c.path && (i.line ?? 0) >= 1))
      .map((c) => `${c.path}: ${new TextDecoder().decode(c.bytes).slice(0, 200)}`);
    expect(unlocated).toEqual([]);
    for (const c of cases.filter((x) => x.verdict === 'refused' && x.entry)) {
      const path = c.entry!.kind === 'SLO' ? 'slos' : 'services';
      // 404, or 400 for a name no entry could have (longer than any name).
      const found = await steward.api(`/api/v1/${path}/${encodeURIComponent(c.entry!.name)}`);
      expect([c.path, [400, 404].includes(found.status)]).toEqual([c.path, true]);
    }
  });

  it('keeps every other entry loaded: the baseline as it was, the strange but valid ones', async () => {
    const baseline = await json('/api/v1/services/orders-api');
    expect(baseline.body.entity.spec.owner).toBe('orders');
    expect(baseline.body.origin.path).toBe('baseline.yaml');
    expect((await json('/api/v1/slos/orders-availability')).status).toBe(200);
    for (const c of cases.filter((x) => x.verdict === 'loaded')) {
      expect([c.path, (await json(`/api/v1/slos/${c.entry!.name}`)).status]).toEqual([c.path, 200]);
    }
  });

  it('answers each hostile API body with a 4xx naming what is wrong, and creates the valid ones', async () => {
    const bodies = cases.filter((c) => c.body);
    for (const c of bodies) {
      const { kind, value } = c.body!;
      const renamed = { ...value, metadata: { ...value.metadata, name: `${value.metadata.name}-api` } };
      const answer = await json(kind === 'SLO' ? '/api/v1/slos' : '/api/v1/services', {
        method: 'POST',
        json: renamed,
        ...editor,
      });
      if (c.verdict === 'loaded') {
        expect([c.path, answer.status]).toEqual([c.path, 201]);
      } else {
        expect([c.path, answer.status >= 400 && answer.status < 500]).toEqual([c.path, true]);
        expect(answer.body.error.message.length).toBeGreaterThan(0);
      }
    }
  });

  it('refuses text JSON can carry but UTF-8 cannot (half a surrogate pair), at its field', async () => {
    const body = JSON.stringify(ratioSlo('orders-surrogate', 'orders-api')).replace(
      '"name":"orders-surrogate"',
      '"name":"orders-surrogate","title":"half \\ud800 pair"'
    );
    const response = await steward.api('/api/v1/slos', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      ...editor,
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.details).toEqual([
      { field: 'metadata.title', message: 'is not valid Unicode (it holds half of a surrogate pair)' },
    ]);
  });

  it('leaves a rules folder a freshly started Prometheus loads whole: every SLO’s groups, nothing else', async () => {
    const slos: string[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await json(`/api/v1/slos?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      slos.push(...page.body.items.map((i: { entity: { metadata: { name: string } } }) => i.entity.metadata.name));
      cursor = page.body.nextCursor;
    }
    const expected = slos.map((name) => `steward-slo-${name}.yml`).sort();
    await eventually('every SLO’s rule file', async () => {
      const files = readdirSync(rules())
        .filter((f) => f.endsWith('.yml'))
        .sort();
      return JSON.stringify(files) === JSON.stringify(expected) ? files : undefined;
    });
    const loaded = await groupsLoadedByFreshPrometheus(rules());
    expect([...loaded.keys()].sort()).toEqual(expected);
    for (const name of slos) {
      expect(loaded.get(`steward-slo-${name}.yml`)).toContain(`steward-slo:${name}:coarse`);
    }
    const engine = await json('/api/v1/slo-engine');
    expect(engine.body.sync.ruleErrors).toEqual({});
  });
});
