import { DEPLOYS } from '../environment.js';
import { expect, panelUrl, test } from '../fixtures.js';
import { testIds } from '../test-ids.js';
import { APP, shownItems, statusAnswer, statusPanel } from '../status.js';

/**
 * The Steward datasource's other answers, built from dist/, against the live environment of
 * global-setup.ts: variable queries, chained variables, annotations, the team roll-up, series,
 * ownership, drift and unowned telemetry, each compared with what steward-server answers.
 */

test.describe('Steward datasource queries besides the SLO panel', () => {
  test('variable queries list the server’s teams, services of a team, SLOs of a service, and tiers', async ({
    page,
    openHost,
    serverJson,
  }) => {
    await openHost('/host/panel?panel={}');
    const now = Date.now();
    const run = (query: object) =>
      page.evaluate(({ query, now }) => window.stewardHost.runVariableQuery('steward', query, now - 3600_000, now), {
        query,
        now,
      }) as Promise<Array<{ text: string; value: string }>>;
    const all = async (path: string) => {
      const items: any[] = [];
      let cursor = '';
      do {
        const answer = await serverJson(
          `${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`
        );
        items.push(...answer.items);
        cursor = answer.nextCursor ?? '';
      } while (cursor);
      return items;
    };
    const options = (items: any[]) =>
      items
        .map((i) => ({ text: i.entity.metadata.title ?? i.entity.metadata.name, value: i.entity.metadata.name }))
        .sort((a, b) => a.value.localeCompare(b.value));

    expect(await run({ refId: 'V', kind: 'teams' })).toEqual(options(await all('/api/v1/teams')));
    expect(await run({ refId: 'V', kind: 'services', team: ['checkout'] })).toEqual(
      options(await all('/api/v1/services?team=checkout'))
    );
    expect(await run({ refId: 'V', kind: 'services', team: ['commerce'] })).toEqual(
      options(await all('/api/v1/services?team=commerce'))
    );
    expect(await run({ refId: 'V', kind: 'slos', service: ['checkout-api'] })).toEqual(
      options(await all('/api/v1/slos?service=checkout-api'))
    );
    const facets = (await serverJson('/api/v1/services?limit=1')).facets.tier as Array<{ value: string }>;
    expect((await run({ refId: 'V', kind: 'tiers' })).map((o) => o.value)).toEqual(
      facets
        .map((f) => f.value)
        .filter(Boolean)
        .sort()
    );
    // A saved plain-text query reads the same way.
    expect(await run({ refId: 'V', query: 'services(checkout)' })).toEqual(
      options(await all('/api/v1/services?team=checkout'))
    );
  });

  test('services of $team chain to the team variable', async ({ page, openHost, serverJson }) => {
    const answer = statusAnswer(page);
    await openHost(
      panelUrl(
        statusPanel(
          [{ refId: 'A', queryType: 'sloStatus', service: ['$service'] }],
          {},
          {
            variables: [
              { name: 'team', datasource: 'steward', query: { refId: 'T', kind: 'teams' } },
              {
                name: 'service',
                datasource: 'steward',
                query: { refId: 'S', kind: 'services', team: ['$team'] },
                multi: true,
                includeAll: true,
              },
            ],
          }
        ),
        { team: 'discovery', service: '$__all' }
      )
    );
    const { url } = await answer;
    const services = await serverJson('/api/v1/services?team=discovery&limit=200');
    expect(url.searchParams.getAll('service').sort()).toEqual(
      services.items.map((s: { entity: { metadata: { name: string } } }) => s.entity.metadata.name).sort()
    );
    await expect(page.getByTestId(testIds.sloPanel.cell)).not.toHaveCount(0);
    const shown = await shownItems(page, testIds.sloPanel.cell, testIds.sloPanel.cellValue);
    expect(new Set(shown.map((s) => s.team))).toEqual(new Set(['discovery']));
  });

  test('annotations are the server’s deploys, alert spans and budget events, filtered by team', async ({
    page,
    openHost,
    serverJson,
  }) => {
    await openHost('/host/panel?panel={}');
    const to = Date.now();
    const from = to - 3 * 86_400_000;
    const run = (annotation: object) =>
      page.evaluate(({ annotation, from, to }) => window.stewardHost.runAnnotations('steward', annotation, from, to), {
        annotation,
        from,
        to,
      }) as Promise<
        Array<{
          time: number;
          timeEnd?: number;
          title: string;
          text: string;
          tags: string[];
          isRegion: boolean;
          color: string;
        }>
      >;
    const range = `from=${Math.floor(from / 1000)}&to=${Math.floor(to / 1000)}`;
    // An SLO event's text ends with a link to the SLO page at the event's moment (Grafana shows
    // annotation text as sanitized HTML); the server's text comes first, HTML-escaped.
    const link = / <a href="([^"]*)">Open the SLO page at this moment<\/a>$/;
    const unescape = (html: string) =>
      html.replace(
        /&(lt|gt|quot|#39|amp);/g,
        (_, e) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e as 'lt']
      );
    const pageAt = (i: { slo?: string; time: number }) =>
      i.slo
        ? `${APP}/slos/${i.slo}?at=${encodeURIComponent(new Date(i.time * 1000).toISOString().replace('.000Z', 'Z'))}`
        : null;
    const expectSame = (events: Awaited<ReturnType<typeof run>>, items: any[]) => {
      const sorted = [...items].sort((a, b) => a.time - b.time);
      expect(
        events.map((e) => [
          e.time,
          e.timeEnd,
          e.title,
          unescape(e.text.replace(link, '')),
          e.tags,
          link.exec(e.text)?.[1] ?? null,
        ])
      ).toEqual(sorted.map((i) => [i.time * 1000, (i.timeEnd ?? i.time) * 1000, i.title, i.text, i.tags, pageAt(i)]));
      expect(events.map((e) => e.isRegion)).toEqual(sorted.map((i) => i.timeEnd !== undefined && i.timeEnd !== i.time));
    };

    // A dashboard annotation saved with only the datasource: every kind of event, no filter.
    const everything = await run({ name: 'Steward', enable: true, iconColor: 'red' });
    const direct = await serverJson(`/api/v1/annotations?${range}`);
    expectSame(everything, direct.items);
    const deploys = everything.filter((e) => e.tags.includes('deploy'));
    // The deploys global-setup recorded are there (other specs may record more).
    for (const deploy of DEPLOYS) {
      expect(deploys.filter((e) => e.title.includes(deploy.title) && !e.isRegion)).toHaveLength(1);
    }
    console.log(`annotations: ${JSON.stringify(everything.map((e) => [e.title, e.isRegion]))}`);

    // Deploys of the checkout team's services only.
    const checkout = await run({
      name: 'Checkout deploys',
      target: { refId: 'A', kinds: ['deploy'], team: ['checkout'] },
    });
    expectSame(checkout, (await serverJson(`/api/v1/annotations?${range}&kind=deploy&team=checkout`)).items);
    expect(checkout.filter((e) => e.title.includes('checkout-api 2.4.0'))).toHaveLength(1);
    expect(checkout.filter((e) => e.title.includes('search 7.1.2'))).toHaveLength(0);

    // Alerts (spans) and budget events of one service.
    const search = await run({
      name: 'Search',
      target: { refId: 'A', kinds: ['alert', 'budget'], service: ['search'] },
    });
    expectSame(search, (await serverJson(`/api/v1/annotations?${range}&kind=alert&kind=budget&service=search`)).items);
  });

  test('other query types return the server’s answers: team roll-up, series, ownership, drift, unowned telemetry', async ({
    page,
    openHost,
    serverJson,
  }) => {
    await openHost('/host/panel?panel={}');
    const to = Date.now();
    const from = to - 86_400_000;
    const range = `from=${Math.floor(from / 1000)}&to=${Math.floor(to / 1000)}`;
    const query = (target: object) =>
      page.evaluate(({ target, from, to }) => window.stewardHost.query('steward', [target], from, to), {
        target: { refId: 'A', ...target },
        from,
        to,
      }) as Promise<{ frames: HostFrame[]; errors?: Array<{ message: string }> }>;
    const column = (frame: HostFrame, name: string) => frame.fields.find((f) => f.name === name)!.values;

    // Per team: SLO count, lowest budget, worst state and firing alerts of the team's rows,
    // rolled up from the very status answer the datasource got (a fresh fetch could see a state change).
    const answer = statusAnswer(page);
    const [byTeam] = (await query({ queryType: 'sloStatus', groupBy: 'team' })).frames;
    const status = (await answer).body;
    const order = ['ok', 'no-data', 'error', 'burning', 'exhausted'];
    const teams = column(byTeam!, 'team') as string[];
    expect([...teams].sort()).toEqual([...new Set(status.rows.map((r) => r.team))].sort());
    teams.forEach((team, i) => {
      const rows = status.rows.filter((r) => r.team === team);
      expect(column(byTeam!, 'slos')[i]).toBe(new Set(rows.map((r) => r.slo)).size);
      const budgets = rows.map((r) => r.budgetRemaining).filter((b): b is number => b !== null);
      expect(column(byTeam!, 'lowest_budget')[i]).toBe(budgets.length ? Math.min(...budgets) : null);
      const worst = rows.reduce((w, r) => (order.indexOf(r.state) > order.indexOf(w) ? r.state : w), 'ok');
      expect(column(byTeam!, 'worst_state')[i]).toBe(worst);
      const firing = rows.flatMap((r) => r.alerts.filter((a) => a.state === 'firing'));
      expect(column(byTeam!, 'firing_alerts')[i]).toBe(firing.length);
    });

    // Budget remaining over time and burn rate over 6h: the server's series, point for point.
    for (const [queryType, series, window] of [
      ['budget', 'budget', undefined],
      ['burnRate', 'burnrate', '6h'],
      ['sli', 'sli', '1h'],
    ] as const) {
      // The datasource's answer and the server's, asked one after the other: history work can
      // write the tiles of the last minutes in between (a seam closing), so a pair that differs
      // is asked again; a datasource that changed the series would differ every time.
      await expect(async () => {
        const { frames } = await query({ queryType, team: ['checkout'], ...(window ? { window } : {}) });
        expect(frames.length).toBeGreaterThan(0);
        const direct = await serverJson(
          `/api/v1/slo-timeseries?series=${series}&${range}&team=checkout&step=300${window ? `&window=${window}` : ''}`
        );
        expect(frames.map((f) => f.fields[1]!.labels!.slo).sort()).toEqual(
          direct.series.map((s: { slo: string }) => s.slo).sort()
        );
        for (const frame of frames) {
          const labels = frame.fields[1]!.labels!;
          const match = direct.series.find(
            (s: { slo: string; objective: { index: number }; group: Record<string, string> }) =>
              s.slo === labels.slo &&
              String(s.objective.index) === labels.objective &&
              Object.entries(s.group).every(([k, v]) => labels[k] === v)
          );
          expect(frame.fields[0]!.values).toEqual(match.points.map(([t]: [number]) => t * 1000));
          expect(frame.fields[1]!.values).toEqual(match.points.map(([, v]: [number, number]) => v));
        }
      }).toPass({ intervals: [1000, 2000, 5000], timeout: 30_000 });
    }

    // Ownership: services of a team with owner, on-call and runbook.
    const [ownership] = (await query({ queryType: 'ownership', team: ['checkout'] })).frames;
    const owned = await serverJson('/api/v1/ownership/services?team=checkout');
    expect(column(ownership!, 'service')).toEqual(owned.rows.map((r: { service: string }) => r.service));
    expect(column(ownership!, 'on_call_now')).toEqual(owned.rows.map((r: { onCallNow?: string }) => r.onCallNow ?? ''));
    expect(column(ownership!, 'runbook')).toEqual(owned.rows.map((r: { runbook?: string }) => r.runbook ?? ''));

    // Drift rows of a team, and unowned telemetry.
    const [drift] = (await query({ queryType: 'ownershipHealth', team: ['customer'] })).frames;
    const health = await serverJson('/api/v1/ownership/health?team=customer');
    expect(column(drift!, 'message')).toEqual(health.findings.map((f: { message: string }) => f.message));
    expect(column(drift!, 'name')).toEqual(health.findings.map((f: { name: string }) => f.name));
    const [unowned] = (await query({ queryType: 'unownedTelemetry' })).frames;
    const direct = await serverJson(`/api/v1/ownership/unowned-telemetry?time=${Math.floor(to / 1000)}`);
    expect(column(unowned!, 'value')).toEqual(direct.values.map((v: { value: string }) => v.value));
  });
});

interface HostFrame {
  name?: string;
  fields: Array<{ name: string; values: unknown[]; labels?: Record<string, string> }>;
}
