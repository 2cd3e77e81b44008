import { QueryType } from '../../src/datasource/types';
import { PanelMode } from '../../src/panels/slo/types';
import { owned, stewardAnnotations, TEAM_AND_SERVICE } from './common';
import {
  dashboard,
  fields,
  HIDDEN,
  ownersVariable,
  prometheus,
  serviceVariable,
  sloPanel,
  STEWARD_LINKS,
  steward,
  table,
  teamVariable,
  text,
  thresholds,
  timeseries,
} from './grafana';

/** Columns of Steward's events frame that a table of events does not need. */
const EVENT_COLUMNS_HIDDEN = { color: HIDDEN, tags: HIDDEN, text: HIDDEN };

/**
 * For engineering leaders: SLO compliance and budget use per team, incidents, cost per team and
 * what is changing (deploys, and services the release gate freezes).
 */
export const executive = dashboard({
  uid: 'steward-executive',
  title: 'Steward / Executive',
  description:
    'SLO compliance and error budgets per owning team, incidents, cost per team, and changes: deploys and release freezes.',
  tags: ['steward', 'slo', 'ownership'],
  from: 'now-7d',
  refresh: '5m',
  variables: [teamVariable(), ownersVariable(), serviceVariable({ multi: true })],
  annotations: stewardAnnotations(TEAM_AND_SERVICE),
  links: STEWARD_LINKS,
  panels: [
    { row: 'SLO compliance and error budgets' },
    {
      h: 9,
      panels: [
        [
          table(
            'SLO compliance by team',
            [steward('A', { queryType: QueryType.SloStatus, groupBy: 'team', primaryOnly: true, ...TEAM_AND_SERVICE })],
            { sortBy: [{ displayName: 'Lowest budget', desc: false }] },
            {
              description:
                'Per owning team: SLOs, the lowest budget left of their first objectives, the worst state, firing alerts. A team links to its page.',
            }
          ),
          10,
        ],
        [
          sloPanel(
            'SLO status by team',
            [steward('A', { queryType: QueryType.SloStatus, ...TEAM_AND_SERVICE })],
            { mode: PanelMode.Grid, groupByTeam: true, minCellWidth: 170 },
            { description: 'Every SLO (and group) by owning team, coloured by state; a cell opens its SLO page.' }
          ),
          14,
        ],
      ],
    },
    {
      h: 9,
      panels: [
        [
          sloPanel(
            'Error budgets of tier-1 services',
            [
              steward('A', {
                queryType: QueryType.SloStatus,
                tier: ['tier-1'],
                primaryOnly: true,
                ...TEAM_AND_SERVICE,
              }),
            ],
            { mode: PanelMode.Gauge, minGaugeSize: 120 },
            {
              description:
                'Budget left of each tier-1 SLO’s first objective, with the freeze line of its budget policy.',
            }
          ),
          12,
        ],
        [
          timeseries(
            'Error budget remaining',
            [steward('A', { queryType: QueryType.Budget, primaryOnly: true, ...TEAM_AND_SERVICE })],
            { legendCalcs: ['lastNotNull'] },
            {
              description: 'Rolling budget left of each SLO’s first objective over its window.',
              fieldConfig: fields({
                unit: 'percentunit',
                custom: { thresholdsStyle: { mode: 'dashed' } },
                thresholds: thresholds('red', [[0, 'transparent']]),
              }),
            }
          ),
          12,
        ],
      ],
    },
    { row: 'Incidents' },
    {
      h: 8,
      panels: [
        [
          table(
            'Budget exhausted and SLO alerts',
            [steward('A', { queryType: QueryType.Annotations, kinds: ['alert', 'budget'], ...TEAM_AND_SERVICE })],
            { sortBy: [{ displayName: 'time', desc: true }] },
            {
              description:
                'When SLO alerts fired (from–to) and when budgets ran out or came back. The same events are annotations on the time series.',
              fieldConfig: fields({}, EVENT_COLUMNS_HIDDEN),
            }
          ),
          24,
        ],
      ],
    },
    { row: 'Cost' },
    {
      h: 8,
      panels: [
        [
          table(
            'Cost per team over the time range',
            [
              prometheus(
                'A',
                `sort_desc(sum by (team) (${owned('increase(service_cost_dollars_total{service=~"$service"}[$__range])')}))`,
                { instant: true }
              ),
            ],
            {},
            {
              description:
                'service_cost_dollars_total of each team’s services (owners from steward_service_owner_info).',
              fieldConfig: fields({ unit: 'currencyUSD', decimals: 0 }, { Time: HIDDEN }),
            }
          ),
          8,
        ],
        [
          timeseries(
            'Cost per hour by team',
            [
              prometheus(
                'A',
                `sum by (team) (${owned('rate(service_cost_dollars_total{service=~"$service"}[$__rate_interval]) * 3600')})`,
                { legend: '{{team}}' }
              ),
            ],
            {},
            {
              fieldConfig: fields({
                unit: 'currencyUSD',
                decimals: 2,
                custom: { fillOpacity: 10, stacking: { mode: 'normal', group: 'A' } },
              }),
            }
          ),
          16,
        ],
      ],
    },
    { row: 'Changes' },
    {
      h: 8,
      panels: [
        [
          table(
            'Deploys',
            [steward('A', { queryType: QueryType.Annotations, kinds: ['deploy'], ...TEAM_AND_SERVICE })],
            { sortBy: [{ displayName: 'time', desc: true }] },
            {
              description: 'Deploys recorded with POST /api/v1/events (CI, or the demo workload).',
              fieldConfig: fields({}, { ...EVENT_COLUMNS_HIDDEN, timeEnd: HIDDEN, slo: HIDDEN }),
            }
          ),
          12,
        ],
        [
          table(
            'Release freezes',
            [steward('A', { queryType: QueryType.SloStatus, frozen: true, ...TEAM_AND_SERVICE })],
            {},
            {
              description:
                'SLOs at or below the freeze line of their budget policy: the release gate refuses deploys of their services, except fixes and reverts (or what the policy exempts).',
            }
          ),
          12,
        ],
      ],
    },
    {
      h: 3,
      panels: [
        [
          text(
            '',
            'Deploys are the ones steward-server has recorded; nothing announces a deploy ahead of time. What cannot ship next is in **Release freezes**: `GET /api/v1/gate?service=…&change=feature` answers the same for CI.',
            { transparent: true }
          ),
          24,
        ],
      ],
    },
  ],
});
