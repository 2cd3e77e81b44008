import type { CatalogService } from './catalog.js';
import { REQUESTS_PER_SECOND, ROUTES_PER_TIER } from './conventions.js';
import { seedOf, uniform } from './noise.js';

/** How one route of a service behaves when nothing is wrong. */
export interface RouteProfile {
  route: string;
  method: 'GET' | 'POST' | 'PUT';
  /** Mean requests per second (before the daily and weekly swing). */
  rate: number;
  /** Shares of requests answered 404, 500 and 503; the rest is 200. */
  notFound: number;
  serverError: number;
  unavailable: number;
  /** Latency is log-normal: its median (seconds) and the spread of its logarithm. */
  median: number;
  sigma: number;
}

export interface ServiceProfile {
  service: CatalogService;
  routes: RouteProfile[];
  /** Hours by which its daily peak is shifted. */
  shiftHours: number;
  /** Calls to each dependency per request. */
  callsPerRequest: number;
}

/** Routes of the services the demo SLOs and dashboards look at; others get generic ones. */
const ROUTES: Record<string, Array<[RouteProfile['method'], string]>> = {
  'checkout-api': [
    ['POST', '/api/checkout'],
    ['GET', '/api/checkout/{id}'],
    ['POST', '/api/checkout/{id}/confirm'],
  ],
  'payments-api': [
    ['POST', '/api/payments'],
    ['GET', '/api/payments/{id}'],
    ['POST', '/api/payments/{id}/capture'],
  ],
  search: [
    ['GET', '/api/search'],
    ['GET', '/api/suggest'],
    ['GET', '/api/search/facets'],
  ],
  cart: [
    ['GET', '/api/cart'],
    ['POST', '/api/cart/items'],
    ['PUT', '/api/cart/items/{id}'],
  ],
  'identity-api': [
    ['POST', '/oauth/token'],
    ['GET', '/api/users/me'],
    ['GET', '/.well-known/jwks.json'],
  ],
  sessions: [
    ['GET', '/api/sessions/{id}'],
    ['POST', '/api/sessions'],
    ['PUT', '/api/sessions/{id}/refresh'],
  ],
};

/** Share of a service's traffic per route, busiest first. */
const ROUTE_WEIGHTS = [1, 0.45, 0.15];

/** Median latency (seconds) of services whose latency SLOs need a given shape. */
const MEDIANS: Record<string, number> = {
  'checkout-api': 0.07,
  sessions: 0.02,
  inventory: 0.08,
  search: 0.06,
  'product-catalog': 0.05,
};

/** Baseline share of 500s: the strictest services are the most reliable. */
const SERVER_ERRORS: Record<string, number> = {
  'payments-api': 0.0001,
  ledger: 0.00005,
  'identity-api': 0.00008,
  'api-gateway': 0.0001,
};

export function profileOf(service: CatalogService): ServiceProfile {
  const seed = seedOf(service.name);
  const tier = service.tier in ROUTES_PER_TIER ? service.tier : 'tier-3';
  const rate = REQUESTS_PER_SECOND[tier]! * (0.7 + 0.6 * uniform(seed, 1));
  const resource = service.name.split('-').at(-1)!;
  const routes =
    ROUTES[service.name] ??
    (
      [
        ['GET', `/api/${resource}`],
        ['GET', `/api/${resource}/{id}`],
      ] as const
    ).slice(0, ROUTES_PER_TIER[tier]);
  const fixed = MEDIANS[service.name];
  const median = fixed ?? 0.03 + 0.06 * uniform(seed, 2) + (tier === 'tier-3' ? 0.05 : 0);
  const serverError = SERVER_ERRORS[service.name] ?? (tier === 'tier-1' ? 0.0003 : tier === 'tier-2' ? 0.0005 : 0.001);
  return {
    service,
    shiftHours: 3 * (uniform(seed, 3) - 0.5),
    callsPerRequest: 0.3 + 0.6 * uniform(seed, 4),
    routes: routes.map(([method, route], i) => ({
      route,
      method,
      rate: rate * ROUTE_WEIGHTS[i]!,
      notFound: route.includes('{id}') ? 0.008 : 0.002,
      serverError,
      unavailable: serverError / 3,
      // Writes are slower, except where a latency SLO fixes the median for every route.
      median: method === 'GET' || fixed ? median : median * 1.4,
      sigma: 0.5,
    })),
  };
}
