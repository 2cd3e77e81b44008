import Type from 'typebox';
import { SloEntity } from './model/slo.js';

export { SloEntity };

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SloAlert = Type.Object({
  severity: Type.String(),
  tier: Type.String(),
  longWindow: Type.String(),
  state: Type.Enum(['firing', 'pending']),
  since: Type.Optional(Type.String()),
  summary: Type.Optional(Type.String()),
});
export type SloAlert = Type.Static<typeof SloAlert>;

export const SloHistory = Type.Object({
  /** Where the numbers come from: recorded tiles, or raw series (history not filled yet, or a moment before it). */
  source: Type.Enum(['recorded', 'raw']),
  revision: Type.String(),
  /** Live recording counts from here (seconds since the epoch). */
  recordFrom: Type.Number(),
  /** pending | filling | filled | failed | off */
  state: Type.String(),
  /** The earliest time filled history covers. */
  filledFrom: Type.Optional(Type.Number()),
  /** Where live recording took over (the seam up to it is filled). */
  liveFrom: Type.Optional(Type.Number()),
  /** The earliest moment recorded tiles cover (filled history, or live recording without it). */
  coveredFrom: Type.Optional(Type.Number()),
  error: Type.Optional(Type.String()),
});
export type SloHistory = Type.Static<typeof SloHistory>;

export const SloStatusRow = Type.Object({
  slo: Type.String(),
  title: Type.String(),
  service: Type.String(),
  serviceTitle: Type.Optional(Type.String()),
  team: Type.Optional(Type.String()),
  teamTitle: Type.Optional(Type.String()),
  tier: Type.Optional(Type.String()),
  /** First objective: what the release gate applies (the SLO's budgetPolicy). */
  budgetPolicy: Type.Optional(
    Type.Object({
      freezeBelow: Type.Number(),
      exempt: Type.Array(Type.String()),
      whenUnknown: Type.Enum(['allow', 'deny']),
    })
  ),
  objective: Type.Object({
    /** Position in the SLO's objectives; the first one alerts and gates releases. */
    index: Type.Integer(),
    target: Type.Number(),
    window: Type.String(),
    timeZone: Type.Optional(Type.String()),
    displayName: Type.Optional(Type.String()),
    /** The window's length now (a calendar month's so far, for `month`), seconds. */
    windowSeconds: Type.Number(),
  }),
  /**
   * The window counted, seconds since the epoch. It ends at the moment asked for; or, for the
   * present, at the last evaluation of the SLO's rules (at most 30 s before, more when
   * Prometheus lags), whose recorded counts are read. It starts on the tile mark nearest the
   * window's start (within 15 s for windows up to 3 days, 150 s beyond), or, counted from raw
   * series, exactly a window earlier.
   */
  window: Type.Object({ from: Type.Number(), to: Type.Number() }),
  /**
   * The window each burn rate counts, by its label: paging windows (up to 6 h) start exactly a
   * window before their end, unless recorded history does not reach that far yet (a new SLO),
   * where they start on the nearest 30-second mark.
   */
  burnWindows: Type.Optional(Type.Record(Type.String(), Type.Object({ from: Type.Number(), to: Type.Number() }))),
  /** Values of the SLO's group-by labels; empty for an SLO without groups. */
  group: Type.Record(Type.String(), Type.String()),
  /** Set while the SLO's series have been silent past its grace period: since when (seconds). */
  noDataSince: Type.Optional(Type.Number()),
  events: Type.Optional(Type.Object({ bad: Type.Number(), total: Type.Number() })),
  sli: Nullable(Type.Number()),
  /** 1: untouched, 0: spent, below 0: overspent; null when it could not be computed. */
  budgetRemaining: Nullable(Type.Number()),
  /** Burn rate per window (5m … 3d, and `window` for the SLO window itself). */
  burnRates: Type.Record(Type.String(), Nullable(Type.Number())),
  timeToExhaustionSeconds: Nullable(Type.Number()),
  alerts: Type.Array(SloAlert),
  /** First objective: the alert threshold (burn-rate factor) per long window, for colouring burn rates. */
  alertThresholds: Type.Array(Type.Object({ window: Type.String(), tier: Type.String(), factor: Type.Number() })),
  state: Type.Enum(['ok', 'burning', 'exhausted', 'no-data', 'error']),
  history: SloHistory,
  error: Type.Optional(Type.String()),
  warnings: Type.Array(Type.String()),
  /** The SLO page in the Grafana app, relative to Grafana's root. */
  url: Type.String(),
});
export type SloStatusRow = Type.Static<typeof SloStatusRow>;

export const SloStatusPage = Type.Object({
  /** The moment the numbers are for (seconds since the epoch): now (cached briefly), or the `at` asked for. */
  computedAt: Type.Number(),
  rows: Type.Array(SloStatusRow),
  /** Requests sent to Prometheus for this computation, whatever the SLO count. */
  prometheusRequests: Type.Integer(),
  /** Set when Prometheus could not answer the shared queries (alerts, rule health, recorded counts). */
  prometheusError: Type.Optional(Type.String()),
});
export type SloStatusPage = Type.Static<typeof SloStatusPage>;

const names = (maxItems: number) => Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems }));

/** Which SLOs a request is about; every list is "any of". */
export const SloFilterQuery = {
  team: names(200),
  includeSubteams: Type.Boolean({ default: true }),
  service: names(1000),
  slo: names(1000),
  tier: names(10),
  /** Group-by label values, as `route=/cart`: any of the values given for one label, and every label given. */
  label: names(20),
};

export const SloStatusQuery = Type.Object({
  ...SloFilterQuery,
  state: Type.Optional(Type.Array(Type.Enum(['ok', 'burning', 'exhausted', 'no-data', 'error']), { maxItems: 5 })),
  /** Only the first objective of each SLO (the one that alerts and gates). */
  primary: Type.Boolean({ default: false }),
  /** Compute now instead of serving the cached answer. */
  fresh: Type.Boolean({ default: false }),
  /** The moment to compute the status at: RFC 3339 or seconds since the epoch (default now). */
  at: Type.Optional(Type.String({ maxLength: 40 })),
});
export type SloStatusQuery = Type.Static<typeof SloStatusQuery>;

const Point = Type.Tuple([Type.Number(), Type.Number()]);
const GroupSeries = Type.Object({ group: Type.Record(Type.String(), Type.String()), points: Type.Array(Point) });

export const SloTimeseriesQuery = Type.Object({
  series: Type.Enum(['burndown', 'burnrate', 'sli']),
  objective: Type.Integer({ minimum: 0, default: 0 }),
  /** burnrate and sli: the window each point looks back over, e.g. 1h. */
  window: Type.String({ pattern: '^[1-9]\\d*(m|h|d)$', default: '1h' }),
  /**
   * burnrate and sli: the range shown, seconds since the epoch (default: the last 24 hours);
   * burndown: `to` is the moment whose window is drawn (default now).
   */
  from: Type.Optional(Type.Number()),
  to: Type.Optional(Type.Number()),
  step: Type.Optional(Type.Integer({ minimum: 15 })),
});
export type SloTimeseriesQuery = Type.Static<typeof SloTimeseriesQuery>;

export const SloTimeseries = Type.Object({
  series: Type.Array(GroupSeries),
  source: Type.Enum(['recorded', 'raw']),
  windowStart: Type.Optional(Type.Number()),
  windowEnd: Type.Optional(Type.Number()),
  /** burndown: spending the budget evenly over the window. */
  ideal: Type.Optional(Type.Array(Point)),
});
export type SloTimeseries = Type.Static<typeof SloTimeseries>;

export const GateQuery = Type.Object({
  service: Type.String({ minLength: 1, maxLength: 63 }),
  /** The kind of change, e.g. feature, fix, revert: exempt kinds may deploy during a freeze. */
  change: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,40}$' })),
});
export type GateQuery = Type.Static<typeof GateQuery>;

export const GateAnswer = Type.Object({
  service: Type.String(),
  change: Type.Optional(Type.String()),
  allowed: Type.Boolean(),
  decision: Type.Enum(['allow', 'deny']),
  reasons: Type.Array(Type.String()),
  slos: Type.Array(
    Type.Object({
      slo: Type.String(),
      group: Type.Record(Type.String(), Type.String()),
      budgetRemaining: Nullable(Type.Number()),
      verdict: Type.Enum(['allow', 'deny', 'no-policy']),
      reason: Type.String(),
    })
  ),
  computedAt: Type.Number(),
});
export type GateAnswer = Type.Static<typeof GateAnswer>;

export const SloSeriesQuery = Type.Object({
  ...SloFilterQuery,
  /** burnrate and sli over `window`, or each objective's budget remaining over its own window. */
  series: Type.Enum(['burnrate', 'sli', 'budget']),
  window: Type.String({ pattern: '^[1-9]\\d*(m|h|d)$', default: '1h' }),
  from: Type.Number(),
  to: Type.Number(),
  step: Type.Optional(Type.Integer({ minimum: 15 })),
});
export type SloSeriesQuery = Type.Static<typeof SloSeriesQuery>;

export const SloSeriesAnswer = Type.Object({
  series: Type.Array(
    Type.Object({
      slo: Type.String(),
      title: Type.String(),
      service: Type.String(),
      team: Type.Optional(Type.String()),
      objective: Type.Object({ index: Type.Integer(), target: Type.Number(), window: Type.String() }),
      group: Type.Record(Type.String(), Type.String()),
      points: Type.Array(Point),
    })
  ),
  errors: Type.Array(Type.Object({ slo: Type.String(), error: Type.String() })),
  prometheusRequests: Type.Integer(),
});
export type SloSeriesAnswer = Type.Static<typeof SloSeriesAnswer>;

export const AnnotationsQuery = Type.Object({
  ...SloFilterQuery,
  from: Type.Number(),
  to: Type.Number(),
  kind: Type.Optional(Type.Array(Type.Enum(['deploy', 'alert', 'budget']), { maxItems: 3 })),
});
export type AnnotationsQuery = Type.Static<typeof AnnotationsQuery>;

export const Annotation = Type.Object({
  /** Seconds since the epoch; timeEnd for spans (an alert while it fired). */
  time: Type.Number(),
  timeEnd: Type.Optional(Type.Number()),
  kind: Type.Enum(['deploy', 'alert', 'budget']),
  title: Type.String(),
  text: Type.String(),
  service: Type.String(),
  slo: Type.Optional(Type.String()),
  team: Type.Optional(Type.String()),
  tags: Type.Array(Type.String()),
});
export type Annotation = Type.Static<typeof Annotation>;

export const AnnotationsAnswer = Type.Object({ items: Type.Array(Annotation), errors: Type.Array(Type.String()) });
export type AnnotationsAnswer = Type.Static<typeof AnnotationsAnswer>;

/** One burn-rate alert condition as the generated rules check it. */
export const BurnCondition = Type.Object({
  tier: Type.String(),
  severity: Type.String(),
  longWindow: Type.String(),
  shortWindow: Type.Optional(Type.String()),
  /** Fires when both windows burn faster than this many times the sustainable rate. */
  factor: Type.Number(),
  /** Share of the whole window's budget this lets go within the long window (0.02: 2%). */
  budgetShare: Type.Number(),
  for: Type.Optional(Type.String()),
});
export type BurnCondition = Type.Static<typeof BurnCondition>;

export const SloDetail = Type.Object({
  computedAt: Type.Number(),
  rows: Type.Array(SloStatusRow),
  /** The first objective's alert conditions; empty when alerting is off. */
  alerting: Type.Array(BurnCondition),
  /** PromQL counting the SLI's bad and total events over 5 minutes (what is recorded). */
  eventQueries: Type.Object({ bad: Type.String(), total: Type.String() }),
  /** The rule groups Steward generates for it, as Prometheus loads them (YAML). */
  rules: Type.String(),
  warnings: Type.Array(Type.String()),
});
export type SloDetail = Type.Static<typeof SloDetail>;

export const DependencyGraphQuery = Type.Object({
  /** Start from these services (and the services of these teams); every service when neither is given. */
  service: names(1000),
  team: names(200),
  includeSubteams: Type.Boolean({ default: true }),
  depth: Type.Integer({ minimum: 0, maximum: 6, default: 1 }),
});
export type DependencyGraphQuery = Type.Static<typeof DependencyGraphQuery>;

const States = Type.Enum(['ok', 'burning', 'exhausted', 'no-data', 'error']);

export const DependencyGraphAnswer = Type.Object({
  nodes: Type.Array(
    Type.Object({
      service: Type.String(),
      title: Type.String(),
      team: Type.String(),
      tier: Type.Optional(Type.String()),
      /** In the catalog; false for a dependency nothing defines. */
      known: Type.Boolean(),
      slos: Type.Integer(),
      /** The worst state of its SLOs' first objectives; undefined without SLOs. */
      worstState: Type.Optional(States),
      lowestBudget: Nullable(Type.Number()),
      firingAlerts: Type.Integer(),
      url: Type.String(),
    })
  ),
  /** `source` depends on `target`. */
  edges: Type.Array(Type.Object({ source: Type.String(), target: Type.String() })),
});
export type DependencyGraphAnswer = Type.Static<typeof DependencyGraphAnswer>;
