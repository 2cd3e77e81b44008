import Type from 'typebox';
import { API_VERSION, EntityName, Metadata } from './common.js';

const LabelName = Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$', description: 'a Prometheus label name' });

const Selector = Type.String({
  minLength: 1,
  maxLength: 4000,
  description: 'a PromQL series selector, e.g. http_requests_total{service="checkout",code=~"5.."}',
});

const WindowedQuery = Type.String({
  minLength: 1,
  maxLength: 8000,
  description: 'PromQL counting events over `$window` (e.g. sum(increase(x[$window]))); Steward sets the window',
});

/** Good or bad events, and all events, as counters. */
export const RatioSli = Type.Object(
  { good: Type.Optional(Selector), bad: Type.Optional(Selector), total: Selector },
  { additionalProperties: false, description: 'give `good` or `bad`, and `total`' }
);

/** Requests at or under a latency threshold, from a histogram. */
export const LatencySli = Type.Object(
  {
    /** The histogram's base name with matchers; classic histograms use `_bucket` and `_count`. */
    histogram: Selector,
    threshold: Type.Number({
      exclusiveMinimum: 0,
      description:
        'the latency bound in the histogram’s unit (usually seconds); classic histograms need a bucket with this `le`',
    }),
    native: Type.Optional(
      Type.Boolean({ description: 'a native histogram (histogram_fraction) instead of a classic one' })
    ),
  },
  { additionalProperties: false }
);

/** A 0/1 gauge such as `probe_success` or `up`: each sample is one event, good when 1. */
export const ProbeSli = Type.Object({ metric: Selector }, { additionalProperties: false });

/** Any PromQL, for what the other kinds cannot express. */
export const FreeformSli = Type.Object(
  { good: Type.Optional(WindowedQuery), bad: Type.Optional(WindowedQuery), total: WindowedQuery },
  { additionalProperties: false, description: 'give `good` or `bad`, and `total`' }
);

export const Sli = Type.Object(
  {
    ratio: Type.Optional(RatioSli),
    latency: Type.Optional(LatencySli),
    probe: Type.Optional(ProbeSli),
    freeform: Type.Optional(FreeformSli),
  },
  { additionalProperties: false, description: 'exactly one of ratio, latency, probe, freeform' }
);
export type Sli = Type.Static<typeof Sli>;

/** `30d`, `4w` (rolling) or `month` (calendar month). */
export const SloWindow = Type.String({
  pattern: '^([1-9]\\d*[dw]|month)$',
  description: 'a rolling window such as 28d, 30d or 4w (7d to 90d), or `month` for the calendar month',
});

export const Objective = Type.Object(
  {
    target: Type.Number({
      minimum: 50,
      exclusiveMaximum: 100,
      description: 'percent of events that must be good, e.g. 99.9',
    }),
    window: Type.Optional(SloWindow),
    /** For `month`: where the month begins. IANA name; UTC when absent. */
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false }
);
export type Objective = Type.Static<typeof Objective>;

const Severity = Type.String({ pattern: '^[a-zA-Z0-9_-]{1,40}$' });
const ShortDuration = Type.String({
  pattern: '^[1-9]\\d*(m|h|d)$',
  description: 'e.g. 5m, 1h, 3d',
});

const Tier = Type.Object(
  { enabled: Type.Optional(Type.Boolean()), severity: Type.Optional(Severity) },
  { additionalProperties: false }
);

/** A burn-rate condition of one's own, next to (or instead of) the standard tiers. */
export const BurnCondition = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    severity: Severity,
    /** Fire when the budget burns this many times faster than it lasts the window. */
    burnRate: Type.Number({ exclusiveMinimum: 0 }),
    window: ShortDuration,
    /** Also required over this shorter window, so the alert stops soon after the burn does. */
    shortWindow: Type.Optional(ShortDuration),
    for: Type.Optional(ShortDuration),
  },
  { additionalProperties: false }
);
export type BurnCondition = Type.Static<typeof BurnCondition>;

export const Alerting = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'false: no alert rules at all (default true)' })),
    name: Type.Optional(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]{0,99}$', description: 'the alert name' })),
    /** SRE Workbook fast burn: 2% of the budget in 1h (with 5m), or 5% in 6h (with 30m). */
    page: Type.Optional(Tier),
    /** SRE Workbook slow burn: 10% of the budget in 1d (with 2h), or in 3d (with 6h). */
    ticket: Type.Optional(Tier),
    conditions: Type.Optional(Type.Array(BurnCondition, { maxItems: 10 })),
    /** Low-traffic guard: no alert until the long window holds at least this many bad events. */
    minBadEvents: Type.Optional(Type.Integer({ minimum: 0 })),
    /** An alert when the SLO's series have had no samples for `after` (default 10m, severity warning). */
    noData: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(Type.Boolean()),
          after: Type.Optional(ShortDuration),
          severity: Type.Optional(Severity),
        },
        { additionalProperties: false }
      )
    ),
    labels: Type.Optional(Type.Record(LabelName, Type.String({ maxLength: 200 }))),
    annotations: Type.Optional(Type.Record(LabelName, Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false }
);
export type Alerting = Type.Static<typeof Alerting>;

/** What the release gate answers while the budget is spent. */
export const BudgetPolicy = Type.Object(
  {
    /** Refuse deploys when the budget remaining is at or below this percent (0: exhausted). */
    freezeBelow: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    /** Change kinds allowed during a freeze; default fix and revert. */
    exempt: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9-]{1,40}$' }), { maxItems: 20 })),
    /** When the budget cannot be computed (Prometheus down): allow (default) or deny. */
    whenUnknown: Type.Optional(Type.Enum(['allow', 'deny'])),
  },
  { additionalProperties: false }
);
export type BudgetPolicy = Type.Static<typeof BudgetPolicy>;

export const SloSpec = Type.Object(
  {
    service: EntityName,
    sli: Sli,
    objectives: Type.Array(Objective, { minItems: 1, maxItems: 5 }),
    /** One budget per value of these labels, e.g. [route]. */
    groupBy: Type.Optional(Type.Array(LabelName, { maxItems: 5 })),
    alerting: Type.Optional(Alerting),
    budgetPolicy: Type.Optional(BudgetPolicy),
  },
  { additionalProperties: false }
);
export type SloSpec = Type.Static<typeof SloSpec>;

export const SloEntity = Type.Object(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal('SLO'),
    metadata: Metadata,
    spec: SloSpec,
  },
  { additionalProperties: false }
);
export type SloEntity = Type.Static<typeof SloEntity>;

export const DEFAULT_WINDOW = '30d';
