import React, { useMemo } from 'react';
import { useMeasure } from 'react-use';
import { dateTime, getDisplayProcessor, LoadingState, type DataFrame } from '@grafana/data';
import { LegendDisplayMode, PanelChrome, TimeSeries, TooltipDisplayMode, TooltipPlugin, useTheme2 } from '@grafana/ui';

const FOOTER_HEIGHT = 22;

interface Props {
  title: string;
  description?: string;
  /** Controls in the panel header, e.g. a window picker. */
  actions?: React.ReactNode;
  frames?: DataFrame[];
  /** Seconds since the epoch. */
  from: number;
  to: number;
  loading?: boolean;
  /** Shown in the panel header's error corner instead of a chart. */
  error?: string;
  height?: number;
  testId?: string;
  /** One line under the chart, inside the panel, e.g. what the dashed lines mean. */
  footer?: React.ReactNode;
  /** What stands in place of the chart when there is nothing to draw, if not the usual words. */
  emptyText?: string;
}

/**
 * A Grafana panel (PanelChrome) with a time-series chart from @grafana/ui (uPlot), sized to its
 * container, with a legend and a shared tooltip. Display processors are added to the frames here.
 */
export function ChartPanel({
  title,
  description,
  actions,
  frames,
  from,
  to,
  loading,
  error,
  height = 320,
  testId,
  footer,
  emptyText,
}: Props) {
  const theme = useTheme2();
  const [ref, { width }] = useMeasure<HTMLDivElement>();
  const prepared = useMemo(
    () =>
      (frames ?? []).map((frame) => ({
        ...frame,
        fields: frame.fields.map((field) => ({ ...field, display: getDisplayProcessor({ field, theme }) })),
      })),
    [frames, theme]
  );
  const timeRange = useMemo(() => {
    const range = { from: dateTime(from * 1000), to: dateTime(to * 1000) };
    return { ...range, raw: range };
  }, [from, to]);
  const hasData = prepared.some((f) => f.length > 0);
  return (
    <div ref={ref} data-testid={testId}>
      {width > 0 && (
        <PanelChrome
          width={width}
          height={height}
          title={title}
          description={description}
          actions={actions}
          loadingState={loading ? LoadingState.Loading : error ? LoadingState.Error : LoadingState.Done}
          statusMessage={error}
        >
          {(innerWidth, innerHeight) => {
            const chartHeight = footer ? innerHeight - FOOTER_HEIGHT : innerHeight;
            return (
              <>
                {hasData ? (
                  <TimeSeries
                    frames={prepared}
                    width={innerWidth}
                    height={chartHeight}
                    timeRange={timeRange}
                    timeZone="browser"
                    legend={{ showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
                  >
                    {(config, alignedFrame) => (
                      <TooltipPlugin
                        config={config}
                        data={alignedFrame}
                        mode={TooltipDisplayMode.Multi}
                        timeZone="browser"
                      />
                    )}
                  </TimeSeries>
                ) : (
                  <div style={{ height: chartHeight, padding: theme.spacing(2), color: theme.colors.text.secondary }}>
                    {loading
                      ? 'Loading…'
                      : (emptyText ?? (error ? 'No chart: the series could not be loaded.' : 'No data in this range.'))}
                  </div>
                )}
                {footer && (
                  <div
                    style={{
                      height: FOOTER_HEIGHT,
                      overflow: 'hidden',
                      whiteSpace: 'nowrap',
                      textOverflow: 'ellipsis',
                      paddingTop: theme.spacing(0.5),
                    }}
                  >
                    {footer}
                  </div>
                )}
              </>
            );
          }}
        </PanelChrome>
      )}
    </div>
  );
}
