import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineOf, ratioSlo, service, team, writeDocs } from '../harness/catalog-docs.js';
import { eventually } from '../harness/eventually.js';
import { groupsLoadedByFreshPrometheus } from '../harness/fresh-prometheus.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

/**
 * A regex Go's RE2 refuses (`code=~"5(0"`) used to be accepted everywhere; the rule file that
 * held it (with a valid SLO's rules) then failed to load, and Prometheus refused every reload,
 * or would not start at all. Now it is refused where it enters, with where it is.
 */
let catalog: TempDir;
let rules: TempDir;
let prometheus: RunningPrometheus;
let steward: RunningSteward;
let brokenFile: string;
let backstageFile: string;
let slothFile: string;

const BAD = 'http_requests_total{service="shop",code=~"5(0"}';

beforeAll(async () => {
  catalog = tempDir('regex-catalog');
  rules = tempDir('regex-rules');
  writeDocs(catalog.path, 'teams.yaml', [team('web', ['alice'])]);
  writeDocs(catalog.path, 'services.yaml', [service('shop', 'web')]);
  writeDocs(catalog.path, 'slos/good.yaml', [ratioSlo('shop-availability', 'shop'), ratioSlo('shop-errors', 'shop')]);
  // The bad SLO shares its file with a good one, which must still load.
  brokenFile = writeDocs(catalog.path, 'slos/broken.yaml', [
    ratioSlo('shop-checkout', 'shop'),
    ratioSlo('shop-typo', 'shop', {}, BAD),
  ]);
  backstageFile = writeDocs(catalog.path, 'backstage/catalog-info.yaml', [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'search', annotations: { 'steward.dev/telemetry': 'job=~"search(-api"' } },
      spec: { type: 'service', lifecycle: 'production', owner: 'group:web' },
    },
  ]);
  slothFile = writeDocs(catalog.path, 'sloth/shop.yml', [
    {
      version: 'prometheus/v1',
      service: 'shop',
      slos: [
        {
          name: 'sloth-typo',
          objective: 99.9,
          sli: {
            events: {
              error_query: 'sum(rate(http_requests_total{service="shop",code=~"(?<c>5..)"}[{{.window}}]))',
              total_query: 'sum(rate(http_requests_total{service="shop"}[{{.window}}]))',
            },
          },
          alerting: { name: 'ShopSloth' },
        },
      ],
    },
  ]);
  prometheus = await startPrometheus({ rulesDir: rules.path });
  steward = await startSteward({
    prometheusUrl: prometheus.url,
    env: { STEWARD_CATALOG_DIR: catalog.path, STEWARD_RULES_DIR: rules.path, STEWARD_BACKFILL: 'false' },
  });
});

afterAll(async () => {
  await steward?.stop();
  await prometheus?.stop();
  catalog?.remove();
  rules?.remove();
});

const json = async (path: string, init?: Parameters<RunningSteward['api']>[1]) => {
  const response = await steward.api(path, init);
  return { status: response.status, body: await response.json() };
};

describe('an invalid regex', () => {
  it('is refused from an Editor through the API, with the field and its position', async () => {
    const created = await json('/api/v1/slos', {
      method: 'POST',
      user: 'alice',
      routeRole: 'Editor',
      json: ratioSlo('shop-from-api', 'shop', {}, BAD),
    });
    expect(created.status).toBe(400);
    expect(created.body.error.details).toEqual([
      {
        field: 'spec.sli.ratio.bad',
        message: `has an invalid regular expression in code=~"5(0": missing closing ): \`5(0\` (column ${BAD.indexOf('5(0') + 1})`,
      },
    ]);
    expect((await json('/api/v1/slos/shop-from-api')).status).toBe(404);
  });

  it('in a catalog file is reported with file, line and field, and only its entry is skipped', async () => {
    const status = await json('/api/v1/catalog/status?limit=100');
    const located = status.body.issues.map((i: any) => [i.source, i.line, i.field, i.severity]);
    expect(located).toEqual(
      expect.arrayContaining([
        [
          'slos/broken.yaml',
          lineOf(brokenFile, 'bad:', lineOf(brokenFile, 'shop-typo')),
          'spec.sli.ratio.bad',
          'error',
        ],
        [
          'backstage/catalog-info.yaml',
          lineOf(backstageFile, 'steward.dev/telemetry'),
          'metadata.annotations.steward.dev/telemetry',
          'error',
        ],
        ['sloth/shop.yml', lineOf(slothFile, 'error_query:'), 'slos[0].sli.events.error_query', 'error'],
      ])
    );
    expect(status.body.issues.find((i: any) => i.source === 'slos/broken.yaml').message).toContain(
      'invalid regular expression in code=~"5(0"'
    );
    expect((await json('/api/v1/slos/shop-typo')).status).toBe(404);
    expect((await json('/api/v1/slos/shop-sloth-typo')).status).toBe(404);
    expect((await json('/api/v1/services/search')).status).toBe(404);
    for (const name of ['shop-availability', 'shop-errors', 'shop-checkout']) {
      expect((await json(`/api/v1/slos/${name}`)).status).toBe(200);
    }
  });

  it('never reaches the rules folder: a Prometheus started fresh on it loads every other SLO’s rules', async () => {
    const good = ['shop-availability', 'shop-errors', 'shop-checkout'];
    await eventually('the rule files of every good SLO', async () => {
      const files = readdirSync(rules.path);
      return good.every((name) => files.includes(`steward-slo-${name}.yml`)) ? true : undefined;
    });
    const loaded = await groupsLoadedByFreshPrometheus(rules.path);
    expect(Object.fromEntries(loaded)).toEqual(
      Object.fromEntries(
        good.map((name) => [`steward-slo-${name}.yml`, [`steward-slo:${name}:coarse`, `steward-slo:${name}:fine`]])
      )
    );
  });
});
