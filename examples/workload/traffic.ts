import { smoothNoise } from './noise.js';

/**
 * Request traffic as closed-form functions of time (seconds since the epoch), so a counter's
 * value at any moment costs a few floating-point operations: no state, no stepping.
 *
 * The rate is diurnal (peak mid-afternoon UTC) and weekly (quieter at weekends). Counters are
 * its integral, plus seeded jitter that is linear between seeded points (every minute and every
 * ten minutes): such jitter telescopes, so the integral stays exact, and its slope is bounded,
 * so the counter never decreases.
 */

const DAY = 86_400;
const WEEK = 7 * DAY;
const OMEGA_DAY = (2 * Math.PI) / DAY;
const OMEGA_WEEK = (2 * Math.PI) / WEEK;
/** Daily and weekly swing of the rate around its mean. */
const DAILY = 0.4;
const WEEKLY = 0.1;
/** Jitter, in seconds of mean traffic: slopes at most 2·6/60 + 2·60/600 = 0.4 of the mean rate. */
const MINUTE_JITTER = 6;
const TEN_MINUTE_JITTER = 60;
/** The rate never drops below this share of the mean: 1 − DAILY − WEEKLY − 0.4. */
export const MIN_RATE_SHARE = 0.1;

/** Peak at 15:00 UTC, shifted per service by up to ±1.5 h; busiest on Wednesday. */
function phases(shiftHours: number) {
  return {
    day: Math.PI / 2 - OMEGA_DAY * (15 + shiftHours) * 3600,
    // 1970-01-01 was a Thursday: Wednesday noon is 6.5 days later.
    week: Math.PI / 2 - OMEGA_WEEK * 6.5 * DAY,
  };
}

/** The rate at t as a multiple of the mean (without jitter): 0.5 … 1.5. */
export function rateShape(t: number, shiftHours = 0): number {
  const p = phases(shiftHours);
  return 1 + DAILY * Math.sin(OMEGA_DAY * t + p.day) + WEEKLY * Math.sin(OMEGA_WEEK * t + p.week);
}

/** ∫ rateShape dt, up to a constant. */
export function shapeIntegral(t: number, shiftHours = 0): number {
  const p = phases(shiftHours);
  return (
    t -
    (DAILY / OMEGA_DAY) * Math.cos(OMEGA_DAY * t + p.day) -
    (WEEKLY / OMEGA_WEEK) * Math.cos(OMEGA_WEEK * t + p.week)
  );
}

/**
 * One stream of events (a route's requests, a dependency's calls): `at(t)` is how many
 * happened since `origin`, a smooth non-decreasing function. The last answer is kept, since
 * every series of a route asks for the same t one after another.
 */
export class Stream {
  private readonly base: number;
  private lastT = NaN;
  private lastValue = 0;

  constructor(
    /** Mean events per second. */
    readonly rate: number,
    private readonly seed: number,
    private readonly origin: number,
    private readonly shiftHours: number
  ) {
    this.base = shapeIntegral(origin, shiftHours);
  }

  at(t: number): number {
    if (t === this.lastT) {
      return this.lastValue;
    }
    const smooth = shapeIntegral(t, this.shiftHours) - this.base;
    const jitter =
      MINUTE_JITTER * (smoothNoise(this.seed, t, 60) + 1) +
      TEN_MINUTE_JITTER * (smoothNoise(this.seed ^ 0x5bd1e995, t, 600) + 1);
    this.lastT = t;
    this.lastValue = this.rate * (smooth + jitter);
    return this.lastValue;
  }
}

/**
 * A share of a stream that changes at given moments (an error rate, the share of requests
 * under a latency bound): `at(t)` = ∫ share(s) d stream(s) from the stream's origin to t.
 * Non-decreasing whenever every share is ≥ 0.
 */
export class Share {
  private readonly starts: number[];
  private readonly shares: number[];
  /** The stream at each piece's start, and the integral up to it. */
  private computed?: { streamAt: number[]; before: number[] };

  /** `pieces`: [from, share], the first from the stream's origin, sorted by from. */
  constructor(
    private readonly stream: Stream,
    pieces: Array<readonly [number, number]>
  ) {
    this.starts = pieces.map(([from]) => from);
    this.shares = pieces.map(([, share]) => share);
  }

  at(t: number): number {
    const { streamAt, before } = (this.computed ??= this.integrate());
    let k = this.starts.length - 1;
    while (k > 0 && this.starts[k]! > t) {
      k--;
    }
    return before[k]! + this.shares[k]! * (this.stream.at(t) - streamAt[k]!);
  }

  private integrate() {
    const streamAt = this.starts.map((start) => this.stream.at(start));
    const before = [0];
    for (let k = 1; k < this.starts.length; k++) {
      before.push(before[k - 1]! + this.shares[k - 1]! * (streamAt[k]! - streamAt[k - 1]!));
    }
    return { streamAt, before };
  }
}
