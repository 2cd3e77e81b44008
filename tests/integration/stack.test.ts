import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkload } from '../../examples/workload/workload.js';
import { eventually } from '../harness/eventually.js';
import { freeStackPorts, runStack } from '../harness/stack.js';
import { REPO_ROOT } from '../harness/steward.js';
import { tempDir } from '../harness/temp-dir.js';

const state = tempDir('stack');
afterAll(() => state.remove());

describe('npm run stack', () => {
  it('brings up Prometheus, Alertmanager and steward-server on loopback, wired together, and stops on Ctrl-C', async () => {
    const ports = await freeStackPorts();
    // A day of demo history is enough here (the default 35 take a minute or two), or two when the
    // last day holds no deploy (routine deploys fall on weekdays): the story's anchor is chosen
    // here and handed to the workload, so the test knows which.
    const anchor = Math.floor(Date.now() / 60_000) * 60;
    const story = createWorkload(join(REPO_ROOT, 'examples/catalog'), anchor, 0).story;
    const historyDays = story.historyDaysHolding(1, 1);
    const stack = await runStack({
      dir: state.path,
      ports,
      env: { WORKLOAD_HISTORY_DAYS: String(historyDays), WORKLOAD_ANCHOR: String(anchor) },
    });
    try {
      const ready = await fetch(`http://127.0.0.1:${ports.steward}/readyz`);
      expect(ready.status).toBe(200);
      expect((await (await fetch(`http://127.0.0.1:${ports.alertmanager}/-/ready`)).text()).trim()).toBe('OK');
      // Prometheus scrapes steward-server's /metrics.
      const up = await eventually(
        'Prometheus to scrape steward-server',
        async () => {
          const r = await (
            await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/query?query=up{job="steward"}`)
          ).json();
          return r.data.result[0]?.value[1] === '1' ? r.data.result[0] : undefined;
        },
        { timeoutMs: 45_000 }
      );
      expect(up.metric.instance).toBe(`127.0.0.1:${ports.steward}`);
      // Prometheus knows its Alertmanager (its discovery runs on its own after start: wait for it).
      const am = await eventually(
        'Prometheus to discover its Alertmanager',
        async () => {
          const r = await (await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/alertmanagers`)).json();
          return r.data.activeAlertmanagers[0] as { url: string } | undefined;
        },
        { timeoutMs: 45_000 }
      );
      expect(am.url).toContain(`127.0.0.1:${ports.alertmanager}`);

      const secret = readFileSync(join(state.path, 'grafana-secret'), 'utf8').trim();
      const status = await fetch(`http://127.0.0.1:${ports.steward}/api/v1/status`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect((await status.json()).prometheus.ok).toBe(true);
      // The demo catalog is loaded, and Prometheus has the ownership info series from it.
      const services = await fetch(`http://127.0.0.1:${ports.steward}/api/v1/services?limit=1`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect((await services.json()).totalItems).toBe(40);
      const owners = await eventually(
        'the owner info series in Prometheus',
        async () => {
          const r = await (
            await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/query?query=count(steward_service_owner_info)`)
          ).json();
          return r.data.result[0]?.value[1];
        },
        { timeoutMs: 45_000 }
      );
      expect(owners).toBe('40');
      // Alertmanager runs the routing tree steward-server generated: one route per owning team.
      const routes = await eventually(
        'Alertmanager to load the generated routes',
        async () => {
          const r = await (await fetch(`http://127.0.0.1:${ports.alertmanager}/api/v2/status`)).json();
          return r.config.original.includes('steward-team-checkout') ? r.config.original : undefined;
        },
        { timeoutMs: 45_000 }
      );
      expect(routes).toContain('team="payments"');
      expect(routes).toContain('receiver: default'); // the operator's base config is kept

      // The demo workload: its history went in before steward-server started, Prometheus
      // scrapes it, and its deploys reached steward-server.
      expect(stack.output()).toMatch(
        /demo workload +http:\/\/127\.0\.0\.1:\d+\/metrics +\(40 services, \d+ series; history: [\d.]+ M samples/
      );
      const workload = await eventually(
        'Prometheus to scrape the workload',
        async () => {
          const r = await (
            await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/query?query=up{job="workload"}`)
          ).json();
          return r.data.result[0]?.value[1] === '1' ? r.data.result[0] : undefined;
        },
        { timeoutMs: 45_000 }
      );
      expect(workload.metric.instance).toBe(`127.0.0.1:${ports.workload}`);
      const deploys = await fetch(`http://127.0.0.1:${ports.steward}/api/v1/events?limit=1000`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      const stored = ((await deploys.json()).items as Array<{ service: string; kind: string; occurredAt: string }>).map(
        (e) => `${e.service} ${e.kind} ${Date.parse(e.occurredAt) / 1000}`
      );
      const due = story.events(anchor - historyDays * 86_400, anchor).map((e) => `${e.service} ${e.kind} ${e.at}`);
      expect(due.length).toBeGreaterThan(0);
      expect(stored).toEqual(expect.arrayContaining(due));
    } finally {
      await stack.interrupt(); // npm itself reports the signal; what matters is what follows
    }
    expect(stack.output()).toContain('stopping the Steward stack');
    expect(existsSync(join(state.path, 'steward.db'))).toBe(true);
    expect(existsSync(join(state.path, 'prometheus'))).toBe(true);
    expect(existsSync(join(state.path, 'workload-state.json'))).toBe(true);
    for (const port of Object.values(ports)) {
      await eventually(
        `port ${port} to close`,
        async () =>
          (await fetch(`http://127.0.0.1:${port}/`).then(
            () => false,
            () => true
          ))
            ? true
            : undefined,
        { timeoutMs: 15_000 }
      );
    }
    // Bounded by its parts (the stack's start and each readiness wait), not by vitest's minute:
    // on a busy machine the start alone can take most of one.
  }, 360_000);
});
