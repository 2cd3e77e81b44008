import React, { useMemo, useState } from 'react';
import { RadioButtonGroup, Text } from '@grafana/ui';
import { ChartPanel } from '../../components/Slo/TimeSeriesChart';
import type { SloTimeseries } from '../../api/stewardClient';
import { useSloTimeseries } from '../../hooks/useSlos';
import { thresholdsFor, type BurnCondition } from '../../slo/alerting';
import { burndownFrames, burnRateFrames, thresholdLegend } from '../../slo/frames';
import { windowLabel } from '../../slo/format';
import { formatMoment } from '../../slo/moment';
import { testIds } from '../../testIds';

/** A burn-down answer that runs past this many seconds after the moment asked for is not for that moment. */
const LATE_SECONDS = 600;

/** The latest point of a burn-down, seconds (undefined without points). */
function lastPoint(series: SloTimeseries['series']): number | undefined {
  const times = series.flatMap((s) => s.points.map(([t]) => t));
  return times.length ? Math.max(...times) : undefined;
}

/**
 * Budget remaining through the window, per group, against spending it evenly; the window ending
 * at the moment shown (`at`, seconds) when the page shows a past one.
 */
export function BurndownPanel({
  slo,
  objective,
  windowName,
  at,
}: {
  slo: string;
  objective: number;
  windowName: string;
  at?: number;
}) {
  const state = useSloTimeseries(slo, { series: 'burndown', objective }, undefined, at);
  // steward-server may answer with the present window whatever moment is asked for; a chart of
  // now under a banner saying "as of then" would be read as then, so it is not drawn.
  const latest = state.value ? lastPoint(state.value.series) : undefined;
  const notForMoment = at !== undefined && latest !== undefined && latest > at + LATE_SECONDS;
  const frames = useMemo(
    () => (state.value && !notForMoment ? burndownFrames(state.value) : undefined),
    [state.value, notForMoment]
  );
  return (
    <ChartPanel
      title="Error budget burn-down"
      description={`Budget remaining through the ${at === undefined ? 'current ' : ''}${windowName}: at each moment, 1 − bad events so far ÷ the budget of all events of the window to date. The dashed line spends the budget evenly, reaching 0% at the window's end.`}
      frames={frames}
      from={state.value?.from ?? 0}
      to={state.value?.to ?? 0}
      loading={state.loading}
      error={
        state.error?.message ??
        (notForMoment
          ? `steward-server answered with the burn-down up to ${formatMoment(latest!)}, not up to ${formatMoment(at!)}`
          : undefined)
      }
      testId={testIds.slo.burndown}
      {...(notForMoment ? { emptyText: 'Not drawn: steward-server has no burn-down for this moment.' } : {})}
      footer={
        notForMoment ? (
          <Text color="warning" variant="bodySmall" data-testid={testIds.slo.burndownNote}>
            No burn-down for this moment: steward-server drew it up to {formatMoment(latest!)} instead.
          </Text>
        ) : undefined
      }
    />
  );
}

const BURN_WINDOWS = [
  { value: '1h', label: '1h', lastSeconds: 86_400 },
  { value: '6h', label: '6h', lastSeconds: 3 * 86_400 },
  { value: '1d', label: '1d', lastSeconds: 7 * 86_400 },
] as const;
type BurnWindow = (typeof BURN_WINDOWS)[number]['value'];

/**
 * Burn rate over a chosen window through time, per group, with the alert thresholds of that
 * window; up to the moment shown (`at`, seconds), or now.
 */
export function BurnRatePanel({
  slo,
  objective,
  conditions,
  at,
}: {
  slo: string;
  objective: number;
  /** The alert conditions; they apply to the first objective only. */
  conditions: BurnCondition[];
  at?: number;
}) {
  const [window, setWindow] = useState<BurnWindow>('1h');
  const choice = BURN_WINDOWS.find((w) => w.value === window)!;
  const state = useSloTimeseries(slo, { series: 'burnrate', objective, window }, choice.lastSeconds, at);
  const thresholds = useMemo(
    () => (objective === 0 ? thresholdsFor(conditions, window) : []),
    [conditions, window, objective]
  );
  const frames = useMemo(
    () => (state.value ? burnRateFrames(state.value, thresholds) : undefined),
    [state.value, thresholds]
  );
  return (
    <ChartPanel
      title={`Burn rate over ${windowLabel(window)}, last ${windowLabel(`${choice.lastSeconds / 86_400}d`)}`}
      description="How many times faster than sustainable the budget burns: 1× spends exactly the budget over the SLO window. Dashed lines are the alert thresholds that watch this window."
      actions={
        <div data-testid={testIds.slo.burnRateWindow}>
          <RadioButtonGroup
            size="sm"
            options={BURN_WINDOWS.map(({ value, label }) => ({ value, label }))}
            value={window}
            onChange={(next) => setWindow(next)}
          />
        </div>
      }
      frames={frames}
      from={state.value?.from ?? 0}
      to={state.value?.to ?? 0}
      loading={state.loading}
      error={state.error?.message}
      testId={testIds.slo.burnRateChart}
      footer={
        <Text color="secondary" variant="bodySmall">
          {thresholds.length
            ? `Dashed: ${thresholdLegend(thresholds)}`
            : objective === 0
              ? `No alert condition watches the ${window} window.`
              : 'Alerts follow the first objective: no thresholds here.'}
        </Text>
      }
    />
  );
}
