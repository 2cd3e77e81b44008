import type { CatalogService } from './catalog.js';
import {
  CODES,
  DEPENDENCY_BUCKETS,
  DEPENDENCY_CODES,
  DOLLARS_PER_HOUR,
  LABELS,
  leLabel,
  METRICS,
  PROBES,
  REQUEST_BUCKETS,
  RESOURCES,
  UNOWNED_SERVICES,
} from './conventions.js';
import { normalCdf, seedOf, smoothNoise, uniform } from './noise.js';
import { profileOf, type RouteProfile, type ServiceProfile } from './profiles.js';
import { PROPAGATED_ERRORS, type Incident, type Story } from './story.js';
import { rateShape, shapeIntegral, Share, Stream } from './traffic.js';

/** One series the workload serves: its value is a pure function of time (seconds). */
export interface Series {
  /** The sample name, e.g. http_request_duration_seconds_bucket. */
  name: string;
  /** The family in the exposition (# TYPE), e.g. http_request_duration_seconds. */
  family: string;
  type: 'counter' | 'gauge' | 'histogram';
  /** Without __name__; `job` and `instance` only where the series sets its own. */
  labels: Record<string, string>;
  value(t: number): number;
}

/** Series computed from one shared stream: history evaluates them together, time by time. */
export type SeriesGroup = Series[];

export interface Model {
  services: ServiceProfile[];
  groups: SeriesGroup[];
  series: Series[];
}

export const HELP: Record<string, string> = {
  [METRICS.requests]: 'HTTP requests served, by route, method and status code.',
  [METRICS.duration]: 'HTTP request latency, by route.',
  [METRICS.dependencyRequests]: 'Calls to other services (catalog dependsOn), by status code.',
  [METRICS.dependencyDuration]: 'Latency of calls to other services.',
  [METRICS.saturation]: 'Share of a resource in use (cpu, memory, connection pool).',
  [METRICS.cost]: 'Running cost accrued, in US dollars.',
  [METRICS.probe]: 'Whether the last external probe of a public endpoint succeeded.',
  [METRICS.info]: 'The demo workload itself; always 1.',
};

/** What a piece of time looks like for a route or a dependency. */
interface Conditions {
  serverError: number;
  unavailable: number;
  notFound: number;
  median: number;
  sigma: number;
}

const active = (incidents: Incident[], t: number) => incidents.filter((i) => t >= i.from && t < i.to);

export function buildModel(catalog: CatalogService[], story: Story): Model {
  const profiles = catalog.map(profileOf);
  const byName = new Map(profiles.map((p) => [p.service.name, p]));
  const groups: SeriesGroup[] = [];

  for (const profile of profiles) {
    const identity = profile.service.identity;
    const dependencies = profile.service.dependsOn
      .map((d) => byName.get(d))
      .filter((d): d is ServiceProfile => d !== undefined);
    const own = story.incidentsOf(profile.service.name);

    for (const route of profile.routes) {
      const stream = new Stream(
        route.rate,
        seedOf(`${profile.service.name} ${route.route}`),
        story.origin,
        profile.shiftHours
      );
      const incidents = [...own, ...dependencies.flatMap((d) => story.incidentsOf(d.service.name))];
      const at = (t: number): Conditions => {
        const now = active(own, t);
        const errors = now.find((i) => i.serverError !== undefined)?.serverError ?? route.serverError;
        // Failures of dependencies beyond their usual ones partly reach this service's callers.
        const propagated = dependencies.reduce(
          (sum, d) =>
            sum +
            PROPAGATED_ERRORS *
              profile.callsPerRequest *
              (failureShare(d, story, t) - failureShare(d, story, -Infinity)),
          0
        );
        const factor = now.reduce((f, i) => f * (i.latencyFactor ?? 1), 1);
        return { ...route, serverError: Math.min(0.9, errors + propagated), median: route.median * factor };
      };
      const pieces = piecesOf(story.origin, incidents, at);
      groups.push(routeSeries(identity, route, stream, pieces));
    }

    for (const dependency of dependencies) {
      const rate = profile.routes.reduce((sum, r) => sum + r.rate, 0) * profile.callsPerRequest;
      const stream = new Stream(
        rate,
        seedOf(`${profile.service.name} -> ${dependency.service.name}`),
        story.origin,
        profile.shiftHours
      );
      const callee = dependency.routes[0]!;
      const at = (t: number): Conditions => ({
        ...callee,
        serverError: failureShare(dependency, story, t),
        unavailable: 0,
        notFound: 0,
        median:
          callee.median *
            active(story.incidentsOf(dependency.service.name), t).reduce((f, i) => f * (i.latencyFactor ?? 1), 1) +
          0.004,
      });
      const pieces = piecesOf(story.origin, story.incidentsOf(dependency.service.name), at);
      groups.push(dependencySeries(identity, dependency.service.name, stream, pieces));
    }

    groups.push(...saturationSeries(profile, own).map((s) => [s]));
    groups.push([costSeries(profile, story.origin)]);
    const probe = PROBES[profile.service.name];
    if (probe) {
      groups.push([probeSeries(profile, probe, own)]);
    }
  }

  for (const unowned of UNOWNED_SERVICES) {
    const stream = new Stream(unowned.requestsPerSecond, seedOf(unowned.name), story.origin, 0);
    const pieces: Array<[number, Conditions]> = [
      [story.origin, { serverError: 0.01, unavailable: 0, notFound: 0, median: 0.2, sigma: 0.5 }],
    ];
    groups.push(
      ['200', '500'].map((code) => ({
        name: METRICS.requests,
        family: METRICS.requests,
        type: 'counter' as const,
        labels: {
          [LABELS.service]: unowned.name,
          [LABELS.route]: unowned.route,
          [LABELS.method]: 'POST',
          [LABELS.code]: code,
        },
        value: floored(
          new Share(
            stream,
            pieces.map(([from, c]) => [from, code === '200' ? 1 - c.serverError : c.serverError])
          )
        ),
      }))
    );
  }
  groups.push([
    { name: METRICS.info, family: METRICS.info, type: 'gauge', labels: { workload: 'steward-demo' }, value: () => 1 },
  ]);

  const series = groups.flat();
  const seen = new Set<string>();
  for (const s of series) {
    const key = `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;
    if (seen.has(key)) {
      throw new Error(`the model has ${key} twice`);
    }
    seen.add(key);
  }
  return { services: profiles, groups, series };
}

/** Share of calls to a service that fail (500 or 503) at t; t = -Infinity: its baseline. */
function failureShare(profile: ServiceProfile, story: Story, t: number): number {
  const route = profile.routes[0]!;
  const incident = active(story.incidentsOf(profile.service.name), t).find((i) => i.serverError !== undefined);
  return (incident?.serverError ?? route.serverError) + route.unavailable;
}

/** Conditions from the origin on, changing where any of the incidents starts or ends. */
function piecesOf(origin: number, incidents: Incident[], at: (t: number) => Conditions): Array<[number, Conditions]> {
  const bounds = [...new Set(incidents.flatMap((i) => [i.from, i.to]))].filter((b) => b > origin).sort((a, b) => a - b);
  return [origin, ...bounds].map((from) => [from, at(from)]);
}

const floored = (share: Share) => (t: number) => Math.floor(share.at(t));

/** Share of log-normal latencies at or under `bound`. */
function under(bound: number, c: Conditions): number {
  return Number.isFinite(bound) ? normalCdf((Math.log(bound) - Math.log(c.median)) / c.sigma) : 1;
}

function histogram(
  family: string,
  labels: Record<string, string>,
  bounds: readonly number[],
  stream: Stream,
  pieces: Array<[number, Conditions]>
): Series[] {
  const share = (f: (c: Conditions) => number) =>
    new Share(
      stream,
      pieces.map(([from, c]) => [from, f(c)])
    );
  return [
    ...[...bounds, Infinity].map((bound) => ({
      name: `${family}_bucket`,
      family,
      type: 'histogram' as const,
      labels: { ...labels, [LABELS.le]: leLabel(bound) },
      value: floored(share((c) => under(bound, c))),
    })),
    {
      name: `${family}_sum`,
      family,
      type: 'histogram',
      labels,
      value: (
        (s: Share) => (t: number) =>
          s.at(t)
      )(share((c) => c.median * Math.exp((c.sigma * c.sigma) / 2))),
    },
    { name: `${family}_count`, family, type: 'histogram', labels, value: floored(share(() => 1)) },
  ];
}

function routeSeries(
  identity: Record<string, string>,
  route: RouteProfile,
  stream: Stream,
  pieces: Array<[number, Conditions]>
): Series[] {
  const shareOf: Record<(typeof CODES)[number], (c: Conditions) => number> = {
    '200': (c) => 1 - c.notFound - c.serverError - c.unavailable,
    '404': (c) => c.notFound,
    '500': (c) => c.serverError,
    '503': (c) => c.unavailable,
  };
  const requests = CODES.map((code) => ({
    name: METRICS.requests,
    family: METRICS.requests,
    type: 'counter' as const,
    labels: { ...identity, [LABELS.route]: route.route, [LABELS.method]: route.method, [LABELS.code]: code },
    value: floored(
      new Share(
        stream,
        pieces.map(([from, c]) => [from, shareOf[code](c)])
      )
    ),
  }));
  return [
    ...requests,
    ...histogram(METRICS.duration, { ...identity, [LABELS.route]: route.route }, REQUEST_BUCKETS, stream, pieces),
  ];
}

function dependencySeries(
  identity: Record<string, string>,
  dependency: string,
  stream: Stream,
  pieces: Array<[number, Conditions]>
): Series[] {
  const labels = { ...identity, [LABELS.dependency]: dependency };
  const requests = DEPENDENCY_CODES.map((code) => ({
    name: METRICS.dependencyRequests,
    family: METRICS.dependencyRequests,
    type: 'counter' as const,
    labels: { ...labels, [LABELS.code]: code },
    value: floored(
      new Share(
        stream,
        pieces.map(([from, c]) => [from, code === '200' ? 1 - c.serverError : c.serverError])
      )
    ),
  }));
  return [...requests, ...histogram(METRICS.dependencyDuration, labels, DEPENDENCY_BUCKETS, stream, pieces)];
}

const clamp = (v: number) => Math.min(0.99, Math.max(0.01, v));

function saturationSeries(profile: ServiceProfile, incidents: Incident[]): Series[] {
  const seed = seedOf(`saturation ${profile.service.name}`);
  const load = 0.5 + uniform(seed, 1); // how hard traffic drives it
  const extra = (resource: (typeof RESOURCES)[number], t: number) =>
    active(incidents, t).reduce((sum, i) => sum + (i.saturation?.[resource] ?? 0), 0);
  const shape = (t: number) => rateShape(t, profile.shiftHours) / 1.5;
  const gcPeriod = (4 + 8 * uniform(seed, 2)) * 3600;
  const value: Record<(typeof RESOURCES)[number], (t: number) => number> = {
    cpu: (t) => clamp(0.1 + 0.3 * load * shape(t) + 0.04 * smoothNoise(seed, t, 300) + extra('cpu', t)),
    memory: (t) => {
      const sawtooth = (t / gcPeriod + uniform(seed, 3)) % 1; // grows, then a collection frees it
      return clamp(0.35 + 0.1 * load + 0.2 * sawtooth + 0.02 * smoothNoise(seed ^ 1, t, 120) + extra('memory', t));
    },
    connections: (t) =>
      clamp(0.08 + 0.35 * load * shape(t) + 0.03 * smoothNoise(seed ^ 2, t, 60) + extra('connections', t)),
  };
  return RESOURCES.map((resource) => ({
    name: METRICS.saturation,
    family: METRICS.saturation,
    type: 'gauge' as const,
    labels: { ...profile.service.identity, [LABELS.resource]: resource },
    value: value[resource],
  }));
}

function costSeries(profile: ServiceProfile, origin: number): Series {
  const seed = seedOf(`cost ${profile.service.name}`);
  const perSecond = ((DOLLARS_PER_HOUR[profile.service.tier] ?? 0.9) * (0.7 + 0.6 * uniform(seed, 1))) / 3600;
  const base = shapeIntegral(origin, profile.shiftHours);
  // 70% fixed (instances), 30% following traffic (autoscaling, egress).
  return {
    name: METRICS.cost,
    family: METRICS.cost,
    type: 'counter',
    labels: { ...profile.service.identity },
    value: (t) => perSecond * (0.7 * (t - origin) + 0.3 * (shapeIntegral(t, profile.shiftHours) - base)),
  };
}

function probeSeries(profile: ServiceProfile, instance: string, incidents: Incident[]): Series {
  const seed = seedOf(`probe ${instance}`);
  return {
    name: METRICS.probe,
    family: METRICS.probe,
    type: 'gauge',
    labels: { ...profile.service.identity, [LABELS.instance]: instance },
    // One verdict per minute: a probe every 15 s sees the same answer within the minute.
    value: (t) => {
      const k = Math.floor(t / 60);
      const failing = active(incidents, k * 60).find((i) => i.probeFailure !== undefined)?.probeFailure ?? 0.0002;
      return uniform(seed, k) < failing ? 0 : 1;
    },
  };
}
