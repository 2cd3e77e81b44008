import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { ApiErrorBody } from '../../contract/errors.js';
import {
  GateAnswer,
  GateQuery,
  SloStatusPage,
  SloStatusQuery,
  SloStatusRow,
  SloTimeseries,
  SloTimeseriesQuery,
} from '../../contract/slo.js';
import type { SloEntity } from '../../registry/model/slo.js';
import { withSubteams } from '../../registry/store/catalog-query.js';
import { decideGate } from '../../slo/gate.js';
import { burndown, rollingSeries } from '../../slo/status/timeseries.js';
import { parseShortDuration } from '../../slo/windows.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';

const NameParams = Type.Object({ name: Type.String({ maxLength: 63 }) });

/** SLO status, time series for the SLO page, the release gate, and the engine's own state. */
export async function sloRoutes(app: FastifyInstance, { registry, slo, prometheus }: ServerContext) {
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
    async (request) => {
      const q = request.query;
      const page = await slo.status(q.fresh);
      const teams = q.team?.length
        ? new Set(q.includeSubteams ? await withSubteams(registry.db, q.team) : q.team)
        : undefined;
      const rows = page.rows.filter(
        (row) =>
          (!teams || (row.team !== undefined && teams.has(row.team))) &&
          (!q.service?.length || q.service.includes(row.service)) &&
          (!q.slo?.length || q.slo.includes(row.slo)) &&
          (!q.tier?.length || (row.tier !== undefined && q.tier.includes(row.tier))) &&
          (!q.state?.length || q.state.includes(row.state)) &&
          (!q.primary || row.objective.index === 0)
      );
      return { ...page, rows };
    }
  );

  app.get<{ Params: { name: string } }>(
    '/api/v1/slos/:name/status',
    {
      schema: {
        summary: 'One SLO’s status, per objective and group',
        tags: ['slos'],
        params: NameParams,
        response: {
          200: Type.Object({ computedAt: Type.Number(), rows: Type.Array(SloStatusRow) }),
          404: ApiErrorBody,
        },
      },
    },
    async (request) => {
      activeSlo(request.params.name);
      const page = await slo.status();
      return { computedAt: page.computedAt, rows: page.rows.filter((r) => r.slo === request.params.name) };
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
      const page = await slo.status();
      const source = page.rows.find((r) => r.slo === request.params.name)?.history.source ?? 'raw';
      if (q.series === 'burndown') {
        const result = await burndown(prometheus, active, q.objective, source, now);
        return { ...result, source };
      }
      const to = q.to ?? now;
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
        source,
        {
          start: from,
          end: to,
          step,
        }
      );
      return { series, source };
    }
  );

  app.get<{ Querystring: GateQuery }>(
    '/api/v1/gate',
    {
      schema: {
        summary: 'Release gate for CI: may this service deploy now, under its SLOs’ budget policies?',
        tags: ['slos'],
        querystring: GateQuery,
        response: { 200: GateAnswer, 404: ApiErrorBody },
      },
    },
    async (request) => {
      const { service, change } = request.query;
      if (!(await registry.get('Service', service))) {
        throw new HttpError(404, 'not_found', `Service "${service}" does not exist`);
      }
      const page = await slo.status();
      const rows = page.rows.filter((r) => r.service === service && r.objective.index === 0);
      const policies = new Map(
        slo
          .state()
          .active.filter((a) => a.definition.slo.spec.service === service)
          .map((a) => [a.definition.slo.metadata.name, (a.definition.slo as SloEntity).spec.budgetPolicy] as const)
      );
      return {
        service,
        ...(change ? { change } : {}),
        ...decideGate(rows, policies, change),
        computedAt: page.computedAt,
      };
    }
  );

  app.get(
    '/api/v1/slo-engine',
    {
      schema: {
        summary: 'The last sync of rules and Alertmanager routes, and the history of each SLO revision',
        tags: ['slos'],
      },
    },
    async () => ({ sync: slo.lastSync() ?? null, revisions: slo.revisionRecords() })
  );

  function activeSlo(name: string) {
    const active = slo.state().active.find((a) => a.definition.slo.metadata.name === name);
    if (!active) {
      throw new HttpError(404, 'not_found', `SLO "${name}" does not exist`);
    }
    return active;
  }
}
