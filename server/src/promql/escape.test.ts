import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { exactAlternation, labelName, PromQLInputError, selector, stringLiteral } from './escape.js';
import { hostileStrings } from './testing/hostile-strings.js';

/** Decodes a PromQL double-quoted literal the way Prometheus does, for the escapes we emit. */
function decode(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  return literal.slice(1, -1).replace(/\\(x[0-9a-f]{2}|.)/g, (_, esc: string) => {
    if (esc.startsWith('x')) {
      return String.fromCharCode(parseInt(esc.slice(1), 16));
    }
    return { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"' }[esc] ?? `\\${esc}`;
  });
}

function parsedMatchers(query: string) {
  const tree = parser.parse(query);
  const matchers: Array<{ name: string; op: string; value: string }> = [];
  let errors = 0;
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors++;
      }
      if (node.name === 'UnquotedLabelMatcher') {
        const name = node.node.getChild('LabelName')!;
        const op = node.node.getChild('MatchOp')!;
        const value = node.node.getChild('StringLiteral')!;
        matchers.push({
          name: query.slice(name.from, name.to),
          op: query.slice(op.from, op.to),
          value: decode(query.slice(value.from, value.to)),
        });
      }
    },
  });
  return { errors, matchers };
}

describe('PromQL escaping', () => {
  it('renders matchers as escaped string literals', () => {
    expect(selector('up', [{ name: 'service', op: '=', value: 'a"b\\c\nd' }])).toBe('up{service="a\\"b\\\\c\\nd"}');
    expect(stringLiteral('\u0001')).toBe('"\\x01"');
  });

  it('rejects label and metric names outside the grammar', () => {
    expect(() => labelName('service"} or vector(1) #')).toThrow(PromQLInputError);
    expect(() => selector('up or vector(1)', [])).toThrow(PromQLInputError);
    expect(labelName('service_name')).toBe('service_name');
  });

  it('keeps every hostile value inside one matcher (fuzz, checked by the PromQL parser)', () => {
    let checked = 0;
    for (const value of hostileStrings(3000)) {
      const query = `count by (service) (${selector('http_requests_total', [
        { name: 'service', op: '=', value },
        { name: 'team', op: '!=', value },
      ])})`;
      const { errors, matchers } = parsedMatchers(query);
      expect({ value, errors }).toEqual({ value, errors: 0 });
      expect(matchers).toEqual([
        { name: 'service', op: '=', value },
        { name: 'team', op: '!=', value },
      ]);
      checked++;
    }
    expect(checked).toBe(3000);
  });

  it('builds regex alternations that match each hostile value and nothing else (fuzz)', () => {
    const values = [...hostileStrings(500)].filter((v) => v !== '');
    for (let i = 0; i < values.length; i += 5) {
      const listed = values.slice(i, i + 5);
      const re = new RegExp(`^(?:${exactAlternation(listed)})$`, 'u');
      for (const v of listed) {
        expect(re.test(v), JSON.stringify(v)).toBe(true);
        expect(re.test(`${v}x`), JSON.stringify(v)).toBe(false);
      }
      expect(re.test('.*')).toBe(listed.includes('.*'));
    }
  });

  it('builds regex alternations that match only the listed values', () => {
    const values = ['a.b', 'c|d', '(x)', 'plain'];
    const re = new RegExp(`^(?:${exactAlternation(values)})$`);
    for (const v of values) {
      expect(re.test(v)).toBe(true);
    }
    expect(re.test('aXb')).toBe(false);
    expect(re.test('c')).toBe(false);
  });
});
