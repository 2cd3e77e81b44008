/**
 * bench/registry.ts — the ownership registry at 50,000 services and 5,000 teams.
 *
 * Prints, in one run, for SQLite and (if PostgreSQL is installed) PostgreSQL:
 *   - import time of the catalog folder: server-measured reload time and spawn-to-ready time,
 *     against a raw bulk INSERT of the same rows into SQLite (better-sqlite3, one transaction);
 *   - p50 / p95 of filtered catalog pages through the HTTP API (with facets), against /healthz
 *     on the same server in the same run;
 *   - the server's resident memory after import and queries, against an empty server.
 *
 * Usage: npm run build:server && npx tsx bench/registry.ts   (BENCH_SERVICES, BENCH_TEAMS, BENCH_QUERIES)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { freePort } from '../tests/harness/ports.js';
import { startPostgres } from '../tests/harness/postgres.js';
import { startPrometheus } from '../tests/harness/prometheus.js';
import { REPO_ROOT, TEST_SECRET } from '../tests/harness/steward.js';
import { tempDir } from '../tests/harness/temp-dir.js';
import { timeRatio } from './load-guard.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 50_000);
const TEAMS = Number(process.env.BENCH_TEAMS ?? 5_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const PER_FILE = 1_000;
const TIERS = ['tier-1', 'tier-2', 'tier-3', 'tier-4'];
const LIFECYCLES = ['production', 'production', 'production', 'experimental', 'deprecated'];

/** 10 business units → 49 orgs each → teams below them: a realistic, deep-enough hierarchy. */
export function generateCatalog(dir: string): { teams: string[]; roots: string[]; services: number } {
  mkdirSync(join(dir, 'teams'), { recursive: true });
  mkdirSync(join(dir, 'services'), { recursive: true });
  const teams: Array<{ name: string; parent?: string }> = [];
  const roots = Array.from({ length: 10 }, (_, i) => `bu-${i}`);
  roots.forEach((name) => teams.push({ name }));
  const orgs: string[] = [];
  for (let i = 0; teams.length < Math.min(TEAMS, 500); i++) {
    const name = `org-${i}`;
    orgs.push(name);
    teams.push({ name, parent: roots[i % roots.length] });
  }
  for (let i = 0; teams.length < TEAMS; i++) {
    teams.push({ name: `team-${i}`, parent: orgs[i % orgs.length] });
  }
  const teamDoc = (t: { name: string; parent?: string }, i: number) =>
    [
      'apiVersion: steward.dev/v1',
      'kind: Team',
      'metadata:',
      `  name: ${t.name}`,
      `  title: Team ${t.name}`,
      'spec:',
      ...(t.parent ? [`  parent: ${t.parent}`] : []),
      '  members:',
      `    - login: user-${i}`,
      `    - login: user-${i + 1}`,
      ...(i % 3 === 0
        ? []
        : [
            '  onCall:',
            '    rotation:',
            `      members: [user-${i}, user-${i + 1}]`,
            '      start: 2026-01-05T09:00:00Z',
            '      shift: 7d',
          ]),
    ].join('\n');
  for (let f = 0; f * PER_FILE < teams.length; f++) {
    const docs = teams.slice(f * PER_FILE, (f + 1) * PER_FILE).map((t, i) => teamDoc(t, f * PER_FILE + i));
    writeFileSync(join(dir, 'teams', `teams-${f}.yaml`), docs.join('\n---\n'));
  }
  const leaves = teams.filter((t) => t.name.startsWith('team-')).map((t) => t.name);
  for (let f = 0; f * PER_FILE < SERVICES; f++) {
    const docs: string[] = [];
    for (let i = f * PER_FILE; i < Math.min(SERVICES, (f + 1) * PER_FILE); i++) {
      docs.push(
        [
          'apiVersion: steward.dev/v1',
          'kind: Service',
          'metadata:',
          `  name: svc-${i}`,
          `  title: Service ${i} ${['checkout', 'search', 'billing', 'ledger', 'gateway'][i % 5]}`,
          `  description: Handles ${['orders', 'queries', 'invoices', 'payments', 'traffic'][i % 5]} for unit ${i % 97}.`,
          'spec:',
          // Multiplicative hashing spreads owners, tiers and lifecycles independently of each other.
          `  owner: ${leaves[(i * 7919) % leaves.length]}`,
          `  tier: ${TIERS[Math.floor(i / 3) % 4]}`,
          `  lifecycle: ${LIFECYCLES[(i * 31) % 5]}`,
          `  system: system-${i % 200}`,
          `  dependsOn: [svc-${(i + 1) % SERVICES}, svc-${(i + 7) % SERVICES}]`,
          '  runbooks:',
          `    - url: https://runbooks.example.com/svc-${i}`,
          `      lastReviewed: 2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
          `  repo: https://git.example.com/svc-${i}`,
        ].join('\n')
      );
    }
    writeFileSync(join(dir, 'services', `services-${f}.yaml`), docs.join('\n---\n'));
  }
  return { teams: teams.map((t) => t.name), roots, services: SERVICES };
}

/** The floor for import: the same number of rows, bulk-inserted straight into SQLite. */
function rawSqliteInsert(dir: string, rows: number): number {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'create table entities (kind text, name text, title text, owner text, tier text, body text, primary key (kind, name))'
  );
  const insert = db.prepare('insert into entities values (?, ?, ?, ?, ?, ?)');
  const started = performance.now();
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      insert.run(
        'Service',
        `svc-${i}`,
        `Service ${i}`,
        `team-${i % 4000}`,
        TIERS[i % 4],
        JSON.stringify({ name: `svc-${i}`, spec: { owner: `team-${i % 4000}` } })
      );
    }
  })();
  const ms = performance.now() - started;
  db.close();
  return ms;
}

interface Server {
  url: string;
  pid: number;
  readyMs: number;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'server/dist/main.js')], {
    env: {
      PATH: process.env.PATH!,
      STEWARD_HOST: '127.0.0.1',
      STEWARD_PORT: String(port),
      STEWARD_GRAFANA_SECRET: TEST_SECRET,
      STEWARD_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  while (
    !(await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false
    ))
  ) {
    if (child.exitCode !== null) {
      throw new Error(`steward-server exited with ${child.exitCode}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url,
    pid: child.pid!,
    readyMs: performance.now() - started,
    stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))),
  };
}

const api = (server: Server, path: string) =>
  fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TEST_SECRET}` } });
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** The filtered pages the Catalog page asks for; every answer carries facet counts too. */
const QUERY_KINDS: Array<{ label: string; path: (i: number, c: ReturnType<typeof generateCatalog>) => string }> = [
  {
    label: 'business unit and sub-teams (~5,000 services) + tier',
    path: (i, c) => `/api/v1/services?team=${c.roots[i % c.roots.length]}&tier=tier-1&limit=50`,
  },
  { label: 'one org and its teams (~100 services)', path: (i) => `/api/v1/services?team=org-${i % 490}&limit=50` },
  { label: 'two-word search', path: (i) => `/api/v1/services?q=ledger%20${i % 97}&limit=50` },
  {
    label: 'lifecycle + system',
    path: (i) => `/api/v1/services?lifecycle=production&system=system-${i % 200}&limit=50`,
  },
];

async function latencies(server: Server, paths: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const path of paths) {
    const started = performance.now();
    const response = await api(server, path);
    await response.arrayBuffer();
    if (!response.ok) {
      throw new Error(`${path}: HTTP ${response.status}`);
    }
    out.push(performance.now() - started);
  }
  return out;
}

async function benchDialect(
  label: string,
  databaseUrl: string,
  catalogDir: string,
  prometheusUrl: string,
  catalog: ReturnType<typeof generateCatalog>
) {
  const server = await startServer({
    STEWARD_DATABASE_URL: databaseUrl,
    STEWARD_PROMETHEUS_URL: prometheusUrl,
    STEWARD_CATALOG_DIR: catalogDir,
  });
  try {
    const status = await (await api(server, '/api/v1/catalog/status')).json();
    const total = (await (await api(server, '/api/v1/services?limit=1')).json()).totalItems;
    if (total !== catalog.services) {
      throw new Error(`imported ${total} services, expected ${catalog.services}`);
    }
    const rssAfterImport = rssMb(server.pid);
    // Filtered catalog pages as the Catalog page asks them: a team with its sub-teams, a tier, a
    // search, a lifecycle; each answer includes facet counts for the filter.
    const paths = Array.from({ length: QUERIES }, (_, i) => QUERY_KINDS[i % QUERY_KINDS.length]!.path(i, catalog));
    await latencies(server, paths.slice(0, 20)); // warm up
    const pages = await latencies(server, paths);
    const byKind = QUERY_KINDS.map((kind, k) => ({
      label: kind.label,
      ms: pages.filter((_, i) => i % QUERY_KINDS.length === k),
    }));
    const health = await latencies(
      server,
      paths.map(() => '/healthz')
    );
    return {
      label,
      reloadMs: status.lastReload.durationMs as number,
      readyMs: server.readyMs,
      pages,
      byKind,
      health,
      rssAfterImport,
      rssAfterQueries: rssMb(server.pid),
    };
  } finally {
    await server.stop();
  }
}

async function main() {
  if (!existsSync(join(REPO_ROOT, 'server/dist/main.js'))) {
    throw new Error('server/dist/main.js is missing: run `npm run build:server` first');
  }
  const work = tempDir('bench-registry');
  const prometheus = await startPrometheus();
  const postgres = existsSync('/usr/lib/postgresql') ? await startPostgres() : undefined;
  try {
    const generated = performance.now();
    const catalogDir = join(work.path, 'catalog');
    const catalog = generateCatalog(catalogDir);
    console.log(
      `generated ${catalog.services} services and ${catalog.teams.length} teams in ${((performance.now() - generated) / 1000).toFixed(1)} s`
    );

    const empty = await startServer({
      STEWARD_DATABASE_URL: `sqlite:${work.path}/empty.db`,
      STEWARD_PROMETHEUS_URL: prometheus.url,
    });
    const emptyRss = rssMb(empty.pid);
    await empty.stop();
    const rawMs = rawSqliteInsert(work.path, catalog.services + catalog.teams.length);

    const results = [
      await benchDialect('SQLite', `sqlite:${work.path}/steward.db`, catalogDir, prometheus.url, catalog),
    ];
    if (postgres) {
      results.push(
        await benchDialect('PostgreSQL', await postgres.createDatabase('bench'), catalogDir, prometheus.url, catalog)
      );
    }

    console.log(
      `\nregistry at ${catalog.services} services, ${catalog.teams.length} teams (node ${process.version})\n`
    );
    console.log(
      `raw bulk INSERT of ${catalog.services + catalog.teams.length} rows into SQLite (floor): ${(rawMs / 1000).toFixed(2)} s`
    );
    console.log(`empty steward-server resident memory (baseline): ${emptyRss.toFixed(0)} MB\n`);
    for (const r of results) {
      const p50 = pct(r.pages, 50);
      const p95 = pct(r.pages, 95);
      const h50 = pct(r.health, 50);
      console.log(`${r.label}`);
      console.log(
        `  import: catalog reload ${(r.reloadMs / 1000).toFixed(2)} s (${timeRatio(r.reloadMs, rawMs, 1)} the raw insert); spawn to ready ${(r.readyMs / 1000).toFixed(2)} s`
      );
      console.log(
        `  filtered catalog page with facets, ${r.pages.length} requests: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`
      );
      for (const kind of r.byKind) {
        console.log(
          `    ${kind.label.padEnd(56)} p50 ${pct(kind.ms, 50).toFixed(1).padStart(6)} ms  p95 ${pct(kind.ms, 95).toFixed(1).padStart(6)} ms`
        );
      }
      console.log(
        `  /healthz on the same server: p50 ${h50.toFixed(2)} ms → page p50 is ${timeRatio(p50, h50, 0)} /healthz`
      );
      console.log(
        `  resident memory: ${r.rssAfterImport.toFixed(0)} MB after import, ${r.rssAfterQueries.toFixed(0)} MB after queries (empty server ${emptyRss.toFixed(0)} MB)\n`
      );
    }
  } finally {
    await postgres?.stop();
    await prometheus.stop();
    work.remove();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error((error as Error).stack ?? error);
    process.exit(1);
  });
}
