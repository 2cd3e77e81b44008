import { expect, test } from '@grafana/plugin-e2e';
import { testIds } from '../browser/test-ids.js';

/**
 * The Steward datasource and SLO panel in a real Grafana with Steward provisioned (docker compose
 * up, GRAFANA_URL set). Skipped without GRAFANA_URL: no Grafana server exists where this was
 * written, so these have not run; the same code runs in tests/browser against the host page.
 */
test.skip(!process.env.GRAFANA_URL, 'GRAFANA_URL is not set: no Grafana to test against');

const DATASOURCE_TYPE = 'steward-errorbudget-datasource';
/** The datasource's health check asks steward-server's status through the datasource proxy route. */
const STATUS_PATH = '/steward/api/v1/status';

test.describe('datasource configuration', () => {
  test('the provisioned Steward datasource shows its URL and a configured token, and Save & test passes', async ({
    readProvisionedDataSource,
    gotoDataSourceConfigPage,
    page,
  }) => {
    const datasource = await readProvisionedDataSource({ fileName: 'steward.yaml', name: 'Steward' });
    const configPage = await gotoDataSourceConfigPage(datasource.uid);
    await expect(page.getByTestId(testIds.datasource.configEditor)).toBeVisible();
    await expect(page.locator('#steward-ds-url')).toHaveValue(/^https?:\/\//);
    await expect(configPage.saveAndTest({ path: STATUS_PATH })).toBeOK();
    await expect(configPage).toHaveAlert('success', { hasText: /steward-server .* is reachable/ });
  });

  test('a new Steward datasource pointing nowhere says so on Save & test', async ({
    createDataSourceConfigPage,
    page,
  }) => {
    const configPage = await createDataSourceConfigPage({ type: DATASOURCE_TYPE });
    await expect(page.getByTestId(testIds.datasource.configEditor)).toBeVisible();
    await page.locator('#steward-ds-url').fill('http://127.0.0.1:9');
    await page.locator('#steward-ds-token').fill('not-the-secret');
    await configPage.saveAndTest({ path: STATUS_PATH });
    await expect(configPage).toHaveAlert('error', { hasText: /steward-server|reach/ });
  });
});

test.describe('panel edit with Steward queries', () => {
  test('an SLO status query in the SLO panel: grid, then gauges, each linking to its SLO page', async ({
    panelEditPage,
    page,
  }) => {
    await panelEditPage.datasource.set('Steward');
    await panelEditPage.setVisualization('Steward SLO');
    const editor = panelEditPage.getQueryEditorRow('A');
    await expect(editor.getByTestId(testIds.datasource.queryEditor)).toBeVisible();
    // New queries start as an SLO status table, with team, service, tier, SLO and group filters.
    await expect(editor.getByTestId(testIds.datasource.queryType)).toHaveValue('SLO status');
    for (const filter of [testIds.datasource.team, testIds.datasource.service, testIds.datasource.slo]) {
      await expect(editor.getByTestId(filter)).toBeVisible();
    }
    const cells = panelEditPage.panel.locator.getByTestId(testIds.sloPanel.cell);
    await expect(cells.first()).toBeVisible();
    await expect(cells.first()).toHaveAttribute('href', /\/a\/steward-ownership-app\/slos\//);

    await panelEditPage.getCustomOptions('Steward SLO').getRadioGroup('Mode').check('Budget gauge');
    await expect(panelEditPage.panel.locator.getByTestId(testIds.sloPanel.gauge).first()).toBeVisible();
    await expect(page.getByTestId(testIds.sloPanel.error)).toHaveCount(0);
  });

  test('a team filter and the “Per team” roll-up reach the panel', async ({ panelEditPage }) => {
    await panelEditPage.datasource.set('Steward');
    await panelEditPage.setVisualization('Table');
    const editor = panelEditPage.getQueryEditorRow('A');
    await editor.getByTestId(testIds.datasource.groupBy).getByText('Per team').click();
    // A frontend datasource: the panel's request is the proxy call, not /api/ds/query.
    await expect(
      panelEditPage.refreshPanel({ waitForResponsePredicateCallback: (r) => r.url().includes('/api/v1/slo-status') })
    ).toBeOK();
    await expect(panelEditPage.panel.fieldNames).toContainText(['Team', 'SLOs', 'Lowest budget', 'Worst state']);
  });

  test('a burn-down query draws the SLO panel’s burn-down with the ideal line', async ({ panelEditPage, page }) => {
    await panelEditPage.datasource.set('Steward');
    await panelEditPage.setVisualization('Steward SLO');
    const editor = panelEditPage.getQueryEditorRow('A');
    await editor.getByTestId(testIds.datasource.queryType).click();
    await page.getByRole('option', { name: /Budget burn-down/ }).click();
    await panelEditPage.getCustomOptions('Steward SLO').getRadioGroup('Mode').check('Burn-down');
    const chart = panelEditPage.panel.locator.getByTestId(testIds.sloPanel.burndown);
    await expect(chart.locator('canvas')).toHaveCount(1);
    await expect(chart).toContainText('Ideal: even spend');
  });
});

test.describe('variables and annotations', () => {
  test('a query variable lists the teams', async ({ variableEditPage, page }) => {
    await variableEditPage.setVariableType('Query');
    await variableEditPage.datasource.set('Steward');
    await expect(page.getByTestId(testIds.datasource.variableEditor)).toBeVisible();
    await variableEditPage.runQuery();
    await expect(variableEditPage).toDisplayPreviews([/checkout|Checkout/]);
  });

  test('an annotation query runs against Steward', async ({ annotationEditPage, page }) => {
    await annotationEditPage.datasource.set('Steward');
    await expect(page.getByTestId(testIds.datasource.annotationEditor)).toBeVisible();
    await expect(
      annotationEditPage.runQuery({ waitForResponsePredicateCallback: (r) => r.url().includes('/api/v1/annotations') })
    ).toBeOK();
  });
});
