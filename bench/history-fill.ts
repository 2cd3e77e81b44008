/**
 * bench/history-fill.ts — filling a new SLO's recorded history: cheap readings combined in Node
 * (what steward-server does for ratio and classic-histogram SLIs) against evaluating the
 * recording rules' own tile expression at every mark (what it does for the other SLIs, and did
 * for all before), in the same Prometheus, in the same run.
 *
 * Writes the field traffic of tests/integration/fixtures/field-traffic.ts (35 days scraped every
 * 60 s, jitter, resets, gaps) into a fresh Prometheus, then fills three SLOs both ways, RUNS times
 * each, alternating: 30 days of 5-minute tiles and 3 days of 30-second ones. Prints the median
 * time of each and their ratio, and checks that both give the very same tiles.
 *
 * Usage: npx tsx bench/history-fill.ts   (RUNS=3)
 */
import { PrometheusClient } from '../server/src/prometheus/client.js';
import type { SloSpec } from '@steward/contract/model/slo';
import { tilesFromExpression, tilesFromReadings, type PastTiles } from '../server/src/slo/engine/past-tiles.js';
import { counterSelectors } from '../server/src/slo/sli-queries.js';
import { TILES, type Tile } from '../server/src/slo/tiles.js';
import { writeHistoryInOrder } from '../tests/harness/history-writer.js';
import { startPrometheus } from '../tests/harness/prometheus.js';
import { fieldTraffic, SERVICE } from '../tests/integration/fixtures/field-traffic.js';
import { timeRatio } from './load-guard.js';

const RUNS = Number(process.env.RUNS ?? 3);
const DAY = 86_400;

const SPECS: Array<[string, SloSpec]> = [
  [
    'ratio (bad / total)',
    {
      service: SERVICE,
      sli: {
        ratio: {
          bad: `http_requests_total{service="${SERVICE}",code=~"5.."}`,
          total: `http_requests_total{service="${SERVICE}"}`,
        },
      },
      objectives: [{ target: 99.9 }],
    },
  ],
  [
    'ratio (good / total) by route',
    {
      service: SERVICE,
      sli: {
        ratio: {
          good: `http_requests_total{service="${SERVICE}",code!~"5.."}`,
          total: `http_requests_total{service="${SERVICE}"}`,
        },
      },
      objectives: [{ target: 99.5 }],
      groupBy: ['route'],
    },
  ],
  [
    'latency, classic histogram',
    {
      service: SERVICE,
      sli: { latency: { histogram: `http_request_duration_seconds{service="${SERVICE}"}`, threshold: 0.3 } },
      objectives: [{ target: 99 }],
    },
  ],
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const canonical = (tiles: PastTiles) =>
  JSON.stringify(
    (['bad', 'total'] as const).map((event) =>
      tiles[event]
        .map((g) => [JSON.stringify(g.labels), g.points.filter(([, v]) => Number.isFinite(v))] as const)
        .sort(([a], [b]) => a.localeCompare(b))
    )
  );

async function main() {
  const traffic = fieldTraffic(Math.floor(Date.now() / 1000) - 150);
  const prometheus = await startPrometheus({
    outOfOrderWindow: '70d',
    retention: '90d',
    features: ['native-histograms'],
  });
  try {
    process.stderr.write('writing 35 days of field traffic…\n');
    await writeHistoryInOrder(`${prometheus.url}/api/v1/write`, traffic.series);
    const client = new PrometheusClient({ url: prometheus.url, timeoutMs: 120_000 });
    const to = Math.floor((Date.now() / 1000 - 600) / 300) * 300;
    const spans: Array<[Tile, number]> = [
      [TILES.coarse, 30 * DAY],
      [TILES.fine, 3 * DAY],
    ];
    console.log(`history fill, ${RUNS} runs each, median wall time (Prometheus 2.42, same run)\n`);
    console.log('| SLI | tiles | tile expression | readings | ratio | same tiles |');
    console.log('|---|---|---|---|---|---|');
    for (const [name, spec] of SPECS) {
      for (const [tile, span] of spans) {
        const from = to - span;
        const times = { expression: [] as number[], readings: [] as number[] };
        let same = true;
        for (let run = 0; run < RUNS; run++) {
          let started = performance.now();
          const viaExpression = await tilesFromExpression(client, spec, tile, from, to);
          times.expression.push(performance.now() - started);
          started = performance.now();
          const viaReadings = await tilesFromReadings(client, spec, counterSelectors(spec)!, tile, from, to);
          times.readings.push(performance.now() - started);
          same &&= canonical(viaExpression) === canonical(viaReadings);
        }
        const [e, r] = [median(times.expression), median(times.readings)];
        console.log(
          `| ${name} | ${span / DAY} days of ${tile.seconds} s | ${e.toFixed(0)} ms | ${r.toFixed(0)} ms | ${timeRatio(e, r, 1)} | ${same ? 'yes' : 'NO'} |`
        );
        if (!same) {
          process.exitCode = 1;
        }
      }
    }
  } finally {
    await prometheus.stop();
  }
}

await main();
