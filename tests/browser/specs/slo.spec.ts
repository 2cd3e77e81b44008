import type { Page } from '@playwright/test';
import { BROWSER_SLOS, FILE_SLO } from '../environment.js';
import { expect, test, TEST_USERS } from '../fixtures.js';
import { testIds } from '../test-ids.js';

/**
 * The SLO pages against the live environment of global-setup.ts: 35 days of ground-truth
 * traffic in Prometheus, SLOs created through the API with their recorded history filled.
 * Every number on the pages is compared with what steward-server answers directly.
 */

interface StatusRow {
  slo: string;
  title: string;
  service: string;
  team?: string;
  group: Record<string, string>;
  objective: { index: number; target: number; window: string };
  budgetRemaining: number | null;
  burnRates: Record<string, number | null>;
  state: string;
  alerts: Array<{ tier: string; longWindow: string; state: string }>;
  history: { source: string; state: string };
}
interface StatusPage {
  computedAt: number;
  rows: StatusRow[];
}

const APP = '/a/steward-ownership-app';
const DAY = 86_400;

/** The row's budget as a number of percent, from text such as "86.4%". */
const percent = (text: string) => Number(text.replace('%', '').trim());
const key = (slo: string, group: Record<string, string>) =>
  `${slo}${Object.entries(group)
    .map(([k, v]) => ` ${k}=${v}`)
    .join('')}`;

/** SLO (and group) → budget text, from the SLO status table, in the order shown. */
async function tableRows(page: Page, within = page.locator('body')) {
  const rows = within.getByTestId(testIds.sloTable.table).locator('tbody tr');
  return rows.evaluateAll(
    (trs, ids) =>
      trs.map((tr) => {
        const href = tr.querySelector(`[data-testid="${ids.name}"] a`)!.getAttribute('href')!;
        const url = new URL(href, 'http://x');
        const group = Object.fromEntries(
          [...url.searchParams].filter(([k]) => k.startsWith('group.')).map(([k, v]) => [k.slice(6), v])
        );
        return {
          slo: decodeURIComponent(url.pathname.split('/').pop()!),
          group,
          budget: tr.querySelector(`[data-testid="${ids.budget}"]`)!.textContent!,
          burn1h: tr.querySelector(`[data-testid="${ids.burn1h}"]`)!.textContent!,
          state: tr.querySelector(`[data-testid="${ids.state}"]`)!.textContent!,
        };
      }),
    {
      name: testIds.sloTable.name,
      budget: testIds.sloTable.budget,
      burn1h: testIds.sloTable.burnRate('1h'),
      state: testIds.sloTable.state,
    }
  );
}

/** The status answer the page itself rendered, as it came back through Grafana's proxy. */
function statusResponse(page: Page, path: string): Promise<StatusPage> {
  return page
    .waitForResponse((r) => new URL(r.url()).pathname.endsWith(path) && r.request().method() === 'GET')
    .then((r) => r.json());
}

/** Page and server agree to the shown precision (both may have been computed a moment apart). */
function expectBudget(shown: string, row: StatusRow) {
  expect(shown).toMatch(/^-?\d+\.\d%$/);
  expect(Math.abs(percent(shown) - row.budgetRemaining! * 100), `${row.slo} ${JSON.stringify(row.group)}`).toBeLessThan(
    0.1
  );
}

async function pickTeam(page: Page, testId: string, team: string, title: RegExp) {
  await page.getByTestId(testId).locator('input').fill(team);
  await page.getByRole('option', { name: title }).first().click();
}

test.describe('SLO pages with ground-truth traffic', () => {
  test('the SLOs page lists every SLO’s primary objective with the server’s budgets, lowest first, and filters by team and state', async ({
    page,
    openHost,
    serverJson,
    saveScreenshot,
  }) => {
    const rendered = statusResponse(page, '/api/v1/slo-status');
    await openHost(`${APP}/slos`);
    const answer = await rendered;
    const direct: StatusPage = await serverJson('/api/v1/slo-status?primary=true');
    expect(new Set(direct.rows.map((r) => r.slo))).toEqual(
      new Set([...BROWSER_SLOS.map((s) => s.metadata.name), FILE_SLO.name])
    );
    expect(direct.rows.every((r) => r.history.source === 'recorded' && r.history.state === 'filled')).toBe(true);

    const table = page.getByTestId(testIds.sloTable.table);
    await expect(table.locator('tbody tr')).toHaveCount(direct.rows.length); // one per group: 6 rows for 5 SLOs
    const shown = await tableRows(page);
    const byKey = new Map(direct.rows.map((r) => [key(r.slo, r.group), r]));
    const renderedByKey = new Map(answer.rows.map((r) => [key(r.slo, r.group), r]));
    for (const row of shown) {
      const server = byKey.get(key(row.slo, row.group))!;
      expect(server, key(row.slo, row.group)).toBeDefined();
      expectBudget(row.budget, server);
      // Exactly what the server answered the page, formatted.
      const same = renderedByKey.get(key(row.slo, row.group))!;
      expect(row.budget).toBe(`${(same.budgetRemaining! * 100).toFixed(1)}%`);
      // No events in the last hour (the silent SLO): no burn rate.
      const burn1h = same.burnRates['1h'];
      expect(row.burn1h).toBe(burn1h === null || burn1h === undefined ? '—' : `${burn1h.toFixed(2)}×`);
      expect(row.state.toLowerCase()).toBe(same.state === 'no-data' ? 'no data' : same.state);
    }
    // Lowest budget first.
    const budgets = shown.map((r) => percent(r.budget));
    expect(budgets).toEqual([...budgets].sort((a, b) => a - b));
    expect(shown[0]!.slo).toBe('checkout-route-success'); // /cart: the slow burn of the last 36 hours
    console.log(`SLOs page: ${shown.map((r) => `${key(r.slo, r.group)} ${r.budget}`).join(', ')}`);
    console.log(`screenshot: ${await saveScreenshot('slos')}`);

    // Filter by team: discovery owns search; commerce includes both through its sub-teams.
    await pickTeam(page, testIds.slos.teamFilter, 'discovery', /Discovery/);
    await expect(table.locator('tbody tr')).toHaveCount(2);
    expect(page.url()).toContain('team=discovery');
    expect(new Set((await tableRows(page)).map((r) => r.slo))).toEqual(new Set(['search-availability', FILE_SLO.name]));
    const checkout: StatusPage = await serverJson('/api/v1/slo-status?primary=true&team=checkout');
    await openHost(`${APP}/slos?team=checkout`);
    await expect(table.locator('tbody tr')).toHaveCount(checkout.rows.length);
    expect(new Set((await tableRows(page)).map((r) => r.slo))).toEqual(new Set(checkout.rows.map((r) => r.slo)));

    // Filter by state, counted as the server counts.
    const fresh = statusResponse(page, '/api/v1/slo-status');
    await openHost(`${APP}/slos`);
    const ok = (await fresh).rows.filter((r) => r.state === 'ok').length;
    expect(ok).toBeGreaterThan(0);
    await expect(page.getByTestId(testIds.slos.stateFilter('ok'))).toContainText(`OK (${ok})`);
    await page.getByTestId(testIds.slos.stateFilter('ok')).getByRole('button').click();
    await expect(table.locator('tbody tr')).toHaveCount(ok);
    expect(page.url()).toContain('state=ok');
    expect((await tableRows(page)).every((r) => r.state === 'OK')).toBe(true);
  });

  test('the SLO page shows budget, burn-down, burn rates against the alert thresholds, owner, on-call and runbooks', async ({
    page,
    openHost,
    serverJson,
    saveScreenshot,
  }) => {
    const name = 'checkout-route-success';
    const rendered = statusResponse(page, `/api/v1/slos/${name}/status`);
    const burndown = page.waitForResponse(
      (r) => r.url().includes(`/slos/${name}/timeseries`) && r.url().includes('burndown')
    );
    await openHost(`${APP}/slos/${name}`);
    const status = await rendered;
    const direct: StatusPage = await serverJson(`/api/v1/slos/${name}/status`);
    const overview = await serverJson('/api/v1/services/checkout-api/overview');

    // Opens on the group with the least budget left. /cart burns now, but /pay's older burst
    // leaves it with about as little budget, and which is lower moves with the hour of the run.
    const least = [...status.rows].sort((a, b) => a.budgetRemaining! - b.budgetRemaining!)[0]!;
    await expect(page.getByRole('heading', { name: 'Checkout success per route' })).toBeVisible();
    await expect(page.getByTestId(testIds.slo.budget)).toHaveText(`${(least.budgetRemaining! * 100).toFixed(1)}%`);
    // The rest is about the burning group.
    const cart = direct.rows.find((r) => r.group.route === '/cart')!;
    const shownCart = status.rows.find((r) => r.group.route === '/cart')!;
    if (least.group.route !== '/cart') {
      await page.getByTestId(testIds.slo.groupPicker).getByRole('radio', { name: 'route="/cart"' }).click();
    }
    await expect(page.getByTestId(testIds.slo.budget)).toHaveText(`${(shownCart.budgetRemaining! * 100).toFixed(1)}%`);
    expectBudget((await page.getByTestId(testIds.slo.budget).textContent())!, cart);
    await expect(page.getByTestId(testIds.slo.groups).locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId(testIds.slo.exhaustion)).toHaveText(
      /^in \d+ (day|hour|minute)s?( \d+ (hour|minute)s?)?$/
    );

    // Ownership, on-call and runbooks come from the service.
    await expect(page.getByTestId(testIds.slo.service)).toHaveText('Checkout API');
    await expect(page.getByTestId(testIds.slo.owner)).toHaveText('Checkout');
    await expect(page.getByTestId(testIds.slo.onCall)).toContainText(`Now: ${overview.owner.onCall.rotation.current}`);
    await expect(page.getByTestId(testIds.slo.onCall)).toContainText(`Next: ${overview.owner.onCall.rotation.next}`);
    await expect(page.getByTestId(testIds.slo.runbooks)).toContainText('Checkout API runbook');
    await expect(page.getByTestId(testIds.slo.sli)).toContainText(
      'http_requests_total{service="checkout-api",code!~"5.."}'
    );
    await expect(page.getByTestId(testIds.slo.sli)).toContainText('per route');
    await expect(page.getByTestId(testIds.slo.history)).toContainText(
      'From recorded 5-minute counts, filled from raw history since'
    );
    await expect(page.getByTestId(testIds.slo.source)).toContainText('created in Steward');

    // The burn-down chart: a canvas, one series per group and the ideal line, over the 28 days.
    const series = await (await burndown).json();
    expect(series.series).toHaveLength(2);
    expect(series.windowEnd - series.windowStart).toBe(28 * DAY);
    const chart = page.getByTestId(testIds.slo.burndown);
    await expect(chart.locator('canvas')).toHaveCount(1);
    for (const legend of ['route="/cart"', 'route="/pay"', 'Ideal: even spend']) {
      await expect(chart.getByTestId(`data-testid VizLegend series ${legend}`)).toBeVisible();
    }
    await expect(chart.locator('[data-testid^="data-testid VizLegend series"]')).toHaveCount(3);

    // Burn rates against the Workbook thresholds, scaled to 28 days: 13.44, 5.6, 2.8, 0.933.
    const table = page.getByTestId(testIds.slo.burnRates);
    await expect(table.locator('tbody tr')).toHaveCount(4);
    const thresholds = await table.locator('[data-threshold]').allInnerTexts();
    expect(thresholds).toEqual(['13.44×', '5.6×', '2.8×', '0.93×']);
    const over = await table
      .locator('[data-window="long"]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-over')));
    const factors = [13.44, 5.6, 2.8, 0.933333333333];
    expect(over).toEqual(['1h', '6h', '1d', '3d'].map((w, i) => String(shownCart.burnRates[w]! > factors[i]!)));
    expect(over[2]).toBe('true'); // /cart burns ~5.5× over a day: over the ticket threshold

    // The burn-rate chart, over another window.
    const burnChart = page.getByTestId(testIds.slo.burnRateChart);
    await expect(burnChart.locator('canvas')).toHaveCount(1);
    await expect(burnChart.locator('[data-testid^="data-testid VizLegend series"]')).toHaveCount(2);
    await page.getByTestId(testIds.slo.burnRateWindow).getByRole('radio', { name: '6h' }).click();
    await expect(burnChart).toContainText('Burn rate over 6 hours, last 3 days');
    await expect(burnChart.locator('canvas')).toHaveCount(1);
    console.log(`screenshot: ${await saveScreenshot('slo-page')}`);

    // Another group, from the picker: its own budget.
    const pay = direct.rows.find((r) => r.group.route === '/pay')!;
    await page.getByTestId(testIds.slo.groupPicker).getByRole('radio', { name: 'route="/pay"' }).click();
    expect(page.url()).toContain('group.route=%2Fpay');
    expectBudget((await page.getByTestId(testIds.slo.budget).textContent())!, pay);
  });

  test('an SLO with two objectives shows each objective’s budget', async ({ page, openHost, serverJson }) => {
    const direct: StatusPage = await serverJson('/api/v1/slos/search-availability/status');
    await openHost(`${APP}/slos/search-availability`);
    expectBudget(
      (await page.getByTestId(testIds.slo.budget).textContent())!,
      direct.rows.find((r) => r.objective.index === 0)!
    );
    await page
      .getByTestId(testIds.slo.objectivePicker)
      .getByRole('radio', { name: 'monthly: 99% over 30 days' })
      .click();
    await expect(page.getByTestId(testIds.slo.burnRates)).toContainText('Alerts follow the first objective');
    expectBudget(
      (await page.getByTestId(testIds.slo.budget).textContent())!,
      direct.rows.find((r) => r.objective.index === 1)!
    );
  });

  test('the service and team pages list their SLOs with budgets and lead to the SLO page', async ({
    page,
    openHost,
    serverJson,
    saveScreenshot,
  }) => {
    const service: StatusPage = await serverJson('/api/v1/slo-status?primary=true&service=checkout-api');
    await openHost(`${APP}/services/checkout-api`);
    const section = page.getByTestId(testIds.service.slos);
    await expect(section.locator('tbody tr')).toHaveCount(service.rows.length);
    await expect(section).toContainText(`SLOs (${new Set(service.rows.map((r) => r.slo)).size})`);
    for (const row of await tableRows(page, section)) {
      expectBudget(
        row.budget,
        service.rows.find((r) => key(r.slo, r.group) === key(row.slo, row.group))!
      );
    }
    await section.scrollIntoViewIfNeeded();
    console.log(`screenshot: ${await saveScreenshot('service-slos')}`);
    await section.getByRole('link', { name: 'Checkout availability' }).click();
    await expect(page.getByTestId(testIds.slo.container)).toBeVisible();
    expect(page.url()).toContain(`${APP}/slos/checkout-availability`);
    expectBudget(
      (await page.getByTestId(testIds.slo.budget).textContent())!,
      service.rows.find((r) => r.slo === 'checkout-availability')!
    );

    // The team above checkout and discovery sees the SLOs of both sub-teams' services.
    const commerce: StatusPage = await serverJson('/api/v1/slo-status?primary=true&team=commerce');
    expect(new Set(commerce.rows.map((r) => r.service))).toEqual(new Set(['checkout-api', 'search']));
    await openHost(`${APP}/teams/commerce`);
    const teamSection = page.getByTestId(testIds.team.slos);
    await expect(teamSection.locator('tbody tr')).toHaveCount(commerce.rows.length);
    await teamSection.getByRole('link', { name: 'Search availability' }).click();
    await expect(page.getByTestId(testIds.slo.owner)).toHaveText('Discovery');
    expectBudget(
      (await page.getByTestId(testIds.slo.budget).textContent())!,
      commerce.rows.find((r) => r.slo === 'search-availability')!
    );
  });

  test('an Editor of the owning team creates an SLO as JSON, sees the server’s field errors, and deletes it', async ({
    page,
    openHost,
    signInAs,
    serverJson,
    saveScreenshot,
  }) => {
    const name = 'checkout-errors-browser';
    const definition = {
      apiVersion: 'steward.dev/v1',
      kind: 'SLO',
      metadata: { name, title: 'Checkout errors (browser test)' },
      spec: {
        service: 'checkout-api',
        sli: {
          freeform: {
            bad: 'sum(rate(http_requests_total{service="checkout-api",code="500"}[5m]))',
            total: 'sum(increase(http_requests_total{service="checkout-api"}[$window]))',
          },
        },
        objectives: [{ target: 99, window: '30d' }],
      },
    };
    await signInAs({ login: 'editor', role: 'Editor' }); // listed in the checkout team
    await openHost(`${APP}/services/checkout-api`);
    await page.getByTestId(testIds.service.slos).getByRole('link', { name: 'New SLO' }).click();
    const text = page.getByTestId(testIds.sloEditor.text);
    await expect(text).toHaveValue(/"service": "checkout-api"/); // the template starts on the service

    // Not JSON: the editor says where, before asking the server.
    await text.fill('{\n  "kind": "SLO",\n  "spec": }');
    await page.getByTestId(testIds.editor.submit).click();
    await expect(page.getByTestId(testIds.editor.form)).toContainText(
      'expected a value, found "}" (line 3, column 11)'
    );

    // PromQL the server refuses: its message, on its field.
    await text.fill(JSON.stringify(definition, null, 2));
    await page.getByTestId(testIds.editor.submit).click();
    await expect(page.getByTestId(testIds.sloEditor.fieldErrors)).toContainText(
      'spec.sli.freeform.bad: must count events over $window'
    );
    console.log(`screenshot: ${await saveScreenshot('slo-editor')}`);

    // A regex Prometheus would not compile: the server's reason, on its field, with where it is.
    definition.spec.sli.freeform.bad =
      'sum(increase(http_requests_total{service="checkout-api",code=~"5(0"}[$window]))';
    await text.fill(JSON.stringify(definition, null, 2));
    await page.getByTestId(testIds.editor.submit).click();
    await expect(page.getByTestId(testIds.sloEditor.fieldErrors)).toContainText(
      'spec.sli.freeform.bad: invalid regular expression in code=~"5(0": missing closing ): `5(0` (line 1, column 64 of the query)'
    );

    definition.spec.sli.freeform.bad = 'sum(increase(http_requests_total{service="checkout-api",code="500"}[$window]))';
    await text.fill(JSON.stringify(definition, null, 2));
    await page.getByTestId(testIds.editor.submit).click();
    await expect(page.getByRole('heading', { name: /Checkout errors \(browser test\)/ })).toBeVisible();
    await expect(page.getByTestId(testIds.slo.source)).toContainText('created in Steward');
    await expect(page.getByTestId(testIds.slo.sli)).toContainText('Custom PromQL');
    const audit = await serverJson(`/api/v1/audit?name=${name}`);
    expect(`${audit.items[0].action} by ${audit.items[0].actor}`).toBe('create by editor');

    await page.getByTestId(testIds.slo.edit).click();
    await expect(text).toHaveValue(/"title": "Checkout errors \(browser test\)"/);
    await page.getByTestId(testIds.editor.delete).getByRole('button', { name: 'Delete SLO' }).click();
    await page.getByTestId(testIds.editor.delete).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByTestId(testIds.slos.container)).toBeVisible();
    expect((await serverJson(`/api/v1/audit?name=${name}`)).items[0].action).toBe('delete');

    // A Viewer is offered no editing.
    await signInAs(TEST_USERS.viewer);
    await openHost(`${APP}/slos/checkout-availability`);
    await expect(page.getByTestId(testIds.slo.budget)).toBeVisible();
    await expect(page.getByTestId(testIds.slo.edit)).toHaveCount(0);
  });

  test('an SLO from a catalog file says where it lives and cannot be edited here', async ({
    page,
    openHost,
    serverJson,
  }) => {
    const slo = await serverJson(`/api/v1/slos/${FILE_SLO.name}`);
    expect(slo.readOnly).toBe(true);
    await openHost(`${APP}/slos/${FILE_SLO.name}`); // as an Admin
    await expect(page.getByTestId(testIds.slo.source)).toContainText(`${FILE_SLO.file}:${slo.origin.line}`);
    await expect(page.getByTestId(testIds.slo.sli)).toContainText('served in 300 ms or less');
    await expect(page.getByTestId(testIds.slo.budget)).toHaveText(/^-?\d+\.\d%$/);
    await expect(page.getByTestId(testIds.slo.edit)).toHaveCount(0);
    await openHost(`${APP}/slos/${FILE_SLO.name}/edit`);
    await expect(page.getByText(`This SLO is defined in ${FILE_SLO.file}; change it there.`)).toBeVisible();
    await expect(page.getByTestId(testIds.sloEditor.text)).toHaveCount(0);
  });
});
