import type { FastifyInstance } from 'fastify';
import { ApiErrorBody } from '@steward/contract/errors';
import { GateAnswer, GateQuery } from '@steward/contract/slo';
import { decideGate } from '../../slo/gate.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';

/** The release gate CI pipelines call before deploying. */
export async function releaseGateRoutes(app: FastifyInstance, { registry, slo }: ServerContext) {
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
      return {
        service,
        ...(change ? { change } : {}),
        ...decideGate(rows, change),
        computedAt: page.computedAt,
      };
    }
  );
}
