import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { LABELS } from '../conventions/metrics.js';
import type { ServerContext } from './context.js';
import { installDeadline } from './deadline.js';
import { errorBody, installErrorHandler } from './errors.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { ownershipRoutes } from './routes/ownership.js';
import { registryRoutes } from './routes/registry.js';
import { dependencyGraphRoutes } from './routes/dependency-graph.js';
import { releaseGateRoutes } from './routes/release-gate.js';
import { sloEngineRoutes } from './routes/slo-engine.js';
import { sloSeriesRoutes } from './routes/slo-series.js';
import { sloStatusRoutes } from './routes/slo-status.js';
import { statusRoutes } from './routes/status.js';
import { telemetryRoutes } from './routes/telemetry.js';
import { validatorCompiler } from './validators.js';

const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json']);
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Builds the HTTP application; listening and shutdown are the caller's business. */
export async function buildApp(
  context: ServerContext,
  logger: FastifyServerOptions['logger'] = false
): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    // One structured line per request is written by the onResponse hook below instead.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(validatorCompiler);
  installErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'steward-server API',
        version: context.version,
        description: 'Reached through Grafana: every /api call needs the shared secret (Authorization: Bearer …).',
      },
      components: { securitySchemes: { grafana: { type: 'http', scheme: 'bearer' } } },
      security: [{ grafana: [] }],
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (PUBLIC_PATHS.has(path)) {
      return;
    }
    if (!context.auth.hasValidSecret(request)) {
      return reply
        .status(401)
        .send(
          errorBody(
            'unauthorized',
            'missing or wrong shared secret; set the Steward token in the app configuration in Grafana'
          )
        );
    }
    request.identity = await context.auth.identify(request);
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    context.metrics.httpDuration.observe(
      { [LABELS.method]: request.method, [LABELS.route]: route, [LABELS.statusCode]: String(reply.statusCode) },
      reply.elapsedTime / 1000
    );
    if (!QUIET_PATHS.has(route)) {
      request.log.info(
        {
          method: request.method,
          route,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          user: request.identity?.login,
        },
        'request'
      );
    }
  });

  installDeadline(app, context.config.slo.statusDeadlineMs);
  await app.register(healthRoutes, context);
  await app.register(statusRoutes, context);
  await app.register(telemetryRoutes, context);
  await app.register(eventRoutes, context);
  await app.register(registryRoutes, context);
  await app.register(ownershipRoutes, context);
  await app.register(sloStatusRoutes, context);
  await app.register(sloSeriesRoutes, context);
  await app.register(releaseGateRoutes, context);
  await app.register(dependencyGraphRoutes, context);
  await app.register(sloEngineRoutes, context);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
