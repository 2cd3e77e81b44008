import { ALERT_LABELS, RESERVED_GROUP_LABELS, SLO_LABELS } from '../conventions/slo.js';
import { FINE_WINDOW_MAX_SECONDS, TILES } from './tiles.js';
import { checkPromQL } from '../promql/check-expression.js';
import { parseVectorSelector } from '../promql/parse-selector.js';
import type { SloSpec } from '@steward/contract/model/slo';
import { impossiblePairs } from './burn-pairs.js';
import { isTimeZone } from './calendar.js';
import { goTemplateProblem } from './delivery/go-template.js';
import { WINDOW_PLACEHOLDER } from './sli-queries.js';
import { durationLabel, MAX_WINDOW_SECONDS, MIN_WINDOW_SECONDS, parseShortDuration, windowOf } from './windows.js';

export interface SloProblem {
  path: Array<string | number>;
  message: string;
}

const SLI_KINDS = ['ratio', 'latency', 'probe', 'freeform'] as const;

/**
 * What the SLO schema cannot say: one SLI kind, queries that parse and type-check as PromQL,
 * windows in range, labels Steward does not own. Pure; `spec` has passed the schema.
 * Warnings are for SLOs that load but will not behave as their author probably expects.
 */
export function checkSlo(spec: SloSpec): { problems: SloProblem[]; warnings: SloProblem[] } {
  const problems: SloProblem[] = [];
  const at = (path: Array<string | number>, message: string) => problems.push({ path: ['spec', ...path], message });

  const kinds = SLI_KINDS.filter((kind) => spec.sli[kind] !== undefined);
  if (kinds.length !== 1) {
    at(
      ['sli'],
      `must have exactly one of ${SLI_KINDS.join(', ')}${kinds.length ? ` (has ${kinds.join(' and ')})` : ''}`
    );
  }
  const { ratio, latency, probe, freeform } = spec.sli;
  if (ratio) {
    goodOrBad(ratio, ['sli', 'ratio'], at);
    for (const field of ['good', 'bad', 'total'] as const) {
      selectorProblem(ratio[field], ['sli', 'ratio', field], at);
    }
  }
  if (latency) {
    selectorProblem(latency.histogram, ['sli', 'latency', 'histogram'], at);
  }
  if (probe) {
    selectorProblem(probe.metric, ['sli', 'probe', 'metric'], at);
  }
  if (freeform) {
    goodOrBad(freeform, ['sli', 'freeform'], at);
    for (const field of ['good', 'bad', 'total'] as const) {
      queryProblems(freeform[field], ['sli', 'freeform', field], at);
    }
  }

  const seen = new Set<string>();
  (spec.groupBy ?? []).forEach((label, index) => {
    if (RESERVED_GROUP_LABELS.includes(label)) {
      at(['groupBy', index], `"${label}" is a label Steward sets on every SLO series; group by another label`);
    } else if (seen.has(label)) {
      at(['groupBy', index], `"${label}" is listed twice`);
    }
    seen.add(label);
  });

  spec.objectives.forEach((objective, index) => {
    const window = windowOf(objective);
    if (window.kind === 'rolling' && (window.seconds < MIN_WINDOW_SECONDS || window.seconds > MAX_WINDOW_SECONDS)) {
      at(
        ['objectives', index, 'window'],
        `must be between ${durationLabel(MIN_WINDOW_SECONDS)} and ${durationLabel(MAX_WINDOW_SECONDS)} (or month)`
      );
    }
    if (objective.timeZone !== undefined && window.kind !== 'calendar') {
      at(['objectives', index, 'timeZone'], 'only applies to the calendar month window (window: month)');
    } else if (objective.timeZone !== undefined && !isTimeZone(objective.timeZone)) {
      at(['objectives', index, 'timeZone'], `"${objective.timeZone}" is not an IANA time zone such as Europe/Berlin`);
    }
  });

  checkAlerting(spec, at);
  const warnings =
    problems.length === 0 ? impossiblePairs(spec).map(({ message }) => ({ path: ['spec', 'alerting'], message })) : [];
  return { problems, warnings };
}

type Report = (path: Array<string | number>, message: string) => void;

function goodOrBad(sli: { good?: string; bad?: string }, path: Array<string | number>, at: Report) {
  if ((sli.good === undefined) === (sli.bad === undefined)) {
    at(path, 'must have either good or bad events (not both), and total');
  }
}

function selectorProblem(text: string | undefined, path: Array<string | number>, at: Report) {
  if (text === undefined) {
    return;
  }
  const parsed = parseVectorSelector(text);
  if (!parsed.ok) {
    at(path, `${parsed.message} (column ${parsed.column})`);
  }
}

/** A freeform query must count over `$window`, and be valid PromQL once the window is filled in. */
function queryProblems(text: string | undefined, path: Array<string | number>, at: Report) {
  if (text === undefined) {
    return;
  }
  const placeholders = [...text.matchAll(WINDOW_PLACEHOLDER)].map((m) => m.index!);
  if (placeholders.length === 0) {
    at(path, 'must count events over $window, e.g. sum(increase(http_requests_total{code=~"5.."}[$window]))');
    return;
  }
  const filled = text.replace(WINDOW_PLACEHOLDER, '5m');
  const shrink = '$window'.length - '5m'.length;
  for (const problem of checkPromQL(filled)) {
    // Report the position in the query as written, before $window was filled in.
    const offset = offsetOf(filled, problem.line, problem.column);
    const original = offset + placeholders.filter((p, i) => p - i * shrink < offset).length * shrink;
    const before = text.slice(0, original).split('\n');
    at(
      path,
      `${problem.message} (line ${before.length}, column ${before[before.length - 1]!.length + 1} of the query)`
    );
  }
}

/** Alert labels and annotations are Go templates to Prometheus: one that does not parse fails the file. */
function templateProblem(text: string, path: Array<string | number>, at: Report) {
  const problem = goTemplateProblem(text);
  if (problem) {
    at(path, `is not a valid Go template, as Prometheus reads it: ${problem}`);
  }
}

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  return lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
}

function checkAlerting(spec: SloSpec, at: Report) {
  const alerting = spec.alerting;
  if (!alerting) {
    return;
  }
  const names = new Set<string>(['page', 'ticket']);
  (alerting.conditions ?? []).forEach((condition, index) => {
    const path = ['alerting', 'conditions', index];
    if (names.has(condition.name)) {
      at(
        [...path, 'name'],
        `"${condition.name}" is already used${condition.name === 'page' || condition.name === 'ticket' ? ' by a standard tier' : ''}`
      );
    }
    names.add(condition.name);
    if (condition.shortWindow && parseShortDuration(condition.shortWindow) >= parseShortDuration(condition.window)) {
      at([...path, 'shortWindow'], 'must be shorter than window');
    }
    for (const field of ['window', 'shortWindow'] as const) {
      const value = condition[field];
      const seconds = value === undefined ? undefined : parseShortDuration(value);
      if (seconds !== undefined && seconds > FINE_WINDOW_MAX_SECONDS && seconds % TILES.coarse.seconds !== 0) {
        at([...path, field], 'windows over 6h are summed from 5-minute counts: use a multiple of 5m');
      }
    }
  });
  const noDataAfter = alerting.noData?.after;
  if (noDataAfter !== undefined && parseShortDuration(noDataAfter) > 7 * 86_400) {
    at(['alerting', 'noData', 'after'], 'must be 7d or shorter: a week without data is long enough to know');
  }
  const owned = new Set<string>([...Object.values(ALERT_LABELS), ...Object.values(SLO_LABELS), 'alertname']);
  for (const [label, value] of Object.entries(alerting.labels ?? {})) {
    if (owned.has(label)) {
      const why = label === ALERT_LABELS.team ? ' (alerts go to the team that owns the service)' : '';
      at(['alerting', 'labels', label], `"${label}" is set by Steward on every alert${why}; use another label`);
    } else {
      templateProblem(value, ['alerting', 'labels', label], at);
    }
  }
  for (const [name, text] of Object.entries(alerting.annotations ?? {})) {
    templateProblem(text, ['alerting', 'annotations', name], at);
  }
}
