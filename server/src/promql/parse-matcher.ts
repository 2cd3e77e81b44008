import { parser } from '@prometheus-io/lezer-promql';
import { isLabelName, type LabelMatcher, type MatchOp } from './escape.js';
import { checkRe2, re2Matches } from './re2.js';

export type ParsedMatcher = { ok: true; matcher: LabelMatcher } | { ok: false; message: string; column: number };

/**
 * Parses one label matcher such as `service="checkout"` or `job=~"api-.*"` with Prometheus's
 * own grammar (lezer-promql). `column` on failure is 1-based within the matcher text.
 */
export function parseLabelMatcher(text: string): ParsedMatcher {
  const source = `{${text}}`;
  const tree = parser.parse(source);
  let error: number | undefined;
  const matchers: Array<{ name: string; op: string; literal: string }> = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError && error === undefined) {
        error = node.from;
      }
      if (node.name === 'UnquotedLabelMatcher' || node.name === 'QuotedLabelMatcher') {
        const name = node.node.getChild('LabelName') ?? node.node.getChild('QuotedLabelName');
        const op = node.node.getChild('MatchOp');
        const value = node.node.getChild('StringLiteral');
        if (name && op && value) {
          matchers.push({
            name: source.slice(name.from, name.to),
            op: source.slice(op.from, op.to),
            literal: source.slice(value.from, value.to),
          });
        }
      }
    },
  });
  if (error !== undefined) {
    return {
      ok: false,
      message: 'is not a PromQL label matcher (expected e.g. service="checkout")',
      column: Math.max(1, error),
    };
  }
  if (matchers.length !== 1) {
    return { ok: false, message: 'must be exactly one label matcher', column: 1 };
  }
  const [m] = matchers as [{ name: string; op: string; literal: string }];
  if (!isLabelName(m.name)) {
    return { ok: false, message: `"${m.name}" is not a label name`, column: 1 };
  }
  const value = decodeStringLiteral(m.literal);
  if (value === undefined) {
    return { ok: false, message: 'has a string the matcher cannot decode', column: text.indexOf(m.literal) + 1 };
  }
  const regex = isRegexOp(m.op) ? checkRe2(value) : { ok: true as const };
  if (!regex.ok) {
    return {
      ok: false,
      message: `has an ${invalidRegexMessage(m.name, m.op, value, regex.message)}`,
      column: text.indexOf(m.literal) + 2 + regex.offset,
    };
  }
  if (m.op !== '=' && m.op !== '=~') {
    return {
      ok: false,
      message: 'must select series (use = or =~; negative matchers cannot identify a service)',
      column: m.name.length + 1,
    };
  }
  return { ok: true, matcher: { name: m.name, op: m.op as MatchOp, value } };
}

/** Go-style string literal as PromQL accepts it: "…", '…' or `…` (raw). */
export function decodeStringLiteral(literal: string): string | undefined {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') {
    return body;
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++i];
    const simple: Record<string, string> = {
      n: '\n',
      r: '\r',
      t: '\t',
      '\\': '\\',
      '"': '"',
      "'": "'",
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
    };
    if (next !== undefined && next in simple) {
      out += simple[next];
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (next === 'U' && /^[0-9a-fA-F]{8}$/.test(body.slice(i + 1, i + 9))) {
      const code = parseInt(body.slice(i + 1, i + 9), 16);
      if (code > 0x10ffff) {
        return undefined;
      }
      out += String.fromCodePoint(code);
      i += 8;
    } else if (next !== undefined && /^[0-7]{3}$/.test(body.slice(i, i + 3))) {
      const code = parseInt(body.slice(i, i + 3), 8);
      if (code > 255) {
        return undefined;
      }
      out += String.fromCharCode(code);
      i += 2;
    } else {
      return undefined;
    }
  }
  return out;
}

export function isRegexOp(op: string): boolean {
  return op === '=~' || op === '!~';
}

/** How every parser here reports a matcher whose regex RE2 (and so Prometheus) refuses. */
export function invalidRegexMessage(name: string, op: string, value: string, why: string): string {
  return `invalid regular expression in ${name}${op}${JSON.stringify(value)}: ${why}`;
}

/** Does a label value satisfy the matcher? Prometheus anchors regular expressions. */
export function matcherMatches(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return re2Matches(matcher.value, value);
    case '!~':
      return !re2Matches(matcher.value, value);
  }
}
