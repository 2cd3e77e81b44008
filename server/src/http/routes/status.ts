import type { FastifyInstance } from 'fastify';
import { ApiErrorBody } from '@steward/contract/errors';
import { ServerStatus } from '@steward/contract/status';
import type { ServerContext } from '../context.js';
import { withinDeadline } from '../deadline.js';

/** What the app's home page and the datasource health check show: is everything connected? */
export async function statusRoutes(app: FastifyInstance, { version, store, prometheus, config }: ServerContext) {
  app.get(
    '/api/v1/status',
    {
      schema: {
        summary: 'Server, store and Prometheus status, and who is asking',
        tags: ['status'],
        response: { 200: ServerStatus, 401: ApiErrorBody },
      },
    },
    async (request): Promise<ServerStatus> => {
      const [storeResult, promResult] = await Promise.all([
        store.ping().then(
          () => ({ ok: true }),
          (error: Error) => ({ ok: false, error: error.message })
        ),
        withinDeadline(config.slo.statusDeadlineMs, prometheus.buildInfo()).then(
          (info) => ({ ok: true, version: info.version }),
          (error: Error) => ({ ok: false, error: error.message })
        ),
      ]);
      return {
        version,
        store: { dialect: store.dialect, ...storeResult },
        prometheus: promResult,
        ...(request.identity ? { user: request.identity } : {}),
      };
    }
  );
}
