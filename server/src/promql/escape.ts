/**
 * Building blocks for PromQL that contains values we did not write ourselves. Label values
 * are always emitted as escaped string literals and label names are checked against the
 * Prometheus grammar, so no input can end a matcher early or add one.
 */

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export class PromQLInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromQLInputError';
  }
}

export function isLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

export function labelName(name: string): string {
  if (!isLabelName(name)) {
    throw new PromQLInputError(`"${name}" is not a valid Prometheus label name`);
  }
  return name;
}

export function metricName(name: string): string {
  if (!METRIC_NAME.test(name)) {
    throw new PromQLInputError(`"${name}" is not a valid Prometheus metric name`);
  }
  return name;
}

/** A double-quoted PromQL string literal whose content is exactly `value`. */
export function stringLiteral(value: string): string {
  let out = '"';
  for (const char of value) {
    switch (char) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default: {
        const code = char.codePointAt(0)!;
        // Other control characters are legal in Go strings only as escapes.
        out += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : char;
      }
    }
  }
  return `${out}"`;
}

/** A regular expression matching exactly the given strings (RE2 syntax, metacharacters escaped). */
export function exactAlternation(values: readonly string[]): string {
  return values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export function matcher(name: string, op: MatchOp, value: string): string {
  return `${labelName(name)}${op}${stringLiteral(value)}`;
}

/** `{a="x",b!="y"}`, `metric{…}` or a bare `metric`, from checked names and escaped values. */
export function selector(metric: string | undefined, matchers: readonly LabelMatcher[]): string {
  const body = matchers.map((m) => matcher(m.name, m.op, m.value)).join(',');
  if (metric !== undefined && body === '') {
    return metricName(metric);
  }
  return `${metric === undefined ? '' : metricName(metric)}{${body}}`;
}
