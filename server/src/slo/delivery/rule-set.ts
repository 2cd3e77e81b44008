import { RULE_GROUPS } from '../../conventions/slo.js';
import { checkPromQL } from '../../promql/check-expression.js';
import type { SloDefinition } from '../engine/slo-directory.js';
import { ruleGroups, type RuleContext, type RuleGroup } from '../rules.js';

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
 * Every active SLO's rule groups, one file per service; with a cache, only SLOs that changed are
 * generated and checked again. Each expression is checked with
 * Prometheus's PromQL analyser first: Prometheus refuses a whole reload for one bad file, so
 * an SLO whose rules would not load is left out (and reported) rather than written.
 */
export function buildRuleSet(active: ActiveSlo[], cache?: Map<string, SloRules>): RuleSet {
  const files = new Map<string, RuleGroup[]>();
  const errors = new Map<string, string>();
  const seen = new Set<string>();
  for (const slo of active) {
    const key = cacheKey(slo);
    seen.add(key);
    const rules = cache?.get(key) ?? rulesOf(slo);
    cache?.set(key, rules);
    if ('error' in rules) {
      errors.set(slo.definition.slo.metadata.name, rules.error);
      continue;
    }
    const file = fileNameFor(slo.definition.slo.spec.service);
    files.set(file, [...(files.get(file) ?? []), ...rules.groups]);
  }
  for (const key of cache?.keys() ?? []) {
    if (!seen.has(key)) {
      cache!.delete(key);
    }
  }
  for (const groups of files.values()) {
    groups.sort((a, b) => a.name.localeCompare(b.name));
  }
  return { files, errors };
}

/** One SLO's rule groups, or why it has none. */
export type SloRules = { groups: RuleGroup[] } | { error: string };

/** Everything an SLO's rules depend on: the same key, the same rules (checking them costs milliseconds each). */
function cacheKey({ definition, revision, recordFrom }: ActiveSlo): string {
  return JSON.stringify([
    definition.slo,
    revision,
    recordFrom,
    definition.team,
    definition.runbookUrl,
    definition.sloUrl,
  ]);
}

/** What rule generation needs besides the SLO: its revision, the owning team, links. */
export function ruleContextOf({ definition, revision, recordFrom }: ActiveSlo): RuleContext {
  return {
    slo: definition.slo,
    revision,
    recordFrom,
    ...(definition.team ? { team: definition.team } : {}),
    ...(definition.runbookUrl ? { runbookUrl: definition.runbookUrl } : {}),
    ...(definition.sloUrl ? { sloUrl: definition.sloUrl } : {}),
  };
}

function rulesOf(slo: ActiveSlo): SloRules {
  let groups: RuleGroup[];
  try {
    groups = ruleGroups(ruleContextOf(slo));
  } catch (error) {
    return { error: `rules could not be generated: ${(error as Error).message}` };
  }
  const problem = groups
    .flatMap((group) => group.rules)
    .map((rule) => ({ rule, problems: checkPromQL(rule.expr) }))
    .find((checked) => checked.problems.length > 0);
  if (problem) {
    return { error: `a generated rule does not parse (${problem.problems[0]!.message}); its rules were not written` };
  }
  return { groups };
}

function fileNameFor(service: string): string {
  return `${RULE_GROUPS.filePrefix}${service}.yml`;
}
