import { RULE_GROUPS } from '../../conventions/slo.js';
import type { SloDefinition } from '../engine/slo-directory.js';
import { ruleGroups, type RuleContext, type RuleGroup } from '../rules.js';
import { checkRuleFile } from './check-rule-file.js';

export interface ActiveSlo {
  definition: SloDefinition;
  revision: string;
  recordFrom: number;
  /** Burn-rate alerts left out for now: the tiles they read have a hole (burnAlertsHeld). */
  burnAlertsHeld?: boolean;
}

export interface RuleSet {
  /** Rule groups per file name, one file per SLO. */
  files: Map<string, RuleGroup[]>;
  /** SLOs whose new rules would not load, with why: their last good file stays as it is. */
  errors: Map<string, string>;
  /** The files of those SLOs, and their rule groups: a target keeps them rather than removing them. */
  kept: { files: Set<string>; groups: Set<string> };
}

/**
 * Every active SLO's rule groups, each SLO in a file of its own, so one SLO's rules can never
 * stop another's from loading; with a cache, only SLOs that changed are generated and checked
 * again. Each file is checked whole as Prometheus loads it (checkRuleFile) first: Prometheus
 * refuses a whole reload for one bad file, so an SLO whose new rules would not load is left
 * out and reported, and its last good file stays in place.
 */
export function buildRuleSet(active: ActiveSlo[], cache?: Map<string, SloRules>): RuleSet {
  const files = new Map<string, RuleGroup[]>();
  const errors = new Map<string, string>();
  const kept = { files: new Set<string>(), groups: new Set<string>() };
  const seen = new Set<string>();
  for (const slo of active) {
    const key = cacheKey(slo);
    seen.add(key);
    const rules = cache?.get(key) ?? rulesOf(slo);
    cache?.set(key, rules);
    const name = slo.definition.slo.metadata.name;
    if ('error' in rules) {
      errors.set(name, rules.error);
      kept.files.add(RULE_GROUPS.file(name));
      kept.groups.add(RULE_GROUPS.fine(name)).add(RULE_GROUPS.coarse(name));
      continue;
    }
    files.set(RULE_GROUPS.file(name), rules.groups);
  }
  for (const key of cache?.keys() ?? []) {
    if (!seen.has(key)) {
      cache!.delete(key);
    }
  }
  return { files, errors, kept };
}

/** One SLO's rule groups, or why it has none. */
export type SloRules = { groups: RuleGroup[] } | { error: string };

/** Everything an SLO's rules depend on: the same key, the same rules (checking them costs milliseconds each). */
function cacheKey({ definition, revision, recordFrom, burnAlertsHeld }: ActiveSlo): string {
  return JSON.stringify([
    definition.slo,
    revision,
    recordFrom,
    burnAlertsHeld ?? false,
    definition.team,
    definition.runbookUrl,
    definition.sloUrl,
  ]);
}

/** What rule generation needs besides the SLO: its revision, the owning team, links. */
export function ruleContextOf({ definition, revision, recordFrom, burnAlertsHeld }: ActiveSlo): RuleContext {
  return {
    slo: definition.slo,
    revision,
    recordFrom,
    ...(burnAlertsHeld ? { burnAlertsHeld } : {}),
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
    return {
      error: `rules could not be generated: ${(error as Error).message}; the last good rules stay in place`,
    };
  }
  const problems = checkRuleFile(groups);
  if (problems.length > 0) {
    const first = problems[0]!;
    return {
      error:
        `its new rules would not load in Prometheus (${RULE_GROUPS.file(slo.definition.slo.metadata.name)}` +
        `${first.field ? ` ${first.field}` : ''}: ${first.message}${problems.length > 1 ? `; and ${problems.length - 1} more` : ''}); ` +
        'they were not written, and the last good rules stay in place',
    };
  }
  return { groups };
}
