import { test as base, type Page } from '@playwright/test';
import { environment, TEST_USERS, type BrowserEnvironment } from './environment.js';
import { NOT_TELEMETRY } from '../../server/src/conventions/metrics.js';

export { TEST_USERS };

export interface HostFixtures {
  env: BrowserEnvironment;
  /** Opens a path on the host page and fails the test on any uncaught page error. */
  openHost: (path: string) => Promise<void>;
  /** Switches the signed-in user the Grafana stand-in forwards (login and org role). */
  signInAs: (user: { login: string; role: 'Viewer' | 'Editor' | 'Admin' }) => Promise<void>;
  pluginRequests: string[];
  /** Asks steward-server directly (bypassing Grafana), with the shared secret. */
  serverJson: (path: string) => Promise<any>;
  saveScreenshot: (name: string) => Promise<string>;
}

export const test = base.extend<HostFixtures>({
  env: async ({}, use) => use(environment()),
  serverJson: async ({ env }, use) =>
    use(async (path: string) => {
      const response = await fetch(`${env.stewardUrl}${path}`, {
        headers: { authorization: `Bearer ${env.stewardSecret}` },
      });
      if (!response.ok) {
        throw new Error(`steward-server ${path}: HTTP ${response.status}`);
      }
      return response.json();
    }),
  pluginRequests: async ({ page }, use) => {
    const requests: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/public/plugins/')) {
        requests.push(path);
      }
    });
    await use(requests);
  },
  openHost: async ({ page, env }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(async (path: string) => {
      await page.goto(`${env.hostUrl}${path}`);
    });
    if (errors.length > 0) {
      throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
    }
  },
  signInAs: async ({ env }, use) => {
    await use(async (user) => {
      const response = await fetch(`${env.hostUrl}/__standin/user`, { method: 'POST', body: JSON.stringify(user) });
      if (!response.ok) {
        throw new Error(`cannot switch user: ${response.status}`);
      }
    });
    await fetch(`${env.hostUrl}/__standin/user`, { method: 'POST', body: JSON.stringify(TEST_USERS.admin) });
  },
  saveScreenshot: async ({ page, env }, use) => {
    await use(async (name: string) => {
      const path = `${env.screenshotDir}/${name}.png`;
      await page.screenshot({ path, fullPage: true });
      return path;
    });
  },
});

export const expect = test.expect;

export function panelUrl(spec: object, variables: Record<string, string | string[]> = {}): string {
  const params = new URLSearchParams({ panel: JSON.stringify(spec) });
  for (const [name, value] of Object.entries(variables)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      params.append(`var-${name}`, v);
    }
  }
  return `/host/panel?${params.toString()}`;
}

export async function textsOf(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).allInnerTexts();
}

/**
 * Series per `service` value that the inventory should show at `time` (seconds): exactly what the
 * inventory backfill wrote for the services only it writes, and Prometheus's own count at that
 * moment for the services the SLO traffic, the recording rules and the alerts add series to.
 */
export async function expectedInventory(env: BrowserEnvironment, time: number): Promise<Record<string, number>> {
  // Telemetry only: not Steward's own series (recorded SLO counts, owner info) nor alert states,
  // which carry the service label too.
  const query = new URLSearchParams({
    query: `count by (service) ({service!="", __name__!~"${NOT_TELEMETRY}"})`,
    time: String(time),
  });
  const response = await fetch(`${env.prometheusUrl}/api/v1/query?${query}`);
  const body = (await response.json()) as {
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  const held = Object.fromEntries(body.data.result.map((r) => [r.metric.service ?? '', Number(r.value[1])]));
  const expected: Record<string, number> = {};
  for (const [service, series] of Object.entries(env.seriesByService)) {
    if (!env.sloServices.includes(service)) {
      expected[service] = series;
    }
  }
  for (const service of env.sloServices) {
    if (held[service] !== undefined) {
      expected[service] = held[service];
    }
  }
  return expected;
}
