import { describe, expect, it } from 'vitest';
import { checkPromQL } from './check-expression.js';
import { parseLabelMatcher } from './parse-matcher.js';
import { parseVectorSelector } from './parse-selector.js';
import { checkRe2, re2Matches } from './re2.js';

/**
 * Go's verdicts, from `promtool check rules` 2.42 on each pattern as a matcher (see
 * shared/research/exact-counts.md §4): JavaScript's RegExp gets a third of them wrong.
 */
const GO_ACCEPTS = ['5..', '(?i)abc', '\\z', '\\Qa.b\\E', '[[:alpha:]]', '\\pL', '(?P<n>a)', '\\x{e9}', 'é+', '(?s).*'];
const GO_REFUSES = [
  '5(0',
  '(a)\\1',
  '(?=a)',
  '(?!a)',
  '(?<=a)',
  'a++',
  'a**',
  'x{2}{3}',
  'a{1001}',
  '\\Z',
  '(?x)a',
  '(?>a)',
  '(?#c)',
  '\\h',
  '\\R',
  '\\G',
  '\\k<n>',
  '[[:foo:]]',
  '\\p{Foo}',
  '[z-a]',
  '\\C',
  '\\u00e9',
  '(?<n>a)', // Go 1.19, which Prometheus 2.42 is built with
  `${'('.repeat(1001)}a${')'.repeat(1001)}`,
];

describe('checkRe2', () => {
  it('agrees with Go’s regexp as Prometheus 2.42 uses it', () => {
    expect(GO_ACCEPTS.filter((p) => !checkRe2(p).ok)).toEqual([]);
    expect(GO_REFUSES.filter((p) => checkRe2(p).ok)).toEqual([]);
  });

  it('says why and where, and explains named groups', () => {
    expect(checkRe2('5(0')).toEqual({ ok: false, message: 'missing closing ): `5(0`', offset: 0 });
    expect(checkRe2('ab[z-a]')).toEqual({ ok: false, message: 'invalid character class range: `z-a`', offset: 3 });
    expect(checkRe2('x(?<n>a)')).toMatchObject({ ok: false, offset: 1, message: expect.stringContaining('(?P<name>') });
    // Escaped or inside a class, "(?<" is no group.
    expect(checkRe2('\\(?<a')).toEqual({ ok: true });
    expect(checkRe2('[(?<]+')).toEqual({ ok: true });
  });

  it('matches anchored, as Prometheus does', () => {
    expect(re2Matches('api-.*', 'api-gw')).toBe(true);
    expect(re2Matches('api-.*', 'my-api-gw')).toBe(false);
    expect(re2Matches('(?i)API', 'api')).toBe(true);
  });
});

describe('regex matchers wherever PromQL enters', () => {
  it('refuses them in a selector, at the regex’s column', () => {
    const text = 'http_requests_total{code=~"5(0"}';
    expect(parseVectorSelector(text)).toEqual({
      ok: false,
      message: 'has an invalid regular expression in code=~"5(0": missing closing ): `5(0`',
      column: text.indexOf('5(0') + 1,
    });
  });

  it('refuses them in a telemetry matcher', () => {
    expect(parseLabelMatcher('job=~"a{2}{3}"')).toEqual({
      ok: false,
      message: 'has an invalid regular expression in job=~"a{2}{3}": invalid nested repetition operator: `{2}{3}`',
      column: 8,
    });
  });

  it('refuses them anywhere in a query, negative matchers too, at line and column', () => {
    const query = 'sum(rate(x{a="1"}[5m]))\n/ sum(rate(x{b!~"(?<n>x)"}[5m]))';
    expect(checkPromQL(query)).toEqual([
      {
        message: expect.stringMatching(/^invalid regular expression in b!~"\(\?<n>x\)": named groups/),
        line: 2,
        column: 18,
      },
    ]);
  });
});
