import { QueryType } from '../../src/datasource/types';
import { PanelMode } from '../../src/panels/slo/types';
import { LINK_QUERY, LOGS_URL, owned, stewardAnnotations, TRACES_URL } from './common';
import {
  dashboard,
  fields,
  nodeGraph,
  ownersVariable,
  prometheus,
  serviceVariable,
  sloPanel,
  STEWARD_LINKS,
  steward,
  teamVariable,
  text,
  textboxVariable,
  thresholds,
  timeseries,
} from './grafana';

/** One service: `$service` is single-valued here. */
const SERVICE = { service: ['$service'] };
const RATE = '$__rate_interval';

/** Links on every panel: the service's logs and traces over the dashboard's time range. */
const LINKS = [
  { title: 'Logs of ${service}', url: `\${logs_url:raw}${LINK_QUERY('${service:percentencode}')}`, targetBlank: true },
  {
    title: 'Traces of ${service}',
    url: `\${traces_url:raw}${LINK_QUERY('${service:percentencode}')}`,
    targetBlank: true,
  },
];

const requests = (selector: string) => `http_requests_total{service="$service"${selector}}`;
const latency = (quantile: number, refId: string) =>
  prometheus(
    refId,
    `histogram_quantile(${quantile}, sum by (service, route, le) (${owned(
      `rate(http_request_duration_seconds_bucket{service="$service"}[${RATE}])`
    )}))`,
    { legend: `p${Math.round(quantile * 100)} {{route}}` }
  );

/**
 * For whoever digs into one service: requests by route and status, latency and errors by route,
 * its dependencies (from the catalog's dependsOn, with their SLO health) and how its calls to them
 * fare, saturation, its SLOs' burn-down, and links to its logs and traces.
 */
export const debug = dashboard({
  uid: 'steward-debug',
  title: 'Steward / Debug a service',
  description:
    'One service: request rate, latency and errors by route and status, dependencies as a node graph with call errors and latency, saturation, SLO burn-down, links to logs and traces.',
  tags: ['steward', 'debug'],
  from: 'now-3h',
  refresh: '1m',
  variables: [
    teamVariable(),
    ownersVariable(),
    serviceVariable({ multi: false, current: 'search' }),
    textboxVariable(
      'logs_url',
      'Logs URL',
      LOGS_URL,
      'Log search the links open, with ?service=…&from=…&to=… (ms); no log backend runs in the demo stack'
    ),
    textboxVariable(
      'traces_url',
      'Traces URL',
      TRACES_URL,
      'Trace search the links open, with ?service=…&from=…&to=… (ms); no trace backend runs in the demo stack'
    ),
  ],
  annotations: stewardAnnotations(SERVICE),
  links: STEWARD_LINKS,
  panels: [
    {
      h: 4,
      panels: [
        [
          text(
            '',
            [
              '**$service** · [logs](${logs_url:raw}' +
                LINK_QUERY('${service:percentencode}') +
                ') · [traces](${traces_url:raw}' +
                LINK_QUERY('${service:percentencode}') +
                ') · [service page](/a/steward-ownership-app/services/${service:percentencode})',
              '',
              'The demo stack runs no Loki and no Tempo: the logs and traces links go to the **Logs URL** and **Traces URL** variables (set them to your log and trace search), and need a Loki or Tempo (or other) datasource to show anything in Grafana.',
            ].join('\n'),
            { transparent: true }
          ),
          24,
        ],
      ],
    },
    { row: 'Requests' },
    {
      h: 8,
      panels: [
        [
          timeseries(
            'Request rate by route and status',
            [
              prometheus('A', `sum by (route, code) (${owned(`rate(${requests('')}[${RATE}])`)})`, {
                legend: '{{route}} {{code}}',
              }),
            ],
            {},
            { fieldConfig: fields({ unit: 'reqps', custom: { fillOpacity: 10 } }), links: LINKS }
          ),
          12,
        ],
        [
          timeseries(
            'Error ratio by route',
            [
              prometheus(
                'A',
                owned(
                  `sum by (service, route) (rate(${requests(', code=~"5.."')}[${RATE}])) / sum by (service, route) (rate(${requests('')}[${RATE}]))`
                ),
                { legend: '{{route}}' }
              ),
            ],
            {},
            { fieldConfig: fields({ unit: 'percentunit', decimals: 2, min: 0 }), links: LINKS }
          ),
          12,
        ],
      ],
    },
    {
      h: 8,
      panels: [
        [
          timeseries(
            'Latency by route: p50, p95, p99',
            [latency(0.5, 'A'), latency(0.95, 'B'), latency(0.99, 'C')],
            { legendCalcs: ['lastNotNull', 'max'] },
            {
              description:
                'histogram_quantile over the classic buckets of http_request_duration_seconds (0.1, 0.25, 0.3, 0.5, 1, 2.5 s): values between bounds are interpolated.',
              fieldConfig: fields({ unit: 's' }),
              links: LINKS,
            }
          ),
          16,
        ],
        [
          sloPanel(
            'SLO budget burn-down',
            [steward('A', { queryType: QueryType.Burndown, ...SERVICE })],
            { mode: PanelMode.Burndown, burndownRange: 'window', legend: 'list' },
            { description: 'Budget through each SLO’s current window, against even spend.' }
          ),
          8,
        ],
      ],
    },
    { row: 'Dependencies' },
    {
      h: 10,
      panels: [
        [
          nodeGraph(
            'Dependencies (catalog dependsOn)',
            [steward('A', { queryType: QueryType.DependencyGraph, depth: 1, ...SERVICE })],
            {},
            {
              description:
                'The service, what it depends on and what depends on it, from the catalog; each node with its SLOs’ worst state and lowest budget.',
            }
          ),
          10,
        ],
        [
          timeseries(
            'Calls to dependencies: error ratio',
            [
              prometheus(
                'A',
                owned(
                  `sum by (service, dependency) (rate(dependency_requests_total{service="$service", code=~"5.."}[${RATE}])) / sum by (service, dependency) (rate(dependency_requests_total{service="$service"}[${RATE}]))`
                ),
                { legend: '{{dependency}}' }
              ),
            ],
            {},
            { fieldConfig: fields({ unit: 'percentunit', decimals: 2, min: 0 }), links: LINKS }
          ),
          7,
        ],
        [
          timeseries(
            'Calls to dependencies: p95 latency',
            [
              prometheus(
                'A',
                `histogram_quantile(0.95, sum by (service, dependency, le) (${owned(
                  `rate(dependency_request_duration_seconds_bucket{service="$service"}[${RATE}])`
                )}))`,
                { legend: '{{dependency}}' }
              ),
            ],
            {},
            { fieldConfig: fields({ unit: 's' }), links: LINKS }
          ),
          7,
        ],
      ],
    },
    { row: 'Resources' },
    {
      h: 7,
      panels: [
        [
          timeseries(
            'Saturation',
            [
              prometheus('A', `max by (resource) (${owned('service_saturation_ratio{service="$service"}')})`, {
                legend: '{{resource}}',
              }),
            ],
            {},
            {
              description: 'service_saturation_ratio per resource (cpu, memory, connections), 0–1.',
              fieldConfig: fields({
                unit: 'percentunit',
                min: 0,
                max: 1,
                custom: { thresholdsStyle: { mode: 'dashed' } },
                thresholds: thresholds('transparent', [[0.8, 'red']]),
              }),
              links: LINKS,
            }
          ),
          24,
        ],
      ],
    },
  ],
});
