import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEvent } from '@steward/contract/events';
import { startPostgres, type RunningPostgres } from '../harness/postgres.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

let prometheus: RunningPrometheus;
let postgres: RunningPostgres;
let sqliteDir: TempDir;

beforeAll(async () => {
  [prometheus, postgres] = await Promise.all([startPrometheus(), startPostgres()]);
  sqliteDir = tempDir('store-test');
});

afterAll(async () => {
  await Promise.all([prometheus?.stop(), postgres?.stop()]);
  sqliteDir?.remove();
});

const dialects = [
  { dialect: 'sqlite', databaseUrl: async (name: string) => `sqlite:${sqliteDir.path}/${name}.db` },
  { dialect: 'postgres', databaseUrl: (name: string) => postgres.createDatabase(name) },
] as const;

describe.each(dialects)('store on $dialect', ({ dialect, databaseUrl }) => {
  it('keeps recorded events across a server restart, in both dialects', async () => {
    const url = await databaseUrl(`restart_${dialect}`);
    const first = await startSteward({ prometheusUrl: prometheus.url, databaseUrl: url });
    const status = await (await first.api('/api/v1/status')).json();
    expect(status.store).toEqual({ dialect, ok: true });

    const recorded: ServiceEvent[] = [];
    for (const [i, service] of ['checkout', 'payments', 'checkout'].entries()) {
      // No catalog here: services no team owns take an Admin's word.
      const response = await first.api('/api/v1/events', {
        method: 'POST',
        user: 'alice',
        routeRole: 'Admin',
        json: {
          service,
          kind: 'deploy',
          title: `release ${i}`,
          version: `1.0.${i}`,
          occurredAt: `2026-11-0${i + 1}T10:00:00Z`,
        },
      });
      expect(response.status).toBe(201);
      recorded.push(await response.json());
    }
    expect(await first.stop()).toBe(0); // graceful shutdown on SIGTERM

    const second = await startSteward({ prometheusUrl: prometheus.url, databaseUrl: url });
    try {
      const all = await (await second.api('/api/v1/events')).json();
      expect(all.items).toEqual([...recorded].reverse());
      const checkout = await (await second.api('/api/v1/events?service=checkout&from=2026-11-02T00:00:00Z')).json();
      expect(checkout.items.map((e: ServiceEvent) => e.title)).toEqual(['release 2']);
      expect(recorded[0]).toMatchObject({
        recordedBy: 'alice',
        occurredAt: '2026-11-01T10:00:00.000Z',
        version: '1.0.0',
      });
    } finally {
      await second.stop();
    }
  });

  it('rejects a bad event naming each field, and stores nothing', async () => {
    const steward = await startSteward({
      prometheusUrl: prometheus.url,
      databaseUrl: await databaseUrl(`bad_${dialect}`),
    });
    try {
      const response = await steward.api('/api/v1/events', {
        method: 'POST',
        user: 'alice',
        routeRole: 'Editor',
        json: { service: 'bad name!', kind: 'party', title: '', colour: 'red' },
      });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe('bad_request');
      expect(body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'body.colour',
        'body.kind',
        'body.service',
        'body.title',
      ]);
      const list = await (await steward.api('/api/v1/events')).json();
      expect(list.items).toEqual([]);
    } finally {
      await steward.stop();
    }
  });
});
