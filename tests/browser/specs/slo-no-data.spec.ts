import { SILENT_SLO } from '../environment.js';
import { expect, panelUrl, test } from '../fixtures.js';
import { testIds } from '../test-ids.js';
import { APP, statusAnswer, statusPanel, type StatusPage, type StatusRow } from '../status.js';

/**
 * No data is not success: an SLO whose series stopped an hour before the run (SILENT_SLO in
 * global-setup.ts) is shown as having no data, since when, wherever its status is read.
 */

/** A moment as the SLOs table and the panel show it: minutes, in the browser's zone (UTC here). */
const minutes = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');

test.describe('an SLO without data', () => {
  let silent: StatusRow;

  test.beforeEach(async ({ serverJson }) => {
    // The no-data alert fires at the rules' first evaluation after they load.
    await expect
      .poll(
        async () => {
          const page: StatusPage = await serverJson(`/api/v1/slo-status?slo=${SILENT_SLO.name}&fresh=true`);
          silent = page.rows[0]!;
          return silent.noDataSince !== undefined;
        },
        { timeout: 120_000 }
      )
      .toBe(true);
  });

  test('is in the no-data state with since when, and its no-data alert, in the server’s answer', async () => {
    expect(silent.state).toBe('no-data');
    expect(silent.alerts).toEqual([expect.objectContaining({ tier: 'no-data', longWindow: '10m', state: 'firing' })]);
    console.log(`${SILENT_SLO.name}: no data since ${new Date(silent.noDataSince! * 1000).toISOString()}`);
  });

  test('says “No data since” in the SLOs table, the status frame, the grid and the gauges', async ({
    page,
    openHost,
  }) => {
    await openHost(`${APP}/slos`);
    const row = page
      .getByTestId(testIds.sloTable.table)
      .locator('tbody tr')
      .filter({ has: page.locator(`a[href$="/slos/${SILENT_SLO.name}"]`) });
    await expect(row.getByTestId(testIds.sloTable.state)).toHaveText('No data');
    await expect(row.getByTestId(testIds.sloTable.noData)).toHaveText(`No data since ${minutes(silent.noDataSince!)}`);
    await expect(row.getByTestId(testIds.sloTable.alerts)).toHaveText('no data 10m');

    const to = Date.now();
    const frames = (await page.evaluate(
      ({ from, to, slo }) =>
        window.stewardHost.query('steward', [{ refId: 'A', queryType: 'sloStatus', slo: [slo] }], from, to),
      { from: to - 3600_000, to, slo: SILENT_SLO.name }
    )) as { frames: Array<{ fields: Array<{ name: string; values: unknown[] }> }> };
    const column = (name: string) => frames.frames[0]!.fields.find((f) => f.name === name)!.values;
    expect(column('no_data_since')).toEqual([silent.noDataSince! * 1000]);
    expect(column('state')).toEqual(['no-data']);

    for (const mode of ['grid', 'gauge']) {
      const answer = statusAnswer(page);
      await openHost(panelUrl(statusPanel([{ refId: 'A', queryType: 'sloStatus', slo: [SILENT_SLO.name] }], { mode })));
      await answer;
      const item = page.getByTestId(mode === 'grid' ? testIds.sloPanel.cell : testIds.sloPanel.gauge);
      await expect(item).toHaveAttribute('data-state', 'no-data');
      await expect(item).toHaveAttribute('data-no-data-since', String(silent.noDataSince! * 1000));
      await expect(item.getByTestId(testIds.sloPanel.noData)).toHaveText(
        `No data since ${minutes(silent.noDataSince!)}`
      );
    }
  });

  test('stands above the numbers on the SLO page, with the no-data alert among the alerts', async ({
    page,
    openHost,
    saveScreenshot,
  }) => {
    await openHost(`${APP}/slos/${SILENT_SLO.name}`);
    const alert = page.getByTestId(testIds.slo.noData);
    await expect(alert).toContainText(`No data since ${minutes(silent.noDataSince!)}:`);
    await expect(page.getByTestId(testIds.slo.alerts)).toContainText('no samples for 10m');
    await expect(page.getByTestId(testIds.slo.window)).toContainText('Window: ');
    console.log(`screenshot: ${await saveScreenshot('slo-page-no-data')}`);
  });
});
