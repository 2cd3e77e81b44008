import { QueryType } from '../../src/datasource/types';
import { LINK_QUERY, owned, stewardAnnotations, TEAM_AND_SERVICE, TRACES_URL } from './common';
import {
  dashboard,
  fields,
  HIDDEN,
  ownersVariable,
  prometheus,
  serviceVariable,
  STEWARD_LINKS,
  steward,
  table,
  teamVariable,
  text,
  textboxVariable,
  thresholds,
  timeseries,
} from './grafana';

const burnRate = (window: '1h' | '6h', pageAt: number) =>
  timeseries(
    `Burn rate over ${window}`,
    [steward('A', { queryType: QueryType.BurnRate, window, primaryOnly: true, ...TEAM_AND_SERVICE })],
    { legendCalcs: ['lastNotNull', 'max'] },
    {
      description: `How fast each SLO’s budget burns, looking back ${window} (1× spends it exactly over the SLO window; the page alert fires above ${pageAt}× together with its short window).`,
      fieldConfig: fields({
        unit: 'suffix:×',
        min: 0,
        custom: { thresholdsStyle: { mode: 'dashed' } },
        thresholds: thresholds('transparent', [
          [1, 'orange'],
          [pageAt, 'red'],
        ]),
      }),
    }
  );

/**
 * For the engineer on call: what is burning and who owns it (on-call now and next, escalation,
 * runbook), burn rates, error ratios per service, recent deploys, and where to look for traces.
 */
export const oncall = dashboard({
  uid: 'steward-oncall',
  title: 'Steward / On-call',
  description:
    'Burning and exhausted SLOs with their owners, on-call, escalation and runbooks; burn rates; error ratio per service; recent deploys.',
  tags: ['steward', 'slo', 'on-call'],
  from: 'now-24h',
  refresh: '1m',
  variables: [
    teamVariable(),
    ownersVariable(),
    serviceVariable({ multi: true }),
    textboxVariable(
      'traces_url',
      'Traces URL',
      TRACES_URL,
      'Trace search the links open, with ?service=…&from=…&to=… (ms); no trace backend runs in the demo stack'
    ),
  ],
  annotations: stewardAnnotations(TEAM_AND_SERVICE),
  links: STEWARD_LINKS,
  panels: [
    { row: 'What is burning, and who owns it' },
    {
      h: 8,
      panels: [
        [
          table(
            'Burning and exhausted SLOs',
            [
              steward('A', {
                queryType: QueryType.SloStatus,
                states: ['burning', 'exhausted'],
                ...TEAM_AND_SERVICE,
              }),
            ],
            { sortBy: [{ displayName: 'Budget remaining', desc: false }] },
            {
              description:
                'SLOs burning faster than they may, or out of budget, with their alerts (firing or pending). The SLO links to its page: owner, on-call, runbooks, alert conditions.',
              fieldConfig: fields(
                {},
                { Group: HIDDEN, 'Burn rate 5m': HIDDEN, 'Burn rate 30m': HIDDEN, 'Burn rate 2h': HIDDEN }
              ),
            }
          ),
          24,
        ],
      ],
    },
    {
      h: 9,
      panels: [
        [
          table(
            'Owners, on-call and runbooks',
            [steward('A', { queryType: QueryType.Ownership, ...TEAM_AND_SERVICE })],
            { sortBy: [{ displayName: 'SLOs', desc: true }] },
            {
              description:
                'Each service’s owning team, who is on call now and next, the team’s escalation path, and the runbook with its last review.',
              fieldConfig: fields({}, { Lifecycle: HIDDEN, Title: HIDDEN }),
            }
          ),
          24,
        ],
      ],
    },
    { row: 'Burn rates and errors' },
    {
      h: 8,
      panels: [
        [burnRate('1h', 14.4), 12],
        [burnRate('6h', 6), 12],
      ],
    },
    {
      h: 8,
      panels: [
        [
          timeseries(
            'Error ratio by service',
            [
              prometheus(
                'A',
                owned(
                  'sum by (service) (rate(http_requests_total{service=~"$service", code=~"5.."}[$__rate_interval])) / sum by (service) (rate(http_requests_total{service=~"$service"}[$__rate_interval]))'
                ),
                { legend: '{{service}} ({{team}})' }
              ),
            ],
            { legendCalcs: ['lastNotNull', 'max'] },
            {
              description:
                '5xx answers over all answers of each service (http_requests_total), owners joined from steward_service_owner_info.',
              fieldConfig: fields({ unit: 'percentunit', decimals: 2, min: 0 }),
            }
          ),
          14,
        ],
        [
          table(
            'Recent deploys',
            [steward('A', { queryType: QueryType.Annotations, kinds: ['deploy'], ...TEAM_AND_SERVICE })],
            { sortBy: [{ displayName: 'time', desc: true }] },
            {
              description: 'Deploys steward-server recorded; they are also annotations on the time series.',
              fieldConfig: fields({}, { color: HIDDEN, tags: HIDDEN, text: HIDDEN, timeEnd: HIDDEN, slo: HIDDEN }),
            }
          ),
          10,
        ],
      ],
    },
    { row: 'Traces' },
    {
      h: 8,
      panels: [
        [
          table(
            'Slowest services: p99 latency, with links to their traces',
            [
              prometheus(
                'A',
                `topk(10, ${owned(
                  'histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket{service=~"$service"}[5m])))'
                )})`,
                { instant: true }
              ),
            ],
            { sortBy: [{ displayName: 'Value', desc: true }] },
            {
              description: 'p99 latency over the last 5 minutes; a service links to its traces at $traces_url.',
              fieldConfig: fields(
                { unit: 's', decimals: 3 },
                {
                  Time: HIDDEN,
                  Value: [{ id: 'displayName', value: 'p99 latency' }],
                  service: [
                    {
                      id: 'links',
                      value: [
                        {
                          title: 'Traces of ${__data.fields.service}',
                          url: `\${traces_url:raw}${LINK_QUERY('${__data.fields.service:percentencode}')}`,
                          targetBlank: true,
                        },
                      ],
                    },
                  ],
                }
              ),
            }
          ),
          14,
        ],
        [
          text(
            'About traces',
            [
              'The demo stack has **no trace backend**: no Tempo, Jaeger or other tracing datasource runs in it, so this dashboard cannot list traces itself.',
              '',
              'Each service in **Slowest services** links to `$traces_url` with `?service=<name>&from=<ms>&to=<ms>`. Set the **Traces URL** variable to your trace search, or, with a Tempo datasource in Grafana, replace the table by a Tempo TraceQL search such as `{ resource.service.name = "$service" && duration > 1s }`.',
            ].join('\n'),
            {}
          ),
          10,
        ],
      ],
    },
  ],
});
