import { describe, expect, it } from 'vitest';
import { goTemplateProblem } from './go-template.js';
import { PROMTOOL_ACCEPTS, PROMTOOL_REFUSES } from './testing/promtool-verdicts.js';

describe('goTemplateProblem', () => {
  it.each(PROMTOOL_ACCEPTS)('accepts %j, as Prometheus does', (text) => {
    expect(goTemplateProblem(text)).toBeUndefined();
  });

  it.each(PROMTOOL_REFUSES)('refuses %j: %s', (text, reason) => {
    expect(goTemplateProblem(text)).toContain(reason);
  });
});
