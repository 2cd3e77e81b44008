import {
  ALERT_ANNOTATIONS,
  ALERT_LABELS,
  DEFAULT_ALERT_NAME,
  EVENT_KINDS,
  RECORDING_STEP_SECONDS,
  RULE_GROUPS,
  SLO_EVENTS_METRIC,
  SLO_LABELS,
  type EventKind,
} from '../conventions/slo.js';
import { selector } from '../promql/escape.js';
import type { SloEntity } from '../registry/model/slo.js';
import { burnPairs } from './burn-pairs.js';
import { aggregate, eventQueries } from './sli-queries.js';
import { budgetRatio, durationLabel, rangeJustUnder, roundSignificant, STEP_RANGE, type BurnPair } from './windows.js';

/** What rule generation needs to know beyond the SLO itself. */
export interface RuleContext {
  slo: SloEntity;
  revision: string;
  /**
   * Live recording counts only from here on (seconds since the epoch, a multiple of 5 minutes);
   * what came before is backfilled, so live and backfilled samples never cover the same time.
   */
  recordFrom: number;
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

/** The SLO's rule groups: recording always, alerting unless it has no alerts. */
export function ruleGroups(context: RuleContext): RuleGroup[] {
  const alerting = alertingGroup(context);
  return alerting ? [recordingGroup(context), alerting] : [recordingGroup(context)];
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

/**
 * Bad and total events over each 5 minutes, evaluated every 5 minutes, so that the samples
 * tile time: any window's count is the sum of its samples.
 */
function recordingGroup(context: RuleContext): RuleGroup {
  const queries = eventQueries(context.slo.spec, RECORDING_STEP_SECONDS);
  const from = `vector(time()) >= ${context.recordFrom}`;
  return {
    name: RULE_GROUPS.recording(context.slo.metadata.name),
    interval: STEP_RANGE,
    rules: (['bad', 'total'] as const).map((event) => ({
      record: SLO_EVENTS_METRIC,
      expr: `(${queries[event]}) and on () (${from})`,
      labels: seriesLabels(context, event),
    })),
  };
}

/** One alert rule per burn-rate pair, reading only the recorded counts of the current revision. */
function alertingGroup(context: RuleContext): RuleGroup | undefined {
  const pairs = burnPairs(context.slo.spec);
  if (pairs.length === 0) {
    return undefined;
  }
  return {
    name: RULE_GROUPS.alerting(context.slo.metadata.name),
    interval: '1m',
    rules: pairs.map((pair) => alertRule(context, pair)),
  };
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
    conditions.push(`${windowSum(context, 'bad', pair.longSeconds)} >= ${alerting.minBadEvents}`);
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

/** Recorded events of one kind summed over the last `seconds`, per group. */
export function windowSum(context: Pick<RuleContext, 'slo' | 'revision'>, event: EventKind, seconds: number): string {
  const series = selector(SLO_EVENTS_METRIC, [
    { name: SLO_LABELS.slo, op: '=', value: context.slo.metadata.name },
    { name: SLO_LABELS.revision, op: '=', value: context.revision },
    { name: SLO_LABELS.event, op: '=', value: EVENT_KINDS[event] },
  ]);
  return aggregate(context.slo.spec.groupBy, `sum_over_time(${series}[${rangeJustUnder(seconds)}])`);
}

function burnRate(context: RuleContext, seconds: number, budget: number): string {
  return `(${windowSum(context, 'bad', seconds)} / ${windowSum(context, 'total', seconds)}) / ${budget}`;
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
