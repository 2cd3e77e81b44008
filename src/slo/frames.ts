import { createDataFrame, FieldType, ThresholdsMode, type DataFrame, type FieldConfig } from '@grafana/data';
import type { SloTimeseries } from '../api/stewardClient';
import type { BurnCondition } from './alerting';
import { formatFactor, groupLabel } from './format';

/** Colours by role, as names the theme resolves (the same in the dark and the light theme). */
const SERIES_COLOURS = ['green', 'blue', 'purple', 'yellow', 'orange', 'red', 'text'];
const IDEAL_COLOUR = 'text';
const TIER_COLOURS: Record<string, string> = { page: 'red', ticket: 'orange' };

export const IDEAL_NAME = 'Ideal: even spend';

function seriesName(group: Record<string, string>, single: string): string {
  return Object.keys(group).length === 0 ? single : groupLabel(group);
}

function frame(name: string, points: Array<[number, number]>, config: FieldConfig): DataFrame {
  return createDataFrame({
    name,
    fields: [
      { name: 'Time', type: FieldType.time, values: points.map(([t]) => t * 1000), config: {} },
      { name, type: FieldType.number, values: points.map(([, v]) => v), config: { displayName: name, ...config } },
    ],
  });
}

/** The budget lines and the ideal line share one axis: percent of budget, 0–100% in view. */
const BUDGET_AXIS = { axisLabel: 'budget remaining', axisSoftMin: 0, axisSoftMax: 1, spanNulls: true };

/** How a budget-remaining line is drawn, here and in the datasource's burn-down frames. */
export function budgetLineConfig(filled: boolean): FieldConfig {
  return {
    unit: 'percentunit',
    decimals: 1,
    custom: { ...BUDGET_AXIS, lineWidth: 2, fillOpacity: filled ? 12 : 0, gradientMode: 'opacity' },
  };
}

/** How the ideal line (even spend) is drawn: thin, dashed, in the text colour. */
export function idealLineConfig(): FieldConfig {
  return {
    unit: 'percentunit',
    decimals: 1,
    color: { mode: 'fixed', fixedColor: IDEAL_COLOUR },
    custom: { ...BUDGET_AXIS, lineWidth: 1, lineStyle: { fill: 'dash', dash: [8, 6] }, fillOpacity: 0 },
  };
}

/**
 * Budget remaining through the window, one line per group, with the ideal line (spending the
 * budget evenly, from 100% at the window's start to 0% at its end) dashed behind them.
 */
export function burndownFrames(timeseries: SloTimeseries): DataFrame[] {
  const many = timeseries.series.length > 1;
  const frames = timeseries.series.map((series, i) =>
    frame(seriesName(series.group, 'Budget remaining'), series.points as Array<[number, number]>, {
      ...budgetLineConfig(!many),
      color: { mode: 'fixed', fixedColor: SERIES_COLOURS[i % SERIES_COLOURS.length] },
    })
  );
  if (timeseries.ideal?.length) {
    frames.push(frame(IDEAL_NAME, timeseries.ideal as Array<[number, number]>, idealLineConfig()));
  }
  return frames;
}

/**
 * Burn rate over time, one line per group, with the alert thresholds that apply to this window
 * drawn as dashed lines (red for page, orange for ticket) and in view on the axis.
 */
export function burnRateFrames(timeseries: SloTimeseries, thresholds: BurnCondition[]): DataFrame[] {
  const lowest = thresholds.length ? Math.min(...thresholds.map((t) => t.factor)) : undefined;
  return timeseries.series.map((series, i) =>
    frame(seriesName(series.group, 'Burn rate'), series.points as Array<[number, number]>, {
      unit: 'suffix:×',
      decimals: 2,
      min: 0,
      color: { mode: 'fixed', fixedColor: SERIES_COLOURS[i % SERIES_COLOURS.length] },
      thresholds: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'transparent' },
          ...[...thresholds]
            .sort((a, b) => a.factor - b.factor)
            .map((t) => ({ value: t.factor, color: TIER_COLOURS[t.tier] ?? 'purple' })),
        ],
      },
      custom: {
        lineWidth: 2,
        fillOpacity: 0,
        spanNulls: false,
        axisSoftMin: 0,
        ...(lowest !== undefined ? { axisSoftMax: lowest * 1.15 } : {}),
        axisLabel: 'burn rate',
        thresholdsStyle: { mode: thresholds.length ? 'dashed' : 'off' },
      },
    })
  );
}

/** The legend under the burn-rate chart: which dashed line is which threshold. */
export function thresholdLegend(thresholds: BurnCondition[]): string {
  return thresholds
    .map((t) => `${t.tier} ${formatFactor(t.factor)} (${t.longWindow}${t.shortWindow ? ` & ${t.shortWindow}` : ''})`)
    .join(' · ');
}
