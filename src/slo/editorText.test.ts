import { jsonError, lineAndColumn, parseSloText, sloTemplate, sloText } from './editorText';

describe('SLO editor text', () => {
  it('round-trips a definition', () => {
    const entity = sloTemplate('checkout-api');
    expect(entity.metadata.name).toBe('checkout-api-availability');
    expect(entity.spec.sli.ratio?.total).toBe('http_requests_total{service="checkout-api"}');
    expect(parseSloText(sloText(entity))).toEqual({ ok: true, entity });
  });

  it('says where the JSON is broken', () => {
    const result = parseSloText('{\n  "kind": "SLO",\n  "spec": }');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/\(line 3, column 11\)$/);
  });

  it('refuses JSON that is not an object', () => {
    expect(parseSloText('[1]')).toEqual({ ok: false, message: 'an SLO definition is a JSON object' });
  });

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('jsonError', () => {
  it('finds the first mistake', () => {
    expect(jsonError('{"a": 1,}')).toEqual({ message: 'expected a string in double quotes, found "}"', offset: 8 });
    expect(jsonError('{"a" 1}')).toEqual({ message: 'expected ":", found "1"', offset: 5 });
    expect(jsonError('{"a": [1, 2}')).toEqual({ message: 'expected "," or "]", found "}"', offset: 11 });
    expect(jsonError('{"a": "x')).toEqual({ message: 'unexpected end of text, expected a closing "', offset: 8 });
    expect(jsonError('{"a": tru}')).toEqual({ message: 'expected a value, found "t"', offset: 6 });
    expect(jsonError('{} x')).toEqual({ message: 'expected the end of the text, found "x"', offset: 3 });
  });
  it('accepts valid JSON', () => {
    expect(jsonError('{"a": [1, -2.5e3, true, null, "q\\"x"], "b": {}}')).toBeUndefined();
  });
});
