import { describe, expect, it } from 'vitest';
import type { SloSpec } from '@steward/contract/model/slo';
import { checkSlo } from './check-slo.js';

const base: SloSpec = {
  service: 'checkout-api',
  sli: { ratio: { bad: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } },
  objectives: [{ target: 99.9 }],
};
const problems = (spec: Partial<SloSpec>) =>
  checkSlo({ ...base, ...spec }).problems.map((p) => `${p.path.join('.')}: ${p.message}`);

describe('checkSlo', () => {
  it('accepts a plain ratio SLO', () => {
    expect(checkSlo(base)).toEqual({ problems: [], warnings: [] });
  });

  it('wants exactly one SLI kind, and good or bad but not both', () => {
    expect(problems({ sli: { ratio: base.sli.ratio!, probe: { metric: 'up' } } })).toEqual([
      'spec.sli: must have exactly one of ratio, latency, probe, freeform (has ratio and probe)',
    ]);
    expect(problems({ sli: { ratio: { good: 'a', bad: 'b', total: 'c' } } })).toEqual([
      'spec.sli.ratio: must have either good or bad events (not both), and total',
    ]);
  });

  it('wants plain series selectors where Steward adds the functions itself', () => {
    expect(problems({ sli: { ratio: { bad: 'rate(x[5m])', total: 'x{a="b"' } } })).toEqual([
      'spec.sli.ratio.bad: must be a plain series selector such as metric{label="value"} (no functions, ranges or offsets) (column 1)',
      'spec.sli.ratio.total: is not valid PromQL (column 8)',
    ]);
  });

  it('refuses regexes Prometheus would not compile, in selectors and freeform queries, at their column', () => {
    expect(
      problems({
        sli: { ratio: { bad: 'http_requests_total{code=~"5(0"}', total: 'http_requests_total{job=~"(?<j>api)"}' } },
      })
    ).toEqual([
      'spec.sli.ratio.bad: has an invalid regular expression in code=~"5(0": missing closing ): `5(0` (column 28)',
      'spec.sli.ratio.total: has an invalid regular expression in job=~"(?<j>api)": named groups written (?<name>…) are refused by Prometheus 2.x before Go 1.22; write (?P<name>…) (column 27)',
    ]);
    expect(
      problems({
        sli: { freeform: { bad: 'sum(increase(x{a=~"[z-a]"}[$window]))', total: 'sum(increase(x[$window]))' } },
      })
    ).toEqual([
      'spec.sli.freeform.bad: invalid regular expression in a=~"[z-a]": invalid character class range: `z-a` (line 1, column 21 of the query)',
    ]);
  });

  it('refuses alert labels and annotations that are not Go templates, and the team label', () => {
    expect(
      problems({
        alerting: { labels: { team: 'other', component: '{{ $nope }}' }, annotations: { summary: '{{ if .Value }}' } },
      })
    ).toEqual([
      'spec.alerting.labels.team: "team" is set by Steward on every alert (alerts go to the team that owns the service); use another label',
      'spec.alerting.labels.component: is not a valid Go template, as Prometheus reads it: undefined variable "$nope"',
      'spec.alerting.annotations.summary: is not a valid Go template, as Prometheus reads it: unexpected EOF',
    ]);
  });

  it('reports freeform PromQL problems with the analyser’s message, at their place in the query as written', () => {
    expect(
      problems({
        sli: {
          freeform: {
            bad: 'sum(increase(errors_total[$window])) / on() group_left sum(increase(x[$window]))',
            total: 'sum(rate(requests_total{a="b"}[$window]) + rate(requests_total))',
          },
        },
      })
    ).toEqual([
      'spec.sli.freeform.total: expected type matrix in call to function "rate", got vector (line 1, column 49 of the query)',
    ]);
  });

  it('keeps Steward’s own labels out of group-by, and windows within 7 to 90 days', () => {
    expect(
      problems({
        groupBy: ['route', 'team', 'route'],
        objectives: [
          { target: 99, window: '3d' },
          { target: 99, window: 'month', timeZone: 'Mars/Base' },
        ],
      })
    ).toEqual([
      'spec.groupBy.1: "team" is a label Steward sets on every SLO series; group by another label',
      'spec.groupBy.2: "route" is listed twice',
      'spec.objectives.0.window: must be between 7d and 90d (or month)',
      'spec.objectives.1.timeZone: "Mars/Base" is not an IANA time zone such as Europe/Berlin',
    ]);
  });

  it('checks custom burn-rate conditions and alert labels', () => {
    expect(
      problems({
        alerting: {
          conditions: [
            { name: 'page', severity: 'critical', burnRate: 10, window: '1h' },
            { name: 'quick', severity: 'critical', burnRate: 10, window: '30m', shortWindow: '1h' },
            { name: 'tiny', severity: 'critical', burnRate: 10, window: '1m' },
            { name: 'odd', severity: 'warning', burnRate: 2, window: '421m' },
          ],
          labels: { severity: 'x', component: 'cart' },
          noData: { after: '8d' },
        },
      })
    ).toEqual([
      'spec.alerting.conditions.0.name: "page" is already used by a standard tier',
      'spec.alerting.conditions.1.shortWindow: must be shorter than window',
      'spec.alerting.conditions.3.window: windows over 6h are summed from 5-minute counts: use a multiple of 5m',
      'spec.alerting.noData.after: must be 7d or shorter: a week without data is long enough to know',
      'spec.alerting.labels.severity: "severity" is set by Steward on every alert; use another label',
    ]);
  });

  it('warns, without refusing, about a tier that can never fire', () => {
    expect(checkSlo({ ...base, objectives: [{ target: 90 }] }).warnings).toEqual([
      {
        path: ['spec', 'alerting'],
        message:
          'the page alert at 14.4× over 1h can never fire for a 90% objective: more than 144% of events would have to be bad',
      },
    ]);
    // The README's line: 93% and below can never page over 1h, just above it can.
    expect(checkSlo({ ...base, objectives: [{ target: 93 }] }).warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('the page alert at 14.4× over 1h can never fire for a 93% objective'),
    ]);
    expect(checkSlo({ ...base, objectives: [{ target: 93.1 }] }).warnings).toEqual([]);
  });
});
