import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hostileStrings } from '../../promql/testing/hostile-strings.js';
import type { RuleGroup } from '../rules.js';
import { renderRuleFile } from './rule-file.js';

const groups: RuleGroup[] = [
  {
    name: 'steward-slo:checkout:fine',
    interval: '30s',
    rules: [
      { record: 'steward:slo_events:tile30s', expr: 'sum(x{code=~"5.."})', labels: { slo: 'checkout', event: 'bad' } },
      {
        alert: 'SLOBurnRatePage',
        expr: 'a > 14.4',
        for: '2m',
        labels: {},
        annotations: { summary: 'Checkout burns {{ $value }}' },
      },
      { alert: 'SLONoData', expr: 'absent(x)', labels: { on: 'yes' }, annotations: {} },
    ],
  },
  { name: 'empty', interval: '5m', rules: [] },
];

describe('renderRuleFile', () => {
  it('writes block YAML with every string quoted as JSON quotes it, and leaves out what is unset', () => {
    expect(renderRuleFile(groups, 'Generated.\nDo not edit.')).toBe(
      [
        '# Generated.',
        '# Do not edit.',
        'groups:',
        '  - name: "steward-slo:checkout:fine"',
        '    interval: "30s"',
        '    rules:',
        '      - record: "steward:slo_events:tile30s"',
        '        expr: "sum(x{code=~\\"5..\\"})"',
        '        labels:',
        '          slo: "checkout"',
        '          event: "bad"',
        '      - alert: "SLOBurnRatePage"',
        '        expr: "a > 14.4"',
        '        for: "2m"',
        '        labels: {}',
        '        annotations:',
        '          summary: "Checkout burns {{ $value }}"',
        '      - alert: "SLONoData"',
        '        expr: "absent(x)"',
        '        labels:',
        '          "on": "yes"',
        '        annotations: {}',
        '  - name: "empty"',
        '    interval: "5m"',
        '    rules: []',
        '',
      ].join('\n')
    );
  });

  it.each(['1.1', '1.2'] as const)('reads back as written in YAML %s, whatever the strings hold', (version) => {
    const strings = [
      ...hostileStrings(400),
      '\u0085 NEL',
      'line\u2028separator',
      'paragraph\u2029separator',
      '\ufeffBOM',
      '\u0080\u009f C1',
      '\ufffe\uffff',
      '\u007f',
      'tab\tand\r\nbreaks',
      '# not a comment',
      '- not a list',
      'key: value',
      '&anchor *alias !tag',
      '~',
      'null',
      'yes',
      '0x1F',
      '1e3',
      '',
      ' leading and trailing ',
    ];
    const hostile = strings.map((text, i): RuleGroup => ({
      name: text,
      interval: '1m',
      rules: [
        { record: `r${i}`, expr: text, labels: { [`l${i}`]: text, n: text, y: text, Off: text } },
        { alert: text, expr: text, labels: { team: text }, annotations: { [`a${i}`]: text, description: text } },
      ],
    }));
    expect(parse(renderRuleFile(hostile, 'a header'), { version })).toEqual({ groups: hostile });
  });

  it('renders files of tens of MiB (the rules of 1,000 SLOs are 20 MiB)', () => {
    const many: RuleGroup[] = Array.from({ length: 2000 }, (_, g) => ({
      name: `g${g}`,
      interval: '30s',
      rules: Array.from({ length: 12 }, (_, r) => ({
        record: 'steward:slo_events:tile30s',
        expr: `sum(last_over_time(x{service="svc-${g}"}[1h]) - last_over_time(x{service="svc-${g}"}[1h] offset 30s))`,
        labels: { slo: `slo-${g}`, event: r % 2 ? 'bad' : 'total' },
      })),
    }));
    const text = renderRuleFile(many);
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(text.split('\n').filter((line) => line.startsWith('      - record: ')).length).toBe(2000 * 12);
  });
});
