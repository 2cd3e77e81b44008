import type { TSchema } from 'typebox';
import Value from 'typebox/value';

export interface FieldError {
  /** Path segments of the offending value (object keys and array indexes). */
  path: Array<string | number>;
  message: string;
}

/**
 * Validates a value against a TypeBox schema and returns one readable error per field.
 * Union branches produce one error per branch; those are folded into a single
 * "must be one of …" message so the user sees what is allowed, not the validator's search.
 */
export function checkAgainstSchema(schema: TSchema, value: unknown): FieldError[] {
  const byPath = new Map<string, { path: Array<string | number>; messages: string[]; allowed: unknown[] }>();
  for (const error of Value.Errors(schema, value)) {
    if (error.keyword === 'boolean' && error.message === 'schema is false') {
      continue; // reported again, with the key's name, as additionalProperties
    }
    const path = pointerToPath(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperties?: string[] }).additionalProperties ?? [];
      for (const key of extra) {
        add(byPath, [...path, key], 'is not a known field');
      }
      continue;
    }
    if (error.keyword === 'required') {
      const missing = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      for (const key of missing) {
        add(byPath, [...path, key], 'is required');
      }
      continue;
    }
    const entry = add(byPath, path, undefined);
    if (error.keyword === 'const') {
      entry.allowed.push((error.params as { allowedValue?: unknown }).allowedValue);
    } else if (error.keyword === 'enum') {
      entry.allowed.push(...((error.params as { allowedValues?: unknown[] }).allowedValues ?? []));
    } else if (error.keyword !== 'anyOf' || entry.messages.length === 0) {
      entry.messages.push(error.message);
    }
  }
  return [...byPath.values()].map(({ path, messages, allowed }) => ({
    path,
    message:
      allowed.length > 0
        ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
        : [...new Set(messages.filter((m) => m !== 'must match a schema in anyOf'))].join('; ') ||
          'has an unexpected shape',
  }));
}

function add(
  byPath: Map<string, { path: Array<string | number>; messages: string[]; allowed: unknown[] }>,
  path: Array<string | number>,
  message: string | undefined
) {
  const key = JSON.stringify(path);
  let entry = byPath.get(key);
  if (!entry) {
    entry = { path, messages: [], allowed: [] };
    byPath.set(key, entry);
  }
  if (message) {
    entry.messages.push(message);
  }
  return entry;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') {
    return [];
  }
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function pathToField(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
