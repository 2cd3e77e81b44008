import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import {
  addScrapeJobs,
  waitUntilScrapeWanted,
  WORKLOAD_ARGS,
  workloadEnv,
  workloadStatus,
  type WorkloadStatus,
} from '../../examples/workload/launch.js';
import type { Series } from '../../examples/workload/model.js';
import { createWorkload, type Workload } from '../../examples/workload/workload.js';
import { copyDemoCatalog } from '../harness/catalog-files.js';
import { startProcess, waitUntil, type ManagedProcess } from '../harness/child-process.js';
import { freePort } from '../harness/ports.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { REPO_ROOT, startSteward, TEST_SECRET, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

/**
 * The demo workload against real Prometheus and steward-server, started as npm run stack does
 * (Prometheus scrapes nothing until the workload has written its history, in order): its
 * history joins the live scrapes without a gap and equals its functions of time; so does
 * history written out of order into a Prometheus that already scrapes it (as in compose); the
 * story's incidents are where it says; deploy events reach steward-server once, restarts
 * included; and the demo SLOs get budgets from it. A short history keeps this quick: two days, or
 * as many more as it takes to hold a few routine deploys (they fall on weekdays, and the test
 * may run on a Sunday). Prometheus equals the model exactly (first tests), so the older incidents
 * are checked on the model itself.
 */
const MIN_HISTORY_DAYS = 2;
const MIN_EVENTS = 4;
/** The story's anchor, chosen here (the test's clock) and handed to the workload. */
const ANCHOR = Math.floor(Date.now() / 60_000) * 60;
let historyDays: number;

let catalog: TempDir;
let state: TempDir;
let rules: TempDir;
let prometheus: RunningPrometheus;
let steward: RunningSteward;
let workload: ManagedProcess;
let workloadPort: number;
let stewardPort: number;
let truth: Workload;
let firstStatus: WorkloadStatus;

let otherPort: number;
const workloadUrl = () => `http://127.0.0.1:${workloadPort}`;

/** Series whose raw samples are compared with the model: counters, a histogram bucket, gauges. */
const SEAM_CHECKS: Array<{ name: string; labels: Record<string, string>; selector: string }> = [
  {
    name: 'http_requests_total',
    labels: { service: 'payments-api', route: '/api/payments', method: 'POST', code: '200' },
    selector: 'http_requests_total{service="payments-api",route="/api/payments",code="200"}',
  },
  {
    name: 'http_request_duration_seconds_bucket',
    labels: { service: 'checkout-api', route: '/api/checkout', le: '0.3' },
    selector: 'http_request_duration_seconds_bucket{service="checkout-api",route="/api/checkout",le="0.3"}',
  },
  {
    name: 'http_requests_total',
    labels: { job: 'edge-proxy', route: '/api/proxy', method: 'GET', code: '500' },
    selector: 'http_requests_total{job="edge-proxy",route="/api/proxy",code="500"}',
  },
  {
    name: 'service_saturation_ratio',
    labels: { service: 'search', resource: 'connections' },
    selector: 'service_saturation_ratio{service="search",resource="connections"}',
  },
  {
    name: 'service_cost_dollars_total',
    labels: { service: 'ledger' },
    selector: 'service_cost_dollars_total{service="ledger"}',
  },
];

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`);
}

interface Launch {
  port: number;
  prometheus: RunningPrometheus;
  stateFile: string;
  stewardUrl?: string;
  historyDays: number;
  /** Add the scrape job once the workload asks for it (as npm run stack does). */
  addScrapeJob: boolean;
}

/** Starts a workload and waits until its history is written. */
async function launchWorkload(launch: Launch): Promise<{ process: ManagedProcess; status: WorkloadStatus }> {
  const url = `http://127.0.0.1:${launch.port}`;
  const proc = startProcess('workload', process.execPath, WORKLOAD_ARGS, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      ...workloadEnv({
        port: launch.port,
        stateFile: launch.stateFile,
        prometheusUrl: launch.prometheus.url,
        ...(launch.stewardUrl ? { stewardUrl: launch.stewardUrl, stewardSecret: TEST_SECRET } : {}),
        catalogDir: catalog.path,
        historyDays: launch.historyDays,
        anchor: ANCHOR,
      }),
    },
  });
  if (launch.addScrapeJob) {
    await waitUntilScrapeWanted(url, () => proc.child.exitCode === null, 120_000);
    addScrapeJobs(launch.prometheus.configFile, [
      { job: 'workload', targets: [`127.0.0.1:${launch.port}`], scrapeInterval: '5s', honorLabels: true },
    ]);
    await launch.prometheus.reload();
  }
  await waitUntil(proc, async () => (await fetch(`${url}/readyz`)).ok, 'done with its history', 120_000);
  return { process: proc, status: await workloadStatus(url) };
}

/** The demo workload of this test, on its Prometheus, posting to its steward-server. */
async function startWorkload(): Promise<WorkloadStatus> {
  const started = await launchWorkload({
    port: workloadPort,
    prometheus,
    stateFile: join(state.path, 'state.json'),
    stewardUrl: `http://127.0.0.1:${stewardPort}`,
    historyDays,
    addScrapeJob: !workload, // a restart finds its job in place
  });
  workload = started.process;
  return started.status;
}

async function query(
  expr: string,
  time?: number
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const at = time === undefined ? '' : `&time=${time}`;
  const body = await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}${at}`)).json();
  expect(body.status, JSON.stringify(body)).toBe('success');
  return body.data.result;
}

async function raw(selector: string, range: string, on = prometheus): Promise<Array<[number, number]>> {
  const url = `${on.url}/api/v1/query?query=${encodeURIComponent(`${selector}[${range}]`)}`;
  const [series] = (await (await fetch(url)).json()).data.result as Array<{ values: Array<[number, string]> }>;
  return (series?.values ?? []).map(([t, v]) => [t, Number(v)] as [number, number]);
}

/**
 * Raw samples of a model series in Prometheus: no step wider than 60 s from the history's start
 * on, history exactly the function's values, live scrapes the value a moment after their
 * timestamp.
 */
async function expectSeamless(
  check: { name: string; labels: Record<string, string>; selector: string },
  history: { firstScrape?: number },
  days: number,
  on = prometheus
) {
  const series = modelSeries(check.name, check.labels);
  const samples = await raw(check.selector, `${days * 24 + 1}h`, on);
  const live = samples.filter(([t]) => t >= history.firstScrape!);
  expect(live.length, check.selector).toBeGreaterThan(0);
  expect(samples[0]![0], check.selector).toBe(truth.story.anchor - days * 86_400);
  let widest = 0;
  for (let i = 1; i < samples.length; i++) {
    widest = Math.max(widest, samples[i]![0] - samples[i - 1]![0]);
  }
  expect(widest, `${check.selector}: widest step between samples`).toBeLessThanOrEqual(60);
  const written = samples.filter(([t]) => t < history.firstScrape!);
  const mismatches = written.filter(([t, v]) => v !== series.value(t));
  expect(mismatches.slice(0, 3), check.selector).toEqual([]);
  for (const [t, v] of live) {
    if (series.type === 'gauge') {
      expect(Math.abs(v - series.value(t)), check.selector).toBeLessThan(0.01);
    } else {
      expect(v, check.selector).toBeGreaterThanOrEqual(series.value(t));
      expect(v, check.selector).toBeLessThanOrEqual(series.value(t + 2));
    }
  }
}

const ratio = async (expr: string, time: number) => Number((await query(expr, time))[0]?.value[1] ?? NaN);

function modelSeries(name: string, labels: Record<string, string>): Series {
  const found = truth.model.series.find(
    (s) =>
      s.name === name &&
      Object.keys(s.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  );
  if (!found) {
    throw new Error(`no model series ${name}${JSON.stringify(labels)}`);
  }
  return found;
}

interface StoredEvent {
  service: string;
  kind: string;
  version?: string;
  occurredAt: string;
}

async function storedEvents(): Promise<StoredEvent[]> {
  const from = new Date(truth.historyStart * 1000).toISOString();
  const response = await steward.api(`/api/v1/events?from=${encodeURIComponent(from)}&limit=1000`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: StoredEvent[] }).items;
}

const eventKey = (e: { service: string; kind: string; occurredAt: string }) =>
  `${e.service}|${e.kind}|${Date.parse(e.occurredAt)}`;

beforeAll(async () => {
  catalog = copyDemoCatalog();
  state = tempDir('workload-state');
  rules = tempDir('workload-rules');
  [workloadPort, stewardPort, otherPort] = [await freePort(), await freePort(), await freePort()];
  historyDays = createWorkload(catalog.path, ANCHOR, 0).story.historyDaysHolding(MIN_EVENTS, MIN_HISTORY_DAYS);
  // As npm run stack: nothing scraped until the workload has written its history, in order.
  prometheus = await startPrometheus({ rulesDir: rules.path, outOfOrderWindow: '125d', scrape: [] });
  // History first: steward-server fills each SLO's recorded history from the raw series once.
  firstStatus = await startWorkload();
  addScrapeJobs(prometheus.configFile, [
    { job: 'workload', targets: [`127.0.0.1:${workloadPort}`], scrapeInterval: '5s', honorLabels: true },
    { job: 'steward', targets: [`127.0.0.1:${stewardPort}`] },
  ]);
  await prometheus.reload();
  steward = await startSteward({
    port: stewardPort,
    prometheusUrl: prometheus.url,
    env: {
      STEWARD_CATALOG_DIR: catalog.path,
      STEWARD_RULES_DIR: rules.path,
      STEWARD_STATUS_CACHE_SECONDS: '0',
    },
  });
  const anchor = JSON.parse(readFileSync(join(state.path, 'state.json'), 'utf8')).anchor;
  expect(anchor).toBe(ANCHOR);
  truth = createWorkload(catalog.path, anchor, historyDays);
}, 180_000);

afterAll(async () => {
  await workload?.stop();
  await steward?.stop();
  await prometheus?.stop();
  for (const dir of [catalog, state, rules]) {
    dir?.remove();
  }
});

describe('demo workload', () => {
  it('writes history in order into an empty Prometheus, up to the first scrape, without a gap, equal to its functions of time', async () => {
    const history = firstStatus.history;
    console.log(`workload: ${firstStatus.series} series; ${historyDays} days of history ${JSON.stringify(history)}`);
    expect(history.state).toBe('written');
    expect(history.order).toBe('in-order');
    expect(history.series).toBe(truth.model.series.length);
    expect(history.from).toBe(truth.historyStart);
    expect(history.to!).toBeLessThan(history.firstScrape!);
    expect(history.firstScrape! - history.to!).toBeLessThanOrEqual(6);
    for (const check of SEAM_CHECKS) {
      await expectSeamless(check, history, historyDays);
    }
  }, 180_000);

  it('writes history out of order into a Prometheus that scrapes it already (as in compose)', async () => {
    const other = await startPrometheus({
      outOfOrderWindow: '125d',
      scrape: [{ job: 'workload', targets: [`127.0.0.1:${otherPort}`], scrapeInterval: '5s' }],
    });
    const otherState = tempDir('workload-state-ooo');
    copyFileSync(join(state.path, 'state.json'), join(otherState.path, 'state.json')); // the same story
    addScrapeJobs(other.configFile, [
      { job: 'workload', targets: [`127.0.0.1:${otherPort}`], scrapeInterval: '5s', honorLabels: true },
    ]);
    await other.reload();
    // Prometheus holds samples already: its scrapes of the workload's address, still failing.
    await until(
      async () => {
        const body = await (await fetch(`${other.url}/api/v1/query?query=up{job="workload"}`)).json();
        return body.data.result.length > 0 ? true : undefined;
      },
      30_000,
      'the first (failing) scrape'
    );
    const started = await launchWorkload({
      port: otherPort,
      prometheus: other,
      stateFile: join(otherState.path, 'state.json'),
      historyDays: 1,
      addScrapeJob: false,
    }).catch(async (error) => {
      await other.stop();
      otherState.remove();
      throw error;
    });
    try {
      expect(started.status.history).toMatchObject({ state: 'written', order: 'out-of-order' });
      expect(started.status.events.state).toBe('off');
      for (const check of SEAM_CHECKS.slice(0, 2)) {
        await expectSeamless(check, started.status.history, 1, other);
      }
    } finally {
      await started.process.stop();
      await other.stop();
      otherState.remove();
    }
  }, 180_000);

  it('tells the story: the search slow burn in Prometheus, the older incidents where the story puts them', async () => {
    const incident = (id: string) => truth.story.incidents.find((i) => i.id === id)!;
    const now = Date.now() / 1000;
    const errors = (service: string, range: string) =>
      `sum(increase(http_requests_total{service="${service}",code=~"5.."}[${range}])) / sum(increase(http_requests_total{service="${service}"}[${range}]))`;

    // Search has failed about 2.2% of requests for the last 36 hours, and hardly any before.
    const burn = incident('search-slow-burn');
    expect(burn.from).toBe(truth.story.anchor - 36 * 3600);
    expect(await ratio(errors('search', '6h'), now)).toBeCloseTo(0.0221, 3);
    expect(await ratio(errors('search', '6h'), burn.from - 60)).toBeLessThan(0.001);
    const pool = await ratio('service_saturation_ratio{service="search",resource="connections"}', now);
    const poolBefore = await ratio(
      'service_saturation_ratio{service="search",resource="connections"}',
      burn.from - 3600
    );
    expect(pool - poolBefore).toBeGreaterThan(0.2);

    // Older than the short history here: the model, which Prometheus equals (previous test).
    const requests = (service: string, code: string) =>
      truth.model.series.filter(
        (s) =>
          s.name === 'http_requests_total' && s.labels.service === service && (code === '' || s.labels.code === code)
      );
    const share = (service: string, from: number, to: number) => {
      const count = (series: Series[]) => series.reduce((sum, s) => sum + s.value(to) - s.value(from), 0);
      return (count(requests(service, '500')) + count(requests(service, '503'))) / count(requests(service, ''));
    };
    const burst = incident('payments-burst');
    expect(truth.story.anchor - burst.from).toBeGreaterThan(9 * 86_400);
    expect(truth.story.anchor - burst.from).toBeLessThan(11 * 86_400);
    expect(burst.to - burst.from).toBe(2 * 3600);
    expect(share('payments-api', burst.from, burst.to)).toBeCloseTo(0.2, 2);
    expect(share('payments-api', burst.from - 86_400, burst.from)).toBeLessThan(0.001);
    // Callers of payments-api fail part of their requests with it.
    expect(share('checkout-api', burst.from, burst.to)).toBeGreaterThan(0.02);

    const regression = incident('checkout-latency');
    const slow = (from: number, to: number) => {
      const bucket = modelSeries('http_request_duration_seconds_bucket', {
        service: 'checkout-api',
        route: '/api/checkout',
        le: '0.3',
      });
      const count = modelSeries('http_request_duration_seconds_count', {
        service: 'checkout-api',
        route: '/api/checkout',
      });
      return 1 - (bucket.value(to) - bucket.value(from)) / (count.value(to) - count.value(from));
    };
    expect(slow(regression.from, regression.to)).toBeGreaterThan(0.08);
    expect(slow(regression.to, regression.to + 86_400)).toBeLessThan(0.005);
    // …right after a deploy, and the rollback ends it.
    const events = truth.story.events(truth.story.origin, truth.story.anchor);
    expect(events).toContainEqual(
      expect.objectContaining({ service: 'checkout-api', kind: 'deploy', at: regression.from - 60 })
    );
    expect(events).toContainEqual(
      expect.objectContaining({ service: 'checkout-api', kind: 'rollback', at: regression.to })
    );

    const outage = incident('gateway-probe');
    const probe = modelSeries('probe_success', {
      service: 'api-gateway',
      instance: 'https://api.acme.example/healthz',
    });
    for (let t = outage.from; t < outage.to; t += 60) {
      expect(probe.value(t)).toBe(0);
    }
  }, 180_000);

  it('posts the deploys to steward-server once, and none again after a restart', async () => {
    // Events falling due after the workload's last sync are posted at its next one (a minute
    // later): compare up to the moment that sync covered.
    const synced = await until(
      async () => {
        const { events } = await workloadStatus(workloadUrl());
        return events.state === 'synced' ? events : undefined;
      },
      30_000,
      'the workload to post its events'
    );
    const cutoff = synced.syncedUntil!;
    /** The story's events due by `to`, and what steward-server holds up to `to`, as keys. */
    const dueBy = (to: number) =>
      truth.story
        .events(truth.historyStart, to)
        .map((e) => eventKey({ service: e.service, kind: e.kind, occurredAt: new Date(e.at * 1000).toISOString() }))
        .sort();
    const storedBy = (stored: StoredEvent[], to: number) =>
      stored
        .filter((e) => Date.parse(e.occurredAt) / 1000 <= to)
        .map(eventKey)
        .sort();
    const expected = dueBy(cutoff);
    expect(expected.length).toBeGreaterThanOrEqual(MIN_EVENTS);
    expect(expected).toContain(
      eventKey({
        service: 'search-indexer',
        kind: 'deploy',
        occurredAt: new Date((truth.story.anchor - 36 * 3600 - 300) * 1000).toISOString(),
      })
    );
    const first = await storedEvents();
    expect(storedBy(first, cutoff)).toEqual(expected);
    expect(first.every((e) => e.kind !== 'deploy' || /^\d{4}\.\d\d\.\d\d-\d{4}$/.test(e.version ?? ''))).toBe(true);

    await workload.stop();
    const restarted = await startWorkload();
    // Only the few seconds it was down are written, and the series run on without a gap.
    expect(['written', 'up-to-date']).toContain(restarted.history.state);
    expect(restarted.history.samples ?? 0).toBeLessThan(restarted.series * 20);
    const events = await until(
      async () => {
        const status = await workloadStatus(workloadUrl());
        return status.events.state === 'synced' ? status.events : undefined;
      },
      30_000,
      'the restarted workload to sync its events'
    );
    const stored = await storedEvents();
    expect(storedBy(stored, cutoff)).toEqual(expected);
    // It posts at most what fell due after the first process's last sync (usually nothing; that
    // process may have posted it before it stopped), and never an event again: steward-server
    // holds every event due by now exactly once.
    const dueSince = truth.story.events(cutoff + 0.001, events.syncedUntil!);
    expect(events.posted).toBeLessThanOrEqual(dueSince.length);
    expect(storedBy(stored, events.syncedUntil!)).toEqual(dueBy(events.syncedUntil!));
    const samples = await raw('http_requests_total{service="search",route="/api/search",code="200"}', '10m');
    expect(samples.length).toBeGreaterThan(5);
    const steps = samples.slice(1).map(([t], i) => t - samples[i]![0]);
    expect(Math.max(...steps)).toBeLessThanOrEqual(60);
  }, 180_000);

  it('gives the demo SLOs budgets from recorded history; search burns at ticket, not page, speed', async () => {
    type Row = {
      slo: string;
      objective: { index: number; window: string };
      budgetRemaining: number | null;
      burnRates: Record<string, number | null>;
      state: string;
      alerts: Array<{ tier: string; state: string }>;
      history: { source: string; state: string };
    };
    const status = async () =>
      ((await (await steward.api('/api/v1/slo-status?fresh=true')).json()) as { rows: Row[] }).rows;
    const filled = (rows: Row[], slo: string) =>
      rows.some((r) => r.slo === slo) &&
      rows.filter((r) => r.slo === slo).every((r) => r.history.state === 'filled' && r.history.source === 'recorded');
    const rows = await until(
      async () => {
        const all = await status();
        return all.length > 0 && filled(all, 'payments-api-availability') && filled(all, 'search-success-rate')
          ? all
          : undefined;
      },
      // Filling takes a pass over the raw history; then live fine tiles must join it (a minute).
      300_000,
      'the SLO history to be filled'
    );
    const slos = new Set(rows.map((r) => r.slo));
    expect(slos.size).toBe(14);
    expect(rows.filter((r) => r.state === 'error')).toEqual([]);

    const payments = rows.find((r) => r.slo === 'payments-api-availability' && r.objective.index === 0)!;
    expect(payments.budgetRemaining).not.toBeNull();
    expect(payments.budgetRemaining!).toBeGreaterThan(0); // its burst is older than this history
    expect(payments.budgetRemaining!).toBeLessThan(1);

    // 2.2% errors against a 0.5% budget: about 4.4×, over the 3× ticket and under the 6× page.
    const burning = await until(
      async () => {
        const row = (await status()).find((r) => r.slo === 'search-success-rate')!;
        return row.alerts.some((a) => a.state === 'firing') ? row : undefined;
      },
      90_000,
      'the search ticket alert to fire'
    ).catch(() => undefined);
    const search = burning ?? rows.find((r) => r.slo === 'search-success-rate')!;
    console.log(
      `search-success-rate: state ${search.state}, budget ${search.budgetRemaining?.toFixed(3)}, burn ${JSON.stringify(search.burnRates)}, alerts ${JSON.stringify(search.alerts)}`
    );
    expect(search.burnRates['1d']!).toBeGreaterThan(3);
    expect(search.burnRates['1d']!).toBeLessThan(6);
    expect(search.burnRates['6h']!).toBeLessThan(6);
    // A few days of history, 36 hours of them burning: the 30-day budget over what exists is spent too.
    expect(['burning', 'exhausted']).toContain(search.state);
    expect(burning, 'no search alert fired').toBeDefined();
    expect(search.alerts.filter((a) => a.state === 'firing').every((a) => a.tier === 'ticket')).toBe(true);
  }, 420_000);
});
