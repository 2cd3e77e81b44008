import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from './config/schema.js';
import { EventStore } from './events/event-store.js';
import { buildApp } from './http/app.js';
import { Authenticator } from './http/auth.js';
import type { ServerContext } from './http/context.js';
import { createServerMetrics } from './http/server-metrics.js';
import { PrometheusClient } from './prometheus/client.js';
import { openStore } from './store/database.js';
import { SERVER_VERSION } from './version.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Stops accepting connections, lets requests in flight finish, then closes the store. */
  stop(): Promise<void>;
}

/** The composition root: wires configuration into the store, clients and HTTP app, and listens. */
export async function startServer(
  config: Config,
  logger: FastifyServerOptions['logger'] = false
): Promise<RunningServer> {
  const metrics = createServerMetrics(SERVER_VERSION);
  const store = await openStore(config.database.url);
  const context: ServerContext = {
    config,
    version: SERVER_VERSION,
    store,
    events: new EventStore(store.db),
    prometheus: new PrometheusClient({ ...config.prometheus, duration: metrics.prometheusDuration }),
    metrics,
    auth: new Authenticator(config.auth),
  };
  let app: FastifyInstance;
  try {
    app = await buildApp(context, logger);
    await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.listen.port;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  return {
    app,
    url: `http://${host}:${port}`,
    stop: async () => {
      await app.close();
      await store.close();
    },
  };
}
