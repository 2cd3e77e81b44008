/**
 * bench/rule-samples.ts — what Prometheus reads to evaluate one SLO's rules, against direct
 * multiwindow rules on raw series (Sloth's and Pyrra's pattern, bench/direct-rules.ts) for the
 * same SLO, at scrape intervals of 15, 60 and 300 s, in the same Prometheus and the same run.
 *
 * Evaluation time depends on the machine and on everything else Prometheus does (the 1,000-SLO
 * run of bench/slo-engine.ts measures it); the samples a rule reads do not. Each rule's
 * expression is evaluated once as an instant query with `stats=all`, and its
 * `totalQueryableSamples` taken: per evaluation of each group, and per minute (fine group and
 * direct rules every 30 s, coarse tiles every 5 minutes). Prometheus's stats leave out the
 * samples a subquery reads, so each one-step subquery (how tiles are taken at their mark) is
 * counted by evaluating its inner expression at that step. Steward's recorded series (tiles,
 * recent events, windows) are written as a live Prometheus holds them: one sample per 30 s or 5
 * minutes; the raw counters (3 routes × 2 codes) every scrape interval, four days of them.
 *
 * Usage: npx tsx bench/rule-samples.ts
 */
import { parse } from 'yaml';
import {
  EVENT_KINDS,
  SLO_LABELS,
  SLO_RECENT_METRIC,
  SLO_TILE_METRICS,
  SLO_WINDOW_METRIC,
} from '../server/src/conventions/slo.js';
import type { SloEntity } from '@steward/contract/model/slo';
import { burnPairs } from '../server/src/slo/burn-pairs.js';
import { ruleGroups, type RuleGroup } from '../server/src/slo/rules.js';
import { TILES } from '../server/src/slo/tiles.js';
import { durationLabel } from '../server/src/slo/windows.js';
import { backfill, type SyntheticSeries } from '../tests/harness/backfill.js';
import { startPrometheus } from '../tests/harness/prometheus.js';
import { tempDir } from '../tests/harness/temp-dir.js';
import { directRuleFile } from './direct-rules.js';

const DAY = 86_400;
const SCRAPES = [15, 60, 300];
const REVISION = 'r1';

const sloFor = (service: string): SloEntity => ({
  apiVersion: 'steward.dev/v1',
  kind: 'SLO',
  metadata: { name: `${service}-availability` },
  spec: {
    service,
    sli: {
      ratio: {
        bad: `http_requests_total{service="${service}",code=~"5.."}`,
        total: `http_requests_total{service="${service}"}`,
      },
    },
    objectives: [{ target: 99.9, window: '30d' }],
    groupBy: ['route'],
  },
});

const end = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3600;
const start = end - 4 * DAY;
const data = tempDir('rule-samples');

// Raw counters per scrape interval, each service scraped at its own.
for (const scrape of SCRAPES) {
  const service = `svc-${scrape}s`;
  const series: SyntheticSeries[] = ['/a', '/b', '/c'].flatMap((route) =>
    ['200', '500'].map((code) => ({
      name: 'http_requests_total',
      type: 'counter' as const,
      labels: { service, route, code },
      valueAt: (t: number) => Math.floor((t - start) * (code === '200' ? 10 : 0.01)),
    }))
  );
  await backfill(data.path, { start, end, stepSeconds: scrape, series });
}

// Steward's recorded series, as its rules would have written them, per route.
const recorded = (metric: string, step: number, extra: Record<string, string> = {}) =>
  SCRAPES.flatMap((scrape) =>
    ['/a', '/b', '/c'].flatMap((route) =>
      (['bad', 'total'] as const).map((event): SyntheticSeries => ({
        name: metric,
        type: 'gauge',
        labels: {
          [SLO_LABELS.slo]: sloFor(`svc-${scrape}s`).metadata.name,
          [SLO_LABELS.service]: `svc-${scrape}s`,
          [SLO_LABELS.revision]: REVISION,
          [SLO_LABELS.event]: EVENT_KINDS[event],
          route,
          ...extra,
        },
        valueAt: () => step,
      }))
    )
  );
const windows = [
  ...new Set(burnPairs(sloFor('x').spec).flatMap((p) => [p.longSeconds, p.shortSeconds ?? p.longSeconds])),
];
await backfill(data.path, {
  start,
  end,
  stepSeconds: TILES.fine.seconds,
  series: [
    ...recorded(SLO_TILE_METRICS.fine, TILES.fine.seconds),
    ...recorded(SLO_RECENT_METRIC, 3),
    ...windows.flatMap((w) => recorded(SLO_WINDOW_METRIC, 1, { [SLO_LABELS.window]: durationLabel(w) })),
  ],
});
await backfill(data.path, {
  start,
  end,
  stepSeconds: TILES.coarse.seconds,
  series: recorded(SLO_TILE_METRICS.coarse, TILES.coarse.seconds),
});

const prometheus = await startPrometheus({ dataDir: data.path });
const at = end - 60;

async function samples(expr: string, time: number): Promise<number> {
  const response = await fetch(
    `${prometheus.url}/api/v1/query?stats=all&time=${time}&query=${encodeURIComponent(expr)}`
  );
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data: { stats: { samples: { totalQueryableSamples: number } } };
  };
  if (body.status !== 'success') {
    throw new Error(`${body.error}: ${expr.slice(0, 200)}`);
  }
  return body.data.stats.samples.totalQueryableSamples;
}

/** One-step subqueries `last_over_time((inner)[Ns:Ns] offset 15s)`: their inner expressions. */
function oneStepSubqueries(expr: string): Array<{ inner: string; step: number }> {
  const found: Array<{ inner: string; step: number }> = [];
  const head = 'last_over_time((';
  for (let i = expr.indexOf(head); i >= 0; i = expr.indexOf(head, i + 1)) {
    let depth = 1;
    let j = i + head.length;
    for (; j < expr.length && depth > 0; j++) {
      depth += expr[j] === '(' ? 1 : expr[j] === ')' ? -1 : 0;
    }
    const tail = /^\[(\d+)s:(\d+)s\] offset (\d+)s\)/.exec(expr.slice(j));
    if (tail) {
      found.push({ inner: expr.slice(i + head.length, j - 1), step: Number(tail[1]) });
    }
  }
  return found;
}

/** Samples one evaluation of `expr` at `time` reads, subqueries included. */
async function readBy(expr: string, time: number): Promise<number> {
  let total = await samples(expr, time);
  for (const { inner, step } of oneStepSubqueries(expr)) {
    total += await samples(inner, Math.floor((time - 15) / step) * step);
  }
  return total;
}

interface Cost {
  perEvaluation: Record<string, number>;
  perMinute: number;
  rules: number;
}

async function stewardCost(slo: SloEntity): Promise<Cost> {
  const groups: RuleGroup[] = ruleGroups({ slo, revision: REVISION, recordFrom: 0 });
  const perEvaluation: Record<string, number> = {};
  let perMinute = 0;
  for (const group of groups) {
    let read = 0;
    for (const rule of group.rules) {
      read += await readBy(rule.expr, at);
    }
    const kind = group.interval === TILES.fine.interval ? 'fine group' : 'coarse group';
    perEvaluation[kind] = read;
    perMinute += read * (60 / (group.interval === TILES.fine.interval ? TILES.fine.seconds : TILES.coarse.seconds));
  }
  return { perEvaluation, perMinute, rules: groups.reduce((n, g) => n + g.rules.length, 0) };
}

async function directCost(slo: SloEntity): Promise<Cost> {
  const file = parse(directRuleFile([slo])) as { groups: Array<{ rules: Array<{ expr: string }> }> };
  let read = 0;
  for (const rule of file.groups[0]!.rules) {
    read += await readBy(rule.expr, at);
  }
  return { perEvaluation: { 'every 30 s': read }, perMinute: read * 2, rules: file.groups[0]!.rules.length };
}

const int = (x: number) => Math.round(x).toLocaleString('en-US');
const lines: string[] = [];
for (const scrape of SCRAPES) {
  const slo = sloFor(`svc-${scrape}s`);
  const [steward, direct] = [await stewardCost(slo), await directCost(slo)];
  lines.push(
    `scraped every ${String(scrape).padStart(3)} s: Steward ${int(steward.perMinute).padStart(9)} samples/min (${Object.entries(
      steward.perEvaluation
    )
      .map(([k, v]) => `${k} ${int(v)} per evaluation`)
      .join(', ')}; ${steward.rules} rules)   direct ${int(direct.perMinute).padStart(9)} samples/min (${int(
      direct.perEvaluation['every 30 s']!
    )} per evaluation; ${direct.rules} rules)   → direct reads ${(direct.perMinute / steward.perMinute).toFixed(1)}× Steward's`
  );
}
await prometheus.stop();
data.remove();

console.log(
  'Samples read per minute of rule evaluation for one SLO (99.9% over 30d, ratio, 3 routes × 2 codes, by route), Prometheus query stats'
);
for (const line of lines) {
  console.log(`  ${line}`);
}
