import type { FastifyInstance } from 'fastify';
import { ApiErrorBody } from '@steward/contract/errors';
import {
  OwnershipHealth,
  OwnershipHealthQuery,
  OwnershipTable,
  OwnershipTableQuery,
  UnownedTelemetry,
  UnownedTelemetryQuery,
} from '@steward/contract/health';
import { ownershipHealth, silentSlosFrom, unownedTelemetry } from '../../health/ownership-health.js';
import { ownershipTable } from '../../registry/ownership-table.js';
import type { ServerContext } from '../context.js';

/** How long health waits for the SLO status before it answers from the last one computed. */
const SILENT_SLOS_WAIT_MS = 5000;

export async function ownershipRoutes(app: FastifyInstance, { registry, prometheus, config, slo }: ServerContext) {
  app.get<{ Querystring: OwnershipHealthQuery }>(
    '/api/v1/ownership/health',
    {
      schema: {
        summary: 'Ownership drift and maturity scorecards, optionally for some teams (and the teams below them)',
        tags: ['ownership'],
        querystring: OwnershipHealthQuery,
        response: { 200: OwnershipHealth },
      },
    },
    async (request) =>
      ownershipHealth(
        registry,
        {
          ...(request.query.team ? { team: request.query.team } : {}),
          includeSubteams: request.query.includeSubteams,
        },
        new Date(),
        await silentSlosFrom(slo, SILENT_SLOS_WAIT_MS)
      )
  );

  app.get<{ Querystring: OwnershipTableQuery }>(
    '/api/v1/ownership/services',
    {
      schema: {
        summary: 'Services with their owner, on-call now and next, runbook and SLO count',
        tags: ['ownership'],
        querystring: OwnershipTableQuery,
        response: { 200: OwnershipTable },
      },
    },
    async (request) => ownershipTable(registry, request.query, new Date())
  );

  app.get<{ Querystring: UnownedTelemetryQuery }>(
    '/api/v1/ownership/unowned-telemetry',
    {
      schema: {
        summary: 'Identifier label values in Prometheus that no registered service claims',
        tags: ['ownership'],
        querystring: UnownedTelemetryQuery,
        response: { 200: UnownedTelemetry, 503: ApiErrorBody },
      },
    },
    async (request) =>
      unownedTelemetry(
        registry,
        prometheus,
        request.query.label ?? config.telemetry.identifierLabels,
        request.query.time ?? Date.now() / 1000
      )
  );
}
