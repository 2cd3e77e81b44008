import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import {
  dateTime,
  FieldColorModeId,
  FieldType,
  locationUtil,
  type DataFrame,
  type GrafanaTheme2,
  type PanelProps,
  type TimeRange,
} from '@grafana/data';
import { Icon, LegendDisplayMode, TimeSeries, TooltipDisplayMode, TooltipPlugin, useStyles2 } from '@grafana/ui';
import type { BurndownMeta } from '../../../slo/statusFields';
import { testIds } from '../../../testIds';
import type { SloPanelOptions } from '../types';

const LINKS_HEIGHT = 24;

type Props = PanelProps<SloPanelOptions> & { empty: (message: string) => React.ReactElement };

/** The time frames of a query, and the SLO pages they come from (title → url). */
function burndownParts(series: DataFrame[]) {
  const frames = series
    .filter((f) => f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number))
    .map((frame) => ({
      ...frame,
      // Lines without a colour of their own take the classic palette, as Grafana's time series
      // panel defaults them; the datasource's ideal line keeps its fixed colour.
      fields: frame.fields.map((field) =>
        field.type === FieldType.number && (!field.config.color?.mode || field.config.color.mode === 'thresholds')
          ? { ...field, config: { ...field.config, color: { mode: FieldColorModeId.PaletteClassic } } }
          : field
      ),
    }));
  const pages = new Map<string, string>();
  let windowStart: number | undefined;
  let windowEnd: number | undefined;
  for (const frame of frames) {
    const meta = (frame.meta?.custom ?? {}) as BurndownMeta;
    if (meta.url && meta.title && !pages.has(meta.title)) {
      pages.set(meta.title, meta.url);
    }
    if (meta.windowStart !== undefined) {
      windowStart = Math.min(windowStart ?? Infinity, meta.windowStart);
    }
    if (meta.windowEnd !== undefined) {
      windowEnd = Math.max(windowEnd ?? -Infinity, meta.windowEnd);
    }
  }
  return { frames, pages, windowStart, windowEnd };
}

/**
 * Budget remaining through the SLO window, one line per SLO (and group), with the dashed ideal
 * line; by default the x axis is the window itself, so the burn-down reads from its start.
 */
export function BurndownChart({ data, options, width, height, timeZone, empty }: Props) {
  const styles = useStyles2(getStyles);
  const { frames, pages, windowStart, windowEnd } = useMemo(() => burndownParts(data.series), [data.series]);
  const timeRange: TimeRange = useMemo(() => {
    if (options.burndownRange !== 'dashboard' && windowStart !== undefined && windowEnd !== undefined) {
      const range = { from: dateTime(windowStart), to: dateTime(windowEnd) };
      return { ...range, raw: range };
    }
    return data.timeRange;
  }, [options.burndownRange, windowStart, windowEnd, data.timeRange]);
  if (frames.length === 0) {
    return empty('Burn-down draws time series: use the “Budget burn-down” or “Budget remaining over time” query.');
  }
  const legendMode =
    options.legend === 'list'
      ? LegendDisplayMode.List
      : options.legend === 'hidden'
        ? undefined
        : LegendDisplayMode.Table;
  const linksHeight = pages.size > 0 ? LINKS_HEIGHT : 0;
  return (
    <div data-testid={testIds.sloPanel.burndown} style={{ width, height }}>
      {pages.size > 0 && (
        <div className={styles.links} style={{ height: linksHeight }}>
          {[...pages.entries()].map(([title, url]) => (
            <a key={title} className={styles.link} href={locationUtil.assureBaseUrl(url)}>
              <Icon name="external-link-alt" size="xs" /> {title}
            </a>
          ))}
        </div>
      )}
      <TimeSeries
        frames={frames}
        width={width}
        height={height - linksHeight}
        timeRange={timeRange}
        timeZone={timeZone}
        legend={{
          showLegend: legendMode !== undefined,
          displayMode: legendMode ?? LegendDisplayMode.List,
          placement: 'bottom',
          calcs: legendMode === LegendDisplayMode.Table ? ['lastNotNull'] : [],
        }}
      >
        {(config, alignedFrame) => (
          <TooltipPlugin config={config} data={alignedFrame} mode={TooltipDisplayMode.Multi} timeZone={timeZone} />
        )}
      </TimeSeries>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  links: css({
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'center',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  link: css({
    color: theme.colors.text.link,
    '&:hover': { textDecoration: 'underline' },
  }),
});
