import { describe, expect, it } from 'vitest';
import { selector } from './escape.js';
import { matcherMatches, parseLabelMatcher } from './parse-matcher.js';

describe('parseLabelMatcher', () => {
  it('parses equality and regex matchers in every quoting Prometheus accepts', () => {
    expect(parseLabelMatcher('service="checkout"')).toEqual({
      ok: true,
      matcher: { name: 'service', op: '=', value: 'checkout' },
    });
    expect(parseLabelMatcher("job=~'api-.*'")).toEqual({
      ok: true,
      matcher: { name: 'job', op: '=~', value: 'api-.*' },
    });
    expect(parseLabelMatcher('service_name=`a\\b`')).toEqual({
      ok: true,
      matcher: { name: 'service_name', op: '=', value: 'a\\b' },
    });
  });

  it('round-trips every value our own escaping produces', () => {
    for (const value of ['plain', 'qu"ote', 'back\\slash', 'new\nline', 'tab\t', '\u0001ctl', 'ünï ☃']) {
      const text = selector(undefined, [{ name: 'service', op: '=', value }]).slice(1, -1);
      expect(parseLabelMatcher(text)).toEqual({ ok: true, matcher: { name: 'service', op: '=', value } });
    }
  });

  it('rejects what is not exactly one selecting matcher, saying why', () => {
    expect(parseLabelMatcher('service=checkout')).toMatchObject({
      ok: false,
      message: expect.stringContaining('not a PromQL label matcher'),
    });
    expect(parseLabelMatcher('a="1",b="2"')).toMatchObject({ ok: false, message: 'must be exactly one label matcher' });
    expect(parseLabelMatcher('service!="x"')).toMatchObject({
      ok: false,
      message: expect.stringContaining('negative matchers'),
    });
    expect(parseLabelMatcher('job=~"(unclosed"')).toMatchObject({
      ok: false,
      message: expect.stringContaining('invalid regular expression'),
    });
    expect(parseLabelMatcher('service="x"} or vector(1) {a="b"')).toMatchObject({ ok: false });
  });

  it('matches values the way Prometheus does (regexes anchored)', () => {
    const re = { name: 'job', op: '=~' as const, value: 'api-.*' };
    expect(matcherMatches(re, 'api-gateway')).toBe(true);
    expect(matcherMatches(re, 'my-api-gateway')).toBe(false);
    expect(matcherMatches({ name: 's', op: '=', value: 'a' }, 'a')).toBe(true);
  });
});
