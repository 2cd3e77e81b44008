import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { ApiErrorBody } from '@steward/contract/errors';
import {
  SloDetail,
  SloStatusPage,
  SloStatusQuery,
  SloTimeseries,
  SloTimeseriesQuery,
  type SloStatusRow,
} from '@steward/contract/slo';
import { matchesGroup, matchesSlo, resolveFilter } from '../../slo/status/slo-filter.js';
import { burndown, rollingSeries } from '../../slo/status/timeseries.js';
import { burnPairs } from '../../slo/burn-pairs.js';
import { checkSlo } from '../../slo/check-slo.js';
import { renderRuleFile } from '../../slo/delivery/rule-file.js';
import { ruleContextOf } from '../../slo/delivery/rule-set.js';
import { ruleGroups } from '../../slo/rules.js';
import { eventQueries } from '../../slo/sli-queries.js';
import { TILES } from '../../slo/tiles.js';
import { durationLabel, parseShortDuration } from '../../slo/windows.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { parseMoment } from '../moment.js';
import { SerializedPages } from '../serialized-pages.js';

const NameParams = Type.Object({ name: Type.String({ maxLength: 63 }) });

/** SLO status for lists and tables, and one SLO's detail and time series for its page. */
export async function sloStatusRoutes(app: FastifyInstance, { registry, slo, prometheus }: ServerContext) {
  const serialized = new SerializedPages();
  app.get<{ Querystring: SloStatusQuery }>(
    '/api/v1/slo-status',
    {
      schema: {
        summary: 'Budget, burn rates, time to exhaustion and alerts of every SLO objective and group, filtered',
        tags: ['slos'],
        querystring: SloStatusQuery,
        response: { 200: SloStatusPage, 400: ApiErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const at = parseMoment('at', q.at, Date.now() / 1000);
      const [page, filter] = await Promise.all([slo.status(q.fresh, at), resolveFilter(registry.store, q)]);
      const rows = page.rows.filter(
        (row) =>
          matchesSlo(row, filter) &&
          matchesGroup(row.group, filter) &&
          (!q.state?.length || q.state.includes(row.state)) &&
          (!q.primary || row.objective.index === 0)
      );
      refuseBeforeAnyData(at, rows);
      // Unfiltered, the answer is the computed page itself: its JSON is made once for all callers.
      return rows.length === page.rows.length ? serialized.send(request, reply, page) : { ...page, rows };
    }
  );

  app.get<{ Params: { name: string }; Querystring: { fresh: boolean; at?: string } }>(
    '/api/v1/slos/:name/status',
    {
      schema: {
        summary: 'One SLO’s status per objective and group, its alert conditions, queries and generated rules',
        tags: ['slos'],
        params: NameParams,
        querystring: Type.Object({
          fresh: Type.Boolean({ default: false }),
          at: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339 or seconds since the epoch' })),
        }),
        response: { 200: SloDetail, 404: ApiErrorBody },
      },
    },
    async (request) => {
      const name = request.params.name;
      let active = findActive(name);
      if (!active && (await registry.get('SLO', name))) {
        await slo.sync(); // created a moment ago: the engine has not picked it up yet
        active = findActive(name);
      }
      if (!active) {
        throw new HttpError(404, 'not_found', `SLO "${name}" does not exist`);
      }
      const at = parseMoment('at', request.query.at, Date.now() / 1000);
      const page = await slo.status(request.query.fresh, at);
      const spec = active.definition.slo.spec;
      const rows = page.rows.filter((r) => r.slo === name);
      refuseBeforeAnyData(at, rows);
      return {
        computedAt: page.computedAt,
        rows,
        alerting: burnPairs(spec).map((pair) => ({
          tier: pair.tier,
          severity: pair.severity,
          longWindow: durationLabel(pair.longSeconds),
          ...(pair.shortSeconds ? { shortWindow: durationLabel(pair.shortSeconds) } : {}),
          factor: pair.factor,
          budgetShare: pair.budgetShare,
          ...(pair.forSeconds ? { for: durationLabel(pair.forSeconds) } : {}),
        })),
        eventQueries: eventQueries(spec, { kind: 'tile', seconds: TILES.coarse.seconds }),
        rules: renderRuleFile(ruleGroups(ruleContextOf(active))),
        warnings: checkSlo(spec).warnings.map((w) => w.message),
      };
    }
  );

  app.get<{ Params: { name: string }; Querystring: SloTimeseriesQuery }>(
    '/api/v1/slos/:name/timeseries',
    {
      schema: {
        summary: 'Budget burn-down over the window, or burn rate / SLI over time, per group',
        tags: ['slos'],
        params: NameParams,
        querystring: SloTimeseriesQuery,
        response: { 200: SloTimeseries, 400: ApiErrorBody, 404: ApiErrorBody, 503: ApiErrorBody },
      },
    },
    async (request) => {
      const active = activeSlo(request.params.name);
      const q = request.query;
      if (q.objective >= active.definition.slo.spec.objectives.length) {
        throw new HttpError(
          400,
          'bad_request',
          `the SLO has ${active.definition.slo.spec.objectives.length} objective(s)`
        );
      }
      const now = Math.floor(Date.now() / 1000);
      const to = Math.min(q.to ?? now, now);
      // Where this SLO's numbers come from at the range's end, without computing every SLO's status.
      const sourced = slo.withSources(to).find((s) => s.slo.revision === active.revision);
      const source = sourced?.source ?? 'raw';
      if (q.series === 'burndown') {
        // Through the window that holds `to`: the current one, or the one at an earlier moment.
        const result = await burndown(prometheus, active, q.objective, source, to);
        return { ...result, source };
      }
      const from = q.from ?? to - 86_400;
      if (from >= to) {
        throw new HttpError(400, 'bad_request', 'from must be before to');
      }
      const step = q.step ?? Math.max(60, Math.ceil((to - from) / 300 / 60) * 60);
      const series = await rollingSeries(
        prometheus,
        active,
        q.objective,
        q.series,
        parseShortDuration(q.window),
        { source, ...(sourced ? { coveredFrom: sourced.coveredFrom } : {}) },
        {
          start: from,
          end: to,
          step,
        }
      );
      return { series, source };
    }
  );

  function findActive(name: string) {
    return slo.state().active.find((a) => a.definition.slo.metadata.name === name);
  }

  function activeSlo(name: string) {
    const active = findActive(name);
    if (!active) {
      throw new HttpError(404, 'not_found', `SLO "${name}" does not exist`);
    }
    return active;
  }
}

/**
 * A moment at which nothing counted any event of the SLOs asked about, in any of their windows:
 * before their history, or before Prometheus's raw series. Said plainly rather than shown as
 * empty budgets. Rows that could not be counted (a query refused or failed) say why instead.
 */
export function refuseBeforeAnyData(
  at: number | undefined,
  rows: Array<Pick<SloStatusRow, 'events' | 'error' | 'history'>>
): void {
  if (at === undefined || rows.length === 0 || rows.some((r) => (r.events?.total ?? 0) > 0 || r.error !== undefined)) {
    return;
  }
  const from = Math.min(...rows.map((r) => r.history.coveredFrom ?? Infinity));
  throw new HttpError(
    400,
    'bad_request',
    `No data at ${new Date(at * 1000).toISOString()}: no event of these SLOs was counted in their windows then${Number.isFinite(from) ? ` (recorded history covers from ${new Date(from * 1000).toISOString()} on, as far as Prometheus holds raw series)` : ''}`,
    [{ field: 'at', message: 'before any data' }]
  );
}
