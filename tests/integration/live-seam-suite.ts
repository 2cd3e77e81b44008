import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteWriter } from '../../server/src/prometheus/remote-write.js';
import { freePort } from '../harness/ports.js';
import { startStewardOn, type Engine, type RunningEngine } from '../harness/engines.js';
import { firstScrapeOf } from '../harness/prometheus.js';
import { postAsAdmin, type RunningSteward } from '../harness/steward.js';
import { writeTeamCatalog } from '../harness/catalog-files.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

/**
 * The seam between filled history and live recording. History is filled up to a 5-minute mark
 * before the SLO starts recording live; Prometheus's first live evaluations land at moments of
 * their own choosing, up to 5 minutes later for coarse tiles. Steward then fills the marks in
 * between. Here the service fails every request through those minutes, so losing them — or
 * counting them twice — would move the budget by several points; the test wants the count
 * Steward shows to equal the raw counters' growth exactly. Run on each engine by a file of its
 * own (slo-live-seam*.test.ts), so the engines' minutes of waiting overlap.
 */
const GOOD_PER_SECOND = 10;
const BAD_PER_SECOND = 0.1;
const BURST_BAD_PER_SECOND = 10;

let started: number;
/** How much the burst's rate swings, and how fast: a window misplaced by seconds counts otherwise. */
const SWING_PER_SECOND = 4;
const SWING_PERIOD = 120;

/** Counters as functions of time: the ground truth. Bad requests burst around the seam. */
const bad = (t: number) => {
  const from = started - 600;
  const to = started + 1800;
  const calm = t * BAD_PER_SECOND;
  const inBurst = Math.min(Math.max(t, from), to);
  const burst = (inBurst - from) * (BURST_BAD_PER_SECOND - BAD_PER_SECOND);
  // The integral of SWING · sin(2πs / period) over the burst so far: the rate never falls below 6/s.
  const phase = (x: number) => Math.cos((2 * Math.PI * x) / SWING_PERIOD);
  const swing = ((SWING_PER_SECOND * SWING_PERIOD) / (2 * Math.PI)) * (phase(from) - phase(inBurst));
  return Math.floor(calm + burst + swing);
};
const good = (t: number) => Math.floor(t * GOOD_PER_SECOND);

export function liveSeamSuite(engine: Engine): void {
  describe(`on ${engine.name}`, () => {
    const HISTORY_DAYS = 2;
    let historyStart: number;
    let target: Server;
    let rules: TempDir;
    let catalog: TempDir;
    let backend: RunningEngine;
    let steward: RunningSteward;

    beforeAll(async () => {
      started = Math.floor(Date.now() / 1000);
      target = createServer((_, response) => {
        const t = Date.now() / 1000;
        response.setHeader('content-type', 'text/plain; version=0.0.4');
        response.end(
          `# TYPE live_requests_total counter\nlive_requests_total{service="live",code="200"} ${good(t)}\nlive_requests_total{service="live",code="500"} ${bad(t)}\n`
        );
      });
      const port = await freePort();
      await new Promise<void>((resolve) => target.listen(port, '127.0.0.1', resolve));

      rules = tempDir('seam-rules');
      catalog = tempDir('seam-catalog');
      backend = await engine.start({
        rulesDir: rules.path,
        outOfOrderWindow: '40d',
        scrape: [{ job: 'live', targets: [`127.0.0.1:${port}`], scrapeInterval: '5s' }],
      });
      // History of the same counters up to just before the first scrape, written out of order
      // through remote write, so the raw series has no gap: what increase() cannot see in a gap
      // would be lost whatever Steward does.
      const firstScrape = await firstScrapeOf(backend, 'live_requests_total');
      const history: Array<[number, number]> = [];
      for (let t = firstScrape - HISTORY_DAYS * 86_400; t < firstScrape - 1; t += t < firstScrape - 3600 ? 60 : 5) {
        history.push([t, t]);
      }
      await new RemoteWriter({ url: `${backend.url}/api/v1/write`, timeoutMs: 30_000 }).write(
        (['200', '500'] as const).map((code) => ({
          labels: {
            __name__: 'live_requests_total',
            service: 'live',
            code,
            job: 'live',
            instance: `127.0.0.1:${port}`,
          },
          samples: history.map(([t]) => [t, code === '200' ? good(t) : bad(t)] as [number, number]),
        }))
      );
      historyStart = history[0]![0];
      writeTeamCatalog(catalog.path, 'live-team', ['live']);
      steward = await startStewardOn(backend, { catalog: catalog.path, rules: rules.path });
      const created = await postAsAdmin(steward, '/api/v1/slos', {
        apiVersion: 'steward.dev/v1',
        kind: 'SLO',
        metadata: { name: 'live-availability' },
        spec: {
          service: 'live',
          sli: {
            ratio: {
              bad: 'live_requests_total{service="live",code="500"}',
              total: 'live_requests_total{service="live"}',
            },
          },
          objectives: [{ target: 99, window: '7d' }],
          alerting: { enabled: false },
        },
      });
      expect(created.status).toBe(201);
    }, 180_000);

    afterAll(async () => {
      await steward?.stop();
      await backend?.stop();
      target?.close();
      for (const dir of [rules, catalog]) {
        dir?.remove();
      }
    });

    /**
     * The status at `at` (a little in the past, so every scrape up to it is stored) beside the truth:
     * the window (7 days, longer than the history) holds exactly the counters' growth from their
     * first sample to their last sample at or before that moment.
     */
    async function statusAndTruth(at: number) {
      const answer = (await (await steward.api(`/api/v1/slo-status?at=${at}`)).json()) as {
        computedAt: number;
        rows: Array<{
          budgetRemaining: number;
          events: { bad: number; total: number };
          history: { source: string };
          window: { from: number; to: number };
        }>;
      };
      const [row] = answer.rows;
      const lastSample = async (code: string) => {
        const query = `last_over_time(live_requests_total{service="live",code="${code}"}[1h])`;
        const response = await fetch(`${backend.url}/api/v1/query?query=${encodeURIComponent(query)}&time=${at}`);
        return Number(
          ((await response.json()) as { data: { result: Array<{ value: [number, string] }> } }).data.result[0]!.value[1]
        );
      };
      const [badAt, goodAt] = [await lastSample('500'), await lastSample('200')];
      const truth = { bad: badAt - bad(historyStart), total: goodAt - good(historyStart) + badAt - bad(historyStart) };
      return { row: row!, truth, expected: 1 - truth.bad / truth.total / 0.01 };
    }

    describe('history filled, then recorded live', () => {
      it(
        'closes the seam once the rules record live, and the budget counts every event once, before and after',
        async () => {
          const deadline = Date.now() + 12 * 60_000;
          let revision:
            { recordFrom: number; historyState: string; liveFrom?: number; fineLiveFrom?: number } | undefined;
          let open: Awaited<ReturnType<typeof statusAndTruth>> | undefined;
          while (Date.now() < deadline) {
            const engine = (await (await steward.api('/api/v1/slo-engine')).json()) as {
              revisions: Array<typeof revision>;
            };
            revision = engine.revisions[0];
            if (revision?.liveFrom !== undefined) {
              break;
            }
            if (!open && revision?.historyState === 'filled' && revision.fineLiveFrom === undefined) {
              // Filled, seams still open: tiles up to recordFrom and raw series after it.
              open = await statusAndTruth(Math.floor(Date.now() / 1000) - 90);
            }
            await new Promise((r) => setTimeout(r, 5000));
          }
          expect(revision?.historyState).toBe('filled');
          expect(revision?.liveFrom, 'the seam was not closed within 12 minutes').toBeDefined();
          if (open) {
            console.log(
              `seam open: bad events ${open.row.events.bad} vs ${open.truth.bad}, all ${open.row.events.total} vs ${open.truth.total} (${open.row.history.source})`
            );
            expect(open.row.history.source).toBe('recorded');
            expect(open.row.events).toEqual(open.truth);
          } else {
            console.log('seam open: not seen (the engine closed the fine seam before the first look)');
          }

          const at = Math.floor(Date.now() / 1000) - 90;
          const { row, truth, expected } = await statusAndTruth(at);
          console.log(
            `seam: recordFrom ${revision!.recordFrom}, live from ${revision!.liveFrom}, budget remaining ${row.budgetRemaining.toFixed(6)} vs truth ${expected.toFixed(6)}; bad events ${row.events.bad} vs ${truth.bad}, all ${row.events.total} vs ${truth.total}`
          );
          expect(row.history.source).toBe('recorded');
          expect(row.window.to).toBe(at);
          expect(row.events).toEqual(truth);
        },
        15 * 60_000
      );
    });

    describe('the present, from the last rule evaluation', () => {
      it(
        'ends every window at the evaluation and counts exactly what its samples say; the 5-minute window starts 5 minutes before it',
        async () => {
          // Live recording must hold the 5-minute window and the minute or so around its start.
          const { fineLiveFrom } = (
            (await (await steward.api('/api/v1/slo-engine')).json()) as { revisions: Array<{ fineLiveFrom: number }> }
          ).revisions[0]!;
          const wait = (fineLiveFrom + 300 + 110) * 1000 - Date.now();
          await new Promise((r) => setTimeout(r, Math.max(0, wait)));

          const answer = (await (await steward.api('/api/v1/slo-status')).json()) as {
            computedAt: number;
            prometheusRequests: number;
            rows: Array<{
              events: { bad: number; total: number };
              burnRates: Record<string, number>;
              window: { from: number; to: number };
              burnWindows: Record<string, { from: number; to: number }>;
            }>;
          };
          const [row] = answer.rows;
          const end = row!.window.to;
          expect(end).toBeLessThanOrEqual(answer.computedAt);
          expect(end).toBeGreaterThan(answer.computedAt - 90);
          expect(row!.burnWindows['5m']).toEqual({ from: end - 300, to: end });

          const valueAt = async (code: string, t: number) => {
            const query = `last_over_time(live_requests_total{service="live",code="${code}"}[1h])`;
            const response = await fetch(`${backend.url}/api/v1/query?query=${encodeURIComponent(query)}&time=${t}`);
            return Number(
              ((await response.json()) as { data: { result: Array<{ value: [number, string] }> } }).data.result[0]!
                .value[1]
            );
          };
          const events = async (from: number, to: number) => {
            const bad = (await valueAt('500', to)) - (await valueAt('500', from));
            return { bad, total: (await valueAt('200', to)) - (await valueAt('200', from)) + bad };
          };
          // The rules read each end as stored when they ran: a scrape stamped in the second before
          // an evaluation may have been stored just after it. Either reading is exact.
          const readings = (t: number) => [t, t - 1];
          const budgets = await Promise.all(readings(end).map((to) => events(historyStart, to)));
          console.log(
            `present: window ends ${(answer.computedAt - end).toFixed(1)} s before the request; ${answer.prometheusRequests} requests; events ${JSON.stringify(row!.events)} vs ${JSON.stringify(budgets)}`
          );
          expect(budgets).toContainEqual(row!.events);
          const five = [];
          for (const from of readings(end - 300)) {
            for (const to of readings(end)) {
              const { bad, total } = await events(from, to);
              five.push(bad / total / 0.01);
            }
          }
          // The burst swings: a start 15 s off, as on the nearest mark, would read otherwise.
          const off = await events(end - 315, end);
          console.log(
            `present: 5-minute burn rate ${row!.burnRates['5m']} vs ${five.join(', ')} (15 s earlier start: ${off.bad / off.total / 0.01})`
          );
          expect(five.some((burn) => Math.abs(burn - row!.burnRates['5m']!) < 1e-9 * Math.max(1, burn))).toBe(true);
        },
        10 * 60_000
      );
    });
  });
}
