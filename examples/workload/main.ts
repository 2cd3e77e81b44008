/**
 * The demo workload: serves /metrics for every service of the demo catalog, writes their
 * history into Prometheus, and posts their deploys to steward-server. See README.md here.
 *
 *   npx tsx examples/workload/main.ts
 */
import { createServer } from 'node:http';
import { loadConfig } from './config.js';
import { EventPoster, type EventsReport } from './events.js';
import { CONTENT_TYPE, Exposition } from './exposition.js';
import { writeHistory, type HistoryReport } from './history.js';
import { loadState } from './state.js';
import { createWorkload } from './workload.js';

const log = (line: string) => console.log(`workload: ${line}`);

async function main() {
  const config = loadConfig();
  const { state, created } = loadState(config.stateFile, config.anchor);
  const { story, model, historyStart } = createWorkload(config.catalogDir, state.anchor, config.historyDays, (m) =>
    log(`catalog: ${m}`)
  );
  const exposition = new Exposition(model.series);
  log(
    `${model.services.length} services from ${config.catalogDir}, ${model.series.length} series; story anchored at ` +
      `${new Date(state.anchor * 1000).toISOString()} (${created ? 'now, first start' : `from ${config.stateFile}`})`
  );

  let history: HistoryReport = config.skipHistory
    ? { state: 'skipped', reason: 'WORKLOAD_SKIP_HISTORY is set' }
    : config.prometheusUrl
      ? { state: 'pending' }
      : { state: 'skipped', reason: 'WORKLOAD_PROMETHEUS_URL is not set' };
  const events = config.stewardUrl
    ? new EventPoster({
        stewardUrl: config.stewardUrl,
        ...(config.stewardSecret ? { secret: config.stewardSecret } : {}),
        user: config.stewardUser,
        story,
        from: historyStart,
        log,
      })
    : undefined;
  const eventsReport = (): EventsReport => events?.report ?? { state: 'off', posted: 0, known: 0 };
  // Done with history, one way or another (a failure is logged and shown on /status); or no
  // first scrape for a long while (a Prometheus replaying its logs): then history follows later.
  let waitingSince: number | undefined;
  const ready = () =>
    !['pending', 'waiting-for-scrape', 'writing'].includes(history.state) ||
    (history.state === 'waiting-for-scrape' &&
      waitingSince !== undefined &&
      Date.now() / 1000 - waitingSince > config.firstScrapeTimeoutSeconds);

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      response.writeHead(200, { 'content-type': CONTENT_TYPE });
      response.end(exposition.render(Date.now() / 1000));
    } else if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok\n');
    } else if (path === '/readyz') {
      // Ready once history is in Prometheus: start steward-server after this, so it fills SLO
      // history from complete raw series.
      response.writeHead(ready() ? 200 : 503, { 'content-type': 'text/plain' });
      response.end(`history ${history.state}\n`);
    } else if (path === '/status') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          anchor: state.anchor,
          historyStart,
          services: model.services.length,
          series: model.series.length,
          incidents: story.incidents,
          history,
          events: eventsReport(),
        })
      );
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found: try /metrics, /status, /readyz\n');
    }
  });
  const startedAt = Date.now() / 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log(`serving http://${config.host}:${port}/metrics`);

  const shutdown = () => {
    events?.stop();
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  events?.start();
  if (history.state === 'pending' && config.prometheusUrl) {
    try {
      history = await writeHistory({
        prometheusUrl: config.prometheusUrl,
        groups: model.groups,
        historyStart,
        startedAt,
        expectedTarget: { job: config.scrapeJob, instance: config.scrapeInstance },
        log,
        onProgress: (report) => {
          if (report.state === 'waiting-for-scrape' && history.state !== 'waiting-for-scrape') {
            waitingSince = Date.now() / 1000;
          }
          history = report;
        },
      });
    } catch (error) {
      history = { state: 'failed', reason: (error as Error).message };
      log(`history: failed: ${history.reason}`);
    }
  } else {
    log(`history: ${history.state} (${history.reason})`);
  }
}

main().catch((error: unknown) => {
  console.error(`workload: ${(error as Error).message}`);
  process.exit(1);
});
