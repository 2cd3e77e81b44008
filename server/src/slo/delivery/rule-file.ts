import { stringify } from 'yaml';
import type { RuleGroup } from '../rules.js';

/**
 * A Prometheus rule file. Long expressions stay on one line (no folding), so what Prometheus
 * loads is exactly the PromQL the generator pinned.
 */
export function renderRuleFile(groups: RuleGroup[], header?: string): string {
  const body = stringify({ groups }, { lineWidth: 0, version: '1.1' });
  return header
    ? `${header
        .split('\n')
        .map((line) => `# ${line}`)
        .join('\n')}\n${body}`
    : body;
}
