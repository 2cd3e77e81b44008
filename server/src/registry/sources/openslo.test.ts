import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue, type InputIssue } from '../../validation/issue.js';
import { composeFiles } from './compose-files.js';
import { parseCatalogFile } from './parse-catalog-file.js';
import { planFileSync } from './plan-file-sync.js';

const FIXTURES = new URL('../../../../tests/fixtures/slo-imports/', import.meta.url);
const fixture = (name: string) => parseCatalogFile(name, readFileSync(new URL(name, FIXTURES)));
const parse = (path: string, text: string) => parseCatalogFile(path, new TextEncoder().encode(text));
const messages = (issues: InputIssue[]) => issues.map(formatIssue);
const byName = (composed: ReturnType<typeof composeFiles>) =>
  Object.fromEntries(composed.entities.map((e) => [e.entity.metadata.name, e.entity]));

const SLI = (name: string, query = 'http_requests_total') => `apiVersion: openslo/v1
kind: SLI
metadata:
  name: ${name}
spec:
  ratioMetric:
    counter: true
    bad:
      metricSource: { type: Prometheus, spec: { query: '${query}{code=~"5.."}' } }
    total:
      metricSource: { type: Prometheus, spec: { query: ${query} } }
`;
const SLO = (name: string, extra = '') => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: checkout
  indicatorRef: errors
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
${extra}`;

describe('OpenSLO v1: SLOs assembled from documents in several files', () => {
  const files = () => ['openslo/slos.yaml', 'openslo/indicators.yaml'].map(fixture);

  it('maps SLO, SLI, DataSource, AlertPolicy and AlertCondition onto Steward SLOs', () => {
    const composed = composeFiles(files());
    const entities = byName(composed);
    expect(Object.keys(entities)).toEqual(['checkout', 'checkout-availability', 'checkout-monthly']);
    expect(entities['checkout-availability']).toEqual({
      apiVersion: 'steward.dev/v1',
      kind: 'SLO',
      metadata: {
        name: 'checkout-availability',
        title: 'Checkout availability',
        description: 'Checkout requests that do not fail.',
      },
      spec: {
        service: 'checkout',
        sli: {
          ratio: {
            bad: 'http_requests_total{job="checkout",code=~"5.."}',
            total: 'http_requests_total{job="checkout"}',
          },
        },
        objectives: [{ target: 99.9, window: '28d', displayName: 'Good' }],
        alerting: {
          page: { enabled: false },
          ticket: { enabled: false },
          conditions: [
            { name: 'fast-burn', severity: 'page', burnRate: 14.4, window: '1h', for: '5m' },
            { name: 'slow-burn', severity: 'ticket', burnRate: 1, window: '3d' },
          ],
        },
      },
    });
    expect(entities['checkout-monthly']).toEqual({
      apiVersion: 'steward.dev/v1',
      kind: 'SLO',
      metadata: { name: 'checkout-monthly' },
      spec: {
        service: 'checkout',
        sli: {
          ratio: {
            good: 'http_requests_total{job="checkout",code!~"5.."}',
            total: 'http_requests_total{job="checkout"}',
          },
        },
        objectives: [{ target: 99.5, window: 'month', timeZone: 'Europe/Berlin' }],
      },
    });
    expect(composed.entities.find((e) => e.entity.metadata.name === 'checkout-availability')).toMatchObject({
      path: 'openslo/slos.yaml',
      line: 22,
      fieldLines: { 'spec.service': 26 },
    });
  });

  it('imports a Service that names its team, and counts the other kinds it skips', () => {
    const [slos, indicators] = files();
    expect(byName(composeFiles([slos!, indicators!])).checkout).toEqual({
      apiVersion: 'steward.dev/v1',
      kind: 'Service',
      metadata: { name: 'checkout', title: 'Checkout', description: 'Takes orders.' },
      spec: { owner: 'payments' },
    });
    expect(slos!.skipped).toEqual({ Service: 1 });
    expect(indicators!.skipped).toEqual({ AlertNotificationTarget: 1 });
  });

  it('warns about what the alert policy asks for and Steward ignores, in the file that says it', () => {
    const composed = composeFiles(files());
    expect(composed.issues.every((issue) => issue.severity === 'warning')).toBe(true);
    expect(messages(composed.issues)).toEqual([
      'openslo/indicators.yaml:35:20: spec.alertWhenNoData: is not supported and ignored: Steward does not alert on missing data (for SLO "checkout-availability")',
      'openslo/indicators.yaml:49:5: spec.notificationTargets: are ignored: Steward routes an SLO\'s alerts to the team that owns its service (for SLO "checkout-availability")',
    ]);
  });

  it('gives the same result whatever order the files are read in', () => {
    const forward = composeFiles(files());
    const backward = composeFiles(files().reverse());
    expect(backward.entities).toEqual(forward.entities);
    expect(backward.issues).toEqual(forward.issues);
  });

  it('reports references no file defines at the field that names them', () => {
    const composed = composeFiles([fixture('openslo/slos.yaml')]);
    expect(Object.keys(byName(composed))).toEqual(['checkout']);
    expect(messages(composed.issues)).toEqual([
      'openslo/slos.yaml:27:17: spec.indicatorRef: SLI "checkout-errors" is not defined in any catalog file',
      'openslo/slos.yaml:36:23: spec.alertPolicies[0].alertPolicyRef: AlertPolicy "checkout-fast-burn" is not defined in any catalog file',
      'openslo/slos.yaml:52:30: spec.indicator.spec.ratioMetric.good.metricSource.metricSourceRef: DataSource "prometheus" is not defined in any catalog file',
    ]);
  });

  it('keeps the last good version of an SLO whose references break, and deletes one that is removed', () => {
    const stored = ['checkout-availability', 'checkout-monthly', 'gone'].map((name) => ({
      kind: 'SLO',
      name,
      origin: { source: 'file' as const, path: 'openslo/slos.yaml', line: 1 },
      body: '{}',
      updatedBy: 'file',
    }));
    const plan = planFileSync([fixture('openslo/slos.yaml')], stored);
    expect(plan.changes.filter((c) => c.op === 'delete')).toEqual([{ op: 'delete', kind: 'SLO', name: 'gone' }]);
  });

  it('refuses each unsupported feature with its reason, and still loads the rest of the file', () => {
    const file = fixture('openslo/unsupported.yaml');
    const composed = composeFiles([file]);
    expect(Object.keys(byName(composed))).toEqual(['search-ok']);
    expect(byName(composed)['search-ok']!.spec).toMatchObject({ objectives: [{ target: 99.5 }] });
    expect(file.issues).toEqual([]);
    expect(messages(composed.issues)).toEqual([
      'openslo/unsupported.yaml:9:20: spec.budgetingMethod: Timeslices counts good minutes, not events; Steward budgets count events, so use budgetingMethod: Occurrences',
      'openslo/unsupported.yaml:22:20: spec.budgetingMethod: RatioTimeslices averages per-slice ratios, so a quiet minute weighs as much as a busy one; Steward budgets count events, so use budgetingMethod: Occurrences',
      'openslo/unsupported.yaml:38:9: spec.indicator.spec.thresholdMetric: is not supported: Steward SLIs count good or bad events against all events; use ratioMetric with counters',
      'openslo/unsupported.yaml:44:11: spec.objectives[0].op: is not supported: op/value thresholds belong to thresholdMetric SLIs; Steward objectives are a target share of good events',
      'openslo/unsupported.yaml:59:18: spec.indicator.spec.ratioMetric.counter: must be true: Steward counts events as the increase of counters; a gauge (counter: false) has no event counts',
      'openslo/unsupported.yaml:88:11: spec.indicator.spec.ratioMetric.raw: is not supported: a precomputed ratio has no event counts, so its budget could only be a time-weighted average of ratios. Give good (or bad) and total as counters',
      'openslo/unsupported.yaml:110:19: spec.indicator.spec.ratioMetric.good.metricSource.type: is "Datadog": Steward reads Prometheus only',
      'openslo/unsupported.yaml:115:19: spec.indicator.spec.ratioMetric.total.metricSource.type: is "Datadog": Steward reads Prometheus only',
      "openslo/unsupported.yaml:130:17: spec.timeWindow[0].duration: calendar-aligned 1Q is not supported: Steward's calendar window is the month (1M)",
      'openslo/unsupported.yaml:161:21: spec.alertPolicies[0].spec.conditions[0].spec.condition.op: "lte" would alert while the budget burns slower than the threshold; Steward alerts when it burns faster (gt or gte)',
      'openslo/unsupported.yaml:181:22: spec.indicator.spec.ratioMetric.bad.metricSource.spec.query: must be a plain series selector such as metric{label="value"} (no functions, ranges or offsets) (column 1): Steward takes the counter\'s increase over each window itself; for other PromQL, write a Steward SLO with a freeform SLI',
      'openslo/unsupported.yaml:197:17: spec.indicatorRef: SLI "search-nowhere" is not defined in any catalog file',
    ]);
    expect(composed.issues.map((issue) => issue.entity?.name)).toEqual([
      'search-timeslices',
      'search-ratio-timeslices',
      'search-latency',
      'search-latency',
      'search-gauge',
      'search-raw',
      'search-datadog',
      'search-datadog',
      'search-quarterly',
      'search-slow-burn-below',
      'search-rate-query',
      'search-missing-sli',
    ]);
  });
});

describe('OpenSLO v1: Steward validation, reported against the OpenSLO documents', () => {
  it('names the OpenSLO field, in whichever file it is', () => {
    const slos = parse(
      'slos.yaml',
      [
        SLO('low-target').replace('target: 0.99', 'target: 0.3'),
        SLO('short-window', '  timeWindow:\n    - duration: 1d\n      isRolling: true\n'),
        SLO('fast', '  alertPolicies:\n    - alertPolicyRef: fast\n'),
      ].join('---\n')
    );
    const alerts = parse(
      'alerts.yaml',
      `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: fast
spec:
  conditions:
    - kind: AlertCondition
      metadata:
        name: very-fast
      spec:
        severity: page
        condition: { kind: burnrate, op: gt, threshold: 30, lookbackWindow: 421m }
`
    );
    const composed = composeFiles([slos, alerts, parse('sli.yaml', SLI('errors'))]);
    expect(composed.entities).toEqual([]);
    expect(messages(composed.issues)).toEqual([
      'slos.yaml:10:15: spec.objectives[0].target: must be >= 50',
      'slos.yaml:23:17: spec.timeWindow[0].duration: must be between 7d and 90d (or month)',
      'alerts.yaml:12:77: spec.conditions[0].spec.condition.lookbackWindow: windows over 6h are summed from 5-minute counts: use a multiple of 5m (for SLO "fast")',
    ]);
  });

  it('keeps the first of two SLIs with one name and reports the other', () => {
    const composed = composeFiles([
      parse('b.yaml', SLI('errors', 'other_requests_total')),
      parse('a.yaml', `${SLI('errors')}---\n${SLO('checkout-errors')}`),
    ]);
    expect(byName(composed)['checkout-errors']!.spec).toMatchObject({
      sli: { ratio: { total: 'http_requests_total' } },
    });
    expect(messages(composed.issues)).toEqual([
      'b.yaml:4:1: metadata.name: SLI "errors" is already defined in a.yaml:4; this one is ignored',
    ]);
  });

  it('imports a Service owned by a one-element team list, and skips one with several teams', () => {
    const service = (name: string, team: string) =>
      `apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: ${name}\n  labels:\n    owner: ${team}\n`;
    const file = parse('services.yaml', `${service('Search', '[Discovery]')}---\n${service('ads', '[growth, sales]')}`);
    expect(file.entities.map((e) => e.entity)).toEqual([
      { apiVersion: 'steward.dev/v1', kind: 'Service', metadata: { name: 'search' }, spec: { owner: 'discovery' } },
    ]);
    expect(file.skipped).toEqual({ Service: 1 });
    expect(messages(file.issues)).toEqual([
      'services.yaml:13:12: metadata.labels.owner: names 2 teams (growth, sales); a Steward service has one owner, so this Service is not imported',
    ]);
  });
});
