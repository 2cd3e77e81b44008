import { describe, expect, it } from 'vitest';
import { chunkedOr } from './status-queries.js';

describe('batched queries in requests of bounded size', () => {
  it('joins terms by `or` into queries of about the given size, every term once and in order', () => {
    const terms = Array.from({ length: 10 }, (_, i) => `t${i}{x="${'a'.repeat(10)}"}`);
    const queries = chunkedOr(terms, 60);
    expect(queries.length).toBeGreaterThan(1);
    expect(queries.every((q) => q.length <= 60)).toBe(true);
    expect(queries.flatMap((q) => q.split(' or '))).toEqual(terms);
    expect(chunkedOr(terms, 1_000_000)).toEqual([terms.join(' or ')]);
  });

  it('sends a term longer than the size alone, and nothing for no terms', () => {
    expect(chunkedOr(['short', 'x'.repeat(100), 'tail'], 50)).toEqual(['short', 'x'.repeat(100), 'tail']);
    expect(chunkedOr([])).toEqual([]);
  });
});
