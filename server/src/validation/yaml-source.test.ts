import { describe, expect, it } from 'vitest';
import { parseYaml } from './yaml-source.js';

describe('parseYaml', () => {
  it('locates nested fields and array items by line', () => {
    const { documents, issues } = parseYaml('a:\n  b:\n    - x\n    - y: 1\n', 'f.yaml');
    expect(issues).toEqual([]);
    expect(documents[0]!.locate(['a', 'b', 1, 'y'])).toEqual({ line: 4, column: 10 });
    expect(documents[0]!.locate(['a', 'missing'])).toEqual({ line: 2, column: 3 });
  });

  it('keeps the good documents of a multi-document file when one is broken', () => {
    const { documents, issues } = parseYaml('name: one\n---\nname: [two\n---\nname: three\n', 'multi.yaml');
    expect(documents.map((d) => d.value)).toEqual([{ name: 'one' }, { name: 'three' }]);
    expect(issues).toHaveLength(1);
    // The parser notices the unclosed flow sequence where the document ends.
    expect(issues[0]).toMatchObject({ source: 'multi.yaml', line: 4 });
  });

  it('rejects duplicate keys with their line', () => {
    const { issues } = parseYaml('a: 1\nb: 2\na: 3\n', 'dup.yaml');
    expect(issues[0]).toMatchObject({ source: 'dup.yaml', line: 3 });
  });
});
