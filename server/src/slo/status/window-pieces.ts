import { DAY } from '../windows.js';
import { FINE_WINDOW_MAX_SECONDS, markAtOrBefore, nearestMark, settledMark, TILES, type Tile } from '../tiles.js';

/** The tiles of marks in (from, to]. */
export interface TilePiece {
  tile: Tile;
  from: number;
  to: number;
}

/** How one window (start, at] is read: tiles, whole days of coarse tiles, and raw series since `tailFrom`. */
export interface WindowPlan {
  /** Where the counted window starts: the mark nearest the window's start. */
  start: number;
  pieces: TilePiece[];
  /** Day ends (UTC) whose coarse tiles are summed once and kept. */
  days: number[];
  /** Raw series count (tailFrom, at]; none when tailFrom equals at. */
  tailFrom: number;
  /**
   * Counted from raw series as a whole instead: a paging window at a moment before fine tiles
   * were recorded, where coarse ones would misplace its ends by minutes.
   */
  raw?: boolean;
  /**
   * Recorded terms (by result key) added to the pieces in place of a raw tail, and taken away:
   * a present window read from the fine group's evaluations (see live-windows.ts).
   */
  live?: { add: string[]; subtract: string[] };
}

/** What a revision has recorded. */
export interface TileCoverage {
  /** Whether it records fine tiles at all (freeform SLIs do not). */
  fine: boolean;
  /** The earliest mark fine tiles are recorded after (filled history or live recording). */
  fineFrom: number;
  /**
   * The last mark coarse tiles are whole up to: recordFrom while the coarse group has not run
   * yet (its first evaluation may come 5 minutes after the rules load), or none.
   */
  coarseUntil?: number;
  /**
   * The last mark fine tiles are whole up to: recordFrom while the fine seam is open (filled
   * history ends there and live tiles after it have a hole until the seam is filled), or none.
   */
  fineUntil?: number;
  /** The last mark of filled fine tiles once live ones took over after it (seam closed), or none. */
  fineLiveFrom?: number;
}

/**
 * Splits the window (start, at] into what is read from where: fine tiles for paging windows
 * and for both edges of longer ones where they exist, coarse tiles (whole days among them) in
 * between, and raw series after the last settled fine tile, so the window ends at `at` itself.
 * The start is placed on the nearest mark: within 15 s with fine tiles, 150 s with coarse ones.
 */
export function planWindow(
  start: number,
  at: number,
  now: number,
  coverage: TileCoverage,
  /** The last fine mark known stored, when the reader knows better than the clock (see liveWindows). */
  settledFine: number = settledMark(TILES.fine, at, now)
): WindowPlan {
  const fine = TILES.fine;
  const coarse = TILES.coarse;
  const lastCoarse = Math.min(settledMark(coarse, at, now), coverage.coarseUntil ?? Infinity);
  if (!coverage.fine || lastCoarse < coverage.fineFrom) {
    // No fine tiles at this moment (freeform SLIs, or before fine history): coarse ones and raw.
    if (coverage.fine && at - start <= FINE_WINDOW_MAX_SECONDS) {
      return { start, pieces: [], days: [], tailFrom: lastCoarse, raw: true };
    }
    const first = Math.min(nearestMark(start, coarse), lastCoarse);
    return { start: first, ...coarsePieces(first, lastCoarse), tailFrom: lastCoarse };
  }
  const last = Math.min(settledFine, coverage.fineUntil ?? Infinity);
  if (start >= last && at - start <= FINE_WINDOW_MAX_SECONDS) {
    // A paging window that starts after the last whole tile (an open seam): raw series, whole.
    return { start, pieces: [], days: [], tailFrom: last, raw: true };
  }
  const left = Math.min(nearestMark(start, fine), last);
  if (at - start <= FINE_WINDOW_MAX_SECONDS && left >= coverage.fineFrom) {
    return { start: left, pieces: nonEmpty([{ tile: fine, from: left, to: last }]), days: [], tailFrom: last };
  }
  const junction = Math.min(lastCoarse, markAtOrBefore(last, coarse));
  const fineLeft = left >= coverage.fineFrom;
  const firstCoarse = Math.min(
    fineLeft ? Math.ceil(left / coarse.seconds) * coarse.seconds : nearestMark(start, coarse),
    junction
  );
  const middle = coarsePieces(firstCoarse, junction);
  return {
    start: fineLeft ? left : firstCoarse,
    pieces: nonEmpty([
      ...(fineLeft ? [{ tile: fine, from: left, to: firstCoarse }] : []),
      ...middle.pieces,
      { tile: fine, from: junction, to: last },
    ]),
    days: middle.days,
    tailFrom: last,
  };
}

/** Coarse tiles of (from, to]: a partial first day, whole days, and the partial last day. */
function coarsePieces(from: number, to: number): { pieces: TilePiece[]; days: number[] } {
  const coarse = TILES.coarse;
  const firstDayEnd = Math.ceil(from / DAY) * DAY + DAY;
  const lastDayEnd = Math.floor(to / DAY) * DAY;
  if (firstDayEnd > lastDayEnd) {
    return { pieces: nonEmpty([{ tile: coarse, from, to }]), days: [] };
  }
  const days: number[] = [];
  for (let d = firstDayEnd; d <= lastDayEnd; d += DAY) {
    days.push(d);
  }
  return {
    pieces: nonEmpty([
      { tile: coarse, from, to: firstDayEnd - DAY },
      { tile: coarse, from: lastDayEnd, to },
    ]),
    days,
  };
}

function nonEmpty(pieces: TilePiece[]): TilePiece[] {
  return pieces.filter((p) => p.to > p.from);
}

export function pieceKey(piece: TilePiece): string {
  return `${piece.tile.kind}:${piece.from}:${piece.to}`;
}
