import type { SloSpec } from '@steward/contract/model/slo';
import {
  budgetRatio,
  DEFAULT_SEVERITIES,
  durationLabel,
  nominalSeconds,
  parseShortDuration,
  roundSignificant,
  windowOf,
  WORKBOOK_PAIRS,
  workbookFactor,
  type BurnPair,
} from './windows.js';

/**
 * The burn-rate pairs an SLO alerts on, for its first objective: the SRE Workbook's page and
 * ticket pairs (unless switched off), scaled to the objective's window, then its own conditions.
 */
export function burnPairs(spec: SloSpec): BurnPair[] {
  const alerting = spec.alerting ?? {};
  if (alerting.enabled === false) {
    return [];
  }
  const windowSeconds = nominalSeconds(windowOf(spec.objectives[0]!));
  const pairs: BurnPair[] = [];
  for (const tier of ['page', 'ticket'] as const) {
    const settings = alerting[tier];
    if (settings?.enabled === false) {
      continue;
    }
    for (const pair of WORKBOOK_PAIRS[tier]) {
      pairs.push({
        tier,
        severity: settings?.severity ?? DEFAULT_SEVERITIES[tier],
        longSeconds: pair.longSeconds,
        shortSeconds: pair.shortSeconds,
        factor: workbookFactor(pair.budgetShare, windowSeconds, pair.longSeconds),
        budgetShare: pair.budgetShare,
      });
    }
  }
  for (const condition of alerting.conditions ?? []) {
    pairs.push({
      tier: condition.name,
      severity: condition.severity,
      longSeconds: parseShortDuration(condition.window),
      ...(condition.shortWindow ? { shortSeconds: parseShortDuration(condition.shortWindow) } : {}),
      factor: condition.burnRate,
      budgetShare: roundSignificant((condition.burnRate * parseShortDuration(condition.window)) / windowSeconds),
      ...(condition.for ? { forSeconds: parseShortDuration(condition.for) } : {}),
    });
  }
  return pairs;
}

/**
 * Pairs that can never fire: the error ratio would have to exceed 100%. The SRE Workbook's
 * example is a 90% objective, which cannot fire the 14.4× page at all.
 */
export function impossiblePairs(spec: SloSpec): Array<{ pair: BurnPair; message: string }> {
  const budget = budgetRatio(spec.objectives[0]!.target);
  return burnPairs(spec)
    .filter((pair) => pair.factor * budget >= 1)
    .map((pair) => ({
      pair,
      message: `the ${pair.tier} alert at ${pair.factor}× over ${durationLabel(pair.longSeconds)} can never fire for a ${spec.objectives[0]!.target}% objective: more than ${Math.round(pair.factor * budget * 100)}% of events would have to be bad`,
    }));
}
