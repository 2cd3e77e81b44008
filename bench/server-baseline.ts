/**
 * bench/server-baseline.ts — the baseline later figures compare against.
 *
 * Prints, in one run:
 *   1. cold start: process spawn until /healthz answers, for the built steward-server
 *      (node server/dist/main.js) and for a bare Node HTTP server (the floor), with the ratio;
 *   2. /healthz throughput (autocannon, fixed connections and duration) for steward-server,
 *      the bare Node server and Prometheus's /-/healthy, with ratios.
 *
 * Usage: npm run build:server && npm run bench   (BENCH_DURATION=seconds, BENCH_RUNS=n)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../tests/harness/ports.js';
import { startPrometheus } from '../tests/harness/prometheus.js';
import { REPO_ROOT, TEST_SECRET } from '../tests/harness/steward.js';
import { tempDir } from '../tests/harness/temp-dir.js';
import { timeRatio } from './load-guard.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CONNECTIONS = 32;
const BARE_SERVER = `require('http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"status":"ok"}'); }).listen(+process.env.PORT, '127.0.0.1')`;

interface Started {
  url: string;
  ms: number;
  stop(): Promise<void>;
}

async function spawnUntilHealthy(args: string[], env: Record<string, string>, healthPath: string): Promise<Started> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH!, ...env, PORT: String(port), STEWARD_PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    }
    const ok = await fetch(`${url}${healthPath}`).then(
      (r) => r.ok,
      () => false
    );
    if (ok) {
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    url,
    ms,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function throughput(url: string): Promise<{ rps: number; p50: number; p99: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const serverMain = join(REPO_ROOT, 'server/dist/main.js');
  if (!existsSync(serverMain)) {
    throw new Error('server/dist/main.js is missing: run `npm run build:server` first');
  }
  const prometheus = await startPrometheus();
  const data = tempDir('bench');
  const stewardEnv = {
    STEWARD_HOST: '127.0.0.1',
    STEWARD_GRAFANA_SECRET: TEST_SECRET,
    STEWARD_PROMETHEUS_URL: prometheus.url,
    STEWARD_LOG_LEVEL: 'warn',
  };
  try {
    // 1. Cold start, alternating the two so machine noise hits both alike.
    const steward: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = await spawnUntilHealthy(
        [serverMain],
        { ...stewardEnv, STEWARD_DATABASE_URL: `sqlite:${data.path}/cold-${i}.db` },
        '/healthz'
      );
      steward.push(s.ms);
      await s.stop();
      const b = await spawnUntilHealthy(['-e', BARE_SERVER], {}, '/');
      bare.push(b.ms);
      await b.stop();
    }

    // 2. Throughput of /healthz against the same-run baselines.
    const s = await spawnUntilHealthy(
      [serverMain],
      { ...stewardEnv, STEWARD_DATABASE_URL: `sqlite:${data.path}/rps.db` },
      '/healthz'
    );
    const b = await spawnUntilHealthy(['-e', BARE_SERVER], {}, '/');
    const stewardRps = await throughput(`${s.url}/healthz`);
    const bareRps = await throughput(`${b.url}/`);
    const promRps = await throughput(`${prometheus.url}/-/healthy`);
    await Promise.all([s.stop(), b.stop()]);

    const ratio = (a: number, base: number) => timeRatio(a, base, 2);
    console.log(
      `\nsteward-server baseline (node ${process.version}, ${RUNS} cold starts, ${DURATION}s × ${CONNECTIONS} connections per throughput run)\n`
    );
    console.log('cold start to first /healthz 200 (median of runs, ms)');
    console.log(
      `  steward-server (server/dist, SQLite migrate)  ${median(steward).toFixed(0).padStart(6)}   min ${Math.min(...steward).toFixed(0)}`
    );
    console.log(
      `  bare node http server (floor)                 ${median(bare).toFixed(0).padStart(6)}   min ${Math.min(...bare).toFixed(0)}`
    );
    console.log(`  ratio steward / bare node                     ${ratio(median(steward), median(bare)).padStart(6)}`);
    console.log('\n/healthz throughput (requests/s, latency p50/p99 ms)');
    const row = (name: string, r: { rps: number; p50: number; p99: number }) =>
      console.log(`  ${name.padEnd(44)} ${r.rps.toFixed(0).padStart(7)}   p50 ${r.p50}  p99 ${r.p99}`);
    row('steward-server /healthz', stewardRps);
    row('bare node http server', bareRps);
    row('Prometheus 2.x /-/healthy', promRps);
    console.log(`  ratio steward / bare node                    ${ratio(stewardRps.rps, bareRps.rps).padStart(7)}`);
    console.log(`  ratio steward / Prometheus                   ${ratio(stewardRps.rps, promRps.rps).padStart(7)}`);
  } finally {
    await prometheus.stop();
    data.remove();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
