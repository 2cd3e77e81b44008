import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../validation/issue.js';
import { parseCatalogFile } from './parse-catalog-file.js';
import { slothQuery } from './sloth.js';

const FIXTURES = new URL('../../../../tests/fixtures/slo-imports/', import.meta.url);
const fixture = (name: string) => parseCatalogFile(name, readFileSync(new URL(name, FIXTURES)));
const parse = (text: string) => parseCatalogFile('slos.yml', new TextEncoder().encode(text));
const messages = (file: ReturnType<typeof parseCatalogFile>) => file.issues.map(formatIssue);

describe('Sloth prometheus/v1 files', () => {
  it('imports each SLO of getting-started as a Steward SLO named <service>-<slo>', () => {
    const file = fixture('sloth-getting-started.yml');
    expect(file.entities.map((e) => [e.entity.metadata.name, e.line, e.fieldLines])).toEqual([
      ['myservice-requests-availability', 10, { 'spec.service': 3 }],
      ['myservice-requests-latency', 34, { 'spec.service': 3 }],
    ]);
    expect(file.entities[0]!.entity).toEqual({
      apiVersion: 'steward.dev/v1',
      kind: 'SLO',
      metadata: {
        name: 'myservice-requests-availability',
        description: 'Common SLO based on availability for HTTP request responses.',
      },
      spec: {
        service: 'myservice',
        sli: {
          freeform: {
            bad: 'sum(increase(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[$window]))',
            total: 'sum(increase(http_request_duration_seconds_count{job="myservice"}[$window]))',
          },
        },
        objectives: [{ target: 99.9, window: '30d' }],
        alerting: {
          name: 'MyServiceHighErrorRate',
          labels: { category: 'availability' },
          annotations: { summary: "High error rate on 'myservice' requests responses" },
          page: { severity: 'pageteam' },
          ticket: { severity: 'slack' },
        },
      },
    });
    expect(file.entities[1]!.entity.spec).toMatchObject({
      objectives: [{ target: 99, window: '30d' }],
      alerting: { name: 'MyServiceHighLatency', page: { severity: 'critical' }, ticket: { enabled: false } },
    });
  });

  it('warns about what it leaves out: labels, owner, Steward-owned alert labels, per-tier labels', () => {
    const file = fixture('sloth-getting-started.yml');
    expect(file.issues.every((issue) => issue.severity === 'warning')).toBe(true);
    expect(messages(file)).toEqual([
      'sloth-getting-started.yml:5:3: labels: ignored (repo, tier): Steward sets the labels of its series and alerts itself',
      'sloth-getting-started.yml:5:10: labels.owner: is ignored: the owning team comes from Steward\'s registry (the owner of service "myservice")',
      'sloth-getting-started.yml:21:19: slos[0].alerting.labels.severity: is dropped: Steward sets "severity" on every alert it generates',
      "sloth-getting-started.yml:26:11: slos[0].alerting.page_alert.labels: routing_key ignored: Steward's page tier takes only a severity; route on severity, or set labels for all alerts in alerting.labels",
      "sloth-getting-started.yml:30:11: slos[0].alerting.ticket_alert.labels: slack_channel ignored: Steward's ticket tier takes only a severity; route on severity, or set labels for all alerts in alerting.labels",
    ]);
  });

  it('reads the Kubernetes resource (camelCase fields under spec)', () => {
    const file = fixture('sloth-k8s.yml');
    expect(file.issues).toEqual([]);
    expect(file.entities.map((e) => e.entity)).toEqual([
      {
        apiVersion: 'steward.dev/v1',
        kind: 'SLO',
        metadata: { name: 'payments-requests-availability', description: 'Payment API availability.' },
        spec: {
          service: 'payments',
          sli: {
            freeform: {
              bad: 'sum(increase(http_requests_total{job="payments",code=~"5.."}[$window]))',
              total: 'sum(increase(http_requests_total{job="payments"}[$window]))',
            },
          },
          objectives: [{ target: 99.95, window: '30d' }],
          alerting: { name: 'PaymentsAvailability', page: { severity: 'critical' }, ticket: { enabled: false } },
        },
      },
    ]);
  });

  it('refuses raw and plugin SLIs, names that do not fit and invalid objectives, one SLO at a time', () => {
    const file = fixture('sloth-unsupported.yml');
    expect(file.entities.map((e) => e.entity.metadata.name)).toEqual(['home-wifi-connections']);
    expect(file.rejected.map((r) => r.name)).toEqual([
      'home-wifi-wifi-client-satisfaction',
      'home-wifi-requests-availability',
      'home-wifi-dns',
    ]);
    expect(messages(file)).toEqual([
      'sloth-unsupported.yml:12:9: slos[0].sli.raw: is not supported: a raw error ratio has no event counts, so its budget could only be a time-weighted average of ratios, where a quiet minute weighs as much as a busy one. Write it as events (error_query and total_query counting events over {{.window}})',
      'sloth-unsupported.yml:22:9: slos[1].sli.plugin: is not supported: Sloth SLI plugins are Go code that only Sloth runs. Write the SLI as events (error_query and total_query)',
      'sloth-unsupported.yml:25:11: slos[2].name: makes the SLO name "home-wifi-this-slo-name-is-far-too-long-to-be-a-steward-name-once-prefixed" (service-name), which Steward cannot use: names are 1 to 63 lowercase letters, digits, ".", "_" and "-", starting and ending with a letter or digit',
      'sloth-unsupported.yml:32:16: slos[3].objective: must be < 100',
      'sloth-unsupported.yml:5:3: slo_plugins: ignored: Sloth SLO plugins are Go code that only Sloth runs',
      'sloth-unsupported.yml:40:13: slos[4].labels.team: is ignored: the owning team comes from Steward\'s registry (the owner of service "home-wifi")',
    ]);
  });

  it('reports Steward validation problems at the Sloth field they came from', () => {
    const file = parse(`version: "prometheus/v1"
service: Checkout
slos:
  - name: errors
    objective: 99.5
    sli:
      events:
        error_query: sum(http_errors_total)
        total_query: sum(rate(http_requests_total[{{.window}}]))
  - name: latency
    objective: 99
    sli:
      events:
        error_query: sum(rate(http_slow_requests_total[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: "checkout latency"
`);
    expect(file.entities).toEqual([]);
    expect(file.rejected.map((r) => r.name)).toEqual(['checkout-errors', 'checkout-latency']);
    expect(messages(file)).toEqual([
      'slos.yml:8:22: slos[0].sli.events.error_query: must count events over $window, e.g. sum(increase(http_requests_total{code=~"5.."}[$window]))',
      'slos.yml:17:13: slos[1].alerting.name: must match pattern "^[a-zA-Z_][a-zA-Z0-9_]{0,99}$"',
    ]);
  });

  it('needs a service, and skips other kinds of sloth.slok.dev resources', () => {
    expect(messages(parse('version: "prometheus/v1"\nslos: []\n'))).toEqual([
      'slos.yml:1:1: service: is required: it names the service of every SLO here',
    ]);
    expect(parse('~\n').issues).toHaveLength(1); // a null document is not taken for Sloth
    const other = parse('apiVersion: sloth.slok.dev/v1\nkind: AlertWindows\nspec: {}\n');
    expect(other.skipped).toEqual({ AlertWindows: 1 });
    expect(other.issues).toEqual([]);
  });
});

describe('slothQuery', () => {
  it('turns {{.window}} into $window and rate over it into increase, which counts events', () => {
    expect(slothQuery('sum(rate(x_total{code=~"[45].."}[{{.window}}])) / 2')).toBe(
      'sum(increase(x_total{code=~"[45].."}[$window])) / 2'
    );
    expect(slothQuery('sum(rate (x[{{ .window }}])) - sum(rate(y[{{.window}}]))')).toBe(
      'sum(increase (x[$window])) - sum(increase(y[$window]))'
    );
  });

  it('leaves rates over other ranges, irate and increase alone', () => {
    expect(slothQuery('sum(rate(x[5m])) + irate(y[{{.window}}]) + increase(z[{{.window}}])')).toBe(
      'sum(rate(x[5m])) + irate(y[$window]) + increase(z[$window])'
    );
  });
});
