/**
 * The release gate's freeze rule, shared by steward-server's gate (slo/gate.ts) and the
 * datasource's "frozen only" filter: a budget at or below the policy's freeze line (percent of
 * the budget left, 0 by default) freezes releases; an unknown budget freezes them only under
 * `whenUnknown: deny`.
 */
export function freezesReleases(
  budgetRemaining: number | null,
  policy: { freezeBelow?: number; whenUnknown?: 'allow' | 'deny' }
): boolean {
  if (budgetRemaining === null) {
    return policy.whenUnknown === 'deny';
  }
  return budgetRemaining * 100 <= (policy.freezeBelow ?? 0);
}
