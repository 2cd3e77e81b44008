import { SLO_TILE_METRICS } from '../conventions/slo.js';
import { compoundDuration } from './windows.js';

/**
 * Tiles: how Steward records event counts so that they add up exactly.
 *
 * A tile of length s counts the events of one stretch (m − s, m] between two absolute marks
 * (multiples of s): per series, the last sample at or before m minus the last sample at or
 * before m − s. Neighbouring tiles share their marks, so the tiles of any span telescope to the
 * difference between the samples at its two ends, whatever the scrape interval, jitter or
 * phase. Marks are absolute, so every reader knows which stretches exist without asking.
 *
 * The tile of mark m is counted `SETTLE_SECONDS` after it (scrapes stamped at or before m are
 * stored by then) and stored at a time within its slot, [m + settle, m + settle + s): live
 * tiles where their rule group's evaluation falls, filled ones a second into the slot.
 */

export type TileKind = 'fine' | 'coarse';

export interface Tile {
  kind: TileKind;
  seconds: number;
  metric: string;
  /** The recording group's interval. */
  interval: string;
}

export const TILES: Record<TileKind, Tile> = {
  fine: { kind: 'fine', seconds: 30, metric: SLO_TILE_METRICS.fine, interval: '30s' },
  coarse: { kind: 'coarse', seconds: 300, metric: SLO_TILE_METRICS.coarse, interval: '5m' },
};

/** A scrape is stamped when it starts and may take up to its timeout (10 s by default). */
export const SETTLE_SECONDS = 15;

/** How late a rule group's evaluation may run before its tile is taken for missing. */
const EVALUATION_LAG_SECONDS = 15;

/**
 * How far back the last sample before a mark is looked for: a series that misses scrapes (a
 * target down, stale markers) for up to this long loses nothing it counted meanwhile.
 */
export const SAMPLE_LOOKBACK_SECONDS = 3600;

/** Windows up to this long (the paging windows) are summed from fine tiles, longer ones from coarse. */
export const FINE_WINDOW_MAX_SECONDS = 6 * 3600;

/**
 * Fine tiles are filled this far back for a new revision: past the longest burn-rate window
 * (3 days), so its start is placed to within 15 s too.
 */
export const FINE_HISTORY_SECONDS = 3 * 86_400 + 3600;

/**
 * The mark a new revision's live tiles count after, for a revision activated at `at`: one slot
 * and a minute before it. A live tile counts a mark only after recordFrom (filled history holds
 * the ones before), and the first evaluation of a coarse group, anywhere in the 5 minutes after
 * its rules load, then always counts one: the seam closes at that evaluation, not possibly at the
 * one after it. The minute lets every scrape up to recordFrom be stored before history is filled.
 * Until the seams are filled the tiles after recordFrom have a hole; burn-rate alerts do not read
 * tiles meanwhile (burnAlertsHeld), so the hole's size pages nobody.
 */
export function recordFromFor(at: number): number {
  return markAtOrBefore(at - 60 - TILES.coarse.seconds - SETTLE_SECONDS, TILES.coarse);
}

export function tileFor(windowSeconds: number): Tile {
  return windowSeconds <= FINE_WINDOW_MAX_SECONDS ? TILES.fine : TILES.coarse;
}

export function markAtOrBefore(t: number, tile: Tile): number {
  return Math.floor(t / tile.seconds) * tile.seconds;
}

export function nearestMark(t: number, tile: Tile): number {
  return Math.round(t / tile.seconds) * tile.seconds;
}

export function slotStart(mark: number): number {
  return mark + SETTLE_SECONDS;
}

/**
 * Where a filled tile of mark `mark` is stored: inside its slot, not on its start, which is the
 * left end of the ranges that read the slot. Prometheus 2 counts a sample on a range's left end,
 * VictoriaMetrics and Prometheus 3 do not; a second in, every engine counts it once.
 */
export function filledAt(mark: number): number {
  return slotStart(mark) + 1;
}

/**
 * The last mark whose tile is surely stored at `at`, on a clock reading `now`: tiles of marks
 * less than a slot and an evaluation's lag before now may not be written yet.
 */
export function settledMark(tile: Tile, at: number, now: number): number {
  return markAtOrBefore(Math.min(at, now - SETTLE_SECONDS - tile.seconds - EVALUATION_LAG_SECONDS), tile);
}

/**
 * The range and `@` time that select exactly the tiles of marks in (from, to]: their slots
 * cover [from + s + settle, to + s + settle), and ranges include both ends in Prometheus 2.
 */
export function coverage(tile: Tile, from: number, to: number): { range: string; at: number } {
  const end = to + tile.seconds + SETTLE_SECONDS;
  return { range: compoundDuration(Math.round((to - from) * 1000) - 1), at: Number((end - 0.001).toFixed(3)) };
}

/**
 * The recording expression of a tile: `counts` evaluated at the mark of the tile being
 * recorded, through a one-step subquery (whose steps are multiples of the tile's length).
 */
export function atTileMark(tile: Tile, counts: string): string {
  const step = `${tile.seconds}s`;
  return `last_over_time((${counts})[${step}:${step}] offset ${SETTLE_SECONDS}s)`;
}

/**
 * The tiles of the `seconds` before each step of a range query, for charts: those of marks in
 * (t − seconds, t] when the step t is on a mark, or up to the next mark otherwise. The range is
 * moved forward by a slot, since a tile is stored after its mark (a negative offset: Prometheus
 * 2.33 and later, Mimir and VictoriaMetrics take it).
 */
export function rollingTiles(tile: Tile, series: string, seconds: number): string {
  const ahead = compoundDuration(Math.round((tile.seconds + SETTLE_SECONDS) * 1000) - 1);
  return `sum_over_time(${series}[${compoundDuration(Math.round(seconds * 1000) - 1)}] offset -${ahead})`;
}
