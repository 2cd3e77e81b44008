import type { RuleGroup } from '../rules.js';

/**
 * A Prometheus rule file: YAML's block style, every string double-quoted as JSON quotes it.
 * YAML's double-quoted scalars take every JSON escape, so what Prometheus (or vmalert) loads is
 * exactly the PromQL the generator pinned, on one line; the characters YAML reads as line breaks
 * or may not hold unescaped (DEL, C1 controls, U+2028/2029, BOM, U+FFFE/FFFF), which JSON leaves
 * as they are, are escaped too. The `yaml` library took as long to render the rules as to read
 * them back to prove it had changed nothing (2.2 s of 2.9 s of rule generation for 150 SLOs, in a
 * CPU profile); this renders the 20 MiB of 1,000 SLOs' rules in 0.21 s (bench/slo-engine.ts), and
 * its tests read its output back with that library instead.
 */
export function renderRuleFile(groups: RuleGroup[], header?: string): string {
  const lines = header ? header.split('\n').map((line) => `# ${line}`) : [];
  block({ groups }, '', lines);
  return `${lines.join('\n')}\n`;
}

/** Appends the lines of a non-empty mapping or sequence at `indent`. */
function block(value: unknown, indent: string, lines: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isScalarOrEmpty(item)) {
        lines.push(`${indent}- ${inline(item)}`);
      } else {
        // The item's first line carries the dash: `- name: …`, its other lines under it.
        const first = lines.length;
        block(item, `${indent}  `, lines);
        lines[first] = `${indent}- ${lines[first]!.slice(indent.length + 2)}`;
      }
    }
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) {
      continue; // an optional field left out, as JSON leaves it out
    }
    if (isScalarOrEmpty(item)) {
      lines.push(`${indent}${mappingKey(key)}: ${inline(item)}`);
    } else {
      lines.push(`${indent}${mappingKey(key)}:`);
      block(item, `${indent}  `, lines);
    }
  }
}

function isScalarOrEmpty(value: unknown): boolean {
  return (
    typeof value !== 'object' ||
    value === null ||
    (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0)
  );
}

function inline(value: unknown): string {
  if (typeof value === 'string') {
    return quoted(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`a rule file cannot hold the number ${value}`);
    }
    return String(value);
  }
  if (typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'object' && value !== null) {
    return Array.isArray(value) ? '[]' : '{}';
  }
  throw new Error(`a rule file cannot hold ${String(value)}`);
}

/** Characters JSON.stringify leaves as they are but YAML reads as breaks or wants escaped. */
const YAML_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

function quoted(text: string): string {
  return JSON.stringify(text).replace(YAML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Keys as written when they are plain identifiers that no YAML version reads as anything but a
 * string (YAML 1.1 reads `on`, `y` or `null` as booleans and null); quoted otherwise.
 */
function mappingKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !YAML_11_WORDS.test(key) ? key : quoted(key);
}

const YAML_11_WORDS =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
