import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { ApiErrorBody } from '../../contract/errors.js';
import {
  AnnotationsAnswer,
  AnnotationsQuery,
  DependencyGraphAnswer,
  DependencyGraphQuery,
  GateAnswer,
  GateQuery,
  SloDetail,
  SloSeriesAnswer,
  SloSeriesQuery,
  SloStatusPage,
  SloStatusQuery,
  SloStatusRow,
  SloTimeseries,
  SloTimeseriesQuery,
} from '../../contract/slo.js';
import type { SloEntity } from '../../registry/model/slo.js';
import { decideGate } from '../../slo/gate.js';
import { dependencyGraph } from '../../registry/dependency-graph.js';
import type { ServiceEntity } from '../../registry/model/service.js';
import { withSubteams } from '../../registry/store/catalog-query.js';
import { sloAnnotations } from '../../slo/status/annotations.js';
import { batchedSeries } from '../../slo/status/batched-series.js';
import { matchesDefinition, matchesGroup, matchesSlo, resolveFilter } from '../../slo/status/slo-filter.js';
import { burndown, rollingSeries } from '../../slo/status/timeseries.js';
import { RECORDING_STEP_SECONDS } from '../../conventions/slo.js';
import { burnPairs } from '../../slo/burn-pairs.js';
import { checkSlo } from '../../slo/check-slo.js';
import { renderRuleFile } from '../../slo/delivery/rule-file.js';
import { ruleGroups } from '../../slo/rules.js';
import { eventQueries } from '../../slo/sli-queries.js';
import { durationLabel, parseShortDuration } from '../../slo/windows.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';

const NameParams = Type.Object({ name: Type.String({ maxLength: 63 }) });

/** SLO status, time series for the SLO page, the release gate, and the engine's own state. */
export async function sloRoutes(app: FastifyInstance, { registry, slo, prometheus, events }: ServerContext) {
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
      const [page, filter] = await Promise.all([slo.status(q.fresh), resolveFilter(registry.db, q)]);
      const rows = page.rows.filter(
        (row) =>
          matchesSlo(row, filter) &&
          matchesGroup(row.group, filter) &&
          (!q.state?.length || q.state.includes(row.state)) &&
          (!q.primary || row.objective.index === 0)
      );
      return { ...page, rows };
    }
  );

  app.get<{ Querystring: SloSeriesQuery }>(
    '/api/v1/slo-timeseries',
    {
      schema: {
        summary: 'Burn rate, SLI or budget remaining over time, for many SLOs in one request',
        tags: ['slos'],
        querystring: SloSeriesQuery,
        response: { 200: SloSeriesAnswer, 400: ApiErrorBody, 503: ApiErrorBody },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.from >= q.to) {
        throw new HttpError(400, 'bad_request', 'from must be before to');
      }
      const filter = await resolveFilter(registry.db, q);
      const selected = slo.withSources().filter(({ slo: s }) => matchesDefinition(s.definition, filter));
      const step = q.step ?? Math.max(60, Math.ceil((q.to - q.from) / 500 / 60) * 60);
      const result = await batchedSeries(
        prometheus,
        selected,
        q.series,
        { start: q.from, end: q.to, step },
        parseShortDuration(q.window)
      );
      const byName = new Map(selected.map(({ slo: s }) => [s.definition.slo.metadata.name, s.definition]));
      return {
        series: result.series
          .filter((s) => matchesGroup(s.group, filter))
          .map((s) => {
            const definition = byName.get(s.slo)!;
            const objective = definition.slo.spec.objectives[s.objective]!;
            return {
              slo: s.slo,
              title: definition.slo.metadata.title ?? s.slo,
              service: definition.slo.spec.service,
              ...(definition.team ? { team: definition.team } : {}),
              objective: { index: s.objective, target: objective.target, window: objective.window ?? '30d' },
              group: s.group,
              points: s.points,
            };
          }),
        errors: result.errors,
        prometheusRequests: result.prometheusRequests,
      };
    }
  );

  app.get<{ Querystring: AnnotationsQuery }>(
    '/api/v1/annotations',
    {
      schema: {
        summary: 'Deploys, SLO alerts and budget exhaustion/recovery between two times, for Grafana annotations',
        tags: ['slos'],
        querystring: AnnotationsQuery,
        response: { 200: AnnotationsAnswer, 400: ApiErrorBody },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.from >= q.to) {
        throw new HttpError(400, 'bad_request', 'from must be before to');
      }
      const filter = await resolveFilter(registry.db, q);
      const selected = slo.withSources().filter(({ slo: s }) => matchesDefinition(s.definition, filter));
      const services = new Map(
        (await registry.store.all('Service')).map((s) => {
          const entity = s.entity as ServiceEntity;
          return [entity.metadata.name, entity] as const;
        })
      );
      // Asked about some SLOs: deploys of their services only.
      const sloServices = filter.slos
        ? new Set(selected.map(({ slo: s }) => s.definition.slo.spec.service))
        : undefined;
      const inScope = (name: string) => {
        if (sloServices && !sloServices.has(name)) {
          return undefined;
        }
        const service = services.get(name);
        const row = {
          slo: '',
          service: name,
          ...(service ? { team: service.spec.owner } : {}),
          ...(service?.spec.tier ? { tier: service.spec.tier } : {}),
        };
        return matchesSlo(row, { ...filter, slos: undefined })
          ? service
            ? { team: service.spec.owner }
            : {}
          : undefined;
      };
      return sloAnnotations(
        { prometheus, events },
        selected,
        inScope,
        { from: q.from, to: q.to },
        q.kind ?? ['deploy', 'alert', 'budget'],
        (group) => matchesGroup(group, filter)
      );
    }
  );

  app.get<{ Params: { name: string }; Querystring: { fresh: boolean } }>(
    '/api/v1/slos/:name/status',
    {
      schema: {
        summary: 'One SLO’s status per objective and group, its alert conditions, queries and generated rules',
        tags: ['slos'],
        params: NameParams,
        querystring: Type.Object({ fresh: Type.Boolean({ default: false }) }),
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
      const page = await slo.status(request.query.fresh);
      const spec = active.definition.slo.spec;
      const context = {
        slo: active.definition.slo,
        revision: active.revision,
        recordFrom: active.recordFrom,
        ...(active.definition.team ? { team: active.definition.team } : {}),
        ...(active.definition.runbookUrl ? { runbookUrl: active.definition.runbookUrl } : {}),
        ...(active.definition.sloUrl ? { sloUrl: active.definition.sloUrl } : {}),
      };
      return {
        computedAt: page.computedAt,
        rows: page.rows.filter((r) => r.slo === name),
        alerting: burnPairs(spec).map((pair) => ({
          tier: pair.tier,
          severity: pair.severity,
          longWindow: durationLabel(pair.longSeconds),
          ...(pair.shortSeconds ? { shortWindow: durationLabel(pair.shortSeconds) } : {}),
          factor: pair.factor,
          budgetShare: pair.budgetShare,
          ...(pair.forSeconds ? { for: durationLabel(pair.forSeconds) } : {}),
        })),
        eventQueries: eventQueries(spec, RECORDING_STEP_SECONDS),
        rules: renderRuleFile(ruleGroups(context)),
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

  app.get<{ Querystring: DependencyGraphQuery }>(
    '/api/v1/dependency-graph',
    {
      schema: {
        summary: 'Services around the chosen ones along dependsOn, each with the health of its SLOs',
        tags: ['slos'],
        querystring: DependencyGraphQuery,
        response: { 200: DependencyGraphAnswer },
      },
    },
    async (request) => {
      const q = request.query;
      const [services, page] = await Promise.all([registry.store.all('Service'), slo.status()]);
      const entities = services.map((s) => s.entity as ServiceEntity);
      const teams = q.team?.length
        ? new Set(q.includeSubteams ? await withSubteams(registry.db, q.team) : q.team)
        : undefined;
      const start =
        q.service?.length || teams
          ? [...(q.service ?? []), ...entities.filter((e) => teams?.has(e.spec.owner)).map((e) => e.metadata.name)]
          : undefined;
      const graph = dependencyGraph(entities, start, q.depth);
      const known = new Set(entities.map((e) => e.metadata.name));
      return {
        nodes: graph.nodes.map((node) => {
          const rows = page.rows.filter((r) => r.service === node.name && r.objective.index === 0);
          const budgets = rows.map((r) => r.budgetRemaining).filter((b): b is number => b !== null);
          return {
            service: node.name,
            title: node.title,
            team: node.team,
            ...(node.tier ? { tier: node.tier } : {}),
            known: known.has(node.name),
            slos: new Set(rows.map((r) => r.slo)).size,
            ...(rows.length ? { worstState: worstOf(rows.map((r) => r.state)) } : {}),
            lowestBudget: budgets.length ? Math.min(...budgets) : null,
            firingAlerts: rows.reduce((n, r) => n + r.alerts.filter((a) => a.state === 'firing').length, 0),
            url: `/a/steward-ownership-app/services/${encodeURIComponent(node.name)}`,
          };
        }),
        edges: graph.edges,
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
    async () => ({ sync: slo.lastSync() ?? null, revisions: await slo.revisionRecords() })
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

/** Worst first: a broken SLO needs a look before a spent budget, before a burning one. */
const STATE_ORDER: Array<SloStatusRow['state']> = ['error', 'exhausted', 'burning', 'no-data', 'ok'];

function worstOf(states: Array<SloStatusRow['state']>): SloStatusRow['state'] {
  return STATE_ORDER.find((state) => states.includes(state)) ?? 'ok';
}
