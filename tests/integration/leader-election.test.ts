import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_GROUPS } from '../../server/src/conventions/slo.js';
import { AdvisoryLeadership } from '../../server/src/store/leadership.js';
import { RemoteWriter } from '../../server/src/prometheus/remote-write.js';
import { freePort } from '../harness/ports.js';
import { startPostgres, type RunningPostgres } from '../harness/postgres.js';
import { firstScrapeOf, startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { postAsAdmin, startSteward, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';
import { availabilitySlo } from '../harness/slo-definitions.js';

/**
 * Two steward-servers on one PostgreSQL: one leads (writes catalog files into the store, rules,
 * Alertmanager routes and history), the other serves. The leader is SIGKILLed while it writes
 * rule files; the follower must take over within 15 s and finish the work — every rule file
 * complete and loaded, the routes of a team the dead leader never routed, every SLO's history
 * filled — without rewriting a file the first leader had finished.
 */
const FIRST = 30;
const ADDED = 90;
const GOOD_PER_SECOND = 20;
const BAD_PER_SECOND = 0.05;
const HISTORY_SECONDS = 86_400;
/** Scrapes missed in the history: with the jitter, samples 46 ± ¼ minutes apart, under the hour's lookback. */
const GAP_SECONDS = 45 * 60;
/** The exporter restarted half-way through the history: its counters start again from 0. */
let resetAt = Infinity;
const counter = (perSecond: number) => (t: number) => {
  const total = (x: number) => Math.floor(x * perSecond);
  return t >= resetAt ? total(t) - total(resetAt) : total(t);
};
const good = counter(GOOD_PER_SECOND);
const bad = counter(BAD_PER_SECOND);
const CODES = { '200': good, '500': bad } as const;

const serviceName = (team: string, i: number) => `${team}-svc-${String(i).padStart(3, '0')}`;

/** A catalog file: a team, its services, and one availability SLO per service. */
function teamFile(team: string, count: number): string {
  const docs: object[] = [
    {
      apiVersion: 'steward.dev/v1',
      kind: 'Team',
      metadata: { name: team },
      spec: { members: [{ login: `${team}-lead` }] },
    },
  ];
  for (let i = 0; i < count; i++) {
    const service = serviceName(team, i);
    docs.push(
      { apiVersion: 'steward.dev/v1', kind: 'Service', metadata: { name: service }, spec: { owner: team } },
      availabilitySlo({ name: `${service}-availability`, service, metric: 'lead_requests_total', target: 99 })
    );
  }
  return docs.map((d) => stringify(d)).join('---\n');
}

const services = [
  ...Array.from({ length: FIRST }, (_, i) => serviceName('alpha', i)),
  ...Array.from({ length: ADDED }, (_, i) => serviceName('beta', i)),
];

interface EngineAnswer {
  leadership: { mode: string; role: 'leader' | 'follower'; since: string };
  sync: { role: string; slos: number; awaitingLeader?: number; rules?: { written: string[]; error?: string } } | null;
  revisions: Array<{ slo: string; historyState: string; burnAlertsHeld: boolean }>;
}

let target: Server;
let postgres: RunningPostgres;
let prometheus: RunningPrometheus;
let dirs: { data: TempDir; rules: TempDir; catalog: TempDir; alertmanager: TempDir };
let first: RunningSteward;
let second: RunningSteward;
/** Per code, the events the written history holds (reset-aware) and its last value. */
let history: Record<keyof typeof CODES, { events: number; last: number }>;
/** The first leader's settled rule files, before the second server starts. */
let inodes: Map<string, number>;

/** Retries `check` (assertions) until it passes, then returns its value; fails with its last error. */
async function until<T>(check: () => Promise<T>, timeoutMs: number, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const engine = async (server: RunningSteward) =>
  (await (await server.api('/api/v1/slo-engine')).json()) as EngineAnswer;
const ruleFiles = () => readdirSync(dirs.rules.path).filter((name) => name.startsWith(RULE_GROUPS.filePrefix));

beforeAll(async () => {
  target = createServer((_, response) => {
    const t = Date.now() / 1000;
    response.setHeader('content-type', 'text/plain; version=0.0.4');
    response.end(
      '# TYPE lead_requests_total counter\n' +
        services
          .map(
            (service) =>
              `lead_requests_total{service="${service}",code="200"} ${good(t)}\nlead_requests_total{service="${service}",code="500"} ${bad(t)}\n`
          )
          .join('')
    );
  });
  const port = await freePort();
  await new Promise<void>((resolve) => target.listen(port, '127.0.0.1', resolve));
  dirs = {
    data: tempDir('leader-tsdb'),
    rules: tempDir('leader-rules'),
    catalog: tempDir('leader-catalog'),
    alertmanager: tempDir('leader-am'),
  };
  [postgres, prometheus] = await Promise.all([
    startPostgres(),
    startPrometheus({
      dataDir: dirs.data.path,
      rulesDir: dirs.rules.path,
      outOfOrderWindow: '40d',
      scrape: [{ job: 'lead', targets: [`127.0.0.1:${port}`], scrapeInterval: '15s' }],
    }),
  ]);
  // A day of the counters before the first scrape, so history has something to fill: scraped
  // every 60 s with up to 7 s of jitter, 45 minutes missing (within the hour a missed stretch
  // keeps its count: README, Limits), and a restart half-way.
  const firstScrape = await firstScrapeOf(prometheus, 'lead_requests_total');
  const start = firstScrape - HISTORY_SECONDS;
  resetAt = start + HISTORY_SECONDS / 2 + 13;
  const times: number[] = [];
  for (let i = 0, t = start; t < firstScrape - 10; i++, t += 60) {
    if (t < start + 6 * 3600 || t >= start + 6 * 3600 + GAP_SECONDS) {
      times.push(t + Math.round(7 * Math.sin(i * 12.9898)));
    }
  }
  history = Object.fromEntries(
    Object.entries(CODES).map(([code, value]) => {
      const values = times.map(value);
      const events = values.slice(1).reduce((sum, v, i) => sum + (v >= values[i]! ? v - values[i]! : v), 0);
      return [code, { events, last: values[values.length - 1]! }];
    })
  ) as typeof history;
  const writer = new RemoteWriter({ url: `${prometheus.url}/api/v1/write`, timeoutMs: 60_000 });
  for (const service of services) {
    await writer.write(
      (['200', '500'] as const).map((code) => ({
        labels: { __name__: 'lead_requests_total', service, code, job: 'lead', instance: `127.0.0.1:${port}` },
        samples: times.map((t) => [t, CODES[code](t)] as [number, number]),
      }))
    );
  }
  writeFileSync(join(dirs.catalog.path, 'alpha.yaml'), teamFile('alpha', FIRST));
  const databaseUrl = await postgres.createDatabase('leaders');
  const options = {
    prometheusUrl: prometheus.url,
    databaseUrl,
    env: {
      STEWARD_CATALOG_DIR: dirs.catalog.path,
      STEWARD_CATALOG_POLL_SECONDS: '2',
      STEWARD_RULES_DIR: dirs.rules.path,
      STEWARD_ALERTMANAGER_CONFIG_FILE: join(dirs.alertmanager.path, 'alertmanager.yml'),
      STEWARD_STATUS_CACHE_SECONDS: '0',
    },
  };
  first = await startSteward(options);
  // Until histories are filled and joined to live recording, rule files change (burn-rate alerts
  // are released): wait for the leader's files to settle.
  await until(
    async () => {
      const state = await engine(first);
      expect(state.leadership.role).toBe('leader');
      expect(state.sync?.slos).toBe(FIRST);
      expect(state.revisions.filter((r) => r.burnAlertsHeld)).toEqual([]);
    },
    180_000,
    1000
  );
  inodes = new Map(ruleFiles().map((name) => [name, statSync(join(dirs.rules.path, name)).ino]));
  second = await startSteward(options);
}, 300_000);

afterAll(async () => {
  await Promise.all([first?.kill(), second?.stop()]);
  await Promise.all([prometheus?.stop(), postgres?.stop()]);
  target?.close();
  for (const dir of Object.values(dirs ?? {})) {
    dir.remove();
  }
});

describe('two steward-servers on one PostgreSQL', () => {
  it(
    'one leads and one follows; SIGKILLed while writing rules, the leader is replaced within 15 s and nothing is written twice or lost',
    async () => {
      // The follower serves the leader's SLOs and writes nothing (the leader has nothing to write).
      expect(inodes.size).toBe(FIRST);
      await until(async () => {
        const state = await engine(second);
        expect(state.leadership).toMatchObject({ mode: 'elected', role: 'follower' });
        expect(state.sync).toMatchObject({ role: 'follower', slos: FIRST });
        expect(state.sync?.rules).toBeUndefined();
      }, 60_000);
      expect(await readyRole(second)).toBe('follower');
      expect(await leaderGauge(second)).toBe(0);
      expect(await leaderGauge(first)).toBe(1);

      // A second team arrives in the catalog; kill the leader as its first new rule file lands.
      let killedAt = 0;
      let presentAtKill = new Map<string, number>();
      const killed = new Promise<void>((resolve) => {
        const watcher = watch(dirs.rules.path, (_, name) => {
          if (killedAt === 0 && name?.startsWith('steward-') && name.includes('beta-svc')) {
            killedAt = Date.now();
            watcher.close();
            first.process.child.kill('SIGKILL');
            // Files as the kill left them: these were finished (renamed into place) and must stay.
            presentAtKill = new Map(ruleFiles().map((file) => [file, statSync(join(dirs.rules.path, file)).ino]));
            resolve();
          }
        });
      });
      writeFileSync(join(dirs.catalog.path, 'beta.yaml'), teamFile('beta', ADDED));
      await killed;
      await first.process.exited;
      const betaAtKill = [...presentAtKill.keys()].filter((name) => name.includes('beta-svc')).length;
      console.log(`killed the leader with ${betaAtKill} of ${ADDED} new rule files written`);
      expect(betaAtKill, 'the leader was killed after it had written every file').toBeLessThan(ADDED);
      const routesAtKill = readFileSync(join(dirs.alertmanager.path, 'alertmanager.yml'), 'utf8');
      expect(routesAtKill).not.toContain('beta');

      // The follower takes over within 15 s.
      const takeover = await until(
        async () => {
          const state = await engine(second);
          expect(state.leadership.role).toBe('leader');
          return Date.parse(state.leadership.since) - killedAt;
        },
        30_000,
        250
      );
      console.log(`follower took over ${(takeover / 1000).toFixed(1)} s after the kill`);
      expect(takeover).toBeLessThan(15_000);

      // …and finishes the work: every rule file, complete, loaded; the new team's routes.
      await until(async () => {
        const state = await engine(second);
        expect(state.sync).toMatchObject({ role: 'leader', slos: FIRST + ADDED });
        expect(state.sync?.rules?.error).toBeUndefined();
        expect(ruleFiles()).toHaveLength(FIRST + ADDED);
      }, 120_000);
      expect(readdirSync(dirs.rules.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      execFileSync('promtool', ['check', 'rules', ...ruleFiles().map((name) => join(dirs.rules.path, name))], {
        stdio: 'pipe',
      });
      // Files finished before the kill are the very files: not written again.
      const unchanged = () => {
        for (const [name, ino] of [...inodes, ...presentAtKill]) {
          expect(statSync(join(dirs.rules.path, name)).ino, `${name} was rewritten`).toBe(ino);
        }
      };
      unchanged(); // the new leader's first delivery wrote the missing files alone
      await until(async () => {
        expect([...(await loadedFiles())].sort()).toEqual(ruleFiles().sort());
      }, 60_000);
      expect(readFileSync(join(dirs.alertmanager.path, 'alertmanager.yml'), 'utf8')).toContain('team="beta"');

      // Every SLO's history filled, including those the dead leader never started.
      await until(
        async () => {
          const state = await engine(second);
          expect(state.revisions).toHaveLength(FIRST + ADDED);
          expect(state.revisions.filter((r) => r.historyState !== 'filled').map((r) => r.slo)).toEqual([]);
        },
        300_000,
        2000
      );

      // No history gap: each SLO's 7-day window counts every event since the history began,
      // as the raw counters say, on the new leader; a third server (a follower) answers the same.
      const at = Math.floor(Date.now() / 1000) - 60;
      const truth = await truthAt(at);
      const rows = await statusRows(second, at);
      expect(rows).toHaveLength(FIRST + ADDED);
      for (const row of rows) {
        expect(row.source, row.slo).toBe('recorded');
        expect(row.events, row.slo).toEqual(truth.get(row.slo));
      }
      const third = await startSteward({ prometheusUrl: prometheus.url, databaseUrl: second.databaseUrl });
      try {
        await until(async () => {
          const state = await engine(third);
          expect(state.leadership.role).toBe('follower');
          expect(state.sync).toMatchObject({ role: 'follower', slos: FIRST + ADDED });
        }, 60_000);
        expect(await statusRows(third, at)).toEqual(rows);

        // An SLO created through a follower is the leader's to deliver.
        const created = await postAsAdmin(
          third,
          '/api/v1/slos',
          availabilitySlo({
            name: 'alpha-svc-000-errors',
            service: 'alpha-svc-000',
            metric: 'lead_requests_total',
            target: 99.9,
          })
        );
        expect(created.status).toBe(201);
        await until(async () => expect(ruleFiles()).toContain(RULE_GROUPS.file('alpha-svc-000-errors')), 30_000);
        await until(async () => {
          expect((await engine(third)).sync).toMatchObject({ role: 'follower', slos: FIRST + ADDED + 1 });
        }, 30_000);
      } finally {
        await third.stop();
      }
    },
    12 * 60_000
  );
});

async function readyRole(server: RunningSteward): Promise<string> {
  const body = (await (await fetch(`${server.url}/readyz`)).json()) as { leadership: { role: string } };
  return body.leadership.role;
}

async function leaderGauge(server: RunningSteward): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('steward_leader '));
  return Number(line?.split(' ')[1]);
}

/** The rule files Prometheus evaluates now, healthy. */
async function loadedFiles(): Promise<Set<string>> {
  const answer = (await (await fetch(`${prometheus.url}/api/v1/rules?type=record`)).json()) as {
    data: { groups: Array<{ file: string; rules: Array<{ health: string }> }> };
  };
  const slos = new Set<string>();
  for (const group of answer.data.groups) {
    expect(group.rules.every((rule) => rule.health !== 'err')).toBe(true);
    slos.add(group.file.slice(group.file.lastIndexOf('/') + 1));
  }
  return slos;
}

interface StatusRow {
  slo: string;
  events: { bad: number; total: number };
  history: { source: string };
  budgetRemaining: number;
}

type ShownRow = Omit<StatusRow, 'history'> & { source: string };

/** What a row says about the numbers (where the history stands moves on between two reads). */
async function statusRows(server: RunningSteward, at: number): Promise<ShownRow[]> {
  const answer = (await (await server.api(`/api/v1/slo-status?at=${at}`)).json()) as { rows: StatusRow[] };
  return answer.rows
    .map(({ slo, events, history, budgetRemaining }) => ({ slo, events, source: history.source, budgetRemaining }))
    .sort((a, b) => a.slo.localeCompare(b.slo));
}

/**
 * Each SLO's events from the history's first sample to the last sample at or before `at`: what
 * the written history holds, then what the scrapes added since its last sample.
 */
async function truthAt(at: number): Promise<Map<string, { bad: number; total: number }>> {
  const query = `last_over_time(lead_requests_total[5m])`;
  const answer = (await (
    await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}&time=${at}`)
  ).json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  const truth = new Map<string, { bad: number; total: number }>();
  for (const { metric, value } of answer.data.result) {
    const slo = `${metric.service}-availability`;
    const written = history[metric.code as keyof typeof CODES];
    const counted = written.events + Number(value[1]) - written.last;
    const entry = truth.get(slo) ?? { bad: 0, total: 0 };
    entry.total += counted;
    if (metric.code === '500') {
      entry.bad += counted;
    }
    truth.set(slo, entry);
  }
  return truth;
}

describe('leader election on its own', () => {
  it('a leader whose database session ends steps down at once, and another takes the lock', async () => {
    const url = await postgres.createDatabase('election');
    const [a, b] = [new AdvisoryLeadership({ url, pollMs: 200 }), new AdvisoryLeadership({ url, pollMs: 200 })];
    const roles: string[] = [];
    a.onChange((role) => roles.push(`a:${role}`));
    b.onChange((role) => roles.push(`b:${role}`));
    try {
      await a.start();
      await b.start();
      expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
      // An operator (or a network fault) ends the leader's session.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        // The session holding the advisory lock in this database is the leader's.
        await admin.query(
          `select pg_terminate_backend(pid) from pg_locks
            where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`
        );
      } finally {
        await admin.end();
      }
      // It steps down; whoever tries first then holds the free lock (one of them, never both).
      await until(async () => expect(roles).toContain('a:follower'), 10_000, 50);
      await until(async () => expect(a.isLeader() !== b.isLeader()).toBe(true), 10_000, 50);
      // A graceful stop hands over at once.
      const [leader, other] = a.isLeader() ? [a, b] : [b, a];
      await leader.stop();
      await until(async () => expect(other.isLeader()).toBe(true), 10_000, 50);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
