import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from './config/schema.js';
import { EventStore } from './store/event-store.js';
import { RevisionStore } from './store/revision-store.js';
import { RegistryStore } from './registry/store/registry-store.js';
import { buildApp } from './http/app.js';
import { Authenticator } from './http/auth.js';
import type { ServerContext } from './http/context.js';
import { registerOwnershipMetrics } from './http/ownership-metrics.js';
import { createServerMetrics } from './http/server-metrics.js';
import { authenticatedFetch } from './backends/credentials.js';
import { PrometheusClient } from './prometheus/client.js';
import { RegistryService } from './registry/registry-service.js';
import { CatalogDirectory } from './registry/sources/catalog-directory.js';
import { createSloEngine } from './slo/engine/create-engine.js';
import { openStore } from './store/database.js';
import { AdvisoryLeadership, soleLeader } from './store/leadership.js';
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
  // The app's logger exists only once the app is built; the registry logs through it.
  let app: FastifyInstance | undefined;
  const log = {
    info: (obj: object, msg: string) => app?.log.info(obj, msg),
    warn: (obj: object, msg: string) => app?.log.warn(obj, msg),
    error: (obj: object, msg: string) => app?.log.error(obj, msg),
  };
  const directory = config.catalog.directory
    ? new CatalogDirectory(config.catalog.directory, config.catalog.maxFileBytes)
    : undefined;
  // One server writes catalog files, rules, routes and history: with PostgreSQL, the one holding
  // the leader lock; a SQLite file has one server.
  const leadership =
    store.dialect === 'postgres' ? new AdvisoryLeadership({ url: config.database.url, log }) : soleLeader();
  const registry = new RegistryService(new RegistryStore(store.db), directory, store.analyze, log);
  registerOwnershipMetrics(metrics.registry, registry.store);
  const prometheusFetch = authenticatedFetch(config.prometheus.auth, config.prometheus.tls);
  const prometheus = new PrometheusClient({
    url: config.prometheus.url,
    timeoutMs: config.prometheus.timeoutMs,
    fetch: prometheusFetch,
    duration: metrics.prometheusDuration,
  });
  // The engine's background queries (all SLOs' status, history) read far more than a page's.
  const enginePrometheus = new PrometheusClient({
    url: config.prometheus.url,
    fetch: prometheusFetch,
    timeoutMs: Math.max(config.prometheus.timeoutMs, config.slo.queryTimeoutMs),
    duration: metrics.prometheusDuration,
  });
  const slo = createSloEngine(
    config,
    registry,
    new RevisionStore(store.db),
    enginePrometheus,
    () => leadership.isLeader(),
    log
  );
  metrics.observeLeadership(leadership);
  const context: ServerContext = {
    config,
    version: SERVER_VERSION,
    store,
    leadership,
    events: new EventStore(store.db),
    registry,
    slo,
    prometheus,
    metrics,
    auth: new Authenticator(config.auth),
  };
  try {
    app = await buildApp(context, logger);
    await leadership.start();
    // A new leader writes what the last one may have left unwritten: catalog files, then rules,
    // routes and history from them. (Asked here, before anything else awaits, no change is missed.)
    leadership.onChange((role) => {
      if (role === 'leader') {
        void registry.reloadCatalog().then(() => slo.sync());
      }
    });
    await registry.start({
      pollMs: config.catalog.pollSeconds * 1000,
      writesFiles: () => leadership.isLeader(),
      // Only with PostgreSQL can another server write the same store.
      ...(leadership.mode === 'elected' ? { storePollMs: 1000 } : {}),
    });
    await slo.start();
    await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (error) {
    registry.stop();
    await slo.stop();
    await leadership.stop();
    await store.close();
    throw error;
  }
  const running = app;
  const address = running.server.address();
  const port = typeof address === 'object' && address ? address.port : config.listen.port;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  return {
    app: running,
    url: `http://${host}:${port}`,
    stop: async () => {
      registry.stop();
      await slo.stop();
      await leadership.stop();
      // close() waits for every connection to end; a keep-alive connection that goes idle after
      // its last response would hold shutdown until the client's timeout, so sweep those.
      const sweep = setInterval(() => running.server.closeIdleConnections(), 100);
      try {
        await running.close();
      } finally {
        clearInterval(sweep);
      }
      await store.close();
    },
  };
}
