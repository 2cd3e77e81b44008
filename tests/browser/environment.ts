import { readFileSync } from 'node:fs';

export const TEST_USERS = {
  admin: { login: 'admin', role: 'Admin' as const },
  editor: { login: 'erin', role: 'Editor' as const },
  viewer: { login: 'victor', role: 'Viewer' as const },
};

/**
 * Grafana teams per login, as the stand-in answers `GET /api/user/teams`. Gus is listed in the
 * registry's discovery team; his Grafana team "Checkout" matches the Steward team `checkout` by
 * title, so his teams are discovery and checkout. Victor is listed in fulfilment; of his Grafana
 * teams "Search & Discovery" matches nothing and "Payments" matches `payments`.
 */
export const GRAFANA_TEAMS: Record<string, Array<{ id: number; name: string }>> = {
  gus: [{ id: 11, name: 'Checkout' }],
  victor: [
    { id: 12, name: 'Search & Discovery' },
    { id: 13, name: 'Payments' },
  ],
};

/** Deploys global-setup.ts records (minutes before the run started). */
export const DEPLOYS = [
  { service: 'checkout-api', title: 'checkout-api 2.4.0', version: '2.4.0', minutesAgo: 150 },
  { service: 'search', title: 'search 7.1.2', version: '7.1.2', minutesAgo: 45 },
];

/** Services the ground-truth SLO traffic (tests/integration/fixtures/slo-traffic.ts) writes series for. */
export const SLO_SERVICES = ['checkout-api', 'search'] as const;

const slo = (name: string, title: string, spec: object) => ({
  apiVersion: 'steward.dev/v1',
  kind: 'SLO',
  metadata: { name, title },
  spec,
});

/**
 * A checkout-api job whose series stop an hour before the run starts: its SLO goes silent, so
 * its no-data alert fires and the pages and panel say "No data since". A metric of its own, so
 * the ground-truth SLOs count none of it.
 */
export const SILENT_SLO = {
  name: 'checkout-legacy-jobs',
  metric: 'legacy_jobs_total',
  service: 'checkout-api',
  /** History before the silence, and the silence, in minutes before the run. */
  historyMinutes: 2 * 24 * 60,
  silentMinutes: 60,
} as const;

/** The SLOs global-setup.ts creates through the API once the traffic is backfilled. */
export const BROWSER_SLOS = [
  slo('checkout-availability', 'Checkout availability', {
    service: 'checkout-api',
    sli: {
      ratio: {
        bad: 'http_requests_total{service="checkout-api",code=~"5.."}',
        total: 'http_requests_total{service="checkout-api"}',
      },
    },
    objectives: [{ target: 99.5, window: '30d' }],
  }),
  slo('checkout-latency', 'Checkout latency', {
    service: 'checkout-api',
    sli: { latency: { histogram: 'http_request_duration_seconds{service="checkout-api"}', threshold: 0.3 } },
    objectives: [{ target: 99, window: '30d' }],
    // Releases freeze at or below half the budget: the SLO panel's gauge draws this line.
    budgetPolicy: { freezeBelow: 50 },
  }),
  slo('checkout-route-success', 'Checkout success per route', {
    service: 'checkout-api',
    sli: {
      ratio: {
        good: 'http_requests_total{service="checkout-api",code!~"5.."}',
        total: 'http_requests_total{service="checkout-api"}',
      },
    },
    objectives: [{ target: 99.9, window: '28d' }],
    groupBy: ['route'],
  }),
  slo('search-availability', 'Search availability', {
    service: 'search',
    sli: {
      ratio: {
        bad: 'http_requests_total{service="search",code=~"5.."}',
        total: 'http_requests_total{service="search"}',
      },
    },
    objectives: [
      { target: 99.9, window: '7d' },
      { target: 99, window: '30d', displayName: 'monthly' },
    ],
  }),
  slo(SILENT_SLO.name, 'Checkout legacy jobs', {
    service: SILENT_SLO.service,
    sli: {
      ratio: {
        bad: `${SILENT_SLO.metric}{service="${SILENT_SLO.service}",outcome="failed"}`,
        total: `${SILENT_SLO.metric}{service="${SILENT_SLO.service}"}`,
      },
    },
    objectives: [{ target: 99, window: '7d' }],
  }),
];

/** An SLO from a catalog file, which the pages must show as read-only and say where it lives. */
export const FILE_SLO = {
  name: 'search-latency',
  file: 'slos.yaml',
  yaml: `apiVersion: steward.dev/v1
kind: SLO
metadata:
  name: search-latency
  title: Search latency
  description: Search answers within 300 ms.
spec:
  service: search
  sli:
    latency:
      histogram: http_request_duration_seconds{service="search"}
      threshold: 0.3
  objectives:
    - target: 99
      window: 30d
`,
};

/** A catalog file whose SLO has a regex Prometheus would not compile: reported on the Catalog page, and left out. */
export const BROKEN_REGEX_FILE = {
  file: 'slos-broken.yaml',
  /** Where the bad field is, as the Catalog page shows it. */
  at: 'slos-broken.yaml:11 spec.sli.ratio.bad',
  yaml: `apiVersion: steward.dev/v1
kind: SLO
metadata:
  name: search-typo
  title: Search errors, with a typo
spec:
  service: search
  sli:
    ratio:
      total: http_requests_total{service="search"}
      bad: http_requests_total{service="search",code=~"5(0"}
  objectives:
    - target: 99
`,
};

/** Written by global-setup.ts: where things run and the ground truth the backfill wrote. */
export interface BrowserEnvironment {
  hostUrl: string;
  stewardUrl: string;
  stewardSecret: string;
  prometheusUrl: string;
  /** Series per `service` value that the inventory backfill wrote (not the SLO traffic). */
  seriesByService: Record<string, number>;
  /** Services whose series the SLO traffic, recording rules and alerts add to. */
  sloServices: string[];
  /** Where the ground-truth SLO traffic ends (seconds): checkoutTraffic(trafficEnd) is what Prometheus holds. */
  trafficEnd: number;
  screenshotDir: string;
}

export function environment(): BrowserEnvironment {
  const file = process.env.STEWARD_BROWSER_ENV;
  if (!file) {
    throw new Error('STEWARD_BROWSER_ENV is not set; run the browser tests through tests/browser/playwright.config.ts');
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}
