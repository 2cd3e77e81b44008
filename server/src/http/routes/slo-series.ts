import type { FastifyInstance } from 'fastify';
import { ApiErrorBody } from '@steward/contract/errors';
import { AnnotationsAnswer, AnnotationsQuery, SloSeriesAnswer, SloSeriesQuery } from '@steward/contract/slo';
import type { ServiceEntity } from '@steward/contract/model/service';
import { sloAnnotations } from '../../slo/status/annotations.js';
import { batchedSeries } from '../../slo/status/batched-series.js';
import { matchesDefinition, matchesGroup, matchesSlo, resolveFilter } from '../../slo/status/slo-filter.js';
import { parseShortDuration } from '../../slo/windows.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';

/** Time series and annotations for many SLOs at once, as dashboards ask for them. */
export async function sloSeriesRoutes(app: FastifyInstance, { registry, slo, prometheus, events }: ServerContext) {
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
      const filter = await resolveFilter(registry.store, q);
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
      const filter = await resolveFilter(registry.store, q);
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
}
