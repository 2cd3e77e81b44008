import { describe, expect, it } from 'vitest';
import { checkPromQL } from './check-expression.js';

describe('checkPromQL', () => {
  it('passes valid PromQL and reports the analyser’s messages with their positions', () => {
    expect(checkPromQL('sum by (route) (increase(http_requests_total{code=~"5.."}[5m]))')).toEqual([]);
    expect(checkPromQL('sum(rate(x))')).toEqual([
      { message: 'expected type matrix in call to function "rate", got vector', line: 1, column: 10 },
    ]);
    expect(checkPromQL('sum(x')).toEqual([
      { message: 'syntax error: unexpected end of expression', line: 1, column: 6 },
    ]);
  });

  it('checks a long expression completely, not as far as a time budget allows', () => {
    const long = Array.from({ length: 150 }, (_, i) => `sum(rate(requests_${i}_total[5m]))`).join(' + ');
    expect(checkPromQL(long)).toEqual([]);
    expect(checkPromQL(`${long} + rate(x)`)).toHaveLength(1);
  });

  it('refuses deep nesting quickly instead of analysing it for seconds', () => {
    const bomb = `${'('.repeat(2000)}x${')'.repeat(2000)}`;
    const started = Date.now();
    const problems = checkPromQL(bomb);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(problems[0]).toEqual({ message: 'nests deeper than 32 levels; simplify the query', line: 1, column: 33 });
    expect(checkPromQL(`${'abs('.repeat(32)}x${')'.repeat(32)}`)).toEqual([]);
  });

  it('gives an expression that differs from a valid one only in equality matcher values the same verdict as a full check would', () => {
    const shaped = (value: string) => `sum(rate(http_requests_total{service="${value}",code=~"5.."}[5m]))`;
    expect(checkPromQL(shaped('checkout'))).toEqual([]);
    expect(checkPromQL(shaped('payments'))).toEqual([]);
    // Only the values are left out of the shape: what they hold can still make an expression invalid.
    expect(checkPromQL('{service="checkout"}')).toEqual([]);
    expect(checkPromQL('{service=""}')).toHaveLength(1); // no non-empty matcher
    expect(checkPromQL('x{service=~"checkout"}')).toEqual([]);
    expect(checkPromQL('x{service=~"("}')).toHaveLength(1); // regexes are part of the shape
    expect(checkPromQL('x{service="a"} + rate(x{service="b"})')).toHaveLength(1);
    expect(checkPromQL('x{service="a\\q"}')).toEqual([
      { message: 'invalid escape sequence in a string (Go string escapes only)', line: 1, column: 11 },
    ]);
    expect(checkPromQL('x{service="\\101\\x42\\u0043\\U0001F600"}')).toEqual([]); // Go's escapes, all of them
    expect(checkPromQL('x{service="a"} # "unterminated')).toEqual([]);
    expect(checkPromQL('x{service="a"} # "unterminated\n + rate(x)')).toHaveLength(1);
    expect(checkPromQL('x{service="a\\nb"}')).toEqual([]);
    expect(checkPromQL('x{service="a\nb"}')).not.toEqual([]); // a newline inside a string: refused
  });
});
