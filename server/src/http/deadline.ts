import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { HttpError } from './errors.js';

/**
 * Requests whose answer waits on Prometheus (SLO status, series, annotations, the release
 * gate, the dependency graph's health, telemetry): the ones a stuck Prometheus would hold.
 */
const WAITS_ON_PROMETHEUS = new Set([
  '/api/v1/slo-status',
  '/api/v1/slos/:name/status',
  '/api/v1/slos/:name/timeseries',
  '/api/v1/slo-timeseries',
  '/api/v1/annotations',
  '/api/v1/gate',
  '/api/v1/dependency-graph',
  '/api/v1/ownership/unowned-telemetry',
  '/api/v1/telemetry/inventory',
]);

/**
 * Answers those requests within `ms`: Grafana's data proxy gives up after 30 s with a reason of
 * its own, so past the deadline Steward answers 504 with its reason, which the panel shows.
 * The work is not cancelled: the SLO engine's computation goes on and fills its cache for the
 * next request. Call before the routes are registered.
 */
export function installDeadline(app: FastifyInstance, ms: number): void {
  app.addHook('onRoute', (route) => {
    if (route.method !== 'GET' || !WAITS_ON_PROMETHEUS.has(route.url)) {
      return;
    }
    const handler = route.handler as (...args: Parameters<RouteHandlerMethod>) => unknown;
    route.handler = function (this: FastifyInstance, request, reply) {
      return withinDeadline(ms, Promise.resolve(handler.call(this, request, reply)));
    };
  });
}

export function withinDeadline<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new HttpError(
            504,
            'deadline_exceeded',
            `no answer within ${ms / 1000} s (STEWARD_STATUS_DEADLINE_MS): Prometheus is slow or not answering. ` +
              'Steward keeps computing the SLO status in the background; try again shortly'
          )
        ),
      ms
    );
  });
  work.catch(() => undefined); // a late failure has no one left to tell
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
