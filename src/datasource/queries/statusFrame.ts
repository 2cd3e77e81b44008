import {
  createDataFrame,
  MappingType,
  ThresholdsMode,
  type DataFrame,
  type FieldConfig,
  type ValueMapping,
} from '@grafana/data';
import type { SloState, SloStatusRow } from '../../api/stewardClient';
import { alertTierText, groupLabel, objectiveLabel, STATE_TEXT } from '../../slo/format';
import { sloLink } from '../../slo/links';
import { STATUS_FIELDS as F } from '../../slo/statusFields';
import { hidden, number, pageLink, string, time } from '../fields';
import { SERIES_WINDOWS } from '../types';

/** State colours as theme colour names, so both themes resolve them. */
const STATE_COLOURS: Record<SloState, string> = {
  ok: 'green',
  burning: 'orange',
  exhausted: 'red',
  'no-data': '#8e8e8e',
  error: 'red',
};

export const stateMappings: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: Object.fromEntries(
      (Object.keys(STATE_TEXT) as SloState[]).map((state, index) => [
        state,
        { text: STATE_TEXT[state], color: STATE_COLOURS[state], index },
      ])
    ),
  },
];

/**
 * A budget column: a percentage coloured red when spent, orange in the last quarter, green
 * otherwise (the panel colours by the budget policy instead).
 */
export const budgetConfig = (displayName: string): FieldConfig => ({
  displayName,
  unit: 'percentunit',
  decimals: 1,
  thresholds: {
    mode: ThresholdsMode.Absolute,
    steps: [
      { value: -Infinity, color: 'red' },
      { value: 0, color: 'orange' },
      { value: 0.25, color: 'green' },
    ],
  },
  color: { mode: 'thresholds' },
  custom: { cellOptions: { type: 'color-text' } },
});

/** Firing and pending alerts of a row, in words: "page firing (1h), ticket pending (1d)". */
function alertSummary(row: Pick<SloStatusRow, 'alerts'>): string {
  return row.alerts.map((a) => `${alertTierText(a.tier)} ${a.state} (${a.longWindow})`).join(', ');
}

/**
 * The SLO status table: one row per SLO objective and group, with the owner, the numbers, the
 * alert state and a link to the SLO page (opened on that objective and group, and at `at` when the
 * numbers are for a past moment), the window counted and since when data is missing, and the
 * release gate's freeze point from the SLO's budget policy (the panel's gauge draws it).
 */
export function statusFrame(rows: SloStatusRow[], refId?: string, at?: number): DataFrame {
  const col = <T>(pick: (row: SloStatusRow) => T) => rows.map(pick);
  const windows = [
    ...SERIES_WINDOWS.filter((w) => rows.some((r) => w in r.burnRates)),
    ...new Set(
      rows.flatMap((r) => Object.keys(r.burnRates)).filter((w) => !(SERIES_WINDOWS as readonly string[]).includes(w))
    ),
  ];
  const burnRateConfig: FieldConfig = {
    unit: 'suffix:×',
    decimals: 2,
    thresholds: {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'text' },
        { value: 1, color: 'orange' },
      ],
    },
  };
  return createDataFrame({
    refId,
    name: 'SLO status',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      string(
        F.title,
        col((r) => r.title),
        { displayName: 'SLO', links: [pageLink('Open the SLO page')] }
      ),
      string(
        F.service,
        col((r) => r.service),
        { displayName: 'Service' }
      ),
      string(
        F.team,
        col((r) => r.team ?? ''),
        { displayName: 'Team' }
      ),
      string(
        F.teamTitle,
        col((r) => r.teamTitle ?? r.team ?? ''),
        { displayName: 'Team name', ...hidden }
      ),
      string(
        F.tier,
        col((r) => r.tier ?? ''),
        { displayName: 'Tier' }
      ),
      string(
        F.objective,
        col((r) => objectiveLabel(r.objective)),
        { displayName: 'Objective' }
      ),
      string(
        F.group,
        col((r) => (Object.keys(r.group).length ? groupLabel(r.group) : '')),
        { displayName: 'Group' }
      ),
      number(
        F.sli,
        col((r) => r.sli),
        { displayName: 'SLI', unit: 'percentunit', decimals: 3 }
      ),
      number(
        F.budget,
        col((r) => r.budgetRemaining),
        budgetConfig('Budget remaining')
      ),
      ...windows.map((w) =>
        number(
          F.burnRate(w),
          col((r) => r.burnRates[w] ?? null),
          { ...burnRateConfig, displayName: `Burn rate ${w}` }
        )
      ),
      number(
        F.timeToExhaustion,
        col((r) => r.timeToExhaustionSeconds),
        {
          displayName: 'Time to exhaustion',
          unit: 's',
          decimals: 0,
        }
      ),
      string(F.alerts, col(alertSummary), { displayName: 'Alerts' }),
      number(
        F.firing,
        col((r) => r.alerts.filter((a) => a.state === 'firing').length),
        {
          displayName: 'Firing alerts',
          decimals: 0,
        }
      ),
      string(
        F.state,
        col((r) => r.state),
        {
          displayName: 'State',
          mappings: stateMappings,
          custom: { cellOptions: { type: 'color-text' } },
        }
      ),
      // Silence is not success: a row without data says since when, next to its state.
      time(
        F.noDataSince,
        col((r) => r.noDataSince),
        { displayName: 'No data since' }
      ),
      time(
        F.windowFrom,
        col((r) => r.window.from),
        { displayName: 'Window from' }
      ),
      time(
        F.windowTo,
        col((r) => r.window.to),
        { displayName: 'Window to' }
      ),
      string(
        F.slo,
        col((r) => r.slo),
        { displayName: 'SLO name', ...hidden }
      ),
      number(
        F.objectiveIndex,
        col((r) => r.objective.index),
        { displayName: 'Objective index', ...hidden }
      ),
      number(
        F.target,
        col((r) => r.objective.target / 100),
        {
          displayName: 'Target',
          unit: 'percentunit',
          ...hidden,
        }
      ),
      string(
        F.window,
        col((r) => r.objective.window),
        { displayName: 'Window', ...hidden }
      ),
      number(
        F.freezeBelow,
        col((r) => (r.budgetPolicy ? r.budgetPolicy.freezeBelow / 100 : null)),
        { displayName: 'Freeze below', unit: 'percentunit', ...hidden }
      ),
      string(
        F.url,
        col((r) => sloLink(r, at)),
        { displayName: 'SLO page', ...hidden }
      ),
      string(
        F.error,
        col((r) => r.error ?? ''),
        { displayName: 'Error' }
      ),
    ],
  });
}
