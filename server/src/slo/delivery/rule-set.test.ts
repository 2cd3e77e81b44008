import { describe, expect, it } from 'vitest';
import type { SloEntity } from '@steward/contract/model/slo';
import { countingHash } from '../revision.js';
import type { RuleGroup } from '../rules.js';
import { checkRuleFile } from './check-rule-file.js';
import { buildRuleSet, type ActiveSlo } from './rule-set.js';

const active = (name: string, alerting: SloEntity['spec']['alerting'] = {}): ActiveSlo => {
  const slo: SloEntity = {
    apiVersion: 'steward.dev/v1',
    kind: 'SLO',
    metadata: { name },
    spec: {
      service: 'checkout-api',
      sli: { ratio: { bad: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } },
      objectives: [{ target: 99.9, window: '30d' }],
      alerting,
    },
  };
  return {
    definition: { slo, origin: { source: 'api' }, counted: countingHash(slo), team: 'checkout' },
    revision: 'r1',
    recordFrom: 0,
  };
};

describe('buildRuleSet', () => {
  it('puts each SLO in a file of its own, and keeps the last good file of one whose rules would not load', () => {
    // Validation refuses such annotations at the door; this is the check behind it.
    const set = buildRuleSet([active('good'), active('broken', { annotations: { summary: '{{ if .Value }}' } })]);
    expect([...set.files.keys()]).toEqual(['steward-slo-good.yml']);
    expect(set.errors.get('broken')).toBe(
      'its new rules would not load in Prometheus (steward-slo-broken.yml groups[0].rules[19].annotations.summary: ' +
        'is not a valid Go template: unexpected EOF; and 3 more); they were not written, and the last good rules stay in place'
    );
    expect(set.kept).toEqual({
      files: new Set(['steward-slo-broken.yml']),
      groups: new Set(['steward-slo:broken:fine', 'steward-slo:broken:coarse']),
    });
  });
});

describe('checkRuleFile', () => {
  const rule = (extra: object) => ({ alert: 'A', expr: 'up', labels: {}, annotations: {}, ...extra });
  const file = (...rules: object[]): RuleGroup[] => [{ name: 'g', interval: '1m', rules: rules as RuleGroup['rules'] }];

  it('passes what Prometheus loads', () => {
    expect(checkRuleFile(file(rule({ annotations: { summary: '{{ $value }} ☃' } })))).toEqual([]);
  });

  it('names every problem Prometheus would refuse the file for, with where it is', () => {
    const groups: RuleGroup[] = [
      ...file(rule({ expr: 'up{job=~"5(0"}', labels: { 'bad-name': 'x', team: '{{ $nope }}' } })),
      { name: 'g', interval: '90 seconds', rules: [{ record: 'not a metric', expr: 'sum(', labels: {} }] },
    ];
    expect(checkRuleFile(groups)).toEqual([
      {
        field: 'groups[0].rules[0].expr',
        message: expect.stringContaining('invalid regular expression in job=~"5(0": missing closing )'),
      },
      { field: 'groups[0].rules[0].labels', message: '"bad-name" is not a valid label name' },
      { field: 'groups[0].rules[0].labels.team', message: 'is not a valid Go template: undefined variable "$nope"' },
      { field: 'groups[1].name', message: '"g" is repeated in the same file' },
      { field: 'groups[1].interval', message: '"90 seconds" is not a Prometheus duration' },
      { field: 'groups[1].rules[0].expr', message: expect.stringContaining('unable to find the parameter') },
      { field: 'groups[1].rules[0].expr', message: expect.stringContaining('syntax error') },
      { field: 'groups[1].rules[0].record', message: '"not a metric" is not a valid metric name' },
    ]);
  });

  it('refuses text that cannot be written as UTF-8', () => {
    expect(checkRuleFile(file(rule({ annotations: { summary: 'half \ud800 a pair' } })))).toEqual([
      { field: 'groups[0].rules[0].annotations.summary', message: expect.stringContaining('half of a surrogate pair') },
    ]);
  });
});
