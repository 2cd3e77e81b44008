import { testIds } from '../test-ids.js';
import { expect, expectedInventory, panelUrl, test } from '../fixtures.js';

const inventoryPanel = (datasource: string, now = Date.now()) => {
  return {
    pluginPath: 'panels/slo',
    datasource,
    targets: [{ refId: 'A', queryType: 'telemetryInventory', label: '$label' }],
    options: { mode: 'grid', minCellWidth: 180 },
    fieldConfig: {
      defaults: {
        thresholds: {
          mode: 'absolute',
          steps: [
            { value: -Infinity, color: 'red' },
            { value: 2, color: 'green' },
          ],
        },
      },
      overrides: [],
    },
    from: now - 3600_000,
    to: now,
    width: 900,
    height: 260,
  };
};

test.describe('datasource and panel, loaded from dist/', () => {
  test('the datasource health check reaches steward-server and Prometheus through the datasource proxy', async ({
    page,
    env,
    serverJson,
    openHost,
    pluginRequests,
  }) => {
    await openHost('/host/panel?panel={}');
    const result = await page.evaluate(() => window.stewardHost.testDatasource('steward'));
    const server = await serverJson(`/api/v1/status`);
    expect(result).toEqual({
      status: 'success',
      message: `steward-server ${server.version} is reachable; sqlite store and Prometheus ${server.prometheus.version} are healthy`,
    });
    expect(pluginRequests).toContain('/public/plugins/steward-ownership-app/datasource/module.js');

    const broken = await page.evaluate(() => window.stewardHost.testDatasource('steward-no-prometheus'));
    expect(broken).toMatchObject({ status: 'error' });
    expect((broken as { message: string }).message).toContain('Prometheus: cannot reach Prometheus');
  });

  test('the SLO panel draws one cell per service with the server’s numbers, coloured by thresholds', async ({
    page,
    env,
    serverJson,
    openHost,
    pluginRequests,
    saveScreenshot,
  }) => {
    // The panel asks for the inventory at the end of its time range.
    const now = Date.now();
    const expected = await expectedInventory(env, now / 1000);
    await openHost(panelUrl(inventoryPanel('steward', now), { label: 'service' }));
    const cells = page.getByTestId(testIds.sloPanel.cell);
    await expect(cells).toHaveCount(Object.keys(expected).length);
    expect(pluginRequests).toContain('/public/plugins/steward-ownership-app/panels/slo/module.js');

    const shown = Object.fromEntries(
      await cells.evaluateAll((nodes) =>
        nodes.map((n) => [n.children[0]!.textContent ?? '', Number(n.children[1]!.textContent)] as const)
      )
    );
    // Same numbers as the server answers directly, and as the backfill wrote.
    const direct = await serverJson(`/api/v1/telemetry/inventory?label=service&time=${now / 1000}`);
    expect(shown).toEqual(
      Object.fromEntries(direct.values.map((v: { value: string; series: number }) => [v.value, v.series]))
    );
    expect(shown).toEqual(expected);
    console.log(
      `panel cells via datasource proxy → steward-server ${env.stewardUrl} → Prometheus ${env.prometheusUrl}: ${JSON.stringify(shown)}`
    );

    // Thresholds from the panel's field config reach the cells (2+ series green, fewer red).
    const colours = await cells.evaluateAll((nodes) =>
      nodes.map((n) => [n.children[0]!.textContent, getComputedStyle(n.children[1]!).color] as const)
    );
    expect(expected.checkout).toBeGreaterThanOrEqual(2);
    expect(expected.payments).toBe(1);
    const checkout = colours.find(([name]) => name === 'checkout')![1];
    const payments = colours.find(([name]) => name === 'payments')![1];
    expect(checkout).not.toEqual(payments);
    console.log(`screenshot: ${await saveScreenshot('slo-panel-grid')}`);
  });

  test('the panel shows Steward’s error when Prometheus is down, not a blank panel', async ({
    page,
    openHost,
    saveScreenshot,
  }) => {
    await openHost(panelUrl(inventoryPanel('steward-no-prometheus'), { label: 'service' }));
    const error = page.getByTestId(testIds.sloPanel.error);
    await expect(error).toContainText('Steward could not answer this query');
    await expect(error).toContainText('Prometheus: cannot reach Prometheus at http://127.0.0.1:');
    console.log(`screenshot: ${await saveScreenshot('slo-panel-prometheus-down')}`);
  });
});
