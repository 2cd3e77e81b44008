import { expect, test } from '@grafana/plugin-e2e';
import { testIds } from '../browser/test-ids.js';

/**
 * Runs only against a real Grafana with Steward provisioned (docker compose up). It has not
 * been run where it was written: no Grafana server exists there.
 */
test.skip(!process.env.GRAFANA_URL, 'GRAFANA_URL is not set: no Grafana to test against');

const APP_ID = 'steward-ownership-app';

test('the app page opens and shows steward-server connected', async ({ gotoAppPage, page }) => {
  await gotoAppPage({ pluginId: APP_ID, path: '/home' });
  await expect(page.getByTestId(testIds.home.container)).toBeVisible();
  await expect(page.getByTestId(testIds.home.serverStatus)).toContainText('version');
  await expect(page.getByTestId(testIds.home.prometheusStatus)).toContainText('version');
});

test('the app configuration page shows the provisioned Steward URL', async ({ gotoAppConfigPage, page }) => {
  await gotoAppConfigPage({ pluginId: APP_ID });
  await expect(page.getByTestId(testIds.appConfig.url)).toHaveValue(/^https?:\/\//);
  await expect(page.getByTestId(testIds.appConfig.token)).toHaveValue('configured');
});

test('the Steward datasource health check passes', async ({ readProvisionedDataSource, gotoDataSourceConfigPage }) => {
  const datasource = await readProvisionedDataSource({ fileName: 'steward.yaml', name: 'Steward' });
  const configPage = await gotoDataSourceConfigPage(datasource.uid);
  // A frontend datasource: its health check is a call to steward-server's status through the proxy route.
  await expect(configPage.saveAndTest({ path: '/steward/api/v1/status' })).toBeOK();
});

test('the SLO panel renders a Steward query in the panel editor', async ({ panelEditPage, page }) => {
  await panelEditPage.datasource.set('Steward');
  await panelEditPage.setVisualization('Steward SLO');
  await expect(page.getByTestId(testIds.datasource.queryEditor)).toBeVisible();
  await expect(panelEditPage.panel.locator.getByTestId(testIds.sloPanel.cell).first()).toBeVisible();
});
