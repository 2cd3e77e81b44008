import { testIds } from '../test-ids.js';
import { expect, expectedInventory, test } from '../fixtures.js';

test.describe('app pages, loaded from dist/ as Grafana loads them', () => {
  test('the Overview page shows live server, store and Prometheus status, and the telemetry inventory', async ({
    page,
    env,
    serverJson,
    openHost,
    pluginRequests,
    saveScreenshot,
  }) => {
    const inventoryAnswer = page.waitForResponse((r) =>
      new URL(r.url()).pathname.endsWith('/api/v1/telemetry/inventory')
    );
    await openHost('/a/steward-ownership-app/home');
    await expect(page.getByTestId(testIds.home.container)).toBeVisible();

    // The page came from the built AMD module, through SystemJS, not from source.
    expect(pluginRequests).toContain('/public/plugins/steward-ownership-app/module.js');

    const server = await serverJson(`/api/v1/status`);
    await expect(page.getByTestId(testIds.home.serverStatus)).toContainText(`version ${server.version}`);
    await expect(page.getByTestId(testIds.home.serverStatus)).toContainText('signed in as admin');
    await expect(page.getByTestId(testIds.home.storeStatus)).toContainText('SQLite');
    await expect(page.getByTestId(testIds.home.prometheusStatus)).toContainText(`version ${server.prometheus.version}`);

    // Every row equals what the backfill wrote: value and series count (for the services the SLO
    // traffic and rules also write to, what Prometheus holds at the moment the inventory was taken).
    const expected = await expectedInventory(env, (await (await inventoryAnswer).json()).time);
    const table = page.getByTestId(testIds.home.inventory);
    await expect(table.locator('tbody tr')).toHaveCount(Object.keys(expected).length);
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
    const shown = Object.fromEntries(rows.map(([value, series]) => [value, Number(series)]));
    expect(shown).toEqual(expected);

    console.log(`plugin modules loaded from dist/: ${[...new Set(pluginRequests)].join(', ')}`);
    console.log(
      `Overview rows from steward-server ${env.stewardUrl} (Prometheus ${env.prometheusUrl}, backfilled): ${JSON.stringify(shown)}`
    );
    console.log(`screenshot: ${await saveScreenshot('app-overview')}`);
  });

  test('the Overview page explains an unreachable steward-server instead of going blank', async ({
    page,
    env,
    openHost,
  }) => {
    // Point the app at a port where nothing listens, as a wrong URL in the configuration would.
    await page.request.post(`${env.hostUrl}/api/plugins/steward-ownership-app/settings`, {
      data: { enabled: true, jsonData: { stewardUrl: 'http://127.0.0.1:9' } },
    });
    try {
      await openHost('/a/steward-ownership-app/home');
      await expect(page.getByTestId(testIds.home.error)).toContainText('steward-server is not reachable');
      await expect(page.getByTestId(testIds.home.error)).toContainText('Grafana could not reach steward-server');
    } finally {
      await page.request.post(`${env.hostUrl}/api/plugins/steward-ownership-app/settings`, {
        data: { enabled: true, jsonData: { stewardUrl: env.stewardUrl } },
      });
    }
  });

  test('the configuration page saves the URL and keeps the token on the server side', async ({
    page,
    env,
    openHost,
    saveScreenshot,
  }) => {
    const secretSeen: string[] = [];
    page.on('response', async (response) => {
      const body = await response.text().catch(() => '');
      if (body.includes(env.stewardSecret)) {
        secretSeen.push(response.url());
      }
    });
    await openHost('/plugins/steward-ownership-app');
    await expect(page.getByTestId(testIds.appConfig.url)).toHaveValue(env.stewardUrl);
    // The token is only reported as configured; its value never reaches the browser.
    await expect(page.getByTestId(testIds.appConfig.token)).toHaveValue('configured');
    await expect(page.getByTestId(testIds.appConfig.token)).toBeDisabled();
    console.log(`screenshot: ${await saveScreenshot('app-config')}`);

    await page.getByTestId(testIds.appConfig.url).fill(`${env.stewardUrl}/`);
    await Promise.all([page.waitForEvent('load'), page.getByTestId(testIds.appConfig.submit).click()]);
    await expect(page.getByTestId(testIds.appConfig.url)).toHaveValue(env.stewardUrl); // trailing slash dropped
    expect(secretSeen).toEqual([]);
    expect(await page.content()).not.toContain(env.stewardSecret);
  });
});
