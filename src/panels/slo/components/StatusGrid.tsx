import React from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, formattedValueToString, locationUtil, type GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { Icon, Tooltip, useStyles2, useTheme2 } from '@grafana/ui';
import { formatBurnRate, STATE_TEXT } from '../../../slo/format';
import { serviceLink, teamLink } from '../../../slo/links';
import { testIds } from '../../../testIds';
import type { GridCell } from '../cells';
import { gridSections, severityOf, type SloItem } from '../rows';
import { severityColour, severityText, severityWash } from './colours';

interface GridProps {
  items: SloItem[];
  width: number;
  height: number;
  minCellWidth: number;
  groupByTeam: boolean;
  /** The dashboard's time zone, for "No data since". */
  timeZone?: TimeZone;
}

/** What a cell says about its state: the state, or "Frozen" when the policy froze releases. */
export function stateLabel(item: SloItem): string {
  return severityOf(item) === 'frozen' && item.state === 'ok' ? 'Frozen' : STATE_TEXT[item.state];
}

/** "No data since 2026-12-06 21:05" (in the dashboard's time zone) for an SLO whose series went silent. */
export function noDataText(item: SloItem, timeZone?: TimeZone): string | undefined {
  return item.noDataSince === null
    ? undefined
    : `No data since ${dateTimeFormat(item.noDataSince, { timeZone, format: 'YYYY-MM-DD HH:mm' })}`;
}

/** Teams × services × SLOs: one section per team, a row per service, a cell per SLO objective and group. */
export function StatusGrid({ items, width, height, minCellWidth, groupByTeam, timeZone }: GridProps) {
  const styles = useStyles2(getStyles, minCellWidth);
  const theme = useTheme2();
  if (!groupByTeam) {
    return (
      <div data-testid={testIds.sloPanel.container} className={styles.scroll} style={{ width, height }}>
        <div className={styles.cells}>
          {items.map((item) => (
            <SloCell key={item.key} item={item} timeZone={timeZone} showService />
          ))}
        </div>
      </div>
    );
  }
  return (
    <div data-testid={testIds.sloPanel.container} className={styles.scroll} style={{ width, height }}>
      {gridSections(items).map((section) => {
        const worst = severityOf({ state: section.worst, budget: 1, freezeBelow: null });
        const sloCount = section.services.reduce((n, s) => n + s.items.length, 0);
        return (
          <section key={section.team} className={styles.section} data-testid={testIds.sloPanel.team}>
            <header className={styles.teamHeader}>
              <span className={styles.dot} style={{ background: severityColour(theme, worst) }} aria-hidden />
              {section.team ? (
                <a className={styles.teamName} href={locationUtil.assureBaseUrl(teamLink(section.team))}>
                  {section.teamTitle}
                </a>
              ) : (
                <span className={styles.teamName}>No owner</span>
              )}
              <span className={styles.teamMeta}>
                {sloCount} {sloCount === 1 ? 'objective' : 'objectives'}
                {section.firing > 0 && (
                  <span style={{ color: theme.colors.error.text }}>
                    {' · '}
                    <Icon name="fire" size="sm" /> {section.firing} firing
                  </span>
                )}
              </span>
            </header>
            {section.services.map((service) => (
              <div key={service.service} className={styles.serviceRow}>
                <a
                  className={styles.serviceName}
                  href={locationUtil.assureBaseUrl(serviceLink(service.service))}
                  title={service.service}
                >
                  {service.service}
                </a>
                <div className={styles.cells}>
                  {service.items.map((item) => (
                    <SloCell key={item.key} item={item} timeZone={timeZone} />
                  ))}
                </div>
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}

/** One SLO objective (and group): title, budget left, state; the whole cell opens the SLO page. */
function SloCell({ item, showService, timeZone }: { item: SloItem; showService?: boolean; timeZone?: TimeZone }) {
  const styles = useStyles2(getStyles, 0);
  const theme = useTheme2();
  const severity = severityOf(item);
  const noData = noDataText(item, timeZone);
  const details = [showService ? item.service : undefined, item.group || undefined, item.objective || undefined].filter(
    Boolean
  );
  const tooltip = [
    `${item.title}${item.group ? ` · ${item.group}` : ''}`,
    item.objective,
    noData,
    `Budget remaining: ${item.budgetText}`,
    item.burnRate1h !== null ? `Burn rate (1h): ${formatBurnRate(item.burnRate1h)}` : undefined,
    item.freezeBelow !== null ? `Releases freeze at ≤ ${Math.round(item.freezeBelow * 1000) / 10}%` : undefined,
    item.alerts ? `Alerts: ${item.alerts}` : undefined,
    item.error ? `Error: ${item.error}` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
  const body = (
    <>
      <div className={styles.cellTitle}>{item.title}</div>
      <div className={styles.cellValueRow}>
        <span
          data-testid={testIds.sloPanel.cellValue}
          className={styles.cellValue}
          style={{ color: severityText(theme, severity) }}
        >
          {item.budgetText}
        </span>
        <span className={styles.stateTag} style={{ color: severityText(theme, severity) }}>
          {item.firing > 0 && <Icon name="fire" size="xs" />} {stateLabel(item)}
        </span>
      </div>
      {/* Silence matters more than which group or objective: it takes the details line. */}
      <div className={styles.cellMeta} data-testid={noData ? testIds.sloPanel.noData : undefined}>
        {noData ?? (details.join(' · ') || 'budget remaining')}
      </div>
    </>
  );
  const style = { borderLeftColor: severityColour(theme, severity), background: severityWash(theme, severity) };
  const data = {
    'data-state': item.state,
    'data-slo': item.slo,
    'data-objective': item.objectiveIndex,
    'data-group': item.group,
    'data-service': item.service,
    'data-team': item.team,
    'data-no-data-since': item.noDataSince ?? '',
  };
  return (
    <Tooltip content={<div style={{ whiteSpace: 'pre-line' }}>{tooltip}</div>} placement="top">
      {item.url ? (
        <a
          href={locationUtil.assureBaseUrl(item.url)}
          data-testid={testIds.sloPanel.cell}
          {...data}
          className={cx(styles.cell, styles.cellLink)}
          style={style}
          aria-label={`${item.title}${item.group ? ` ${item.group}` : ''}: ${item.budgetText} budget remaining, ${noData ?? stateLabel(item)}`}
        >
          {body}
        </a>
      ) : (
        <div data-testid={testIds.sloPanel.cell} {...data} className={styles.cell} style={style}>
          {body}
        </div>
      )}
    </Tooltip>
  );
}

/** Rows of any other query (e.g. the telemetry inventory): title and value, coloured by thresholds. */
export function ValueGrid({
  cells,
  width,
  height,
  minCellWidth,
}: {
  cells: GridCell[];
  width: number;
  height: number;
  minCellWidth: number;
}) {
  const styles = useStyles2(getStyles, minCellWidth);
  return (
    <div data-testid={testIds.sloPanel.container} className={cx(styles.scroll, styles.cells)} style={{ width, height }}>
      {cells.map((cell) => (
        <div
          key={cell.key}
          data-testid={testIds.sloPanel.cell}
          className={styles.cell}
          style={{ borderLeftColor: cell.display.color }}
        >
          <div className={styles.cellTitle} title={cell.title}>
            {cell.title}
          </div>
          <div className={styles.cellValue} style={{ color: cell.display.color }}>
            {formattedValueToString(cell.display)}
          </div>
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2, minCellWidth: number) => ({
  scroll: css({ overflow: 'auto' }),
  section: css({
    '& + &': { marginTop: theme.spacing(1.5) },
  }),
  teamHeader: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0, 0, 0.75),
    marginBottom: theme.spacing(0.75),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  dot: css({ width: 8, height: 8, borderRadius: theme.shape.radius.circle, flex: 'none' }),
  teamName: css({
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.primary,
    '&:hover': { textDecoration: 'underline' },
  }),
  teamMeta: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  serviceRow: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(90px, 140px) 1fr',
    alignItems: 'start',
    gap: theme.spacing(1),
    '& + &': { marginTop: theme.spacing(1) },
  }),
  serviceName: css({
    paddingTop: theme.spacing(1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontFamily: theme.typography.fontFamilyMonospace,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    '&:hover': { color: theme.colors.text.link },
  }),
  cells: css({
    display: 'grid',
    gridTemplateColumns: `repeat(auto-fill, minmax(${minCellWidth}px, 1fr))`,
    gridAutoRows: 'min-content',
    gap: theme.spacing(1),
  }),
  cell: css({
    display: 'block',
    minWidth: 0,
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderLeft: `4px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.75, 1.25),
    color: theme.colors.text.primary,
  }),
  cellLink: css({
    cursor: 'pointer',
    transition: theme.transitions.create(['box-shadow', 'border-color'], { duration: 150 }),
    '&:hover': {
      boxShadow: theme.shadows.z2,
      borderColor: theme.colors.border.strong,
    },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
  }),
  cellTitle: css({
    color: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  cellValueRow: css({
    display: 'flex',
    alignItems: 'baseline',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
  }),
  cellValue: css({
    fontSize: theme.typography.h3.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    fontVariantNumeric: 'tabular-nums',
    lineHeight: 1.3,
  }),
  stateTag: css({
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    whiteSpace: 'nowrap',
  }),
  cellMeta: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
});
