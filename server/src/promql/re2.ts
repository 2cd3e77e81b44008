import { RE2JS, RE2JSSyntaxException } from 're2js';

export type Re2Check = { ok: true } | { ok: false; message: string; offset: number };

/**
 * Checks a label-matcher regex the way Prometheus compiles it: Go's RE2 syntax, anchored as
 * `^(?:re)$`. JavaScript's RegExp accepts backreferences and lookarounds and refuses `(?i)` or
 * `\z`, so it cannot stand in; re2js follows Go's parser. `offset` is where in `pattern` the
 * fault starts (0 when only the whole pattern can be blamed, e.g. a missing `)`).
 */
export function checkRe2(pattern: string): Re2Check {
  try {
    RE2JS.compile(anchored(pattern));
  } catch (error) {
    if (!(error instanceof RE2JSSyntaxException)) {
      throw error;
    }
    const fragment = error.input === null || error.input === anchored(pattern) ? pattern : error.input;
    const at = pattern.indexOf(fragment);
    return { ok: false, message: `${error.error}: \`${fragment}\``, offset: Math.max(0, at) };
  }
  const named = namedGroupAt(pattern);
  if (named !== undefined) {
    // Go's regexp learnt (?<name>…) only in Go 1.22; Prometheus 2.x builds before that (2.42 is
    // Go 1.19) refuse the whole rule file for it, so it is refused here whatever re2js accepts.
    return {
      ok: false,
      message: 'named groups written (?<name>…) are refused by Prometheus 2.x before Go 1.22; write (?P<name>…)',
      offset: named,
    };
  }
  return { ok: true };
}

/** Whether `value` matches the regex as a Prometheus matcher would (anchored); the regex must be valid. */
export function re2Matches(pattern: string, value: string): boolean {
  return RE2JS.compile(anchored(pattern)).matches(value);
}

function anchored(pattern: string): string {
  return `^(?:${pattern})$`;
}

/** Offset of a `(?<` group opener outside escapes and character classes, in a pattern RE2 accepts. */
function namedGroupAt(pattern: string): number | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      if (pattern[i + 1] === 'Q') {
        // \Q…\E quotes everything up to \E (or the end).
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 1;
      } else {
        i++;
      }
    } else if (inClass) {
      if (char === '[' && pattern[i + 1] === ':') {
        i = pattern.indexOf(':]', i + 2) + 1; // [:alpha:] inside a class
      } else if (char === ']') {
        inClass = false;
      }
    } else if (char === '[') {
      inClass = true;
      // A ] right after [ or [^ is a literal, not the end of the class.
      i += pattern[i + 1] === '^' ? 1 : 0;
      i += pattern[i + 1] === ']' ? 1 : 0;
    } else if (pattern.startsWith('(?<', i) && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
      return i;
    }
  }
  return undefined;
}
