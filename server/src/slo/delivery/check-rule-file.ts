import { isLabelName } from '../../promql/escape.js';
import { checkPromQL } from '../../promql/check-expression.js';
import type { AlertingRule, RecordingRule, RuleGroup } from '../rules.js';
import { hasHalfSurrogate } from '../../validation/unicode.js';
import { goTemplateProblem } from './go-template.js';

export interface RuleFileProblem {
  /** Where in the rule file: `groups[0].rules[1].labels.team`. */
  field: string;
  message: string;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Prometheus's model.Duration: units from ms to y, largest first, as in 1h30m. */
const DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;

/**
 * What Prometheus 2.42 checks when it loads a rule file (rulefmt.Parse and RuleNode.Validate),
 * on the whole file as it will be written: group names unique and set, intervals and `for`
 * durations, every expression (PromQL, and each regex with RE2), record names, label names and
 * values, annotation names, and every alert label and annotation as a Go template. Prometheus
 * refuses a reload for one bad file, so nothing that fails here is written. Pure.
 */
export function checkRuleFile(groups: RuleGroup[]): RuleFileProblem[] {
  const problems: RuleFileProblem[] = [];
  const report = (field: string, message: string) => problems.push({ field, message });
  const names = new Set<string>();
  groups.forEach((group, g) => {
    const at = `groups[${g}]`;
    if (!group.name) {
      report(`${at}.name`, 'must be set');
    } else if (names.has(group.name)) {
      report(`${at}.name`, `"${group.name}" is repeated in the same file`);
    }
    names.add(group.name);
    if (!DURATION.test(group.interval) || group.interval === '') {
      report(`${at}.interval`, `"${group.interval}" is not a Prometheus duration`);
    }
    group.rules.forEach((rule, r) => checkRule(rule, `${at}.rules[${r}]`, report));
  });
  return problems;
}

function checkRule(
  rule: RecordingRule | AlertingRule,
  at: string,
  report: (field: string, message: string) => void
): void {
  for (const [field, text] of texts(rule)) {
    if (hasHalfSurrogate(text)) {
      report(`${at}.${field}`, 'is not valid Unicode (it holds half of a surrogate pair)');
    }
  }
  for (const problem of checkPromQL(rule.expr)) {
    report(`${at}.expr`, `${problem.message} (line ${problem.line}, column ${problem.column} of the expression)`);
  }
  if (rule.expr.trim() === '') {
    report(`${at}.expr`, 'must be set');
  }
  if ('record' in rule) {
    if (!METRIC_NAME.test(rule.record)) {
      report(`${at}.record`, `"${rule.record}" is not a valid metric name`);
    }
  } else {
    if (rule.alert === '') {
      report(`${at}.alert`, 'must be set');
    }
    if (rule.for !== undefined && !DURATION.test(rule.for)) {
      report(`${at}.for`, `"${rule.for}" is not a Prometheus duration`);
    }
    for (const [name, text] of Object.entries(rule.annotations)) {
      if (!isLabelName(name)) {
        report(`${at}.annotations`, `"${name}" is not a valid annotation name`);
      }
      templateProblem(text, `${at}.annotations.${name}`, report);
    }
  }
  for (const [name, value] of Object.entries(rule.labels)) {
    if (!isLabelName(name) || name === '__name__') {
      report(`${at}.labels`, `"${name}" is not a valid label name`);
    }
    if ('alert' in rule) {
      templateProblem(value, `${at}.labels.${name}`, report);
    }
  }
}

function templateProblem(text: string, field: string, report: (field: string, message: string) => void): void {
  const problem = goTemplateProblem(text);
  if (problem) {
    report(field, `is not a valid Go template: ${problem}`);
  }
}

/** Every string of a rule with its field, for checks that apply to all of them. */
function texts(rule: RecordingRule | AlertingRule): Array<[string, string]> {
  return [
    ['expr', rule.expr],
    ...Object.entries(rule.labels).flatMap(([k, v]): Array<[string, string]> => [
      ['labels', k],
      [`labels.${k}`, v],
    ]),
    ...Object.entries('annotations' in rule ? rule.annotations : {}).flatMap(([k, v]): Array<[string, string]> => [
      ['annotations', k],
      [`annotations.${k}`, v],
    ]),
  ];
}
