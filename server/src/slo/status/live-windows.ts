import { SLO_EVALUATED_METRIC, SLO_LABELS, SLO_RECENT_METRIC, SLO_TILE_METRICS } from '../../conventions/slo.js';
import { exactAlternation, selector } from '../../promql/escape.js';
import { markAtOrBefore, SETTLE_SECONDS, TILES } from '../tiles.js';
import { compoundDuration, rangeJustUnder } from '../windows.js';

/**
 * The present status of many SLOs from what their fine groups record, in a constant number of
 * terms: no selector of an SLO's own raw series.
 *
 * Every evaluation E of an SLO's fine group stores, at E, its fine tile (the mark 15 to 45 s
 * before E), the events since that mark (`recent`) and then its own time (SLO_EVALUATED_METRIC).
 * A group evaluates on a fixed 30-second grid, so the 30 seconds before a moment hold exactly
 * one evaluation of it. For the last stored evaluation E, read at the end R of the 30-s step
 * holding it (E in (R − 30, R]):
 *
 *   events (E − W, E] = Σ fine tiles stored in (R − W, R] + recent(E) − recent(E − W)
 *
 * (the tiles of marks after E − W's mark, up to E's, telescope to the events between those
 * marks; the two recent counts move both ends from marks to evaluations). Both ends are then
 * exact moments — each evaluation's last sample — with neither raw selectors nor extrapolation.
 * A window whose start falls before live recording began (a new SLO, filled history) starts
 * instead at its nearest tile mark: its tiles up to a settled mark, then the fine tiles stored
 * since, then recent(E).
 *
 * Reading at R rather than at the moment asked for keeps the terms of one evaluation together:
 * an evaluation under way (its tile stored, its time not yet) is after R and is not read. The
 * windows end at E, at most 30 s before the moment asked for (more when Prometheus lags), and
 * each status row says so. Probes record no recent count: their windows end at the mark of E's
 * tile, the tiles alone. An evaluation Prometheus skipped (a restart) leaves its tile missing,
 * as it does for every reader of tiles, and, where it was E − W, the window starting at its mark.
 */

/** A status at most this long before now is the present one, read from recorded evaluations. */
export const LIVE_SECONDS = 15;

/** How far back the last evaluation is looked for: a group lagging more is read from raw series. */
export const EVALUATION_LOOKBACK_SECONDS = 90;

/** The fine group's interval: evaluations are this far apart. */
const STEP = TILES.fine.seconds;

/** The last evaluation of each revision's fine group: its time, by revision. */
export function evaluationsQuery(revisions: string[]): string {
  const series = selector(SLO_EVALUATED_METRIC, [
    { name: SLO_LABELS.revision, op: '=~', value: exactAlternation(revisions) },
  ]);
  return `max by (${SLO_LABELS.revision}) (last_over_time(${series}[${EVALUATION_LOOKBACK_SECONDS}s]))`;
}

export function readEvaluations(
  samples: Array<{ metric: Record<string, string>; value: number }>
): Map<string, number> {
  return new Map(
    samples
      .filter((s) => s.metric[SLO_LABELS.revision] && Number.isFinite(s.value))
      .map((s) => [s.metric[SLO_LABELS.revision]!, s.value] as const)
  );
}

/** R: the end of the 30-second step before `at` that holds the evaluation at `evaluatedAt`. */
export function readMoment(at: number, evaluatedAt: number): number {
  const steps = Math.max(0, Math.floor((at - evaluatedAt) / STEP + 1e-9));
  return Number((at - steps * STEP).toFixed(3));
}

/**
 * The last fine mark whose tile an evaluation at or before R surely stored: a tile is stored
 * less than 45 s after its mark, on the group's grid, which has a point in every 30 s.
 */
export function settledBy(readAt: number): number {
  return markAtOrBefore(readAt - SETTLE_SECONDS - STEP - 1, TILES.fine);
}

/** Whether fine tiles stored in (R − seconds, R] are all live ones, on the group's grid. */
export function recordedThroughout(readAt: number, seconds: number, fineLiveFrom: number | undefined): boolean {
  // The earliest tile read, and the mark of recent(E − W), are less than 75 s before R − W;
  // live tiles count the marks after fineLiveFrom.
  return fineLiveFrom !== undefined && readAt - seconds - SETTLE_SECONDS - 2 * STEP >= fineLiveFrom;
}

/** One recorded term, summed per revision and group (the team label summed away). */
export type LiveTerm =
  /** Fine tiles of marks after `from`, stored by `readAt`. */
  | { kind: 'after'; readAt: number; from: number }
  /** Fine tiles stored in (readAt − seconds, readAt]. */
  | { kind: 'window'; readAt: number; seconds: number }
  /** The events since its mark recorded by the evaluation in the 30 s up to readAt − shift. */
  | { kind: 'recent'; readAt: number; shift: number };

export function liveTermKey(term: LiveTerm): string {
  switch (term.kind) {
    case 'after':
      return `live:after:${term.from}@${term.readAt}`;
    case 'window':
      return `live:window:${term.seconds}@${term.readAt}`;
    case 'recent':
      return `live:recent:${term.shift}@${term.readAt}`;
  }
}

/** A term's PromQL over the given revisions, untagged. */
export function liveTermExpr(term: LiveTerm, revisions: string[]): string {
  const of = (metric: string) =>
    selector(metric, [{ name: SLO_LABELS.revision, op: '=~', value: exactAlternation(revisions) }]);
  const sum = (expr: string) => `sum without (${SLO_LABELS.team}) (${expr})`;
  const ms = (seconds: number) => compoundDuration(Math.round(seconds * 1000));
  switch (term.kind) {
    case 'after':
      // Their slots start at from + 45 s: ranges include both ends.
      return sum(
        `sum_over_time(${of(SLO_TILE_METRICS.fine)}[${ms(term.readAt - term.from - STEP - SETTLE_SECONDS)}] @ ${term.readAt})`
      );
    case 'window':
      return sum(`sum_over_time(${of(SLO_TILE_METRICS.fine)}[${rangeJustUnder(term.seconds)}] @ ${term.readAt})`);
    case 'recent':
      return sum(
        `last_over_time(${of(SLO_RECENT_METRIC)}[${rangeJustUnder(STEP)}] @ ${Number((term.readAt - term.shift).toFixed(3))})`
      );
  }
}
