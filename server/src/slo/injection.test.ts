import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { checkPromQL } from '../promql/check-expression.js';
import { hostileStrings } from '../promql/testing/hostile-strings.js';
import { parseVectorSelector } from '../promql/parse-selector.js';
import { stringLiteral } from '../promql/escape.js';
import type { SloEntity } from '@steward/contract/model/slo';
import { ruleGroups } from './rules.js';
import { edgeQueries, eventQueries } from './sli-queries.js';

/** Every series selector in a PromQL text, with its matchers' decoded values. */
function selectorsIn(query: string) {
  const found: Array<Array<{ name: string; op: string; value: string }>> = [];
  let errors = 0;
  parser.parse(query).iterate({
    enter: (node) => {
      errors += node.type.isError ? 1 : 0;
      if (node.name === 'VectorSelector') {
        const parsed = parseVectorSelector(query.slice(node.from, node.to));
        if (parsed.ok) {
          found.push(parsed.selector.matchers.map((m) => ({ name: m.name, op: m.op, value: m.value })));
        }
        return false;
      }
      return undefined;
    },
  });
  return { errors, found };
}

describe('hostile label values in SLO definitions (fuzz)', () => {
  it('stay inside their matcher in every generated query and rule, and keep their exact value', () => {
    let checked = 0;
    for (const value of hostileStrings(400)) {
      const bad = `http_requests_total{service=${stringLiteral(value)},code=~"5.."}`;
      const total = `http_requests_total{service=${stringLiteral(value)}}`;
      const slo: SloEntity = {
        apiVersion: 'steward.dev/v1',
        kind: 'SLO',
        metadata: { name: 'fuzz', title: value || 'fuzz' },
        spec: {
          service: 'checkout-api',
          sli: { ratio: { bad, total } },
          objectives: [{ target: 99 }],
          groupBy: ['route'],
        },
      };
      const stretches = [
        { kind: 'tile', seconds: 300 },
        { kind: 'window', seconds: 86_400 },
        { kind: 'tail', from: 1_700_000_000, seconds: 42 },
        { kind: 'tail', from: 'fine-mark' },
      ] as const;
      const edges = [
        [1_700_000_007.5, 1_700_000_000],
        [1_699_999_990, 1_700_000_000],
      ].flatMap(([t, mark]) => edgeQueries(slo.spec, t!, mark!).map((term) => term.expr));
      for (const query of [
        ...stretches.flatMap((stretch) => Object.values(eventQueries(slo.spec, stretch))),
        ...edges,
      ]) {
        const { errors, found } = selectorsIn(query);
        expect({ value, errors }).toEqual({ value, errors: 0 });
        for (const matchers of found) {
          expect(matchers.find((m) => m.name === 'service')).toEqual({ name: 'service', op: '=', value });
          expect(matchers.filter((m) => m.name === 'service')).toHaveLength(1);
        }
      }
      for (const group of ruleGroups({ slo, revision: 'r', recordFrom: 0, team: 'checkout' })) {
        for (const rule of group.rules) {
          expect({ value, problems: checkPromQL(rule.expr) }).toEqual({ value, problems: [] });
        }
      }
      checked++;
    }
    expect(checked).toBe(400);
  }, 240_000);
});
