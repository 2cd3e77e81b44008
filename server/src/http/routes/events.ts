import type { FastifyInstance } from 'fastify';
import { ApiErrorBody } from '@steward/contract/errors';
import { EventInput, EventList, EventListQuery, ServiceEvent } from '@steward/contract/events';
import { authorizeForService } from '../../registry/rights.js';
import { requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';

/** Deploys and other changes per service, e.g. recorded by CI; read back as annotations. */
export async function eventRoutes(app: FastifyInstance, { events, registry }: ServerContext) {
  app.get<{ Querystring: EventListQuery }>(
    '/api/v1/events',
    {
      schema: {
        summary: 'Events, newest first',
        tags: ['events'],
        querystring: EventListQuery,
        response: { 200: EventList, 400: ApiErrorBody },
      },
    },
    async (request) => ({ items: await events.list(request.query) })
  );

  app.post<{ Body: EventInput }>(
    '/api/v1/events',
    {
      preHandler: requireRole('Editor'),
      schema: {
        summary: 'Record an event for a service (a member of its team, a CI token for it, or an Admin)',
        tags: ['events'],
        body: EventInput,
        response: { 201: ServiceEvent, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody },
      },
    },
    async (request, reply) => {
      const { service, kind } = request.body;
      await authorizeForService(registry.store, request.identity!, service, `recording a ${kind}`);
      const event = await events.record(request.body, request.identity!.login);
      return reply.status(201).send(event);
    }
  );
}
