/**
 * bench/slo-engine.ts — the SLO engine at 1,000 SLOs, against per-SLO baselines measured in the same run.
 *
 * Prints, in one run:
 *   1. status of every SLO: Prometheus requests and wall time of GET /api/v1/slo-status?fresh=true
 *      (and of the cached answer) for SLO_COUNT SLOs created through the API on a fleet of services
 *      with backfilled and live traffic, against Pyrra's per-SLO pattern (2 instant queries per SLO
 *      plus one for alerts, one after another) on the same recorded counts, and on raw series for a
 *      sample. Measured twice: (a) right after Steward filled the history (Prometheus holds it as
 *      out-of-order samples in its head) and (b) once Prometheus has compacted it into blocks, which
 *      it does at its next head compaction (about 3 hours after start; the bench brings it forward);
 *   2. a 30-day budget from recorded 5-minute counts, sum(sum_over_time(…[30d])), against
 *      sum(increase(raw[30d])) on DAYS of raw counters scraped every SCRAPE_SECONDS, with both
 *      answers and the written ground truth;
 *   3. rule generation (buildRuleSet) for SLO_COUNT definitions of mixed SLI kinds, the size of the
 *      rule files, and `promtool check rules` on them as a reference.
 *
 * Usage: npm run build:server && npx tsx bench/slo-engine.ts
 *   SLO_COUNT (1000), DAYS (30), SCRAPE_SECONDS (15), FLEET_SCRAPE_SECONDS (300), STATUS_RUNS (5),
 *   OOO_STATUS_RUNS (1), BATCHED_RUNS (3), QUERY_RUNS (15), PER_SLO_SAMPLE (50), RAW_SAMPLE (100),
 *   RULE_RUNS (3), FILL_TIMEOUT_SECONDS (600)
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { SLO_LABELS, SLO_TILE_METRICS } from '../server/src/conventions/slo.js';
import { RemoteWriter } from '../server/src/prometheus/remote-write.js';
import { selector } from '../server/src/promql/escape.js';
import type { SloEntity, SloSpec } from '@steward/contract/model/slo';
import { renderRuleFile } from '../server/src/slo/delivery/rule-file.js';
import { buildRuleSet, type ActiveSlo } from '../server/src/slo/delivery/rule-set.js';
import type { SloDefinition } from '../server/src/slo/engine/slo-directory.js';
import { countingHash } from '../server/src/slo/revision.js';
import { aggregate, eventQueries } from '../server/src/slo/sli-queries.js';
import { hasFineTiles } from '../server/src/slo/rules.js';
import { planRecordedSums, type RecordedSlo, type RecordedSumsPlan } from '../server/src/slo/status/recorded-sums.js';
import { FINE_HISTORY_SECONDS } from '../server/src/slo/tiles.js';
import { BURN_WINDOWS_SECONDS, rangeJustUnder } from '../server/src/slo/windows.js';
import { backfill, type BackfillResult, type SyntheticSeries } from '../tests/harness/backfill.js';
import { directRuleFile } from './direct-rules.js';
import { freePort } from '../tests/harness/ports.js';
import { startPrometheus, type RunningPrometheus } from '../tests/harness/prometheus.js';
import { REPO_ROOT, startSteward, type ApiInit, type RunningSteward } from '../tests/harness/steward.js';
import { tempDir, type TempDir } from '../tests/harness/temp-dir.js';
import { countRatio, timeRatio } from './load-guard.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SLO_COUNT = env('SLO_COUNT', 1000);
const DAYS = env('DAYS', 30);
const SCRAPE_SECONDS = env('SCRAPE_SECONDS', 15);
const FLEET_SCRAPE_SECONDS = env('FLEET_SCRAPE_SECONDS', 300);
const STATUS_RUNS = env('STATUS_RUNS', 5);
const OOO_STATUS_RUNS = env('OOO_STATUS_RUNS', 1);
const BATCHED_RUNS = env('BATCHED_RUNS', 3);
const QUERY_RUNS = env('QUERY_RUNS', 15);
const PER_SLO_SAMPLE = env('PER_SLO_SAMPLE', 50);
const RAW_SAMPLE = env('RAW_SAMPLE', 100);
const RULE_RUNS = env('RULE_RUNS', 3);
const FILL_TIMEOUT_SECONDS = env('FILL_TIMEOUT_SECONDS', 600);
/** Browsers open this many connections per host: what a per-SLO UI gets at best. */
const BROWSER_CONNECTIONS = 6;

const DAY = 86_400;
const STEP = 300;
const ROUTES = ['/r0', '/r1', '/r2'];
const SLOS_PER_SERVICE = 10;
const LEDGER = 'ledger';
const LEDGER_SLO = 'ledger-availability';
const LEDGER_ROUTES = ['/post', '/balance', '/transfer', '/statement'];
const admin: ApiInit = { user: 'root', routeRole: 'Admin' };

const started = performance.now();
const loadAtStart = loadavg()[0]!;
const log = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const times = (a: number, b: number) => timeRatio(a, b);
const int = (x: number) => x.toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------
// Traffic: closed-form counters, so the backfill and the live /metrics endpoint agree exactly.
// ---------------------------------------------------------------------------------------------

interface Route {
  service: string;
  route: string;
  okPerSecond: number;
  errorRatio: number;
  /** Share of requests at or under 0.3 s and 1 s. */
  under: [number, number];
  incident?: { from: number; to: number; errors: number };
}

/** A small deterministic hash, so every run generates the same fleet. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  }
  return h >>> 0;
}

/** Requests answered well and badly up to `t` (cumulative, never decreasing, 0 before `origin`). */
function counts(r: Route, origin: number, t: number): { ok: number; errors: number } {
  const tau = Math.max(0, t - origin);
  // ±40 % around the mean over the day, and never negative.
  const diurnal = ((0.4 * DAY) / (2 * Math.PI)) * (1 - Math.cos((2 * Math.PI * tau) / DAY));
  const ok = Math.floor(r.okPerSecond * (tau + diurnal));
  let extra = 0;
  if (r.incident && t > r.incident.from) {
    extra = (r.incident.errors * (Math.min(t, r.incident.to) - r.incident.from)) / (r.incident.to - r.incident.from);
  }
  return { ok, errors: Math.floor(r.okPerSecond * r.errorRatio * (tau + diurnal) + extra) };
}

function probeAt(service: string, t: number): number {
  return hash(`${service}@${Math.floor(t / STEP)}`) % 400 === 0 ? 0 : 1;
}

interface Fleet {
  services: string[];
  routes: Route[];
  ledger: Route[];
  origin: number;
  end: number;
  labels: Record<string, string>;
}

function makeFleet(services: number, end: number, instance: string): Fleet {
  const names = Array.from({ length: services }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const routes = names.flatMap((service) =>
    ROUTES.map((route) => {
      const h = hash(`${service}${route}`);
      return {
        service,
        route,
        okPerSecond: 2 + (h % 40),
        errorRatio: 0.0002 + ((h >>> 8) % 20) / 10_000,
        under: [0.985 + ((h >>> 16) % 10) / 1000, 0.998] as [number, number],
        ...(h % 7 === 0 ? { incident: { from: end - 3 * DAY, to: end - 3 * DAY + 7200, errors: 20_000 } } : {}),
      };
    })
  );
  const incidentAt = end - Math.min(10, DAYS / 2) * DAY;
  const ledger = LEDGER_ROUTES.map((route, i) => ({
    service: LEDGER,
    route,
    okPerSecond: 20 + 15 * i,
    errorRatio: 0.0004,
    under: [0.99, 0.999] as [number, number],
    // An incident inside the history (counters start at 0, so raw increase() needs no extrapolation).
    ...(i === 2 ? { incident: { from: incidentAt, to: incidentAt + 3 * 3600, errors: 40_000 } } : {}),
  }));
  return {
    services: names,
    routes,
    ledger,
    origin: end - (DAYS + 1) * DAY,
    end,
    labels: { job: 'traffic', instance },
  };
}

/** Every series of the routes: two codes of requests, two histogram buckets and the count. */
function routeSeries(fleet: Fleet, routes: Route[], withHistogram: boolean): SyntheticSeries[] {
  return routes.flatMap((r) => {
    const labels = { ...fleet.labels, service: r.service, route: r.route };
    const at = (t: number) => counts(r, fleet.origin, t);
    const series: SyntheticSeries[] = [
      {
        name: 'http_requests_total',
        type: 'counter',
        labels: { ...labels, code: '200' },
        valueAt: (t) => at(t).ok,
      },
      {
        name: 'http_requests_total',
        type: 'counter',
        labels: { ...labels, code: '500' },
        valueAt: (t) => at(t).errors,
      },
    ];
    if (withHistogram) {
      const total = (t: number) => at(t).ok + at(t).errors;
      series.push(
        ...(['0.3', '1'] as const).map((le, b) => ({
          name: 'http_request_duration_seconds_bucket',
          type: 'gauge' as const, // as the SLO test fixture: a gauge keeps the values as written
          labels: { ...labels, le },
          valueAt: (t: number) => Math.floor(r.under[b]! * total(t)),
        })),
        { name: 'http_request_duration_seconds_count', type: 'gauge', labels, valueAt: total }
      );
    }
    return series;
  });
}

function fleetSeries(fleet: Fleet): SyntheticSeries[] {
  return [
    ...routeSeries(fleet, fleet.routes, true),
    ...fleet.services.map((service) => ({
      name: 'probe_success',
      type: 'gauge' as const,
      labels: { ...fleet.labels, service },
      valueAt: (t: number) => probeAt(service, t),
    })),
  ];
}

/** The same series, live: Prometheus scrapes them so recording rules see traffic after the backfill. */
function metricsServer(series: SyntheticSeries[], port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const now = Date.now() / 1000;
    const lines = series.map((s) => {
      // job and instance come from the scrape target, as they did in the backfill.
      const labels = Object.entries(s.labels)
        .filter(([k]) => k !== 'job' && k !== 'instance')
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      return `${s.name}{${labels}} ${s.valueAt(now)}`;
    });
    response.setHeader('content-type', 'text/plain; version=0.0.4');
    response.end(`${lines.join('\n')}\n`);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------------------------------------
// Catalog and SLOs
// ---------------------------------------------------------------------------------------------

function writeCatalog(dir: string, services: string[]) {
  const teams = Array.from({ length: Math.max(1, Math.ceil(services.length / 5)) }, (_, i) => `team-${i}`);
  const docs = [
    {
      apiVersion: 'steward.dev/v1',
      kind: 'Team',
      metadata: { name: 'platform' },
      spec: { members: [{ login: 'lead' }] },
    },
    ...[...teams, 'team-ledger'].map((name) => ({
      apiVersion: 'steward.dev/v1',
      kind: 'Team',
      metadata: { name },
      spec: { parent: 'platform', members: [{ login: `${name}-lead` }] },
    })),
    ...[...services, LEDGER].map((name, i) => ({
      apiVersion: 'steward.dev/v1',
      kind: 'Service',
      metadata: { name, title: `Service ${name}` },
      spec: {
        owner: name === LEDGER ? 'team-ledger' : teams[Math.floor(i / 5)],
        tier: `tier-${(i % 3) + 1}`,
        runbooks: [{ url: `https://runbooks.example.com/${name}` }],
      },
    })),
  ];
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'catalog.yaml'), docs.map((d) => stringify(d)).join('---\n'));
}

const slo = (name: string, spec: SloSpec): SloEntity => ({
  apiVersion: 'steward.dev/v1',
  kind: 'SLO',
  metadata: { name, title: `SLO ${name}` },
  spec,
});

/** Ten SLOs per service: ratio (bad, good, per route, grouped), freeform, latency, probe; four window kinds. */
function serviceSlo(service: string, template: number): SloEntity {
  const requests = (extra = '') => `http_requests_total{service="${service}"${extra}}`;
  const histogram = (extra = '') => `http_request_duration_seconds{service="${service}"${extra}}`;
  const o = (target: number, window: string) => ({ target, window });
  switch (template) {
    case 0:
      return slo(`${service}-availability`, {
        service,
        sli: { ratio: { bad: requests(',code=~"5.."'), total: requests() } },
        objectives: [o(99.9, '30d')],
        budgetPolicy: { freezeBelow: 0 },
      });
    case 1:
      return slo(`${service}-route-success`, {
        service,
        sli: { ratio: { good: requests(',code!~"5.."'), total: requests() } },
        objectives: [o(99.5, '28d')],
        groupBy: ['route'],
      });
    case 2:
      return slo(`${service}-errors-freeform`, {
        service,
        sli: {
          freeform: {
            bad: `sum(increase(${requests(',code="500"')}[$window]))`,
            total: `sum(increase(${requests()}[$window]))`,
          },
        },
        objectives: [o(99.9, '7d'), { ...o(99, '30d'), displayName: 'monthly' }],
      });
    case 3:
      return slo(`${service}-latency`, {
        service,
        sli: { latency: { histogram: histogram(), threshold: 0.3 } },
        objectives: [o(98, '30d')],
      });
    case 4:
      return slo(`${service}-route-latency`, {
        service,
        sli: { latency: { histogram: histogram(), threshold: 1 } },
        objectives: [o(99.5, 'month')],
        groupBy: ['route'],
      });
    case 5:
    case 6:
    case 7: {
      const route = ROUTES[template - 5]!;
      return slo(`${service}-r${template - 5}-availability`, {
        service,
        sli: { ratio: { bad: requests(`,route="${route}",code=~"5.."`), total: requests(`,route="${route}"`) } },
        objectives: [o(99.9, ['30d', '28d', '7d'][template - 5]!)],
        ...(template === 7 ? { alerting: { minBadEvents: 10 } } : {}),
      });
    }
    case 8:
      return slo(`${service}-r0-latency`, {
        service,
        sli: { latency: { histogram: histogram(',route="/r0"'), threshold: 0.3 } },
        objectives: [o(98, '7d')],
      });
    default:
      return slo(`${service}-probe`, {
        service,
        sli: { probe: { metric: `probe_success{service="${service}"}` } },
        objectives: [o(99, '30d')],
        alerting: { enabled: false },
      });
  }
}

function ledgerSlo(): SloEntity {
  return slo(LEDGER_SLO, {
    service: LEDGER,
    sli: {
      ratio: {
        bad: `http_requests_total{service="${LEDGER}",code=~"5.."}`,
        total: `http_requests_total{service="${LEDGER}"}`,
      },
    },
    // The calendar month makes Steward fill at least 31 days, so the 30 days before the last
    // backfilled sample (a few minutes before the SLO is created) are filled whole.
    objectives: [
      { target: 99.9, window: '30d' },
      { target: 99.5, window: 'month' },
    ],
  });
}

/** SLO_COUNT SLOs: the ledger's, then ten per fleet service. */
function fleetSlos(services: string[]): SloEntity[] {
  const slos = [ledgerSlo()];
  for (let k = 0; slos.length < SLO_COUNT; k++) {
    slos.push(serviceSlo(services[Math.floor(k / SLOS_PER_SERVICE)]!, k % SLOS_PER_SERVICE));
  }
  return slos;
}

// ---------------------------------------------------------------------------------------------
// Prometheus and Steward helpers
// ---------------------------------------------------------------------------------------------

interface QueryAnswer {
  ms: number;
  result: Array<{ metric: Record<string, string>; value: [number, string] }>;
  samples?: number;
}

async function instant(prometheus: RunningPrometheus, query: string, at: number, stats = false): Promise<QueryAnswer> {
  const body = new URLSearchParams({ query, time: String(at), ...(stats ? { stats: 'all' } : {}) });
  const t0 = performance.now();
  const response = await fetch(`${prometheus.url}/api/v1/query`, { method: 'POST', body });
  const json = (await response.json()) as {
    status: string;
    error?: string;
    data: { result: QueryAnswer['result']; stats?: { samples?: { totalQueryableSamples?: number } } };
  };
  const elapsed = performance.now() - t0;
  if (json.status !== 'success') {
    throw new Error(`query failed: ${json.error}\n${query.slice(0, 300)}`);
  }
  return { ms: elapsed, result: json.data.result, samples: json.data.stats?.samples?.totalQueryableSamples };
}

/** Each plugin's module.js with the chunks it loads, as Grafana serves them: raw and gzipped bytes. */
function moduleSizes(): Array<{ name: string; raw: number; gzip: number }> {
  const dist = join(REPO_ROOT, 'dist');
  const plugins = [
    { name: 'app module.js', dir: dist },
    { name: 'datasource module.js', dir: join(dist, 'datasource') },
    { name: 'panel module.js', dir: join(dist, 'panels/slo') },
  ];
  return plugins.map(({ name, dir }) => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    const bytes = files.map((f) => readFileSync(join(dir, f)));
    return {
      name,
      raw: bytes.reduce((n, b) => n + b.length, 0),
      gzip: bytes.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
    };
  });
}

const valueOf = (a: QueryAnswer) => a.result.reduce((s, r) => s + Number(r.value[1]), 0);

/** Runs `jobs` with at most `concurrency` in flight; resolves to the wall time. */
async function pool<T>(jobs: T[], concurrency: number, run: (job: T) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      while (next < jobs.length) {
        await run(jobs[next++]!);
      }
    })
  );
  return performance.now() - t0;
}

async function json<T>(
  steward: RunningSteward,
  path: string,
  init?: ApiInit
): Promise<{ status: number; body: T; ms: number }> {
  const t0 = performance.now();
  const response = await steward.api(path, init);
  const text = await response.text();
  const elapsed = performance.now() - t0;
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, ms: elapsed };
}

interface StatusRow {
  slo: string;
  group: Record<string, string>;
  objective: { index: number; target: number; window: string; windowSeconds: number };
  events?: { bad: number; total: number };
  budgetRemaining: number | null;
  state: string;
  /** Ends before the page's moment for SLOs read from their last rule evaluation. */
  window: { from: number; to: number };
  history: { source: string; revision: string; recordFrom: number; state: string };
}
interface StatusPage {
  computedAt: number;
  rows: StatusRow[];
  prometheusRequests: number;
}
interface RevisionRecord {
  slo: string;
  revision: string;
  recordFrom: number;
  historyState: string;
  liveFrom?: number;
  fineLiveFrom?: number;
  historyError?: string;
}

async function revisions(steward: RunningSteward): Promise<RevisionRecord[]> {
  return (await json<{ revisions: RevisionRecord[] }>(steward, '/api/v1/slo-engine')).body.revisions;
}

/** Prometheus's own count and total time of requests to one handler so far. */
async function handlerStats(
  prometheus: RunningPrometheus,
  handler: string
): Promise<{ count: number; seconds: number }> {
  const text = await (await fetch(`${prometheus.url}/metrics`)).text();
  const read = (suffix: string) =>
    text
      .split('\n')
      .filter(
        (l) => l.startsWith(`prometheus_http_request_duration_seconds_${suffix}{`) && l.includes(`handler="${handler}"`)
      )
      .reduce((s, l) => s + Number(l.split(' ').pop()), 0);
  return { count: read('count'), seconds: read('sum') };
}

// ---------------------------------------------------------------------------------------------
// 3. Rule generation (in process)
// ---------------------------------------------------------------------------------------------

/** SLO_COUNT definitions cycling through every SLI kind, group-by and alerting variant. */
function ruleBenchDefinitions(count: number): ActiveSlo[] {
  const recordFrom = Math.floor(Date.now() / 1000 / STEP) * STEP;
  return Array.from({ length: count }, (_, i) => {
    const service = `svc-${String(Math.floor(i / SLOS_PER_SERVICE)).padStart(3, '0')}`;
    let entity = serviceSlo(service, i % SLOS_PER_SERVICE);
    if (i % 20 === 8) {
      // a native histogram instead of the classic one
      entity = slo(`${service}-native-latency`, {
        service,
        sli: {
          latency: { histogram: `http_request_duration_seconds{service="${service}"}`, threshold: 0.25, native: true },
        },
        objectives: [{ target: 99, window: '4w' }],
        groupBy: ['route', 'method'],
      });
    } else if (i % 20 === 13) {
      entity.spec.alerting = {
        page: { severity: 'page' },
        conditions: [{ name: 'fast', severity: 'critical', burnRate: 20, window: '30m', shortWindow: '5m', for: '2m' }],
        labels: { channel: 'sre' },
        annotations: { dashboard: 'https://grafana.example.com/d/slo' },
      };
    }
    const definition: SloDefinition = {
      slo: entity,
      origin: { source: 'api' },
      counted: countingHash(entity),
      team: `team-${Math.floor(i / 50)}`,
      service: {
        apiVersion: 'steward.dev/v1',
        kind: 'Service',
        metadata: { name: service, title: `Service ${service}` },
        spec: { owner: `team-${Math.floor(i / 50)}` },
      } as SloDefinition['service'],
      runbookUrl: `https://runbooks.example.com/${service}`,
      sloUrl: `https://grafana.example.com/a/steward-ownership-app/slos/${entity.metadata.name}`,
    };
    return { definition, revision: definition.counted, recordFrom };
  });
}

/** Part 3's lines. */
function printRuleGeneration(rules: Awaited<ReturnType<typeof ruleGeneration>>): void {
  const out = (line = '') => console.log(line);
  out(`3. rule generation for ${rules.slos} SLO definitions (${rules.kinds})`);
  out(
    `  buildRuleSet (generate + check every expression with Prometheus's analyser): p50 ${ms(rules.build)} ms (first call ${ms(rules.cold)} ms); YAML rendering ${ms(rules.render)} ms; ${rules.errors} left out${rules.firstError ? ` (e.g. ${rules.firstError})` : ''}`
  );
  out(
    `  ${rules.files} files, ${int(rules.groups)} groups, ${int(rules.rules)} rules (${int(rules.recording)} recording, ${int(rules.alerting)} alerting; ${(rules.rules / rules.slos).toFixed(1)} per SLO), ${(rules.bytes / 1024 / 1024).toFixed(2)} MiB`
  );
  out(
    `  promtool check rules on them (reference): ${ms(rules.promtool)} ms → buildRuleSet takes ${times(rules.build, rules.promtool)} promtool's time`
  );
}

async function ruleGeneration() {
  const active = ruleBenchDefinitions(SLO_COUNT);
  const kinds = new Map<string, number>();
  for (const a of active) {
    const sli = a.definition.slo.spec.sli;
    const kind = sli.latency?.native ? 'latency (native)' : Object.keys(sli)[0]!;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const build: number[] = [];
  // The first call also loads Prometheus's PromQL analyser: timed apart from the warm runs.
  let t0 = performance.now();
  let ruleSet = buildRuleSet(active);
  const cold = performance.now() - t0;
  for (let i = 0; i < RULE_RUNS; i++) {
    t0 = performance.now();
    ruleSet = buildRuleSet(active);
    build.push(performance.now() - t0);
  }
  const render: number[] = [];
  let rendered: Array<[string, string]> = [];
  for (let i = 0; i < RULE_RUNS; i++) {
    t0 = performance.now();
    rendered = [...ruleSet.files].map(([name, groups]) => [name, renderRuleFile(groups, 'Generated by the bench.')]);
    render.push(performance.now() - t0);
  }
  const dir = tempDir('bench-rules');
  try {
    for (const [name, text] of rendered) {
      writeFileSync(join(dir.path, name), text);
    }
    const files = readdirSync(dir.path).map((f) => join(dir.path, f));
    const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
    const groups = [...ruleSet.files.values()].flat();
    const rules = groups.flatMap((g) => g.rules);
    const recording = rules.filter((r) => 'record' in r).length;
    const promtool: number[] = [];
    for (let i = 0; i < 1; i++) {
      t0 = performance.now();
      await promisify(execFile)('promtool', ['check', 'rules', ...files], { maxBuffer: 64 * 1024 * 1024 });
      promtool.push(performance.now() - t0);
    }
    return {
      slos: active.length,
      kinds: [...kinds].map(([k, n]) => `${k} ${n}`).join(', '),
      errors: ruleSet.errors.size,
      firstError: [...ruleSet.errors][0]?.join(': '),
      cold,
      build: pct(build, 50),
      render: pct(render, 50),
      files: files.length,
      groups: groups.length,
      rules: rules.length,
      recording,
      alerting: rules.length - recording,
      bytes,
      promtool: pct(promtool, 50),
    };
  } finally {
    dir.remove();
  }
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

let cleaning: Promise<void> | undefined;
const cleanups: Array<() => Promise<unknown> | void> = [];
/** Stops everything started here, last started first; one pass however often it is called. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      await Promise.resolve(cleanups.pop()!()).catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything`);
    void cleanup().finally(() => process.exit(130));
  });
}

interface Phase {
  /** Fresh status runs: wall time (ms) and Prometheus requests of the last one. */
  fresh: number[];
  requests: number;
  page: StatusPage;
  /** GET /api/v1/rules Prometheus answered meanwhile, besides the status runs' own. */
  backgroundRules: number;
  seamsOpen: number;
}

async function statusRuns(
  steward: RunningSteward,
  prometheus: RunningPrometheus,
  runs: number,
  seamsOpen: number
): Promise<Phase> {
  const before = await handlerStats(prometheus, '/api/v1/rules');
  const fresh: number[] = [];
  let page: StatusPage | undefined;
  for (let i = 0; i < runs; i++) {
    const answer = await json<StatusPage>(steward, '/api/v1/slo-status?fresh=true');
    if (answer.status !== 200) {
      throw new Error(`slo-status: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
    }
    fresh.push(answer.ms);
    page = answer.body;
    const present = new Set(answer.body.rows.filter((r) => r.window.to < answer.body.computedAt).map((r) => r.slo));
    log(
      `  fresh status ${i + 1}/${runs}: ${ms(answer.ms)} ms, ${answer.body.prometheusRequests} Prometheus requests; ${present.size} SLOs read from their last rule evaluation`
    );
  }
  const after = await handlerStats(prometheus, '/api/v1/rules');
  return {
    fresh,
    requests: page!.prometheusRequests,
    page: page!,
    backgroundRules: after.count - before.count - runs,
    seamsOpen,
  };
}

/** Pyrra's list page: per SLO one query for bad and one for total events over its window, plus one for alerts. */
function perSloQueries(rows: StatusRow[], specOf: Map<string, SloSpec>): string[] {
  return [
    'ALERTS{slo!=""}',
    ...rows.flatMap((row) =>
      (['bad', 'total'] as const).map((event) =>
        aggregate(
          specOf.get(row.slo)?.groupBy,
          `sum_over_time(${selector(SLO_TILE_METRICS.coarse, [
            { name: SLO_LABELS.slo, op: '=', value: row.slo },
            { name: SLO_LABELS.revision, op: '=', value: row.history.revision },
            { name: SLO_LABELS.event, op: '=', value: event },
          ])}[${rangeJustUnder(row.objective.windowSeconds)}])`
        )
      )
    ),
  ];
}

/**
 * The batched queries Steward sends for recorded SLOs (tiles and recorded terms; raw tails and
 * burn-rate edges for SLOs not read from their last evaluation), planned by the server's own
 * planRecordedSums from a status page: every window of every row at the page's moment, rows
 * whose window ends before it read from the evaluation it ends at (whole days are summed once and
 * kept, so left out).
 */
function statusQueries(
  page: StatusPage,
  entityOf: Map<string, SloEntity>,
  records: RevisionRecord[]
): RecordedSumsPlan['queries'] {
  const seen = new Set<string>();
  const slos: RecordedSlo[] = [];
  const evaluations = new Map<string, number>();
  const fineLiveFrom = new Map(records.map((r) => [r.revision, r.fineLiveFrom]));
  for (const row of page.rows.filter((r) => r.history.source === 'recorded')) {
    const entity = entityOf.get(row.slo);
    if (!entity || seen.has(row.history.revision)) {
      continue;
    }
    seen.add(row.history.revision);
    if (row.window.to < page.computedAt) {
      evaluations.set(row.history.revision, row.window.to);
    }
    const live = fineLiveFrom.get(row.history.revision);
    slos.push({
      slo: {
        definition: { slo: entity, origin: { source: 'api' }, counted: row.history.revision },
        revision: row.history.revision,
        recordFrom: row.history.recordFrom,
      },
      coverage: {
        fine: hasFineTiles(entity.spec),
        fineFrom: row.history.recordFrom - FINE_HISTORY_SECONDS,
        ...(live !== undefined ? { fineLiveFrom: live } : {}),
      },
    });
  }
  return planRecordedSums(slos, page.computedAt, page.computedAt, evaluations).queries;
}

/** Every `step`-th element, at most `count` of them. */
const spread = <T>(xs: T[], count: number) =>
  xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / count)) === 0).slice(0, count);

/** The distinct errors of status rows, most frequent first, so a bench run says why rows failed. */
function rowErrors(page: StatusPage): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const row of page.rows) {
    const error = (row as { error?: string }).error;
    if (error) {
      counts.set(error, (counts.get(error) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5);
}

async function tsdbMetrics(prometheus: RunningPrometheus): Promise<Record<string, number>> {
  const text = await (await fetch(`${prometheus.url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^(prometheus_tsdb_[a-z_]+) (\S+)$/.exec(line);
    if (match) {
      out[match[1]!] = Number(match[2]);
    }
  }
  return out;
}

/**
 * Prometheus keeps remote-written history (out-of-order samples) in its head, where reads are
 * slow, until its next head compaction (about 3 hours after start, when the head spans 1.5 block
 * ranges). One sample of a bench-only series 4 hours ahead makes the head compactable now; the
 * compaction then writes the out-of-order samples into blocks, as it would on its own later.
 */
interface RuleCost {
  groups: number;
  rules: number;
  /** Prometheus's time evaluating these groups per minute of wall time: each group's last evaluation × evaluations a minute. */
  msPerMinute: number;
}

async function ruleCost(prometheus: RunningPrometheus, prefix: string): Promise<RuleCost & { evaluated: number }> {
  const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
    data: {
      groups: Array<{
        name: string;
        interval: number;
        evaluationTime: number;
        lastEvaluation: string;
        rules: unknown[];
      }>;
    };
  };
  const groups = body.data.groups.filter((g) => g.name.startsWith(prefix));
  return {
    groups: groups.length,
    rules: groups.reduce((n, g) => n + g.rules.length, 0),
    msPerMinute: groups.reduce((sum, g) => sum + g.evaluationTime * 1000 * (60 / g.interval), 0),
    evaluated: groups.filter((g) => Date.parse(g.lastEvaluation) > 0).length,
  };
}

/**
 * Rule evaluation cost of Steward's rules against direct rules on raw series (Sloth's and
 * Pyrra's pattern) for the same SLOs, loaded side by side into the same Prometheus: the mean of
 * a few readings of each group's last evaluation time.
 */
async function ruleCosts(
  prometheus: RunningPrometheus,
  rulesDir: string,
  definitions: SloEntity[]
): Promise<{ steward: RuleCost; direct: RuleCost }> {
  writeFileSync(join(rulesDir, 'direct-rules.yml'), directRuleFile(definitions));
  await prometheus.reload();
  const loaded = Date.now();
  // Every direct group evaluated at least once after a full interval (the first runs are warm-up).
  for (;;) {
    const direct = await ruleCost(prometheus, 'direct-slo:');
    if (
      (direct.groups > 0 && direct.evaluated === direct.groups && Date.now() - loaded > 65_000) ||
      Date.now() - loaded > 300_000
    ) {
      break;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  const readings: Array<{ steward: RuleCost; direct: RuleCost }> = [];
  for (let i = 0; i < RULE_COST_READINGS; i++) {
    readings.push({
      steward: await ruleCost(prometheus, 'steward-slo:'),
      direct: await ruleCost(prometheus, 'direct-slo:'),
    });
    await new Promise((r) => setTimeout(r, 30_000));
  }
  const mean = (pick: (r: (typeof readings)[number]) => RuleCost): RuleCost => ({
    groups: pick(readings[0]!).groups,
    rules: pick(readings[0]!).rules,
    msPerMinute: readings.reduce((s, r) => s + pick(r).msPerMinute, 0) / readings.length,
  });
  return { steward: mean((r) => r.steward), direct: mean((r) => r.direct) };
}

const RULE_COST_READINGS = env('RULE_COST_READINGS', 4);

async function compactNow(prometheus: RunningPrometheus): Promise<{ ms: number; cpuSeconds: number }> {
  const before = await tsdbMetrics(prometheus);
  const writer = new RemoteWriter({ url: `${prometheus.url}/api/v1/write`, timeoutMs: 60_000 });
  const t0 = performance.now();
  await writer.write([
    { labels: { __name__: 'steward_bench_compaction_trigger' }, samples: [[Date.now() / 1000 + 4 * 3600, 1]] },
  ]);
  let last = before;
  let stableSince = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = await tsdbMetrics(prometheus);
    const compacted = now.prometheus_tsdb_head_min_time! > before.prometheus_tsdb_head_min_time!;
    const idle =
      now.prometheus_tsdb_compactions_total === last.prometheus_tsdb_compactions_total &&
      now.prometheus_tsdb_compaction_duration_seconds_count === last.prometheus_tsdb_compaction_duration_seconds_count;
    stableSince = compacted && idle ? stableSince || performance.now() : 0;
    last = now;
    if (stableSince && performance.now() - stableSince >= 6000) {
      break;
    }
    if (performance.now() - t0 > 600_000) {
      throw new Error('Prometheus did not compact its head within 10 minutes');
    }
  }
  return {
    ms: performance.now() - t0,
    cpuSeconds:
      (last.prometheus_tsdb_compaction_duration_seconds_sum ?? 0) -
      (before.prometheus_tsdb_compaction_duration_seconds_sum ?? 0),
  };
}

interface LedgerTimes {
  recorded: { bad: number; total: number; runs: number[]; samples: number };
  raw: { bad: number; total: number; runs: number[]; samples: number };
}

/** The ledger's 30-day budget both ways at `t`, each query QUERY_RUNS times (after one untimed run). */
async function ledgerQueries(prometheus: RunningPrometheus, revision: string, t: number): Promise<LedgerTimes> {
  const result: LedgerTimes = {
    recorded: { bad: 0, total: 0, runs: [], samples: 0 },
    raw: { bad: 0, total: 0, runs: [], samples: 0 },
  };
  for (let i = 0; i <= QUERY_RUNS; i++) {
    for (const kind of ['recorded', 'raw'] as const) {
      const build = kind === 'recorded' ? ledgerRecorded(revision) : ledgerRaw;
      const total = await instant(prometheus, build('total'), t, i === 0);
      if (i === 0) {
        const bad = await instant(prometheus, build('bad'), t);
        Object.assign(result[kind], { total: valueOf(total), bad: valueOf(bad), samples: total.samples ?? 0 });
      } else {
        result[kind].runs.push(total.ms);
      }
    }
  }
  return result;
}

const LEDGER_WINDOW = 30 * DAY;
const ledgerRecorded = (revision: string) => (event: 'bad' | 'total') =>
  `sum(sum_over_time(${selector(SLO_TILE_METRICS.coarse, [
    { name: SLO_LABELS.slo, op: '=', value: LEDGER_SLO },
    { name: SLO_LABELS.revision, op: '=', value: revision },
    { name: SLO_LABELS.event, op: '=', value: event },
  ])}[${rangeJustUnder(LEDGER_WINDOW)}]))`;
const ledgerRaw = (event: 'bad' | 'total') =>
  `sum(increase(http_requests_total{service="${LEDGER}"${event === 'bad' ? ',code=~"5.."' : ''}}[30d]))`;

async function main() {
  if (!existsSync(join(REPO_ROOT, 'server/dist/main.js'))) {
    throw new Error('server/dist/main.js is missing: run `npm run build:server` first');
  }
  const services = Math.max(1, Math.ceil((SLO_COUNT - 1) / SLOS_PER_SERVICE));

  // 3 first, on a quiet machine: nothing else runs yet.
  log(`3. rule generation for ${SLO_COUNT} SLO definitions`);
  const rules = await ruleGeneration();
  if (process.env.BENCH_PART === 'rules') {
    // Rule generation alone: a minute, with no Prometheus to fill.
    printRuleGeneration(rules);
    return;
  }

  // Traffic: the fleet sampled every 5 minutes (enough for exact 5-minute counts over 30 days for
  // every SLO), the ledger at a real scrape interval (its raw 30-day query is what part 2 times).
  const metricsPort = await freePort();
  const end = Math.floor((Date.now() / 1000 - 120) / STEP) * STEP;
  const fleet = makeFleet(services, end, `127.0.0.1:${metricsPort}`);
  const fleetRaw = fleetSeries(fleet);
  const ledgerRawSeries = routeSeries(fleet, fleet.ledger, false);
  const live = await metricsServer([...fleetRaw, ...ledgerRawSeries], metricsPort);
  cleanups.push(() => new Promise<void>((resolve) => live.close(() => resolve())));

  const data: TempDir = tempDir('bench-slo-tsdb');
  const rulesDir: TempDir = tempDir('bench-slo-rules');
  const catalog: TempDir = tempDir('bench-slo-catalog');
  cleanups.push(() => [data, rulesDir, catalog].forEach((d) => d.remove()));
  writeCatalog(catalog.path, fleet.services);

  log(`backfilling ${fleetRaw.length} fleet series every ${FLEET_SCRAPE_SECONDS} s over ${DAYS + 1} days`);
  let t0 = performance.now();
  const fleetFill = await backfill(data.path, {
    start: fleet.origin,
    end: end + 1,
    stepSeconds: FLEET_SCRAPE_SECONDS,
    series: fleetRaw,
  });
  const fleetBackfillMs = performance.now() - t0;
  log(`backfilling ${ledgerRawSeries.length} ledger counters every ${SCRAPE_SECONDS} s over ${DAYS + 1} days`);
  t0 = performance.now();
  const ledgerFill: BackfillResult = await backfill(data.path, {
    start: fleet.origin,
    end: end + 1,
    stepSeconds: SCRAPE_SECONDS,
    series: ledgerRawSeries,
  });
  const ledgerBackfillMs = performance.now() - t0;

  const prometheus = await startPrometheus({
    dataDir: data.path,
    rulesDir: rulesDir.path,
    // Steward fills a window and 30 days more back (as far as raw data goes).
    outOfOrderWindow: `${DAYS + 40}d`,
    scrape: [{ job: 'traffic', targets: [`127.0.0.1:${metricsPort}`], scrapeInterval: '15s' }],
  });
  cleanups.push(() => prometheus.stop());
  const promVersion = (
    (await (await fetch(`${prometheus.url}/api/v1/status/buildinfo`)).json()) as { data: { version: string } }
  ).data.version;
  const steward = await startSteward({
    prometheusUrl: prometheus.url,
    entry: 'dist',
    env: {
      STEWARD_CATALOG_DIR: catalog.path,
      STEWARD_RULES_DIR: rulesDir.path,
      STEWARD_STATUS_CACHE_SECONDS: '600',
      // The default (10 s) is too short for a fresh status right after filling; see the output.
      STEWARD_PROMETHEUS_TIMEOUT_MS: '300000',
      // And the status's own deadline (20 s), which answers 504 while it computes on.
      STEWARD_STATUS_DEADLINE_MS: '300000',
    },
  });
  cleanups.push(() => steward.stop());
  for (;;) {
    const page = await json<{ totalItems: number }>(steward, '/api/v1/services?limit=1');
    if (page.body.totalItems === services + 1) {
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  // 1. SLO_COUNT SLOs through the API, then wait until every history is filled.
  const definitions = fleetSlos(fleet.services);
  const specOf = new Map(definitions.map((d) => [d.metadata.name, d.spec] as const));
  const entityOf = new Map(definitions.map((d) => [d.metadata.name, d] as const));
  log(`creating ${definitions.length} SLOs through the API`);
  t0 = performance.now();
  await pool(definitions, 8, async (definition) => {
    const created = await json(steward, '/api/v1/slos', { method: 'POST', json: definition, ...admin });
    if (created.status !== 201) {
      throw new Error(`POST ${definition.metadata.name}: ${created.status} ${JSON.stringify(created.body)}`);
    }
  });
  const createMs = performance.now() - t0;
  log(`created in ${(createMs / 1000).toFixed(1)} s; waiting for every history to be filled`);
  const deadline = Date.now() + FILL_TIMEOUT_SECONDS * 1000;
  let records: RevisionRecord[] = [];
  let lastReport = 0;
  for (;;) {
    records = await revisions(steward);
    const done = records.filter((r) => r.historyState === 'filled' || r.historyState === 'failed').length;
    if (records.length === definitions.length && done === records.length) {
      break;
    }
    if (Date.now() > deadline) {
      log(`fill timeout: ${done} of ${definitions.length} histories filled; measuring anyway`);
      break;
    }
    if (Date.now() - lastReport > 20_000) {
      // The engine reports states when a whole history pass ends; Prometheus shows the progress.
      const ranges = await handlerStats(prometheus, '/api/v1/query_range');
      log(`  ${done} histories reported filled; ${ranges.count} range queries so far`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  const fillMs = performance.now() - t0 - createMs;
  const failed = records.filter((r) => r.historyState === 'failed');
  if (failed.length > 0) {
    log(`${failed.length} histories failed, e.g. ${failed[0]!.slo}: ${failed[0]!.historyError}`);
  }

  // Phase A: right after filling, the filled history is out-of-order samples in Prometheus's head.
  log(`1a. status of ${definitions.length} SLOs right after filling (${OOO_STATUS_RUNS} fresh run(s))`);
  const seamsOpenA = (await revisions(steward)).filter((r) => r.liveFrom === undefined).length;
  const phaseA = await statusRuns(steward, prometheus, OOO_STATUS_RUNS, seamsOpenA);
  const primaryRows = (page: StatusPage) => {
    const primary = new Map<string, StatusRow>();
    for (const row of page.rows) {
      if (row.objective.index === 0 && !primary.has(row.slo)) {
        primary.set(row.slo, row);
      }
    }
    return primary;
  };
  const primaryA = primaryRows(phaseA.page);
  const sampleA = spread([...primaryA.values()], PER_SLO_SAMPLE);
  const perSloA = perSloQueries(sampleA, specOf);
  const perSloAms = await pool(perSloA, 1, (q) => instant(prometheus, q, phaseA.page.computedAt));
  const perSloAextrapolated = (perSloAms * (primaryA.size * 2 + 1)) / perSloA.length;
  const ledgerRevision = primaryA.get(LEDGER_SLO)!.history.revision;
  const ledgerA = await ledgerQueries(prometheus, ledgerRevision, end);

  log('compacting Prometheus’s head now (it would on its own about 3 hours after start)');
  const compaction = await compactNow(prometheus);
  log(`  compacted in ${(compaction.ms / 1000).toFixed(0)} s`);

  // Phase B: steady state, history in blocks.
  log(`1b. status of ${definitions.length} SLOs, history in blocks (${STATUS_RUNS} fresh runs)`);
  const seamsOpenB = (await revisions(steward)).filter((r) => r.liveFrom === undefined).length;
  const phaseB = await statusRuns(steward, prometheus, STATUS_RUNS, seamsOpenB);
  const cached: number[] = [];
  for (let i = 0; i < STATUS_RUNS * 3; i++) {
    cached.push((await json<StatusPage>(steward, '/api/v1/slo-status')).ms);
  }
  const status = phaseB.page;
  const at = status.computedAt;
  const sloNames = [...new Set(status.rows.map((r) => r.slo))];
  const onRaw = new Set(status.rows.filter((r) => r.history.source === 'raw').map((r) => r.slo));
  const inError = new Set(status.rows.filter((r) => r.state === 'error').map((r) => r.slo));
  const primary = primaryRows(status);

  // Each batched query the status sends, alone: its requests two at a time, as the server sends them.
  const batched: Array<{
    name: string;
    bytes: number;
    requests: number;
    samples: number;
    runs: number[];
    error?: string;
  }> = [];
  for (const [name, value] of Object.entries(statusQueries(status, entityOf, await revisions(steward)))) {
    const chunks = typeof value === 'string' ? [value] : value;
    if (chunks.length === 0) {
      continue;
    }
    const measured = {
      name,
      bytes: chunks.reduce((n, c) => n + c.length, 0),
      requests: chunks.length,
      samples: 0,
      runs: [] as number[],
      error: undefined as string | undefined,
    };
    for (let i = 0; i < BATCHED_RUNS && !measured.error; i++) {
      const t0 = performance.now();
      let samples = 0;
      try {
        for (let k = 0; k < chunks.length; k += 2) {
          const answers = await Promise.all(chunks.slice(k, k + 2).map((c) => instant(prometheus, c, at, i === 0)));
          samples += answers.reduce((n, a) => n + (a.samples ?? 0), 0);
        }
        measured.runs.push(performance.now() - t0);
        measured.samples = samples || measured.samples;
      } catch (error) {
        measured.error = (error as Error).message.split('\n')[0];
      }
    }
    batched.push(measured);
  }

  const perSlo = perSloQueries([...primary.values()], specOf);
  log(`per-SLO baseline: ${perSlo.length} instant queries on the same recorded counts`);
  let perSloSamples = 0;
  const perSloSequential = await pool(perSlo, 1, async (q) => {
    perSloSamples += (await instant(prometheus, q, at, true)).samples ?? 0;
  });
  const perSloBrowser = await pool(perSlo, BROWSER_CONNECTIONS, (q) => instant(prometheus, q, at));

  // The same per SLO from raw series (no recording rules at all), on a sample, extrapolated.
  const rawSample = spread(sloNames, RAW_SAMPLE);
  log(`per-SLO baseline on raw series: ${rawSample.length} SLOs × 2 queries`);
  const rawQueries = rawSample.flatMap((name) => {
    const queries = eventQueries(specOf.get(name)!, {
      kind: 'window',
      seconds: primary.get(name)!.objective.windowSeconds,
    });
    return [queries.bad, queries.total];
  });
  let rawSamples = 0;
  const rawSequential = await pool(rawQueries, 1, async (q) => {
    rawSamples += (await instant(prometheus, q, at, true)).samples ?? 0;
  });
  const rawExtrapolated = (rawSequential * (primary.size * 2 + 1)) / rawQueries.length;

  // 4. What the datasource asks (its SLO status and burn-rate queries) against one raw PromQL
  // query returning the same series: what a plain Prometheus panel would run for the same rows.
  log('4. the datasource’s queries vs raw Prometheus queries returning the same series');
  const dsStatus: number[] = [];
  let dsRows = 0;
  for (let i = 0; i < QUERY_RUNS; i++) {
    // Not fresh: what a dashboard refresh gets within the status cache's lifetime.
    const answer = await json<StatusPage>(steward, '/api/v1/slo-status?primary=true');
    dsStatus.push(answer.ms);
    dsRows = answer.body.rows.length;
  }
  const window30d = `sum_over_time(${SLO_TILE_METRICS.coarse}{event="%s"}[29d23h59m59s999ms])`;
  const sameRows = `sum by (slo, route) (${window30d.replace('%s', 'bad')}) / sum by (slo, route) (${window30d.replace('%s', 'total')})`;
  const rawStatus: number[] = [];
  let rawRows = 0;
  for (let i = 0; i < QUERY_RUNS; i++) {
    const answer = await instant(prometheus, sameRows, at);
    rawStatus.push(answer.ms);
    rawRows = answer.result.length;
  }
  const dayAgo = at - DAY;
  const dsSeries: number[] = [];
  let dsLines = 0;
  for (let i = 0; i < BATCHED_RUNS; i++) {
    const answer = await json<{ series: unknown[] }>(
      steward,
      `/api/v1/slo-timeseries?series=burnrate&window=1h&from=${dayAgo}&to=${at}&step=300`
    );
    dsSeries.push(answer.ms);
    dsLines = answer.body.series.length;
  }
  const hourly = `sum_over_time(${SLO_TILE_METRICS.fine}{event="%s"}[59m59s999ms])`;
  const sameLines = `sum by (slo, route) (${hourly.replace('%s', 'bad')}) / sum by (slo, route) (${hourly.replace('%s', 'total')})`;
  const rawSeriesRuns: number[] = [];
  let rawLines = 0;
  for (let i = 0; i < BATCHED_RUNS; i++) {
    const body = new URLSearchParams({ query: sameLines, start: String(dayAgo), end: String(at), step: '300' });
    const t0 = performance.now();
    const answer = (await (await fetch(`${prometheus.url}/api/v1/query_range`, { method: 'POST', body })).json()) as {
      data: { result: unknown[] };
    };
    rawSeriesRuns.push(performance.now() - t0);
    rawLines = answer.data.result.length;
  }
  const modules = moduleSizes();

  // 5. What Prometheus spends evaluating Steward's rules against direct rules for the same SLOs.
  log('5. rule evaluation: Steward’s rules against direct rules on raw series (Sloth/Pyrra pattern), side by side');
  const costs = await ruleCosts(prometheus, rulesDir.path, definitions);

  // 2. The ledger's 30-day budget at the last backfilled sample.
  log('2. 30-day budget from recorded counts vs raw increase');
  const ledgerB = await ledgerQueries(prometheus, ledgerRevision, end);
  const truth = (code?: string) =>
    ledgerFill.series
      .filter((s) => !code || s.labels.code === code)
      .reduce(
        (sum, s) => sum + (ledgerFill.valueAt(s, end) ?? 0) - (ledgerFill.valueAt(s, end - LEDGER_WINDOW) ?? 0),
        0
      );
  const ledgerTruth = { bad: truth('500'), total: truth() };

  // Everything measured: stop the servers before printing.
  await cleanup();

  // -------------------------------------------------------------------------------------------
  const out = (line = '') => console.log(line);
  const p50 = (xs: number[]) => pct(xs, 50);
  const statusP50 = p50(phaseB.fresh);
  const cachedP50 = p50(cached);
  out();
  out(
    `SLO engine bench — node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? '?'}), Prometheus ${promVersion}`
  );
  out(
    `load average when the bench started ${loadAtStart.toFixed(1)}; over the last 15 minutes ${loadavg()[2]!.toFixed(1)} (the bench itself keeps about 2 busy)`
  );
  out();
  out(
    `setup: ${services} services × ${ROUTES.length} routes + ${LEDGER}; ${definitions.length} SLOs created through the API`
  );
  out(
    `  raw series: ${int(fleetRaw.length)} fleet series every ${FLEET_SCRAPE_SECONDS} s and ${ledgerRawSeries.length} ledger counters every ${SCRAPE_SECONDS} s, ${DAYS + 1} days backfilled (fleet ${int(fleetFill.samples)} samples in ${(fleetBackfillMs / 1000).toFixed(0)} s, ledger ${int(ledgerFill.samples)} in ${(ledgerBackfillMs / 1000).toFixed(0)} s), then scraped live`
  );
  out(
    `  creating the SLOs: ${(createMs / 1000).toFixed(1)} s (8 concurrent POSTs); every history filled ${(fillMs / 1000).toFixed(0)} s later (${records.filter((r) => r.historyState === 'filled').length} filled, ${failed.length} failed)`
  );
  out();
  out(
    `1. status of ${sloNames.length} SLOs (${status.rows.length} rows: objectives × groups), GET /api/v1/slo-status?fresh=true`
  );
  out(
    `  SLOs on recorded counts: ${sloNames.length - onRaw.size}, on raw series: ${onRaw.size}, in error: ${inError.size}`
  );
  for (const [error, count] of rowErrors(status)) {
    out(`    ${count} rows in error: ${error.slice(0, 300)}`);
  }
  out(`  a) right after filling (filled history still out-of-order samples in Prometheus's head):`);
  out(
    `     Steward: ${phaseA.requests} Prometheus requests, ${ms(p50(phaseA.fresh))} ms (${phaseA.fresh.length} run${phaseA.fresh.length > 1 ? 's, p50' : ''})${p50(phaseA.fresh) > 10_000 ? ' — over the default 10 s STEWARD_PROMETHEUS_TIMEOUT_MS: with defaults this status fails' : ''}`
  );
  out(
    `     per-SLO (2 queries per SLO + 1 for alerts): ${sampleA.length} SLOs measured, EXTRAPOLATED to ${primaryA.size}: ${int(primaryA.size * 2 + 1)} queries, ${ms(perSloAextrapolated)} ms sequential → ${times(perSloAextrapolated, p50(phaseA.fresh))}`
  );
  out(
    `     background: ${phaseA.backgroundRules} other GET /api/v1/rules during the run(s); ${phaseA.seamsOpen} SLOs whose live seam the engine has not reported closed (it reports when a history pass ends)`
  );
  out(
    `  b) after Prometheus compacted the filled history into blocks (brought forward; took ${(compaction.ms / 1000).toFixed(0)} s, ${compaction.cpuSeconds.toFixed(0)} s of compaction):`
  );
  out(
    `     Steward, fresh: ${phaseB.requests} Prometheus requests; wall p50 ${ms(statusP50)} ms, p95 ${ms(pct(phaseB.fresh, 95))} ms (${STATUS_RUNS} runs)`
  );
  for (const q of batched) {
    out(
      `       of which the batched ${q.name} query alone (${(q.bytes / 1024).toFixed(0)} KiB in ${q.requests} request${q.requests > 1 ? 's' : ''}${q.samples ? `, ${int(q.samples)} samples` : ''}): ${q.error ? `failed: ${q.error}` : `p50 ${ms(p50(q.runs))} ms`}`
    );
  }
  out(`     Steward, cached answer: p50 ${ms(cachedP50)} ms, p95 ${ms(pct(cached, 95))} ms`);
  out(
    `     per-SLO, Pyrra's pattern (2 instant queries per SLO, first objective only, + 1 for alerts) on the same recorded counts, all ${primary.size} SLOs:`
  );
  out(
    `       ${int(perSlo.length)} queries (${int(perSloSamples)} samples): sequential ${ms(perSloSequential)} ms; ${BROWSER_CONNECTIONS} at a time (a browser's connections per host) ${ms(perSloBrowser)} ms`
  );
  out(
    `     per-SLO on raw series (no recording rules): ${rawSample.length} SLOs measured (${int(rawSamples)} samples), EXTRAPOLATED to ${primary.size}: ${ms(rawExtrapolated)} ms sequential`
  );
  out(
    `     background: ${phaseB.backgroundRules} other GET /api/v1/rules during the fresh runs; ${phaseB.seamsOpen} SLOs whose live seam the engine has not reported closed (it reports when a history pass ends)`
  );
  out(
    `  → queries ${countRatio(perSlo.length, phaseB.requests)} fewer; per-SLO sequential / Steward fresh ${times(perSloSequential, statusP50)}; per-SLO ${BROWSER_CONNECTIONS} at a time / Steward fresh ${times(perSloBrowser, statusP50)}; Steward's answer covers every objective, 7 burn-rate windows, alerts and rule health`
  );
  out();
  out(`2. 30-day budget of ${LEDGER_SLO} at the last backfilled sample (${new Date(end * 1000).toISOString()})`);
  out(`  recorded: ${ledgerRecorded(ledgerRevision)('total')}`);
  out(`  raw:      ${ledgerRaw('total')}`);
  const budget = (v: { bad: number; total: number }) => (1 - v.bad / v.total / 0.001) * 100;
  for (const [label, v] of [
    ['recorded tiles', ledgerB.recorded],
    ['raw increase[30d]', ledgerB.raw],
    ['ground truth', ledgerTruth],
  ] as const) {
    out(
      `  ${label.padEnd(20)} total ${int(v.total).padStart(14)}  bad ${int(v.bad).padStart(10)}  budget remaining ${budget(v).toFixed(4)} %`
    );
  }
  const same = (a: { bad: number; total: number }) => a.bad === ledgerTruth.bad && a.total === ledgerTruth.total;
  const agree = same(ledgerB.recorded) && same(ledgerB.raw) && same(ledgerA.recorded) && same(ledgerA.raw);
  out(`  ${agree ? 'all three agree exactly (before and after compaction)' : 'they DIFFER (see above)'}`);
  const recP50 = p50(ledgerB.recorded.runs);
  const rawP50 = p50(ledgerB.raw.runs);
  out(
    `  query time for the total, p50 of ${QUERY_RUNS}: recorded ${ms(recP50)} ms (${int(ledgerB.recorded.samples)} samples), raw ${ms(rawP50)} ms (${int(ledgerB.raw.samples)} samples) → ${times(rawP50, recP50)}`
  );
  out(
    `    right after filling (recorded counts still out-of-order in the head): recorded ${ms(p50(ledgerA.recorded.runs))} ms, raw ${ms(p50(ledgerA.raw.runs))} ms → ${times(p50(ledgerA.raw.runs), p50(ledgerA.recorded.runs))}`
  );
  out();
  out(
    `5. rule evaluation in Prometheus, both sets loaded side by side: Steward ${int(costs.steward.groups)} groups / ${int(costs.steward.rules)} rules (fine tiles, recent events and alerts every 30 s, coarse tiles every 5 min), ${ms(costs.steward.msPerMinute)} ms of evaluation per minute; direct rules on raw series every 30 s (Sloth/Pyrra pattern) ${int(costs.direct.groups)} groups / ${int(costs.direct.rules)} rules, ${ms(costs.direct.msPerMinute)} ms per minute → Steward costs ${times(costs.steward.msPerMinute, costs.direct.msPerMinute)} the direct rules'`
  );
  out();
  printRuleGeneration(rules);
  out();
  const rows: Array<[string, string, string, string]> = [
    [
      `status of ${sloNames.length} SLOs: Prometheus queries`,
      `${phaseB.requests}`,
      `${int(perSlo.length)}`,
      countRatio(perSlo.length, phaseB.requests),
    ],
    [
      'status fresh p50 vs per-SLO sequential',
      `${ms(statusP50)} ms`,
      `${ms(perSloSequential)} ms`,
      times(perSloSequential, statusP50),
    ],
    [
      `status fresh p50 vs per-SLO ${BROWSER_CONNECTIONS} at a time`,
      `${ms(statusP50)} ms`,
      `${ms(perSloBrowser)} ms`,
      times(perSloBrowser, statusP50),
    ],
    [
      'status cached p50 vs per-SLO sequential',
      `${ms(cachedP50)} ms`,
      `${ms(perSloSequential)} ms`,
      times(perSloSequential, cachedP50),
    ],
    [
      'status fresh vs per-SLO raw (extrapolated)',
      `${ms(statusP50)} ms`,
      `${ms(rawExtrapolated)} ms`,
      times(rawExtrapolated, statusP50),
    ],
    [
      'just filled: status vs per-SLO (extrap.)',
      `${ms(p50(phaseA.fresh))} ms`,
      `${ms(perSloAextrapolated)} ms`,
      times(perSloAextrapolated, p50(phaseA.fresh)),
    ],
    ['30d budget query p50, tiles vs raw', `${ms(recP50)} ms`, `${ms(rawP50)} ms`, times(rawP50, recP50)],
    ['30d budget values equal the truth', agree ? 'yes' : 'NO', agree ? 'yes' : 'NO', ''],
    [
      `buildRuleSet of ${rules.slos} SLOs vs promtool`,
      `${ms(rules.build)} ms`,
      `${ms(rules.promtool)} ms`,
      times(rules.promtool, rules.build),
    ],
    ['rule files', `${(rules.bytes / 1024 / 1024).toFixed(2)} MiB`, `${int(rules.rules)} rules`, ''],
    [
      `rules loaded for ${definitions.length} SLOs, Steward vs direct`,
      `${int(costs.steward.rules)}`,
      `${int(costs.direct.rules)}`,
      countRatio(costs.direct.rules, costs.steward.rules),
    ],
    [
      'rule evaluation, Prometheus ms per minute',
      `${ms(costs.steward.msPerMinute)} ms`,
      `${ms(costs.direct.msPerMinute)} ms`,
      times(costs.direct.msPerMinute, costs.steward.msPerMinute),
    ],
    [
      `ds status cached (${int(dsRows)} rows) vs raw (${int(rawRows)})`,
      `${ms(p50(dsStatus))} ms`,
      `${ms(p50(rawStatus))} ms`,
      times(p50(rawStatus), p50(dsStatus)),
    ],
    [
      `datasource burn rate 24h (${int(dsLines)}) vs raw (${int(rawLines)})`,
      `${ms(p50(dsSeries))} ms`,
      `${ms(p50(rawSeriesRuns))} ms`,
      times(p50(rawSeriesRuns), p50(dsSeries)),
    ],
    ...modules.map(
      ({ name, gzip, raw }) =>
        [`${name} gzipped (raw)`, `${(gzip / 1024).toFixed(1)} KiB`, `${(raw / 1024).toFixed(0)} KiB`, ''] as [
          string,
          string,
          string,
          string,
        ]
    ),
  ];
  out(`${'figure'.padEnd(44)} ${'Steward'.padStart(11)} ${'baseline'.padStart(11)} ${'ratio'.padStart(7)}`);
  for (const [a, b, c, d] of rows) {
    out(`${a.padEnd(44)} ${b.padStart(11)} ${c.padStart(11)} ${d.padStart(7)}`);
  }
  out(
    `(ratio = baseline / Steward; node ${process.version}, ${availableParallelism()} CPUs; whole bench ${((performance.now() - started) / 1000).toFixed(0)} s)`
  );
}

main()
  .catch(async (error: unknown) => {
    console.error((error as Error).stack ?? error);
    await cleanup();
    process.exitCode = 1;
  })
  .finally(() => {
    // Nothing started here may keep the process alive.
    setTimeout(() => process.exit(), 100).unref();
  });
