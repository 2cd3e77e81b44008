import type { FastifyInstance } from 'fastify';
import { ApiErrorBody } from '@steward/contract/errors';
import { TelemetryInventory, TelemetryInventoryQuery } from '@steward/contract/telemetry';
import { telemetryInventory } from '../../telemetry/inventory.js';
import type { ServerContext } from '../context.js';

export async function telemetryRoutes(app: FastifyInstance, { prometheus }: ServerContext) {
  app.get<{ Querystring: TelemetryInventoryQuery }>(
    '/api/v1/telemetry/inventory',
    {
      schema: {
        summary: 'Values of an identifier label in Prometheus, with their series counts',
        tags: ['telemetry'],
        querystring: TelemetryInventoryQuery,
        response: { 200: TelemetryInventory, 400: ApiErrorBody, 503: ApiErrorBody },
      },
    },
    async (request) => {
      const time = request.query.time ?? Date.now() / 1000;
      return telemetryInventory(prometheus, request.query.label, time);
    }
  );
}

type TelemetryInventoryQuery = { label: string; time?: number };
