import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

/** The SLO engine's own state: the last sync, and each revision's history. */
export async function sloEngineRoutes(app: FastifyInstance, { slo, leadership }: ServerContext) {
  app.get(
    '/api/v1/slo-engine',
    {
      schema: {
        summary:
          'Which server writes (leadership), the last sync of rules and Alertmanager routes, and the history of each SLO revision',
        tags: ['slos'],
      },
    },
    async () => ({
      leadership: leadership.describe(),
      sync: slo.lastSync() ?? null,
      revisions: await slo.revisionRecords(),
    })
  );
}
