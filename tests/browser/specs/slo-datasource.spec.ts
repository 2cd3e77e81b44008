import { GRAFANA_TEAMS } from '../environment.js';
import { expect, panelUrl, test } from '../fixtures.js';
import { testIds } from '../test-ids.js';
import {
  APP,
  budgetText,
  groupText,
  keyOf,
  shownItems,
  statusAnswer,
  statusPanel,
  type StatusPage,
} from '../status.js';

/**
 * The Steward datasource and the SLO panel, built from dist/, against the live environment of
 * global-setup.ts (35 days of ground-truth traffic, SLOs with filled history). Every number the
 * panel shows is compared with what steward-server answers for the same filters.
 */

/** Three SLOs' budgets as gauges, with their policies' freeze lines. */
const GAUGE_SLOS = ['checkout-availability', 'checkout-latency', 'search-availability'];
const gaugePanel = () =>
  statusPanel(
    [{ refId: 'A', queryType: 'sloStatus', slo: GAUGE_SLOS }],
    { mode: 'gauge' },
    { title: 'Error budget remaining', height: 300 }
  );

/**
 * The shown values equal the rows of the server's answer for the same filters: the one the
 * datasource received, and a direct request (computed at the same moment, or within 0.1 point).
 */ async function expectServerNumbers(
  shown: Array<{ key: string; value: string }>,
  received: StatusPage,
  direct: StatusPage
) {
  expect(Object.fromEntries(shown.map((s) => [s.key, s.value]))).toEqual(
    Object.fromEntries(received.rows.map((r) => [keyOf(r), budgetText(r.budgetRemaining)]))
  );
  expect(new Set(direct.rows.map(keyOf))).toEqual(new Set(received.rows.map(keyOf)));
  for (const row of direct.rows) {
    const value = shown.find((s) => s.key === keyOf(row))!.value;
    if (direct.computedAt === received.computedAt) {
      expect(value).toBe(budgetText(row.budgetRemaining));
    } else {
      expect(Math.abs(Number(value.replace('%', '')) - row.budgetRemaining! * 100)).toBeLessThan(0.1);
    }
  }
}

test.describe('Steward datasource queries in the SLO panel', () => {
  test('a status query builds the grid with the server’s budgets, grouped by team, each cell linking to its SLO', async ({
    page,
    openHost,
    serverJson,
    saveScreenshot,
  }) => {
    const answer = statusAnswer(page);
    await openHost(panelUrl(statusPanel([{ refId: 'A', queryType: 'sloStatus' }], {}, { editor: true })));
    const { body: received } = await answer;
    const cells = page.getByTestId(testIds.sloPanel.cell);
    expect(received.rows.length).toBeGreaterThan(0);
    await expect(cells).toHaveCount(received.rows.length);
    const direct: StatusPage = await serverJson('/api/v1/slo-status');
    const shown = await shownItems(page, testIds.sloPanel.cell, testIds.sloPanel.cellValue);
    await expectServerNumbers(shown, received, direct);

    // Grouped by owning team (shown by its title), each cell's team and service as the server says,
    // linking to its SLO page.
    const teams = [...new Set(received.rows.map((r) => r.teamTitle ?? r.team))].sort();
    const sections = await page.getByTestId(testIds.sloPanel.team).locator('header a').allInnerTexts();
    expect([...sections].sort()).toEqual(teams);
    for (const row of received.rows) {
      const cell = shown.find((s) => s.key === keyOf(row))!;
      expect([cell.team, cell.service]).toEqual([row.team, row.service]);
      const href = new URL(cell.href!, 'http://x');
      expect(href.pathname).toBe(`${APP}/slos/${row.slo}`);
      expect(Object.fromEntries([...href.searchParams].filter(([k]) => k.startsWith('group.')))).toEqual(
        Object.fromEntries(Object.entries(row.group).map(([k, v]) => [`group.${k}`, v]))
      );
      expect(href.searchParams.get('objective') ?? '0').toBe(String(row.objective.index));
    }
    // The query editor offers the query types and the filters.
    await expect(page.getByTestId(testIds.datasource.queryEditor)).toBeVisible();
    await expect(page.getByTestId(testIds.datasource.team)).toBeVisible();
    console.log(`grid cells = server rows: ${JSON.stringify(Object.fromEntries(shown.map((s) => [s.key, s.value])))}`);
    console.log(`screenshot: ${await saveScreenshot('slo-panel-status-grid')}`);

    // A cell opens its SLO page, on its group.
    const cart = received.rows.find((r) => r.slo === 'checkout-route-success' && r.group.route === '/cart')!;
    await page
      .locator(
        `[data-testid="${testIds.sloPanel.cell}"][data-slo="checkout-route-success"][data-group='${groupText(cart.group)}']`
      )
      .click();
    await expect(page).toHaveURL(/\/a\/steward-ownership-app\/slos\/checkout-route-success\?group\.route=%2Fcart$/);
    await expect(page.getByRole('heading', { name: 'Checkout success per route' })).toBeVisible();
    await expect(page.getByTestId(testIds.slo.budget)).toHaveText(budgetText(cart.budgetRemaining));
  });

  test('$team picks the rows: one team, another, several, and All as Grafana expands it', async ({
    page,
    openHost,
    serverJson,
  }) => {
    const teams: Array<{ entity: { metadata: { name: string } } }> = [];
    let cursor = '';
    do {
      const pageOfTeams = await serverJson(`/api/v1/teams?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      teams.push(...pageOfTeams.items);
      cursor = pageOfTeams.nextCursor ?? '';
    } while (cursor);
    const spec = statusPanel(
      [{ refId: 'A', queryType: 'sloStatus', team: ['$team'] }],
      {},
      {
        variables: [
          { name: 'team', datasource: 'steward', query: { refId: 'V', kind: 'teams' }, multi: true, includeAll: true },
        ],
      }
    );
    const check = async (selection: string[], expectedTeams: string[], serverQuery: string) => {
      const answer = statusAnswer(page);
      await openHost(panelUrl(spec, { team: selection }));
      const { url, body } = await answer;
      const direct: StatusPage = await serverJson(`/api/v1/slo-status?${serverQuery}`);
      await expect(page.getByTestId(testIds.sloPanel.cell)).toHaveCount(direct.rows.length);
      const shown = await shownItems(page, testIds.sloPanel.cell, testIds.sloPanel.cellValue);
      await expectServerNumbers(shown, body, direct);
      expect(new Set(shown.map((s) => s.team))).toEqual(new Set(expectedTeams));
      return { url, shown };
    };

    const checkout = await check(['checkout'], ['checkout'], 'team=checkout');
    expect(checkout.url.searchParams.getAll('team')).toEqual(['checkout']);
    expect(new Set(checkout.shown.map((s) => s.service))).toEqual(new Set(['checkout-api']));

    const discovery = await check(['discovery'], ['discovery'], 'team=discovery');
    expect(new Set(discovery.shown.map((s) => s.service))).toEqual(new Set(['search']));

    // A parent team includes the teams below it (commerce → checkout, discovery, payments).
    const commerce = await check(['commerce'], ['checkout', 'discovery'], 'team=commerce');
    expect(commerce.url.searchParams.getAll('team')).toEqual(['commerce']);

    // Several values: the datasource asks for any of them.
    const both = await check(['checkout', 'discovery'], ['checkout', 'discovery'], 'team=checkout&team=discovery');
    expect(both.url.searchParams.getAll('team').sort()).toEqual(['checkout', 'discovery']);

    // All without a custom All value: every option's value, as Grafana's template service expands it.
    const all = await check(['$__all'], ['checkout', 'discovery'], '');
    expect(all.url.searchParams.getAll('team').sort()).toEqual(teams.map((t) => t.entity.metadata.name).sort());

    // All with a custom All value of `*`: no team filter at all.
    const star = statusAnswer(page);
    await openHost(
      panelUrl(
        {
          ...spec,
          variables: [{ ...spec.variables[0], allValue: '*' }],
        },
        { team: ['$__all'] }
      )
    );
    expect((await star).url.searchParams.getAll('team')).toEqual([]);
    await expect(page.getByTestId(testIds.sloPanel.cell)).toHaveCount(all.shown.length);
  });

  test('“My teams” is the registry teams listing the user and their Grafana teams', async ({
    page,
    openHost,
    signInAs,
    serverJson,
  }) => {
    await signInAs({ login: 'gus', role: 'Viewer' });
    await openHost('/host/panel?panel={}');
    const mine = (await page.evaluate(() => window.stewardHost.myTeams('steward'))) as {
      registry: string[];
      grafana: string[];
      all: string[];
    };
    expect(GRAFANA_TEAMS.gus!.map((t) => t.name)).toEqual(['Checkout']);
    expect(mine).toMatchObject({ registry: ['discovery'], grafana: ['checkout'], all: ['checkout', 'discovery'] });

    const answer = statusAnswer(page);
    await openHost(panelUrl(statusPanel([{ refId: 'A', queryType: 'sloStatus', myTeams: true }])));
    const { url, body } = await answer;
    // The user's teams with their sub-teams, resolved here and sent without further expansion.
    expect(url.searchParams.getAll('team').sort()).toEqual(['checkout', 'discovery']);
    expect(url.searchParams.get('includeSubteams')).toBe('false');
    const direct: StatusPage = await serverJson('/api/v1/slo-status?team=checkout&team=discovery');
    await expect(page.getByTestId(testIds.sloPanel.cell)).toHaveCount(direct.rows.length);
    await expectServerNumbers(await shownItems(page, testIds.sloPanel.cell, testIds.sloPanel.cellValue), body, direct);

    // Within a chosen team: only the user's teams among it.
    const within = statusAnswer(page);
    await openHost(panelUrl(statusPanel([{ refId: 'A', queryType: 'sloStatus', myTeams: true, team: ['checkout'] }])));
    expect((await within).url.searchParams.getAll('team')).toEqual(['checkout']);

    // Victor: fulfilment in the registry, Payments in Grafana; neither owns an SLO here.
    await signInAs({ login: 'victor', role: 'Viewer' });
    await openHost('/host/panel?panel={}');
    const victor = (await page.evaluate(() => window.stewardHost.myTeams('steward'))) as { all: string[] };
    expect(victor.all).toEqual(['fulfilment', 'payments']);
    await openHost(panelUrl(statusPanel([{ refId: 'A', queryType: 'sloStatus', myTeams: true }])));
    // Victor's teams own no SLO here: the panel says the query matched nothing, not an error.
    await expect(page.getByTestId(testIds.sloPanel.empty)).toContainText('No SLO matches');
  });

  test('gauge mode shows each SLO’s budget with its policy’s freeze line, and links to the SLO page', async ({
    page,
    openHost,
    serverJson,
    saveScreenshot,
  }) => {
    const answer = statusAnswer(page);
    await openHost(panelUrl(gaugePanel()));
    const { url, body } = await answer;
    expect(url.searchParams.getAll('slo').sort()).toEqual(GAUGE_SLOS);
    const gauges = page.getByTestId(testIds.sloPanel.gauge);
    await expect(gauges).toHaveCount(body.rows.length);
    expect(body.rows.length).toBe(4); // search-availability has two objectives
    const direct: StatusPage = await serverJson(
      '/api/v1/slo-status?slo=checkout-availability&slo=checkout-latency&slo=search-availability'
    );
    const shown = await shownItems(page, testIds.sloPanel.gauge, testIds.sloPanel.gaugeValue);
    await expectServerNumbers(shown, body, direct);

    // The freeze line comes from each SLO's budget policy.
    const definition = await serverJson('/api/v1/slos/checkout-latency');
    const freeze = definition.entity.spec.budgetPolicy.freezeBelow / 100;
    expect(shown.find((s) => s.key.startsWith('checkout-latency|'))!.freezeBelow).toBe(String(freeze));
    expect(shown.find((s) => s.key.startsWith('checkout-availability|'))!.freezeBelow).toBe('');
    for (const row of body.rows) {
      expect(new URL(shown.find((s) => s.key === keyOf(row))!.href!, 'http://x').pathname).toBe(
        `${APP}/slos/${row.slo}`
      );
    }
    console.log(`gauges = server rows: ${JSON.stringify(Object.fromEntries(shown.map((s) => [s.key, s.value])))}`);
    console.log(`screenshot: ${await saveScreenshot('slo-panel-gauges')}`);

    await gauges
      .filter({ has: page.locator('[data-slo="checkout-latency"]') })
      .or(page.locator(`[data-testid="${testIds.sloPanel.gauge}"][data-slo="checkout-latency"]`))
      .first()
      .click();
    await expect(page).toHaveURL(/\/slos\/checkout-latency$/);
    await expect(page.getByRole('heading', { name: 'Checkout latency' })).toBeVisible();
  });

  test('burn-down mode draws the budget through the window with the ideal line, ending at the server’s budget', async ({
    page,
    openHost,
    serverJson,
    saveScreenshot,
  }) => {
    const timeseries = page.waitForResponse((r) => r.url().includes('/api/v1/slos/checkout-route-success/timeseries'));
    await openHost(
      panelUrl(
        statusPanel(
          [{ refId: 'A', queryType: 'burndown', slo: ['checkout-route-success'] }],
          { mode: 'burndown' },
          { title: 'Checkout success per route: budget burn-down', height: 380 }
        )
      )
    );
    const series = await (await timeseries).json();
    const chart = page.getByTestId(testIds.sloPanel.burndown);
    await expect(chart.locator('canvas')).toHaveCount(1);
    // The legend's last values are the server's burn-down: its last point per group, and 0% for the ideal line.
    await expect(chart.locator('tbody tr')).toHaveCount(3);
    // Legend table rows: [series name, last value].
    const rows = await chart.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()).filter(Boolean);
        return [cells[0]!, cells[cells.length - 1]!];
      })
    );
    expect(rows.map((r) => r[0]).sort()).toEqual(['Ideal: even spend', 'route="/cart"', 'route="/pay"']);
    const last = (points: Array<[number, number]>) => budgetText(points[points.length - 1]![1]);
    for (const group of series.series as Array<{ group: Record<string, string>; points: Array<[number, number]> }>) {
      const row = rows.find((r) => r[0] === groupText(group.group))!;
      expect(row[1]).toBe(last(group.points));
    }
    expect(rows.find((r) => r[0] === 'Ideal: even spend')![1]).toBe(last(series.ideal));
    // The server's status for the same SLO agrees with where the burn-down ends.
    const status: StatusPage = await serverJson('/api/v1/slo-status?slo=checkout-route-success');
    for (const row of status.rows) {
      const shown = Number(rows.find((r) => r[0] === groupText(row.group))![1]!.replace('%', ''));
      expect(Math.abs(shown - row.budgetRemaining! * 100)).toBeLessThan(0.2);
    }
    await expect(chart.getByRole('link', { name: /Checkout success per route/ })).toHaveAttribute(
      'href',
      /\/slos\/checkout-route-success/
    );
    console.log(`burn-down legend (last values): ${JSON.stringify(rows)}`);
    console.log(`screenshot: ${await saveScreenshot('slo-panel-burndown')}`);
  });

  test('a Prometheus outage shows Steward’s reason inside the panel, in every mode', async ({
    page,
    openHost,
    saveScreenshot,
  }) => {
    for (const mode of ['grid', 'gauge', 'burndown']) {
      await openHost(
        panelUrl({
          ...statusPanel([{ refId: 'A', queryType: mode === 'burndown' ? 'burndown' : 'sloStatus' }], { mode }),
          datasource: 'steward-no-prometheus',
          title: `SLO status (${mode})`,
          height: 220,
        })
      );
      const error = page.getByTestId(testIds.sloPanel.error);
      await expect(error).toContainText('Steward could not answer this query');
      await expect(error).toContainText(/cannot reach Prometheus|Prometheus/);
      if (mode === 'grid') {
        await expect(error).toContainText('No SLO could be computed');
        console.log(`screenshot: ${await saveScreenshot('slo-panel-status-prometheus-down')}`);
      }
    }
  });

  test('light theme: the status grid and gauges read as Grafana panels', async ({ page, openHost, saveScreenshot }) => {
    await openHost(
      `${panelUrl(statusPanel([{ refId: 'A', queryType: 'sloStatus' }], {}, { title: 'SLO status by team' }))}&theme=light`
    );
    await expect(page.getByTestId(testIds.sloPanel.cell).first()).toBeVisible();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(17, 18, 23)'); // not the dark canvas
    console.log(`screenshot: ${await saveScreenshot('slo-panel-status-grid-light')}`);
    await openHost(`${panelUrl(gaugePanel())}&theme=light`);
    await expect(page.getByTestId(testIds.sloPanel.gauge).first()).toBeVisible();
    console.log(`screenshot: ${await saveScreenshot('slo-panel-gauges-light')}`);
  });
});
