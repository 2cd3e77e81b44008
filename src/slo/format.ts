import type { SloHistory, SloState, SloStatusRow } from '../api/stewardClient';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const WEEK = 7 * DAY;
const YEAR = 365 * DAY;

/** A ratio as a percentage: 0.8641 → "86.4%"; null (not computable) → "—". */
export function formatPercent(ratio: number | null | undefined, decimals = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
    return '—';
  }
  const text = (ratio * 100).toFixed(decimals);
  // -0.0% reads as a bug; a budget a hair below zero is still shown as spent.
  return `${text === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : text}%`;
}

/** An SLI against its target: as many decimals as the target has, plus two (99.9 → 99.926%). */
export function formatSli(sli: number | null | undefined, target: number): string {
  const targetDecimals = String(target).split('.')[1]?.length ?? 0;
  return formatPercent(sli, Math.min(5, targetDecimals + 2));
}

/** A burn rate as a multiple of the sustainable rate: 0.7509 → "0.75×", 14.4 → "14.4×". */
export function formatBurnRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) {
    return '—';
  }
  const decimals = Math.abs(rate) >= 100 ? 0 : Math.abs(rate) >= 10 ? 1 : 2;
  return `${rate.toFixed(decimals)}×`;
}

/** Event counts, whole (Prometheus's increase() extrapolates to fractions): 23425377.37 → "23,425,377". */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** An alert threshold as the SRE Workbook writes them: 14.4×, 6×, 13.44×, 0.93×. */
export function formatFactor(factor: number): string {
  return `${Number(factor.toFixed(2))}×`;
}

const UNITS: Array<[string, number]> = [
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
];

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

/**
 * A duration in words, to the two largest units: 112880 → "1 day 7 hours", 2700 → "45 minutes".
 * Rounded down, so "time left" never overstates.
 */
export function humanDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < MINUTE) {
    return seconds > 0 ? 'under a minute' : '0 minutes';
  }
  let rest = Math.floor(seconds);
  const counts = UNITS.map(([, size]) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return count;
  });
  const first = counts.findIndex((count) => count > 0);
  const parts = [plural(counts[first]!, UNITS[first]![0])];
  if (first + 1 < UNITS.length && counts[first + 1]! > 0) {
    parts.push(plural(counts[first + 1]!, UNITS[first + 1]![0]));
  }
  return parts.join(' ');
}

/** A duration in short units, to the two largest: 112880 → "1d 7h", 2700 → "45m". */
export function compactDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < MINUTE) {
    return seconds > 0 ? '<1m' : '0m';
  }
  const parts = [
    [Math.floor(seconds / DAY), 'd'],
    [Math.floor((seconds % DAY) / HOUR), 'h'],
    [Math.floor((seconds % HOUR) / MINUTE), 'm'],
  ] as const;
  const first = parts.findIndex(([count]) => count > 0);
  return parts
    .slice(first, first + 2)
    .filter(([count], i) => i === 0 || count > 0)
    .map(([count, unit]) => `${count}${unit}`)
    .join(' ');
}

/** When the budget runs out at the current (1h) burn rate, in words. */
export function describeExhaustion(
  row: Pick<SloStatusRow, 'timeToExhaustionSeconds' | 'budgetRemaining'>,
  compact = false
): string {
  if (row.budgetRemaining === null) {
    return 'unknown';
  }
  if (row.timeToExhaustionSeconds === null) {
    return 'not burning';
  }
  if (row.timeToExhaustionSeconds <= 0) {
    return 'spent';
  }
  if (row.timeToExhaustionSeconds > YEAR) {
    return compact ? '> 1 year' : 'in over a year';
  }
  return compact ? compactDuration(row.timeToExhaustionSeconds) : `in ${humanDuration(row.timeToExhaustionSeconds)}`;
}

/** `30d` → "30 days", `4w` → "4 weeks", `1h` → "1 hour", `month` → "calendar month". */
export function windowLabel(window: string): string {
  if (window === 'month') {
    return 'calendar month';
  }
  const match = /^(\d+)([mhdw])$/.exec(window);
  if (!match) {
    return window;
  }
  const unit = { m: 'minute', h: 'hour', d: 'day', w: 'week' }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return plural(Number(match[1]), unit);
}

/** Seconds of a short or SLO window (`5m`, `1h`, `3d`, `4w`; a calendar month counts 30 days). */
export function windowSeconds(window: string): number {
  if (window === 'month') {
    return 30 * DAY;
  }
  const match = /^(\d+)([mhdw])$/.exec(window);
  if (!match) {
    throw new Error(`not a window: ${window}`);
  }
  return Number(match[1]) * { m: MINUTE, h: HOUR, d: DAY, w: WEEK }[match[2] as 'm' | 'h' | 'd' | 'w'];
}

/** "99.9% over 30 days", with the objective's display name first when it has one. */
export function objectiveLabel(objective: { target: number; window?: string; displayName?: string }): string {
  const text = `${objective.target}% over ${windowLabel(objective.window ?? '30d')}`;
  return objective.displayName ? `${objective.displayName}: ${text}` : text;
}

/** A group's label values as PromQL would show them: `route="/cart"`; no groups → "all events". */
export function groupLabel(group: Record<string, string>): string {
  const entries = Object.entries(group);
  return entries.length === 0 ? 'all events' : entries.map(([k, v]) => `${k}="${v}"`).join(', ');
}

/** A stable key for a group, for React keys and pickers. */
export function groupKey(group: Record<string, string>): string {
  return JSON.stringify(Object.entries(group).sort(([a], [b]) => a.localeCompare(b)));
}

/** The tier of the alert that watches for silent series (alertname SLONoData). */
export const NO_DATA_TIER = 'no-data';

/** An alert's tier in words: page, ticket, a custom condition's name, or "no data". */
export function alertTierText(tier: string): string {
  return tier === NO_DATA_TIER ? 'no data' : tier;
}

export const STATE_TEXT: Record<SloState, string> = {
  ok: 'OK',
  burning: 'Burning',
  exhausted: 'Exhausted',
  'no-data': 'No data',
  error: 'Error',
};

/** Badge colours per state: green fine, orange alerting, red spent or broken, grey unknown. */
export const STATE_BADGE: Record<SloState, 'green' | 'orange' | 'red' | 'darkgrey'> = {
  ok: 'green',
  burning: 'orange',
  exhausted: 'red',
  'no-data': 'darkgrey',
  error: 'red',
};

/** Theme text colours per state, for numbers shown in the state's colour. */
export const STATE_TEXT_COLOUR: Record<SloState, 'success' | 'warning' | 'error' | 'secondary'> = {
  ok: 'success',
  burning: 'warning',
  exhausted: 'error',
  'no-data': 'secondary',
  error: 'error',
};

/**
 * Where the numbers come from, said plainly: recorded 5-minute counts (filled from raw history
 * since when), or raw series because recorded history is not filled yet (and why), or because
 * the moment shown (`at`, seconds) is before the recorded history begins.
 */
export function describeHistory(history: SloHistory, formatTime: (seconds: number) => string, at?: number): string {
  if (history.source === 'recorded') {
    const filled =
      history.filledFrom !== undefined
        ? `, filled from raw history since ${formatTime(history.filledFrom)}`
        : history.state === 'off'
          ? ''
          : `, recorded live since ${formatTime(history.recordFrom)}`;
    return `From recorded 5-minute counts${filled}.`;
  }
  if (at !== undefined && history.coveredFrom !== undefined && at < history.coveredFrom) {
    return `Computed from raw series: this moment is before recorded history, which begins ${formatTime(history.coveredFrom)}.`;
  }
  // Filled history is used once live recording joins it, so that no stretch is counted twice or missed.
  if (history.state === 'filled' && history.liveFrom === undefined) {
    return `Computed from raw series: recorded history is filled, and takes over once live recording joins it (at its first 5-minute count). Live recording started ${formatTime(history.recordFrom)}.`;
  }
  const reason = [`history ${history.state}`, ...(history.error ? [history.error] : [])].join(': ');
  return `Computed from raw series: recorded history not filled yet (${reason}). Live recording started ${formatTime(history.recordFrom)}.`;
}

/** A team's escalation path in one line: "5m oncall → 15m alice → 30m team:commerce". */
export function escalationText(team: { escalation?: Array<{ after: string; notify: string[] }> } | undefined): string {
  return (team?.escalation ?? []).map((level) => `${level.after} ${level.notify.join(', ')}`).join(' → ');
}
