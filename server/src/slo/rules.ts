import {
  ALERT_ANNOTATIONS,
  ALERT_LABELS,
  DEFAULT_ALERT_NAME,
  EVENT_KINDS,
  NO_DATA_ALERT_NAME,
  NO_DATA_TIER,
  RECENT_PART_LABEL,
  RULE_GROUPS,
  SLO_LABELS,
  SLO_RECENT_METRIC,
  SLO_EVALUATED_METRIC,
  SLO_WINDOW_METRIC,
  type EventKind,
} from '../conventions/slo.js';
import { selector } from '../promql/escape.js';
import type { SloEntity, SloSpec } from '@steward/contract/model/slo';
import { burnPairs } from './burn-pairs.js';
import { noDataSettings, presenceQuery } from './no-data.js';
import { aggregate, countsTails, eventQueries } from './sli-queries.js';
import { atTileMark, FINE_WINDOW_MAX_SECONDS, TILES, tileFor as tileForWindow, type Tile } from './tiles.js';
import { budgetRatio, durationLabel, rangeJustUnder, roundSignificant, type BurnPair } from './windows.js';

/** What rule generation needs to know beyond the SLO itself. */
export interface RuleContext {
  slo: SloEntity;
  revision: string;
  /**
   * Live recording counts only from here on (seconds since the epoch, a multiple of 5 minutes);
   * what came before is backfilled, so live and backfilled samples never cover the same time.
   */
  recordFrom: number;
  /**
   * The tiles the burn-rate alerts read do not cover their windows yet: alerts over windows up
   * to 6 hours read raw series meanwhile, longer ones are left out.
   */
  burnAlertsHeld?: boolean;
  /** The owning team of the SLO's service, when it is known. */
  team?: string;
  runbookUrl?: string;
  /** The SLO page in Grafana, for alert annotations. */
  sloUrl?: string;
}

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval: string;
  rules: Array<RecordingRule | AlertingRule>;
}

/**
 * The SLO's rule groups: fine tiles, the events since their mark, the events over each alert
 * window and the alerts, every 30 s; coarse tiles every 5 minutes. Alerts sit next to the fine
 * tiles so they read the tile their own evaluation just recorded (rules of a group run in
 * order): they see every sample a direct `rate()` rule would.
 */
export function ruleGroups(context: RuleContext): RuleGroup[] {
  const fine: Array<RecordingRule | AlertingRule> = hasFineTiles(context.slo.spec)
    ? [...tileRules(context, TILES.fine), ...recentRules(context), ...evaluatedRule(context)]
    : [];
  const pairs = alertedPairs(context);
  const alerts = [...pairs.map((pair) => alertRule(context, pair)), ...optional(noDataRule(context))];
  const groups: RuleGroup[] = [];
  if (fine.length + alerts.length > 0) {
    groups.push({
      name: RULE_GROUPS.fine(context.slo.metadata.name),
      interval: TILES.fine.interval,
      rules: [...fine, ...windowRules(context, pairs), ...alerts],
    });
  }
  groups.push({
    name: RULE_GROUPS.coarse(context.slo.metadata.name),
    interval: TILES.coarse.interval,
    rules: tileRules(context, TILES.coarse),
  });
  return groups;
}

/**
 * Freeform SLIs count with their own PromQL, which needs a few samples per stretch: 30 seconds
 * hold too few, so they are counted in coarse tiles only.
 */
export function hasFineTiles(spec: SloSpec): boolean {
  return !spec.sli.freeform;
}

/** The tiles a window of this SLO is summed from. */
export function tileFor(spec: SloSpec, windowSeconds: number): Tile {
  return hasFineTiles(spec) ? tileForWindow(windowSeconds) : TILES.coarse;
}

/** Labels that identify a recorded series of this SLO. */
export function seriesLabels(
  context: Pick<RuleContext, 'slo' | 'revision' | 'team'>,
  event: EventKind
): Record<string, string> {
  return {
    [SLO_LABELS.slo]: context.slo.metadata.name,
    [SLO_LABELS.service]: context.slo.spec.service,
    ...(context.team ? { [SLO_LABELS.team]: context.team } : {}),
    [SLO_LABELS.revision]: context.revision,
    [SLO_LABELS.event]: EVENT_KINDS[event],
  };
}

/** Live tiles count only marks after recordFrom: filled history holds the ones before. */
function tileRules(context: RuleContext, tile: Tile): RecordingRule[] {
  const queries = eventQueries(context.slo.spec, { kind: 'tile', seconds: tile.seconds });
  return (['bad', 'total'] as const).map((event) => ({
    record: tile.metric,
    expr: atTileMark(tile, `(${queries[event]}) and on () (vector(time()) > ${context.recordFrom})`),
    labels: seriesLabels(context, event),
  }));
}

/** Events after the mark of the fine tile just recorded, up to the evaluation. */
function recentRules(context: RuleContext): RecordingRule[] {
  const stretch = { kind: 'tail' as const, from: 'fine-mark' as const };
  if (!countsTails(context.slo.spec, stretch)) {
    return [];
  }
  const queries = eventQueries(context.slo.spec, stretch);
  return (['bad', 'total'] as const).map((event) => ({
    record: SLO_RECENT_METRIC,
    expr: `(${queries[event]}) and on () (vector(time()) > ${context.recordFrom})`,
    labels: seriesLabels(context, event),
  }));
}

/**
 * The evaluation's time, once its tiles and recent events (for SLIs that have them) are recorded (rules of a group run in
 * order, each stored as it is evaluated): the present status reads the counts of this evaluation
 * and no later one (see liveWindows).
 */
function evaluatedRule(context: RuleContext): RecordingRule[] {
  const labels = Object.fromEntries(
    Object.entries(seriesLabels(context, 'total')).filter(([name]) => name !== SLO_LABELS.event)
  );
  return [{ record: SLO_EVALUATED_METRIC, expr: `vector(time()) > ${context.recordFrom}`, labels }];
}

/**
 * The burn-rate pairs alerted on. While the tiles have a hole, pairs up to 6 hours (the pages,
 * by default) read raw series, as cheaply as direct `rate()` rules; longer ones (tickets) wait
 * the minutes until the tiles are whole rather than read days of raw samples every 30 s for
 * each SLO being filled.
 */
function alertedPairs(context: RuleContext): BurnPair[] {
  return burnPairs(context.slo.spec).filter(
    (pair) => !context.burnAlertsHeld || pair.longSeconds <= FINE_WINDOW_MAX_SECONDS
  );
}

function optional<T>(x: T | undefined): T[] {
  return x ? [x] : [];
}

/**
 * The events over every window the alerts read, recorded once per evaluation: summing a 6-hour
 * window's 720 fine tiles is the costliest read of the group, and the page and ticket pairs
 * share windows, each needing both counts.
 */
function windowRules(context: RuleContext, pairs: BurnPair[]): RecordingRule[] {
  const windows = [
    ...new Set(pairs.flatMap((p) => (p.shortSeconds ? [p.longSeconds, p.shortSeconds] : [p.longSeconds]))),
  ];
  return windows
    .sort((a, b) => a - b)
    .flatMap((seconds) =>
      (['bad', 'total'] as const).map((event) => ({
        record: SLO_WINDOW_METRIC,
        expr: windowSum(context, event, seconds),
        labels: { ...seriesLabels(context, event), [SLO_LABELS.window]: durationLabel(seconds) },
      }))
    );
}

function alertRule(context: RuleContext, pair: BurnPair): AlertingRule {
  const { slo } = context;
  const alerting = slo.spec.alerting ?? {};
  const objective = slo.spec.objectives[0]!;
  const budget = budgetRatio(objective.target);
  const long = durationLabel(pair.longSeconds);
  const conditions = [`${burnRate(context, pair.longSeconds, budget)} > ${pair.factor}`];
  if (pair.shortSeconds) {
    conditions.push(`${burnRate(context, pair.shortSeconds, budget)} > ${pair.factor}`);
  }
  if (alerting.minBadEvents) {
    conditions.push(`${recordedWindow(context, 'bad', pair.longSeconds)} >= ${alerting.minBadEvents}`);
  }
  const title = slo.metadata.title ?? slo.metadata.name;
  const share = roundSignificant(pair.budgetShare * 100);
  return {
    alert: alerting.name ?? DEFAULT_ALERT_NAME,
    expr: conditions.join('\nand\n'),
    ...(pair.forSeconds ? { for: durationLabel(pair.forSeconds) } : {}),
    labels: {
      ...(alerting.labels ?? {}),
      [ALERT_LABELS.severity]: pair.severity,
      [ALERT_LABELS.burnTier]: pair.tier,
      [ALERT_LABELS.longWindow]: long,
      [ALERT_LABELS.slo]: slo.metadata.name,
      [ALERT_LABELS.service]: slo.spec.service,
      ...(context.team ? { [ALERT_LABELS.team]: context.team } : {}),
    },
    annotations: {
      [ALERT_ANNOTATIONS.summary]: `${literal(title)}${groupSuffix(slo.spec.groupBy)}: error budget burning {{ printf "%.1f" $value }}× faster than the objective allows (over ${long})`,
      [ALERT_ANNOTATIONS.description]: `${literal(title)} (service ${slo.spec.service}, objective ${objective.target}% over ${objective.window ?? '30d'}) has burned its budget at over ${pair.factor}× for ${long}${pair.shortSeconds ? ` and ${durationLabel(pair.shortSeconds)}` : ''}: about ${share}% of the budget in ${long}.`,
      ...(context.runbookUrl ? { [ALERT_ANNOTATIONS.runbookUrl]: literal(context.runbookUrl) } : {}),
      ...(context.sloUrl ? { [ALERT_ANNOTATIONS.sloUrl]: literal(context.sloUrl) } : {}),
      ...(alerting.annotations ?? {}),
    },
  };
}

/**
 * Events of one kind over the last `seconds`, per group, as a rule evaluation sees them: the
 * tiles of the window, plus (for fine tiles) the events since the last tile's mark. While the
 * tiles have a hole (history filling after a new SLO or an SLI edit), the raw series: alerting
 * does not pause, at the cost of raw windows until the tiles are whole, when the rule file is
 * rewritten (same alert names and labels, so a firing alert carries on).
 */
export function windowSum(
  context: Pick<RuleContext, 'slo' | 'revision' | 'burnAlertsHeld'>,
  event: EventKind,
  seconds: number
): string {
  if (context.burnAlertsHeld) {
    return `(${eventQueries(context.slo.spec, { kind: 'window', seconds })[event]})`;
  }
  const tile = tileFor(context.slo.spec, seconds);
  const of = (metric: string) =>
    selector(metric, [
      { name: SLO_LABELS.slo, op: '=', value: context.slo.metadata.name },
      { name: SLO_LABELS.revision, op: '=', value: context.revision },
      { name: SLO_LABELS.event, op: '=', value: EVENT_KINDS[event] },
    ]);
  const groupBy = context.slo.spec.groupBy;
  const tiles = (range: number) => `sum_over_time(${of(tile.metric)}[${rangeJustUnder(range)}])`;
  if (tile !== TILES.fine || !countsTails(context.slo.spec, { kind: 'tail', from: 'fine-mark' })) {
    return aggregate(groupBy, tiles(seconds));
  }
  // The evaluation's own tile counts up to a mark 15 to 45 s back and the recent events the
  // rest: one tile fewer than the window holds puts its start within 15 s of where it should be.
  // Either may be missing (no tile yet for a series that has just appeared, or no recent count),
  // so they are summed as one vector: a label sets the recent ones apart, which `or` would
  // otherwise drop as duplicates of the tiles' series. The tiles are read once.
  const recent = `label_replace(${of(SLO_RECENT_METRIC)}, "${RECENT_PART_LABEL}", "recent", "", "")`;
  return aggregate(groupBy, `${tiles(seconds - tile.seconds)} or ${recent}`);
}

/** A window's events as recorded by this evaluation, per group (the recorded labels dropped). */
function recordedWindow(context: RuleContext, event: EventKind, seconds: number): string {
  const recorded = selector(SLO_WINDOW_METRIC, [
    { name: SLO_LABELS.slo, op: '=', value: context.slo.metadata.name },
    { name: SLO_LABELS.revision, op: '=', value: context.revision },
    { name: SLO_LABELS.event, op: '=', value: EVENT_KINDS[event] },
    { name: SLO_LABELS.window, op: '=', value: durationLabel(seconds) },
  ]);
  return aggregate(context.slo.spec.groupBy, recorded);
}

function burnRate(context: RuleContext, seconds: number, budget: number): string {
  return `(${recordedWindow(context, 'bad', seconds)} / ${recordedWindow(context, 'total', seconds)}) / ${budget}`;
}

function groupSuffix(groupBy: readonly string[] | undefined): string {
  return groupBy?.length ? ` (${groupBy.map((label) => `${label}={{ $labels.${label} }}`).join(', ')})` : '';
}

/**
 * Text Prometheus must show as written: annotation values are Go templates, and a title with
 * `{{` in it would otherwise run as template code (which can query Prometheus).
 */
export function literal(text: string): string {
  return text.replace(/\{\{|\}\}/g, (braces) => `{{ "${braces}" }}`);
}

/** Fires when the SLO's series have had no samples for the grace period: silence is not success. */
function noDataRule(context: RuleContext): AlertingRule | undefined {
  const { slo } = context;
  const settings = noDataSettings(slo.spec);
  if (!settings) {
    return undefined;
  }
  const title = slo.metadata.title ?? slo.metadata.name;
  const after = durationLabel(settings.afterSeconds);
  return {
    alert: NO_DATA_ALERT_NAME,
    expr: presenceQuery(slo.spec, settings.afterSeconds),
    labels: {
      ...(slo.spec.alerting?.labels ?? {}),
      [ALERT_LABELS.severity]: settings.severity,
      [ALERT_LABELS.burnTier]: NO_DATA_TIER,
      [ALERT_LABELS.longWindow]: after,
      [ALERT_LABELS.slo]: slo.metadata.name,
      [ALERT_LABELS.service]: slo.spec.service,
      ...(context.team ? { [ALERT_LABELS.team]: context.team } : {}),
    },
    annotations: {
      [ALERT_ANNOTATIONS.summary]: `${literal(title)}: no data for over ${after}; its budget cannot be computed`,
      [ALERT_ANNOTATIONS.description]: `The series ${literal(title)} (service ${slo.spec.service}) counts have had no samples for over ${after}: a renamed metric, a scrape target gone or a relabelling mistake. Until they come back its budget shows nothing.`,
      ...(context.runbookUrl ? { [ALERT_ANNOTATIONS.runbookUrl]: literal(context.runbookUrl) } : {}),
      ...(context.sloUrl ? { [ALERT_ANNOTATIONS.sloUrl]: literal(context.sloUrl) } : {}),
    },
  };
}
