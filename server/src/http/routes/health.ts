import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

/** Liveness, readiness (store and Prometheus reachable) and the metrics endpoint; no auth. */
export async function healthRoutes(app: FastifyInstance, { store, prometheus, metrics, leadership }: ServerContext) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const [storeCheck, prometheusCheck] = await Promise.all([
      check(() => store.ping()),
      check(() => prometheus.buildInfo()),
    ]);
    const ready = storeCheck.ok && prometheusCheck.ok;
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      checks: { store: storeCheck, prometheus: prometheusCheck },
      // A follower is ready: it serves reads and API writes; only background writing is the leader's.
      leadership: leadership.describe(),
    });
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

export async function check(probe: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await probe();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
