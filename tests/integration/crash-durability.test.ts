import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../harness/postgres.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

let prometheus: RunningPrometheus;
let postgres: RunningPostgres;
let sqliteDir: TempDir;
beforeAll(async () => {
  [prometheus, postgres] = await Promise.all([startPrometheus(), startPostgres()]);
  sqliteDir = tempDir('crash');
});
afterAll(async () => {
  await Promise.all([prometheus?.stop(), postgres?.stop()]);
  sqliteDir?.remove();
});

const WRITERS = 8;

describe.each(['sqlite', 'postgres'] as const)('a crash during a burst of writes on %s', (dialect) => {
  it('loses no write that was acknowledged', async () => {
    const databaseUrl =
      dialect === 'sqlite' ? `sqlite:${sqliteDir.path}/crash.db` : await postgres.createDatabase('crash');
    const first = await startSteward({ prometheusUrl: prometheus.url, databaseUrl });
    const team = {
      apiVersion: 'steward.dev/v1',
      kind: 'Team',
      metadata: { name: 'burst' },
      spec: { members: [{ login: 'writer' }] },
    };
    expect(
      (await first.api('/api/v1/teams', { method: 'POST', json: team, user: 'root', routeRole: 'Admin' })).status
    ).toBe(201);

    const acknowledged: string[] = [];
    let failed = 0;
    let killed = false;
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const name = `svc-${w}-${i}`;
        try {
          const response = await first.api('/api/v1/services', {
            method: 'POST',
            user: 'writer',
            routeRole: 'Editor',
            json: {
              apiVersion: 'steward.dev/v1',
              kind: 'Service',
              metadata: { name },
              spec: { owner: 'burst', tier: 'tier-2' },
            },
          });
          if (response.status === 201) {
            acknowledged.push(name);
          }
        } catch {
          failed++; // the connection died with the server: not acknowledged
          return;
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    // Kill once the burst is well under way, while requests are in flight.
    while (acknowledged.length < 150) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await first.kill();
    killed = true;
    await Promise.all(writers);
    expect(failed).toBeGreaterThan(0);

    const second = await startSteward({ prometheusUrl: prometheus.url, databaseUrl });
    try {
      const stored = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await (await second.api(`/api/v1/services?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json();
        page.items.forEach((i: { entity: { metadata: { name: string } } }) => stored.add(i.entity.metadata.name));
        cursor = page.nextCursor;
      } while (cursor);
      const lost = acknowledged.filter((name) => !stored.has(name));
      console.log(
        `${dialect}: ${acknowledged.length} acknowledged, ${stored.size} stored, ${failed} cut off, ${lost.length} lost`
      );
      expect(lost).toEqual([]);
      // Every stored entry has its audit row: they were committed together.
      const audit = await (await second.api('/api/v1/audit?kind=Service&limit=500')).json();
      const audited = new Set(audit.items.map((e: { name: string }) => e.name));
      expect([...stored].filter((name) => !audited.has(name))).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});
