export type HistoryState = 'pending' | 'filling' | 'filled' | 'failed' | 'off';

export interface RevisionRecord {
  slo: string;
  revision: string;
  /** Live recording counts from here on (seconds since the epoch). */
  recordFrom: number;
  createdAt: string;
  historyState: HistoryState;
  /** Earliest time the filled history covers. */
  historyFrom?: number;
  historyError?: string;
  historyAttempts: number;
  /**
   * Where live coarse tiles took over: the start of the stretch the first one counts. Set once
   * the seam between filled history and that point has been filled.
   */
  liveFrom?: number;
  /** The same for fine tiles (sooner: their group runs every 30 s). */
  fineLiveFrom?: number;
  updatedAt: string;
}

/**
 * Are the live tiles the revision's short windows read joined to its filled history? Fine ones
 * where the SLI has them, coarse ones otherwise.
 */
export function seamJoined(record: RevisionRecord, fineTiles: boolean): boolean {
  return fineTiles ? record.fineLiveFrom !== undefined : record.liveFrom !== undefined;
}

/**
 * Burn-rate alerts are held back from the tiles while these have a hole: history not filled
 * yet, or filled but not joined to live recording. A window with a hole reads the few minutes
 * it holds as if they were the whole window, and a burn well under the page factor pages for a
 * while; the page alerts read raw series meanwhile (see `ruleGroups`). A revision whose fill
 * failed alerts anyway, on the tiles it has (its status says why history is missing): holding
 * back its pages until an operator fixes Prometheus would be worse.
 */
export function burnAlertsHeld(record: RevisionRecord, fineTiles: boolean): boolean {
  switch (record.historyState) {
    case 'pending':
    case 'filling':
      return true;
    case 'filled':
      return !seamJoined(record, fineTiles);
    default:
      return false;
  }
}
