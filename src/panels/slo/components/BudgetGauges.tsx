import React from 'react';
import { css } from '@emotion/css';
import { locationUtil, type GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { formatBurnRate, formatPercent } from '../../../slo/format';
import { testIds } from '../../../testIds';
import { gaugeLayout, severityOf, type SloItem } from '../rows';
import { severityColour, severityText } from './colours';
import { noDataText, stateLabel } from './StatusGrid';

/** Room under each gauge for its title and two lines of details (px). */
const TEXT_HEIGHT = 62;
/** The gauge's arc: 240°, open at the bottom, like Grafana's gauge. */
const START = 150;
const SWEEP = 240;
/** The drawing is this much as tall as it is wide (the arc is open at the bottom). */
const ASPECT = 0.84;

interface Props {
  items: SloItem[];
  width: number;
  height: number;
  minSize: number;
  /** The dashboard's time zone, for "No data since". */
  timeZone?: TimeZone;
}

/**
 * One gauge per SLO objective (and group): the budget remaining on a 0–100% arc coloured by
 * state, an outer band with the budget policy's thresholds (releases freeze at or below
 * `freezeBelow`: orange; above: green), and a link to the SLO page.
 */
export function BudgetGauges({ items, width, height, minSize, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const { columns, size } = gaugeLayout(items.length, width, height, Math.min(minSize, width), TEXT_HEIGHT, ASPECT);
  return (
    <div
      data-testid={testIds.sloPanel.container}
      className={styles.grid}
      style={{ width, height, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
    >
      {items.map((item) => (
        <Gauge key={item.key} item={item} size={size} timeZone={timeZone} />
      ))}
    </div>
  );
}

function point(cx: number, cy: number, r: number, degrees: number) {
  const rad = (degrees * Math.PI) / 180;
  return { x: cx + r * Math.cos(rad), y: cy + r * Math.sin(rad) };
}

/** An SVG arc from one fraction of the sweep to another (0: start, 1: end). */
function arcPath(cx: number, cy: number, r: number, from: number, to: number): string {
  const a = START + SWEEP * Math.max(0, Math.min(1, from));
  const b = START + SWEEP * Math.max(0, Math.min(1, to));
  if (b - a <= 0.01) {
    return '';
  }
  const p = point(cx, cy, r, a);
  const q = point(cx, cy, r, b);
  return `M ${p.x.toFixed(2)} ${p.y.toFixed(2)} A ${r} ${r} 0 ${b - a > 180 ? 1 : 0} 1 ${q.x.toFixed(2)} ${q.y.toFixed(2)}`;
}

function Gauge({ item, size, timeZone }: { item: SloItem; size: number; timeZone?: TimeZone }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const severity = severityOf(item);
  const colour = severityColour(theme, severity);
  const s = Math.max(60, size - 8);
  const height = s * ASPECT;
  const cx = s / 2;
  const cy = s * 0.53;
  const r = s * 0.36;
  const stroke = s * 0.08;
  const band = Math.max(3, s * 0.022);
  const bandR = r + stroke / 2 + band / 2 + Math.max(2, s * 0.012);
  const freeze = item.freezeBelow !== null && item.freezeBelow > 0 ? Math.min(1, item.freezeBelow) : 0;
  const value = item.budget === null ? 0 : Math.max(0, Math.min(1, item.budget));
  const valueSize = Math.max(14, s * 0.16);
  const labelSize = Math.max(10, s * 0.055);
  const tick = (fraction: number) => {
    const angle = START + SWEEP * fraction;
    const inner = point(cx, cy, bandR - band * 1.6, angle);
    const outer = point(cx, cy, bandR + band * 1.6, angle);
    return `M ${inner.x.toFixed(2)} ${inner.y.toFixed(2)} L ${outer.x.toFixed(2)} ${outer.y.toFixed(2)}`;
  };
  const details = [item.group || undefined, item.objective || item.service || undefined].filter(Boolean).join(' · ');
  const noData = noDataText(item, timeZone);
  const extras = [
    item.burnRate1h !== null ? `1h burn ${formatBurnRate(item.burnRate1h)}` : undefined,
    freeze > 0 ? `freezes at ≤ ${formatPercent(freeze, 0)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const content = (
    <>
      <svg width={s} height={height} viewBox={`0 0 ${s} ${height}`} role="img" aria-hidden>
        {/* The policy band: at or below freezeBelow releases freeze (orange), above is healthy (green). */}
        {freeze > 0 && (
          <path
            d={arcPath(cx, cy, bandR, 0, freeze)}
            stroke={theme.colors.warning.main}
            strokeWidth={band}
            fill="none"
          />
        )}
        <path d={arcPath(cx, cy, bandR, freeze, 1)} stroke={theme.colors.success.main} strokeWidth={band} fill="none" />
        {freeze > 0 && <path d={tick(freeze)} stroke={theme.colors.text.primary} strokeWidth={1.5} />}
        <path
          d={arcPath(cx, cy, r, 0, 1)}
          stroke={theme.isDark ? theme.colors.background.canvas : theme.colors.border.weak}
          strokeWidth={stroke}
          fill="none"
          strokeLinecap="round"
        />
        {value > 0 && (
          <path
            d={arcPath(cx, cy, r, 0, value)}
            stroke={colour}
            strokeWidth={stroke}
            fill="none"
            strokeLinecap="round"
          />
        )}
        <text
          data-testid={testIds.sloPanel.gaugeValue}
          x={cx}
          y={cy + valueSize * 0.3}
          textAnchor="middle"
          fontSize={valueSize}
          fontWeight={500}
          fill={severityText(theme, severity)}
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          {item.budgetText}
        </text>
        <text
          x={cx}
          y={cy + valueSize * 0.3 + labelSize * 1.6}
          textAnchor="middle"
          fontSize={labelSize}
          fontWeight={500}
          fill={severityText(theme, severity)}
        >
          {stateLabel(item)}
        </text>
      </svg>
      <div className={styles.title} style={{ maxWidth: size }}>
        {item.title}
      </div>
      <div className={styles.details} style={{ maxWidth: size }}>
        {details}
      </div>
      {/* Silence matters more than the burn rate and the freeze line: it takes their line. */}
      <div
        className={styles.details}
        style={{ maxWidth: size }}
        data-testid={noData ? testIds.sloPanel.noData : undefined}
      >
        {noData ?? (extras || '\u00a0')}
      </div>
    </>
  );
  const data = {
    'data-state': item.state,
    'data-slo': item.slo,
    'data-objective': item.objectiveIndex,
    'data-group': item.group,
    'data-freeze-below': item.freezeBelow ?? '',
    'data-no-data-since': item.noDataSince ?? '',
  };
  const label = `${item.title}${item.group ? ` ${item.group}` : ''}: ${item.budgetText} budget remaining, ${noData ?? stateLabel(item)}`;
  return item.url ? (
    <a
      className={styles.gauge}
      href={locationUtil.assureBaseUrl(item.url)}
      data-testid={testIds.sloPanel.gauge}
      {...data}
      aria-label={label}
      title={item.error ?? label}
    >
      {content}
    </a>
  ) : (
    <div className={styles.gauge} data-testid={testIds.sloPanel.gauge} {...data} title={item.error ?? label}>
      {content}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({
    display: 'grid',
    alignContent: 'start',
    justifyItems: 'center',
    overflow: 'auto',
    rowGap: theme.spacing(1),
  }),
  gauge: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    minWidth: 0,
    padding: theme.spacing(0.5),
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
    '&[href]:hover': { background: theme.colors.action.hover },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  title: css({
    fontWeight: theme.typography.fontWeightMedium,
    textAlign: 'center',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    lineHeight: 1.4,
  }),
  details: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    textAlign: 'center',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
});
