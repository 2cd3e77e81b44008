import { checkoutTraffic } from '../../integration/fixtures/slo-traffic.js';
import { expect, panelUrl, test } from '../fixtures.js';
import { testIds } from '../test-ids.js';
import { APP, budgetText, keyOf, statusAnswer, statusPanel, type StatusPage, type StatusRow } from '../status.js';

/**
 * Budgets at a past moment: the datasource's status query at a dashboard range that ends in the
 * past, and the SLO page opened with `?at=`, against the live environment of global-setup.ts.
 * The moment is two days before the traffic ends, before /cart's slow burn of the last 36 hours,
 * so its budget then is visibly larger than now; the ground-truth traffic says by how much.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const SLO = 'checkout-route-success';

interface HostFrame {
  fields: Array<{ name: string; values: unknown[] }>;
}

/** Two days before the traffic ends, on a minute (the scrapes fall 16 to 24 s after one). */
function pastMoment(trafficEnd: number): number {
  return Math.floor((trafficEnd * 1000 - 2 * DAY) / MINUTE) * MINUTE;
}

/** The budget of /cart or /pay of checkout-route-success (99.9%) over a window, from the events the traffic wrote. */
function groundTruth(trafficEnd: number, route: string, window: { from: number; to: number }) {
  const events = checkoutTraffic(trafficEnd).counted({ service: 'checkout-api', route }, window.from, window.to);
  return { bad: events.errors, total: events.requests, budget: 1 - events.errors / (0.001 * events.requests) };
}

const cartOf = (page: StatusPage) => page.rows.find((r) => r.slo === SLO && r.group.route === '/cart')!;

test.describe('SLO budgets at a past moment', () => {
  test('the status query at a past range end: every row’s window ends there, with that moment’s numbers', async ({
    page,
    openHost,
    serverJson,
    env,
  }) => {
    await openHost('/host/panel?panel={}');
    const to = pastMoment(env.trafficEnd);
    const from = to - 6 * 3600_000;
    const answer = statusAnswer(page);
    const result = (await page.evaluate(
      ({ from, to }) => window.stewardHost.query('steward', [{ refId: 'A', queryType: 'sloStatus' }], from, to),
      { from, to }
    )) as { frames: HostFrame[]; errors?: Array<{ message: string }> };
    const { url, body } = await answer;
    expect(result.errors).toBeUndefined();
    expect(url.searchParams.get('at')).toBe(String(to / 1000));

    // Every row is for the range's end: the server's window and the frame's window_to column.
    expect(body.computedAt).toBe(to / 1000);
    expect(body.rows.length).toBeGreaterThan(0);
    expect(new Set(body.rows.map((r) => r.window.to))).toEqual(new Set([to / 1000]));
    const [frame] = result.frames;
    const column = (name: string) => frame!.fields.find((f) => f.name === name)!.values;
    expect(new Set(column('window_to'))).toEqual(new Set([to]));
    expect(column('window_from')).toEqual(body.rows.map((r) => r.window.from * 1000));
    expect(column('budget_remaining')).toEqual(body.rows.map((r) => r.budgetRemaining));
    expect(column('no_data_since')).toEqual(
      body.rows.map((r) => (r.noDataSince === undefined ? null : r.noDataSince * 1000))
    );

    // The same as asking the server for that moment directly.
    const direct: StatusPage = await serverJson(`/api/v1/slo-status?at=${to / 1000}`);
    expect(Object.fromEntries(direct.rows.map((r) => [keyOf(r), r.budgetRemaining]))).toEqual(
      Object.fromEntries(body.rows.map((r) => [keyOf(r), r.budgetRemaining]))
    );

    // /cart then, against now: before its slow burn, its budget was far larger.
    const present: StatusPage = await serverJson(`/api/v1/slo-status?slo=${SLO}`);
    const then = cartOf(body);
    const now = cartOf(present);
    const truth = groundTruth(env.trafficEnd, '/cart', then.window);
    console.log(
      `/cart at ${new Date(to).toISOString()}: ${budgetText(then.budgetRemaining)} (ground truth ${budgetText(truth.budget)}), now ${budgetText(now.budgetRemaining)}`
    );
    expect(Math.abs(then.budgetRemaining! - truth.budget)).toBeLessThan(0.002);
    expect(then.budgetRemaining! - now.budgetRemaining!).toBeGreaterThan(0.1);
  });

  test('a status grid whose range ends in the past links each cell to the SLO page at that moment', async ({
    page,
    openHost,
    serverJson,
    env,
  }) => {
    const to = pastMoment(env.trafficEnd);
    const answer = statusAnswer(page);
    await openHost(
      panelUrl(statusPanel([{ refId: 'A', queryType: 'sloStatus', slo: [SLO] }], {}, { from: to - DAY, to }))
    );
    const { body } = await answer;
    const cell = page.locator(
      `[data-testid="${testIds.sloPanel.cell}"][data-slo="${SLO}"][data-group='route="/cart"']`
    );
    await expect(cell).toHaveText(new RegExp(budgetText(cartOf(body).budgetRemaining).replace('.', '\\.')));
    const href = new URL((await cell.getAttribute('href'))!, 'http://x');
    expect(href.searchParams.get('at')).toBe(new Date(to).toISOString().replace('.000Z', 'Z'));

    // The cell opens the SLO page at that moment: the banner, and the budget of then.
    await cell.click();
    await expect(page.getByTestId(testIds.slo.moment)).toContainText('numbers for that moment');
    await expect(page.getByTestId(testIds.slo.budget)).toHaveText(budgetText(cartOf(body).budgetRemaining));
    const present: StatusPage = await serverJson(`/api/v1/slo-status?slo=${SLO}`);
    expect(budgetText(cartOf(present).budgetRemaining)).not.toBe(budgetText(cartOf(body).budgetRemaining));
  });

  test('a range that ends before any data fails the panel with the server’s reason', async ({ page, openHost }) => {
    // Before the recorded history of every SLO (filled one window and 30 days back).
    const to = Date.now() - 100 * DAY;
    const refused = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/v1/slo-status'));
    await openHost(panelUrl(statusPanel([{ refId: 'A', queryType: 'sloStatus' }], {}, { from: to - DAY, to })));
    const response = await refused;
    const message = (await response.json()).error.message as string;
    console.log(`slo-status at ${new Date(to).toISOString()}: HTTP ${response.status()} ${message}`);
    expect(response.status()).toBe(400);
    expect(message).toMatch(/^No data at /);
    await expect(page.getByTestId(testIds.sloPanel.error)).toContainText(message);
  });

  test('the SLO page with ?at= shows the banner and that moment’s numbers, and leads back to now', async ({
    page,
    openHost,
    serverJson,
    env,
    saveScreenshot,
  }) => {
    const at = pastMoment(env.trafficEnd);
    const iso = new Date(at).toISOString().replace('.000Z', 'Z');
    const status = page.waitForResponse(
      (r) => new URL(r.url()).pathname.endsWith(`/api/v1/slos/${SLO}/status`) && r.status() === 200
    );
    const burnRates = page.waitForResponse(
      (r) => r.url().includes(`/slos/${SLO}/timeseries`) && r.url().includes('burnrate')
    );
    const burndown = page.waitForResponse(
      (r) => r.url().includes(`/slos/${SLO}/timeseries`) && r.url().includes('burndown')
    );
    await openHost(`${APP}/slos/${SLO}?group.route=%2Fcart&at=${iso}`);
    const statusResponse = await status;
    expect(new URL(statusResponse.url()).searchParams.get('at')).toBe(String(at / 1000));
    const shown: StatusPage = await statusResponse.json();
    const cart = cartOf(shown);
    expect(cart.window.to).toBe(at / 1000);

    // The banner names the moment with its time zone (the browser's here: UTC).
    const banner = page.getByTestId(testIds.slo.moment);
    const moment = iso.replace('T', ' ').replace('Z', '');
    await expect(banner).toContainText(`As of ${moment} UTC`);
    await expect(banner).toContainText('numbers for that moment');

    // The numbers are the server's for that moment, and differ from now's.
    await expect(page.getByTestId(testIds.slo.budget)).toHaveText(budgetText(cart.budgetRemaining));
    const present: StatusPage = await serverJson(`/api/v1/slos/${SLO}/status`);
    expect(budgetText(cartOf(present).budgetRemaining)).not.toBe(budgetText(cart.budgetRemaining));
    await expect(page.getByTestId(testIds.slo.window)).toContainText(`→ ${moment} UTC`);

    // The burn-rate chart ends at the moment too.
    const burnRateUrl = new URL((await burnRates).url());
    expect(burnRateUrl.searchParams.get('to')).toBe(String(at / 1000));
    const burndownAnswer = await (await burndown).json();
    const lastPoint = Math.max(
      ...burndownAnswer.series.flatMap((s: { points: Array<[number, number]> }) => s.points.map(([t]) => t))
    );
    console.log(
      `burn-down asked to end at ${iso}: the server's last point is ${new Date(lastPoint * 1000).toISOString()}, window ${new Date(burndownAnswer.windowStart * 1000).toISOString()} → ${new Date(burndownAnswer.windowEnd * 1000).toISOString()}`
    );
    // The window that held the moment, drawn up to it (its last coarse tile, at most 5 minutes before).
    expect(lastPoint).toBeLessThanOrEqual(at / 1000);
    expect(lastPoint).toBeGreaterThan(at / 1000 - 600);
    await expect(page.getByTestId(testIds.slo.burndown).locator('canvas')).toHaveCount(1);
    await expect(page.getByTestId(testIds.slo.burndownNote)).toHaveCount(0);
    console.log(`screenshot: ${await saveScreenshot('slo-page-at')}`);

    // Back to now: the same group, the present's numbers, no banner.
    const presentStatus = page.waitForResponse(
      (r) =>
        new URL(r.url()).pathname.endsWith(`/api/v1/slos/${SLO}/status`) && !new URL(r.url()).searchParams.has('at')
    );
    await page.getByTestId(testIds.slo.momentNow).getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`${APP}/slos/${SLO}\\?group\\.route=%2Fcart$`));
    await expect(banner).toHaveCount(0);
    const now: StatusRow = cartOf(await (await presentStatus).json());
    await expect(page.getByTestId(testIds.slo.budget)).toHaveText(budgetText(now.budgetRemaining));
  });
});
