import type { SloStatusRow } from '../api/stewardClient';
import { freezesReleases } from '@steward/contract/budget-freeze';

/**
 * Whether the release gate refuses (non-exempt) deploys because of this status row, as
 * steward-server's gate decides: a first objective whose budget policy's freeze rule holds.
 * Rows of other objectives and SLOs without a policy never freeze.
 */
export function isFrozen(row: Pick<SloStatusRow, 'objective' | 'budgetPolicy' | 'budgetRemaining'>): boolean {
  return (
    row.objective.index === 0 &&
    row.budgetPolicy !== undefined &&
    freezesReleases(row.budgetRemaining, row.budgetPolicy)
  );
}
