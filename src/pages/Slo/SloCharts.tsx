import React, { useMemo, useState } from 'react';
import { RadioButtonGroup, Text } from '@grafana/ui';
import { ChartPanel } from '../../components/Slo/TimeSeriesChart';
import { useSloTimeseries } from '../../hooks/useSlos';
import { thresholdsFor, type BurnCondition } from '../../slo/alerting';
import { burndownFrames, burnRateFrames, thresholdLegend } from '../../slo/frames';
import { windowLabel } from '../../slo/format';
import { testIds } from '../../testIds';

/** Budget remaining through the current window, per group, against spending it evenly. */
export function BurndownPanel({ slo, objective, windowName }: { slo: string; objective: number; windowName: string }) {
  const state = useSloTimeseries(slo, { series: 'burndown', objective });
  const frames = useMemo(() => (state.value ? burndownFrames(state.value) : undefined), [state.value]);
  return (
    <ChartPanel
      title="Error budget burn-down"
      description={`Budget remaining through the current ${windowName}: at each moment, 1 − bad events so far ÷ the budget of all events of the window to date. The dashed line spends the budget evenly, reaching 0% at the window's end.`}
      frames={frames}
      from={state.value?.from ?? 0}
      to={state.value?.to ?? 0}
      loading={state.loading}
      error={state.error?.message}
      testId={testIds.slo.burndown}
    />
  );
}

const BURN_WINDOWS = [
  { value: '1h', label: '1h', lastSeconds: 86_400 },
  { value: '6h', label: '6h', lastSeconds: 3 * 86_400 },
  { value: '1d', label: '1d', lastSeconds: 7 * 86_400 },
] as const;
type BurnWindow = (typeof BURN_WINDOWS)[number]['value'];

/** Burn rate over a chosen window through time, per group, with the alert thresholds of that window. */
export function BurnRatePanel({
  slo,
  objective,
  conditions,
}: {
  slo: string;
  objective: number;
  /** The alert conditions; they apply to the first objective only. */
  conditions: BurnCondition[];
}) {
  const [window, setWindow] = useState<BurnWindow>('1h');
  const choice = BURN_WINDOWS.find((w) => w.value === window)!;
  const state = useSloTimeseries(slo, { series: 'burnrate', objective, window }, choice.lastSeconds);
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
