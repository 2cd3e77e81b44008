import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/schema.js';
import type { EventStore } from '../store/event-store.js';
import type { PrometheusClient } from '../prometheus/client.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { SloEngine } from '../slo/engine/slo-engine.js';
import type { Store } from '../store/database.js';
import type { Leadership } from '../store/leadership.js';
import type { Authenticator } from './auth.js';
import type { ServerMetrics } from './server-metrics.js';

/** Everything route handlers need, built once in main and passed explicitly. */
export interface ServerContext {
  config: Config;
  version: string;
  store: Store;
  leadership: Leadership;
  events: EventStore;
  registry: RegistryService;
  slo: SloEngine;
  prometheus: PrometheusClient;
  metrics: ServerMetrics;
  auth: Authenticator;
  logger?: FastifyBaseLogger;
}
