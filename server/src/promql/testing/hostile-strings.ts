/** For tests: deterministic pseudo-random strings rich in characters that could end or add a matcher. */
export function* hostileStrings(count: number): Generator<string> {
  const alphabet = [
    '"',
    '\\',
    '}',
    '{',
    ',',
    '=',
    '~',
    '!',
    "'",
    '`',
    '\n',
    '\r',
    '\t',
    '\u0000',
    '\u007f',
    'a',
    'é',
    '😀',
    ' ',
    'x="y"',
    '"}or{',
    '\\"',
  ];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < count; i++) {
    const length = next() % 12;
    let s = '';
    for (let j = 0; j < length; j++) {
      s += alphabet[next() % alphabet.length];
    }
    yield s;
  }
}
