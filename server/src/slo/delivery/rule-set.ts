import { RULE_GROUPS } from '../../conventions/slo.js';
import { checkPromQL } from '../../promql/check-expression.js';
import type { SloDefinition } from '../engine/slo-directory.js';
import { ruleGroups, type RuleGroup } from '../rules.js';

export interface ActiveSlo {
  definition: SloDefinition;
  revision: string;
  recordFrom: number;
}

export interface RuleSet {
  /** Rule groups per file name, one file per service. */
  files: Map<string, RuleGroup[]>;
  /** SLOs left out, with why: their rules would not load. */
  errors: Map<string, string>;
}

/**
 * Every active SLO's rule groups, one file per service. Each expression is checked with
 * Prometheus's PromQL analyser first: Prometheus refuses a whole reload for one bad file, so
 * an SLO whose rules would not load is left out (and reported) rather than written.
 */
export function buildRuleSet(active: ActiveSlo[]): RuleSet {
  const files = new Map<string, RuleGroup[]>();
  const errors = new Map<string, string>();
  for (const { definition, revision, recordFrom } of active) {
    const name = definition.slo.metadata.name;
    let groups: RuleGroup[];
    try {
      groups = ruleGroups({
        slo: definition.slo,
        revision,
        recordFrom,
        ...(definition.team ? { team: definition.team } : {}),
        ...(definition.service?.metadata.title ? { serviceTitle: definition.service.metadata.title } : {}),
        ...(definition.runbookUrl ? { runbookUrl: definition.runbookUrl } : {}),
        ...(definition.sloUrl ? { sloUrl: definition.sloUrl } : {}),
      });
    } catch (error) {
      errors.set(name, `rules could not be generated: ${(error as Error).message}`);
      continue;
    }
    const problem = groups
      .flatMap((group) => group.rules)
      .map((rule) => ({ rule, problems: checkPromQL(rule.expr) }))
      .find((checked) => checked.problems.length > 0);
    if (problem) {
      errors.set(name, `a generated rule does not parse (${problem.problems[0]!.message}); its rules were not written`);
      continue;
    }
    const file = fileNameFor(definition.slo.spec.service);
    files.set(file, [...(files.get(file) ?? []), ...groups]);
  }
  for (const groups of files.values()) {
    groups.sort((a, b) => a.name.localeCompare(b.name));
  }
  return { files, errors };
}

export function fileNameFor(service: string): string {
  return `${RULE_GROUPS.filePrefix}${service}.yml`;
}
