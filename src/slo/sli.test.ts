import { describeSli, formatThreshold } from './sli';

const spec = (sli: object, groupBy?: string[]) =>
  ({ service: 'checkout-api', sli, objectives: [{ target: 99 }], ...(groupBy ? { groupBy } : {}) }) as never;

describe('describeSli', () => {
  it('describes a bad/total ratio', () => {
    const d = describeSli(
      spec({
        ratio: {
          bad: 'http_requests_total{service="checkout-api",code=~"5.."}',
          total: 'http_requests_total{service="checkout-api"}',
        },
      })
    );
    expect(d.kind).toBe('ratio');
    expect(d.summary).toBe('The share of events that are not bad: 1 − bad events ÷ all events.');
    expect(d.definition.map((q) => q.label)).toEqual(['Bad events', 'All events']);
    expect(d.expression).toBe(
      '1 - (sum(increase(http_requests_total{service="checkout-api",code=~"5.."}[$window])) / sum(increase(http_requests_total{service="checkout-api"}[$window])))'
    );
  });

  it('describes a good/total ratio per group', () => {
    const d = describeSli(spec({ ratio: { good: 'ok_total', total: 'all_total' } }, ['route']));
    expect(d.summary).toBe('The share of events that are good: good events ÷ all events, per route.');
    expect(d.expression).toBe(
      'sum by (route) (increase(ok_total[$window])) / sum by (route) (increase(all_total[$window]))'
    );
  });

  it('describes a classic-histogram latency SLI with its bucket and count series', () => {
    const d = describeSli(
      spec({ latency: { histogram: 'http_request_duration_seconds{service="checkout-api"}', threshold: 0.3 } })
    );
    expect(d.summary).toBe(
      'The share of requests served in 300 ms or less (the histogram’s le="0.3" bucket) out of all requests.'
    );
    expect(d.expression).toBe(
      'sum(increase(http_request_duration_seconds_bucket{service="checkout-api", le="0.3"}[$window])) / sum(increase(http_request_duration_seconds_count{service="checkout-api"}[$window]))'
    );
  });

  it('describes a native histogram, a probe and freeform PromQL', () => {
    expect(describeSli(spec({ latency: { histogram: 'rpc_seconds', threshold: 1.5, native: true } })).expression).toBe(
      'histogram_fraction(0, 1.5, sum(increase(rpc_seconds[$window])))'
    );
    expect(describeSli(spec({ probe: { metric: 'probe_success{job="web"}' } })).expression).toBe(
      'sum(sum_over_time(probe_success{job="web"}[$window])) / sum(count_over_time(probe_success{job="web"}[$window]))'
    );
    const freeform = describeSli(
      spec({ freeform: { bad: 'sum(increase(e[$window]))', total: 'sum(increase(t[$window]))' } })
    );
    expect(freeform.kind).toBe('freeform');
    expect(freeform.expression).toBe('1 - (sum(increase(e[$window])) / sum(increase(t[$window])))');
  });
});

describe('formatThreshold', () => {
  it('shows sub-second bounds in milliseconds', () => {
    expect(formatThreshold(0.3)).toBe('300 ms');
    expect(formatThreshold(0.025)).toBe('25 ms');
    expect(formatThreshold(1)).toBe('1 s');
    expect(formatThreshold(2.5)).toBe('2.5 s');
  });
});
