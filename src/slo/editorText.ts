import type { SloEntity } from '../api/stewardClient';

/** A new SLO to start from: a ratio of 5xx responses to all responses of the service. */
export function sloTemplate(service = ''): SloEntity {
  const matcher = `service="${service || 'my-service'}"`;
  return {
    apiVersion: 'steward.dev/v1',
    kind: 'SLO',
    metadata: { name: service ? `${service}-availability` : '', title: '' },
    spec: {
      service,
      sli: {
        ratio: {
          bad: `http_requests_total{${matcher},code=~"5.."}`,
          total: `http_requests_total{${matcher}}`,
        },
      },
      objectives: [{ target: 99.9, window: '30d' }],
    },
  };
}

export function sloText(entity: SloEntity): string {
  return `${JSON.stringify(entity, null, 2)}\n`;
}

export type ParsedSlo = { ok: true; entity: SloEntity } | { ok: false; message: string };

/** Line and column (1-based) of a character offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/**
 * The editor's text as an SLO definition, or why it is not JSON (with line and column). Whether
 * it is a valid SLO is steward-server's to say: it answers per field.
 */
export function parseSloText(text: string): ParsedSlo {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const found = jsonError(text);
    if (!found) {
      return { ok: false, message: (error as Error).message };
    }
    const where = lineAndColumn(text, found.offset);
    return { ok: false, message: `${found.message} (line ${where.line}, column ${where.column})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'an SLO definition is a JSON object' };
  }
  return { ok: true, entity: value as SloEntity };
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Where JSON text first goes wrong, and what was expected there: browsers' JSON.parse messages
 * do not all give a position, and people editing JSON need one.
 */
export function jsonError(text: string): { message: string; offset: number } | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) {
      i++;
    }
  };
  const fail = (expected: string): never => {
    throw new JsonSyntaxError(
      i >= text.length
        ? `unexpected end of text, expected ${expected}`
        : `expected ${expected}, found ${JSON.stringify(text[i])}`,
      i
    );
  };
  const string = () => {
    if (text[i] !== '"') {
      fail('a string in double quotes');
    }
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
      } else if (text.charCodeAt(i) < 0x20) {
        fail('no line break inside a string (write \\n)');
      }
      i++;
    }
    if (i >= text.length) {
      fail('a closing "');
    }
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') {
          fail('":"');
        }
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('"," or "]"');
      }
    }
    if (c === '"') {
      string();
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    fail('a value');
  };
  try {
    value();
    ws();
    if (i < text.length) {
      fail('the end of the text');
    }
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return { message: error.message, offset: error.offset };
    }
    throw error;
  }
}
