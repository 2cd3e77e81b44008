import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { authProblems, tlsProblems } from '../backends/credentials.js';
import { InvalidInputError, type InputIssue } from '../validation/issue.js';
import { checkAgainstSchema, pathToField } from '../validation/schema-check.js';
import { parseYaml } from '../validation/yaml-source.js';
import { ConfigSchema, ENVIRONMENT, type Config } from './schema.js';

type Env = Record<string, string | undefined>;

/**
 * Builds the configuration from an optional YAML file (`STEWARD_CONFIG`) and `STEWARD_*`
 * variables, which win over the file. Every problem is reported at once, each naming the
 * file and line or the variable it came from.
 */
export function loadConfig(env: Env, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): Config {
  const issues: InputIssue[] = [];
  const fileName = env.STEWARD_CONFIG;
  let fromFile: Record<string, unknown> = {};
  let locateInFile: ((path: Array<string | number>) => { line: number; column: number }) | undefined;

  if (fileName) {
    let text: string | undefined;
    try {
      text = readFile(fileName);
    } catch (error) {
      issues.push({ source: fileName, field: '', message: `cannot read the file (${(error as Error).message})` });
    }
    if (text !== undefined) {
      const parsed = parseYaml(text, fileName);
      issues.push(...parsed.issues);
      const doc = parsed.documents[0];
      if (doc && (typeof doc.value !== 'object' || doc.value === null || Array.isArray(doc.value))) {
        issues.push({ source: fileName, field: '', line: 1, message: 'must be a YAML mapping' });
      } else if (doc) {
        fromFile = doc.value as Record<string, unknown>;
        locateInFile = doc.locate;
      }
    }
  }

  const merged = structuredClone(fromFile);
  const setFromEnv = new Map<string, string>(); // field → variable name
  for (const [name, { path, kind }] of Object.entries(ENVIRONMENT)) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      continue;
    }
    const value = convert(raw, kind);
    if (value === undefined) {
      issues.push({
        source: name,
        field: '',
        message: `must be ${kind === 'integer' ? 'an integer' : 'true or false'}, got "${raw}"`,
      });
      continue;
    }
    setIn(merged, path, value);
    setFromEnv.set(pathToField(path), name);
  }

  const withDefaults = Value.Default(ConfigSchema, merged);
  for (const error of checkAgainstSchema(ConfigSchema, withDefaults)) {
    const field = pathToField(error.path);
    const variable = setFromEnv.get(field);
    if (variable) {
      issues.push({ source: variable, field: '', message: error.message });
    } else if (locateInFile && error.path.length > 0 && hasPath(fromFile, error.path.slice(0, 1))) {
      issues.push({ source: fileName!, field, message: error.message, ...locateInFile(error.path) });
    } else {
      issues.push({ source: fileName ?? 'configuration', field, message: `${error.message}${hint(error.path)}` });
    }
  }
  // Backend settings that only make sense together, and TLS files, read now: a server that starts
  // can reach its backends as configured.
  const valid = issues.length === 0;
  for (const backend of ['prometheus', 'alertmanager'] as const) {
    const { auth, tls } = (withDefaults as Config)[backend] ?? {};
    const problems = valid
      ? [
          ...authProblems(auth).map((p) => ({ ...p, path: [backend, 'auth', p.field] })),
          ...tlsProblems(tls, readFile).map((p) => ({ ...p, path: [backend, 'tls', p.field] })),
        ]
      : [];
    for (const { path, message } of problems) {
      const field = path.join('.');
      const variable = setFromEnv.get(field);
      issues.push({
        source: variable ?? (fileName && hasPath(fromFile, path.slice(0, 2)) ? fileName : 'configuration'),
        field,
        message,
        ...(!variable && locateInFile && hasPath(fromFile, path) ? locateInFile(path) : {}),
      });
    }
  }
  if (issues.length > 0) {
    issues.sort((a, b) => (a.source === b.source ? (a.line ?? 0) - (b.line ?? 0) : 0));
    throw new InvalidInputError(issues);
  }
  return withDefaults as Config;
}

function hint(path: Array<string | number>): string {
  const variable = Object.entries(ENVIRONMENT).find(([, spec]) => spec.path.join('.') === path.join('.'))?.[0];
  return variable ? ` (set ${variable})` : '';
}

function convert(raw: string, kind: 'string' | 'integer' | 'boolean' | 'list'): unknown {
  if (kind === 'string') {
    return raw;
  }
  if (kind === 'list') {
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }
  if (kind === 'integer') {
    return /^-?\d+$/.test(raw.trim()) ? Number(raw) : undefined;
  }
  const lower = raw.trim().toLowerCase();
  return lower === 'true' || lower === '1' ? true : lower === 'false' || lower === '0' ? false : undefined;
}

function setIn(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function hasPath(value: unknown, path: Array<string | number>): boolean {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) {
      return false;
    }
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}
