import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { isLabelName, type LabelMatcher, type MatchOp } from './escape.js';
import { decodeStringLiteral, invalidRegexMessage, isRegexOp } from './parse-matcher.js';
import { checkRe2 } from './re2.js';

export interface VectorSelector {
  metric?: string;
  matchers: LabelMatcher[];
}

export type ParsedSelector = { ok: true; selector: VectorSelector } | { ok: false; message: string; column: number };

/**
 * Parses a plain vector selector such as `http_requests_total{job="api",code=~"5.."}` with
 * Prometheus's grammar. Anything else (a function, a range, offset or @) is refused: Steward
 * adds those itself, and rebuilds the selector from these parts when it writes PromQL.
 */
export function parseVectorSelector(text: string): ParsedSelector {
  const tree = parser.parse(text);
  let errorAt: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (node.type.isError && errorAt === undefined) {
        errorAt = node.from;
      }
    },
  });
  if (errorAt !== undefined) {
    return { ok: false, message: 'is not valid PromQL', column: errorAt + 1 };
  }
  const root = tree.topNode.firstChild;
  if (!root || root.name !== 'VectorSelector') {
    return {
      ok: false,
      message: 'must be a plain series selector such as metric{label="value"} (no functions, ranges or offsets)',
      column: (root?.from ?? 0) + 1,
    };
  }
  const identifier = root.getChild('Identifier');
  const metric = identifier ? text.slice(identifier.from, identifier.to) : undefined;
  const matchers: LabelMatcher[] = [];
  for (const node of matcherNodes(root)) {
    const name = node.getChild('LabelName') ?? node.getChild('QuotedLabelName');
    const op = node.getChild('MatchOp');
    const value = node.getChild('StringLiteral');
    if (!name || !op || !value) {
      return { ok: false, message: 'has a matcher Steward cannot read', column: node.from + 1 };
    }
    let labelName = text.slice(name.from, name.to);
    if (name.name === 'QuotedLabelName') {
      labelName = decodeStringLiteral(labelName) ?? labelName;
    }
    const decoded = decodeStringLiteral(text.slice(value.from, value.to));
    if (!isLabelName(labelName) || decoded === undefined) {
      return {
        ok: false,
        message: `has a matcher Steward cannot read: ${text.slice(node.from, node.to)}`,
        column: node.from + 1,
      };
    }
    if (labelName === '__name__' && metric !== undefined) {
      return { ok: false, message: 'names the metric twice', column: node.from + 1 };
    }
    const matchOp = text.slice(op.from, op.to) as MatchOp;
    const regex = isRegexOp(matchOp) ? checkRe2(decoded) : { ok: true as const };
    if (!regex.ok) {
      return {
        ok: false,
        message: `has an ${invalidRegexMessage(labelName, matchOp, decoded, regex.message)}`,
        column: value.from + 2 + regex.offset,
      };
    }
    matchers.push({ name: labelName, op: matchOp, value: decoded });
  }
  if (metric === undefined && !matchers.some((m) => m.name === '__name__' && m.op === '=')) {
    return { ok: false, message: 'must name a metric', column: 1 };
  }
  return { ok: true, selector: { ...(metric !== undefined ? { metric } : {}), matchers } };
}

function matcherNodes(root: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = root.cursor();
  cursor.iterate((node) => {
    if (node.name === 'UnquotedLabelMatcher' || node.name === 'QuotedLabelMatcher') {
      found.push(node.node);
      return false;
    }
    return undefined;
  });
  return found;
}

/** The metric a selector names, whether as `metric{…}` or `{__name__="metric"}`. */
export function metricOf(selector: VectorSelector): string {
  return selector.metric ?? selector.matchers.find((m) => m.name === '__name__' && m.op === '=')!.value;
}

/** The same selector on another metric (e.g. `_bucket` of a histogram), without a `__name__` matcher. */
export function onMetric(selector: VectorSelector, metric: string): VectorSelector {
  return { metric, matchers: selector.matchers.filter((m) => m.name !== '__name__') };
}
