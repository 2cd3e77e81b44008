import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { goTemplateProblem } from '../../server/src/slo/delivery/go-template.js';
import { PROMTOOL_ACCEPTS, PROMTOOL_REFUSES } from '../../server/src/slo/delivery/testing/promtool-verdicts.js';
import { seeded } from '../harness/seeded.js';
import { tempDir } from '../harness/temp-dir.js';

/**
 * Steward checks alert templates without Go; Prometheus's own parser (`promtool check rules`
 * 2.42) is the judge. On a seeded fuzz corpus the check must never pass a template Prometheus
 * refuses (that would block every reload), and should agree with it almost always.
 */
const run = promisify(execFile);
const work = tempDir('template-oracle');
afterAll(() => work.remove());

const PIECES = [
  '{{',
  '}}',
  '{{- ',
  ' -}}',
  ' ',
  'x',
  'if ',
  'else ',
  'end',
  'range ',
  'with ',
  '$labels.team',
  '$value',
  '.Value',
  '.Labels.x',
  ' | ',
  'printf "%.1f" ',
  'humanize ',
  '(',
  ')',
  '"s"',
  "'c'",
  '`raw`',
  '1.5',
  '$x := ',
  '$x',
  'nosuch ',
  '/* c */',
  'define "t"',
  'template "t"',
  'break',
  'len ',
  'eq 1 2',
  'nil',
  'true',
  '"\\q"',
  ',',
];

function corpus(count: number): string[] {
  const random = seeded(20261206);
  const templates = [...PROMTOOL_ACCEPTS, ...PROMTOOL_REFUSES.map(([t]) => t)];
  while (templates.length < count) {
    const length = 1 + random.int(9);
    templates.push(Array.from({ length }, () => random.pick(PIECES)).join(''));
  }
  return templates;
}

/** Indexes of the templates promtool refuses, from one rule file holding them all. */
async function refusedByPromtool(templates: string[]): Promise<Set<number>> {
  const file = join(work.path, 'templates.yml');
  const rules = templates.map((text, i) => ({ alert: `A${i}`, expr: 'up', annotations: { t: text } }));
  writeFileSync(file, stringify({ groups: [{ name: 'g', rules }] }, { lineWidth: 0 }));
  const output = await run('promtool', ['check', 'rules', file]).then(
    ({ stdout }) => stdout,
    (error: { stdout: string; stderr: string }) => `${error.stdout}\n${error.stderr}`
  );
  return new Set([...output.matchAll(/rule \d+, "A(\d+)": annotation "t"/g)].map((m) => Number(m[1])));
}

describe('alert templates, against promtool', () => {
  it('never passes a template Prometheus refuses, and agrees on nearly all', async () => {
    const templates = corpus(600);
    const refused = await refusedByPromtool(templates);
    // The known verdicts come first: the oracle itself is read right.
    const known = PROMTOOL_ACCEPTS.length + PROMTOOL_REFUSES.length;
    expect(templates.slice(0, known).map((_, i) => refused.has(i))).toEqual([
      ...PROMTOOL_ACCEPTS.map(() => false),
      ...PROMTOOL_REFUSES.map(() => true),
    ]);
    const passedButRefused = templates.filter((t, i) => refused.has(i) && goTemplateProblem(t) === undefined);
    const refusedButValid = templates.filter((t, i) => !refused.has(i) && goTemplateProblem(t) !== undefined);
    console.log(
      `${templates.length} templates: promtool refused ${refused.size}; Steward refused ${refusedButValid.length} that Prometheus accepts`
    );
    expect(passedButRefused).toEqual([]);
    expect(refusedButValid.length).toBeLessThan(templates.length * 0.02);
  });
});
