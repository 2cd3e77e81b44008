import type { SloEntity } from '../api/stewardClient';

type Spec = SloEntity['spec'];

export interface SliDescription {
  kind: 'ratio' | 'latency' | 'probe' | 'freeform' | 'unknown';
  /** The SLI in words. */
  summary: string;
  /** The SLI's own PromQL, as the SLO defines it, labelled by role. */
  definition: Array<{ label: string; promql: string }>;
  /**
   * What the SLI computes over a window, as one PromQL expression with `$window` for the range:
   * for reading, not for running (steward-server builds the queries it runs from parsed parts).
   */
  expression: string;
}

/** A latency bound in the histogram's unit (seconds by convention): 0.3 → "300 ms", 1.5 → "1.5 s". */
export function formatThreshold(seconds: number): string {
  if (seconds < 1) {
    return `${Number((seconds * 1000).toPrecision(6))} ms`;
  }
  return `${Number(seconds.toPrecision(6))} s`;
}

const SIMPLE_SELECTOR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/s;

/** `name{a="b"}` with another metric name and extra matchers, when the selector is that simple. */
function withMetric(selector: string, suffix: string, extra?: string): string | undefined {
  const match = SIMPLE_SELECTOR.exec(selector);
  if (!match) {
    return undefined;
  }
  const matchers = [match[2]?.trim(), extra].filter((m): m is string => !!m && m.length > 0).join(', ');
  return `${match[1]}${suffix}{${matchers}}`;
}

const sum = (groupBy: string[] | undefined, expr: string) =>
  groupBy?.length ? `sum by (${groupBy.join(', ')}) (${expr})` : `sum(${expr})`;

/** The SLI in words and in PromQL, for the SLO page. */
export function describeSli(spec: Spec): SliDescription {
  const { sli, groupBy } = spec;
  const per = groupBy?.length ? `, per ${groupBy.join(', ')}` : '';
  const increase = (selector: string) => sum(groupBy, `increase(${selector}[$window])`);

  if (sli.ratio) {
    const { good, bad, total } = sli.ratio;
    if (bad) {
      return {
        kind: 'ratio',
        summary: `The share of events that are not bad: 1 − bad events ÷ all events${per}.`,
        definition: [
          { label: 'Bad events', promql: bad },
          { label: 'All events', promql: total },
        ],
        expression: `1 - (${increase(bad)} / ${increase(total)})`,
      };
    }
    return {
      kind: 'ratio',
      summary: `The share of events that are good: good events ÷ all events${per}.`,
      definition: [
        { label: 'Good events', promql: good ?? '' },
        { label: 'All events', promql: total },
      ],
      expression: `${increase(good ?? '')} / ${increase(total)}`,
    };
  }

  if (sli.latency) {
    const { histogram, threshold, native } = sli.latency;
    const bound = formatThreshold(threshold);
    if (native) {
      return {
        kind: 'latency',
        summary: `The share of requests served in ${bound} or less, from the native histogram${per}.`,
        definition: [
          { label: 'Native histogram', promql: histogram },
          { label: 'Threshold', promql: String(threshold) },
        ],
        expression: `histogram_fraction(0, ${threshold}, ${increase(histogram)})`,
      };
    }
    const bucket = withMetric(histogram, '_bucket', `le="${threshold}"`);
    const count = withMetric(histogram, '_count');
    return {
      kind: 'latency',
      summary: `The share of requests served in ${bound} or less (the histogram’s le="${threshold}" bucket) out of all requests${per}.`,
      definition: [
        { label: 'Histogram', promql: histogram },
        { label: 'Threshold', promql: `le="${threshold}"` },
      ],
      expression:
        bucket && count
          ? `${increase(bucket)} / ${increase(count)}`
          : `requests in the le="${threshold}" bucket of ${histogram} ÷ all its requests`,
    };
  }

  if (sli.probe) {
    return {
      kind: 'probe',
      summary: `The share of probe samples that succeeded (each sample of the 0/1 gauge is one event, good when 1)${per}.`,
      definition: [{ label: 'Probe', promql: sli.probe.metric }],
      expression: `${sum(groupBy, `sum_over_time(${sli.probe.metric}[$window])`)} / ${sum(
        groupBy,
        `count_over_time(${sli.probe.metric}[$window])`
      )}`,
    };
  }

  if (sli.freeform) {
    const { good, bad, total } = sli.freeform;
    const sumOf = (expr: string) => (groupBy?.length ? `sum by (${groupBy.join(', ')}) (${expr})` : expr);
    return {
      kind: 'freeform',
      summary: bad
        ? `Custom PromQL: 1 − bad events ÷ all events${per}.`
        : `Custom PromQL: good events ÷ all events${per}.`,
      definition: [
        bad ? { label: 'Bad events', promql: bad } : { label: 'Good events', promql: good ?? '' },
        { label: 'All events', promql: total },
      ],
      expression: bad ? `1 - (${sumOf(bad)} / ${sumOf(total)})` : `${sumOf(good ?? '')} / ${sumOf(total)}`,
    };
  }

  return {
    kind: 'unknown',
    summary: 'This SLI kind is not known to this version of the app.',
    definition: [],
    expression: '',
  };
}
