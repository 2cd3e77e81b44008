import { seedOf, uniform } from './noise.js';

/**
 * What happens to the demo organisation, at times relative to the anchor: the moment the
 * workload first started (kept in its state file), so the story reads the same after restarts.
 *
 * - 10 days ago, at 13:00 UTC, payments-api fails 20% of its requests for two hours (card-gateway timeouts):
 *   its strict availability budget is exhausted, and checkout-api, orders and refunds see the
 *   failures on their calls to it.
 * - 5 days ago, checkout-api deploys a new pricing client and its latency regresses for a day,
 *   until the rollback.
 * - 36 hours before the first start, search-indexer deploys a change that starves search's
 *   connection pool: search fails about 2% of its requests, a slow burn (ticket, not page)
 *   that lasts until two days after the first start.
 * - 3 days ago the api-gateway health probe fails for 12 minutes.
 * - Deploys of tier-1 and tier-2 services on weekdays, over the whole history.
 */

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;
/** Counters count from this long before the anchor: the longest history the workload writes. */
export const MAX_HISTORY_DAYS = 120;

export interface Incident {
  id: string;
  service: string;
  title: string;
  from: number;
  to: number;
  /** Share of requests answered 500 while it lasts (instead of the baseline). */
  serverError?: number;
  /** Median latency multiplied by this. */
  latencyFactor?: number;
  /** Added to the saturation gauges. */
  saturation?: Partial<Record<'cpu' | 'memory' | 'connections', number>>;
  /** Share of probes that fail. */
  probeFailure?: number;
}

export interface StoryEvent {
  service: string;
  kind: 'deploy' | 'rollback' | 'incident';
  title: string;
  version?: string;
  /** Seconds since the epoch, on a whole minute. */
  at: number;
}

/** Callers see this share of a dependency's failed calls as 500s of their own. */
export const PROPAGATED_ERRORS = 0.5;

const minute = (t: number) => Math.floor(t / MINUTE) * MINUTE;
const day = (t: number) => Math.floor(t / DAY) * DAY;

export class Story {
  readonly incidents: Incident[];
  /** Where every counter starts from (zero). */
  readonly origin: number;
  private readonly storyEvents: StoryEvent[];

  constructor(
    /** The first start, seconds since the epoch (whole minute). */
    readonly anchor: number,
    private readonly deployingServices: Array<{ name: string; tier: string }>
  ) {
    this.origin = anchor - MAX_HISTORY_DAYS * DAY;
    const burst = day(anchor - 10 * DAY) + 13 * HOUR; // in the afternoon peak (UTC), about 10 days ago
    const regression = minute(anchor - 5 * DAY);
    const slowBurn = minute(anchor - 36 * HOUR);
    const outage = minute(anchor - 3 * DAY + 7 * HOUR);
    this.incidents = [
      {
        id: 'payments-burst',
        service: 'payments-api',
        title: 'Payments API: card-gateway timeouts',
        from: burst,
        to: burst + 2 * HOUR,
        serverError: 0.2,
        saturation: { connections: 0.4, cpu: 0.15 },
      },
      {
        id: 'checkout-latency',
        service: 'checkout-api',
        title: 'Checkout API: slow pricing client',
        from: regression + MINUTE,
        to: regression + DAY,
        latencyFactor: 2.3,
        saturation: { cpu: 0.2 },
      },
      {
        id: 'search-slow-burn',
        service: 'search',
        title: 'Search: connection pool starved by the new indexer',
        from: slowBurn,
        to: anchor + 2 * DAY,
        serverError: 0.022,
        saturation: { connections: 0.5 },
      },
      {
        id: 'gateway-probe',
        service: 'api-gateway',
        title: 'API gateway: health probe failing',
        from: outage,
        to: outage + 12 * MINUTE,
        probeFailure: 1,
      },
    ];
    this.storyEvents = [
      { service: 'payments-api', kind: 'incident', title: 'Payments API: card-gateway timeouts', at: burst },
      {
        service: 'checkout-api',
        kind: 'deploy',
        title: 'checkout-api: new pricing client',
        version: versionAt(regression),
        at: regression,
      },
      {
        service: 'checkout-api',
        kind: 'rollback',
        title: 'checkout-api: roll back the pricing client',
        version: versionAt(regression + DAY),
        at: regression + DAY,
      },
      {
        service: 'search-indexer',
        kind: 'deploy',
        title: 'search-indexer: bulk re-indexing on the shared pool',
        version: versionAt(slowBurn - 5 * MINUTE),
        at: slowBurn - 5 * MINUTE,
      },
      {
        service: 'search-indexer',
        kind: 'rollback',
        title: 'search-indexer: re-indexing back on its own pool',
        version: versionAt(anchor + 2 * DAY),
        at: anchor + 2 * DAY,
      },
    ];
  }

  /**
   * The fewest whole days of history before the anchor, `minDays` or more, that hold at least
   * `minEvents` of the story's events. Routine deploys fall on weekdays only, so a short history
   * that ends on a weekend or early on a Monday holds few of them: whoever needs deploys in a
   * short history (tests) sizes it with this rather than assume a weekday.
   */
  historyDaysHolding(minEvents: number, minDays: number): number {
    for (let days = minDays; days <= MAX_HISTORY_DAYS; days++) {
      if (this.events(this.anchor - days * DAY, this.anchor).length >= minEvents) {
        return days;
      }
    }
    throw new Error(`the story holds fewer than ${minEvents} events in ${MAX_HISTORY_DAYS} days`);
  }

  incidentsOf(service: string): Incident[] {
    return this.incidents.filter((i) => i.service === service);
  }

  /**
   * Every event in [from, to], oldest first: the story's own, and routine deploys of tier-1
   * (one weekday in four) and tier-2 services (one in eight) during office hours (UTC).
   */
  events(from: number, to: number): StoryEvent[] {
    const events = this.storyEvents.filter((e) => e.at >= from && e.at <= to);
    for (let day = Math.floor(from / DAY); day <= Math.floor(to / DAY); day++) {
      const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday (4)
      if (weekday === 0 || weekday === 6) {
        continue;
      }
      for (const { name, tier } of this.deployingServices) {
        const chance = tier === 'tier-1' ? 0.25 : tier === 'tier-2' ? 0.125 : 0;
        const seed = seedOf(`deploy:${name}`);
        if (uniform(seed, day) >= chance) {
          continue;
        }
        const at = day * DAY + 9 * HOUR + minute(uniform(seed ^ 1, day) * 8 * HOUR);
        if (at >= from && at <= to) {
          events.push({ service: name, kind: 'deploy', title: `${name}: routine release`, version: versionAt(at), at });
        }
      }
    }
    return events.sort((a, b) => a.at - b.at || a.service.localeCompare(b.service));
  }
}

/** Calendar versions, e.g. 2026.11.03-1432: one per minute at most. */
export function versionAt(t: number): string {
  const iso = new Date(t * 1000).toISOString(); // 2026-11-03T14:32:00.000Z
  return `${iso.slice(0, 4)}.${iso.slice(5, 7)}.${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}
