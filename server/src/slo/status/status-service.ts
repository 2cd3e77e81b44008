import { ALERT_LABELS, NO_DATA_TIER, RULE_GROUPS, sloPagePath } from '../../conventions/slo.js';
import type { SloAlert, SloStatusPage, SloStatusRow } from '@steward/contract/slo';
import type { ActiveAlert, PrometheusClient, RuleGroupState } from '../../prometheus/client.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import { burnPairs } from '../burn-pairs.js';
import { DEFAULT_EXEMPT } from '../gate.js';
import { seamJoined, type RevisionRecord } from '../engine/revisions.js';
import {
  BURN_WINDOWS_SECONDS,
  durationLabel,
  parseShortDuration,
  windowBounds,
  windowOf,
  type SloWindow,
} from '../windows.js';
import { budgetOf, burnRateOf, timeToExhaustion, type EventCounts } from './budget.js';
import type { DaySums } from './day-sums.js';
import { lastSampleQuery } from '../no-data.js';
import { hasFineTiles } from '../rules.js';
import { FINE_HISTORY_SECONDS } from '../tiles.js';
import { recordedSums, windowKey, windowsOf, type WindowStarts } from './recorded-sums.js';
import { groupKey, rawSumsQuery, readSums, type WindowSums, type WindowTerm } from './status-queries.js';
import type { TileCoverage } from './window-pieces.js';

/** What the status computation needs from the SLO engine at one moment. */
export interface EngineState {
  active: ActiveSlo[];
  records: Map<string, RevisionRecord>;
  /** SLOs whose rules could not be delivered, with why. */
  ruleErrors: Map<string, string>;
  /** Whether Steward delivers rules at all (a rules directory or ruler is configured). */
  deliversRules: boolean;
  /** Sums of whole recorded days, kept between computations. */
  daySums: DaySums;
}

/** Raw fallbacks run a few at a time so one slow SLO cannot hold the rest. */
const RAW_CONCURRENCY = 4;

const keyOf = { window: windowKey.objective, burn: windowKey.burn };

/**
 * Computes the status of every SLO at `at` (on a clock showing `now`): budget remaining, burn
 * rates, time to exhaustion and alerts, for each objective and group, over windows that end at
 * `at` itself. Recorded SLOs cost three batched queries together (tiles, the raw events
 * after the last settled tile, and the burn-rate windows' edges); an SLO whose recorded history does not cover its windows at
 * `at` costs one query of its own from raw series; alerts and rule health cost one request
 * each. One SLO's failure stays on its row.
 */
export async function computeStatus(
  prometheus: PrometheusClient,
  state: EngineState,
  at: number,
  now: number = at
): Promise<SloStatusPage> {
  let requests = 0;
  const counted = <T>(call: () => Promise<T>) => {
    requests++;
    return call();
  };
  const recorded = state.active.filter((slo) => sourceOf(slo, state.records, at) === 'recorded');
  const raw = state.active.filter((slo) => sourceOf(slo, state.records, at) === 'raw');
  // Alerts and rule health are only known now; at an earlier moment they are not shown.
  const current = at >= now - 60;

  const [fromRecorded, alerts, groups] = await Promise.all([
    recordedSums(
      prometheus,
      recorded.map((slo) => ({ slo, coverage: coverageOf(slo, state.records.get(slo.revision)) })),
      state.records,
      state.daySums,
      at,
      now
    ),
    current
      ? counted(() => prometheus.alerts()).then(
          (list): { list: ActiveAlert[]; error?: string } => ({ list }),
          (error: Error) => ({ list: [], error: error.message })
        )
      : Promise.resolve({ list: [] as ActiveAlert[] } as { list: ActiveAlert[]; error?: string }),
    state.deliversRules && current
      ? counted(() => prometheus.ruleGroups()).then(
          (list): { list?: RuleGroupState[]; error?: string } => ({ list }),
          (error: Error): { list?: RuleGroupState[]; error?: string } => ({ error: error.message })
        )
      : Promise.resolve({} as { list?: RuleGroupState[]; error?: string }),
  ]);

  requests += fromRecorded.requests;
  const lastSeen = await lastSamples(prometheus, state.active, alerts.list, at, counted);
  const recordedResult = {
    sums: fromRecorded.sums,
    starts: fromRecorded.starts,
    ends: fromRecorded.ends,
    ...(fromRecorded.error ? { error: fromRecorded.error } : {}),
    ...(fromRecorded.warning ? { warning: fromRecorded.warning } : {}),
  };
  const rawResults = new Map<string, { sums: WindowSums; error?: string }>();
  for (let i = 0; i < raw.length; i += RAW_CONCURRENCY) {
    await Promise.all(
      raw.slice(i, i + RAW_CONCURRENCY).map(async (slo) => {
        const query = rawSumsQuery(slo.definition.slo.spec, rawTermsFor(slo, at));
        try {
          const samples = await counted(() => prometheus.instantQuery(query, at));
          rawResults.set(slo.revision, { sums: readSums(samples, slo.revision) });
        } catch (error) {
          rawResults.set(slo.revision, { sums: new Map(), error: (error as Error).message });
        }
      })
    );
  }

  const rows = state.active.flatMap((slo) =>
    rowsFor(
      slo,
      state,
      sourceOf(slo, state.records, at) === 'recorded'
        ? recordedResult
        : (rawResults.get(slo.revision) ?? { sums: new Map() }),
      alerts.list,
      groups.list,
      at,
      lastSeen
    )
  );
  const prometheusError = fromRecorded.error ?? alerts.error ?? groups.error;
  return { computedAt: at, rows, prometheusRequests: requests, ...(prometheusError ? { prometheusError } : {}) };
}

/**
 * Recorded tiles answer once they cover the longest window at `at` with no hole: history filled
 * (and joined to live recording, for moments after recordFrom), or without history filling,
 * live recording long enough ago. Before that, and for moments before recorded history, raw
 * series do.
 */
export function sourceOf(slo: ActiveSlo, records: Map<string, RevisionRecord>, at: number): 'recorded' | 'raw' {
  const longest = Math.max(...slo.definition.slo.spec.objectives.map((o) => windowSecondsAt(windowOf(o), at)));
  const record = records.get(slo.revision);
  // Filled history holds every tile up to recordFrom; after it, live tiles once the seam is filled.
  // Fine tiles carry windows past recordFrom until the coarse seam is closed too.
  // While a seam is open, tiles answer up to recordFrom and raw series after it, for as long as
  // a single raw tail stays cheap and exact (one reset at most): right after 1,000 SLOs are
  // filled, one batched query rather than two per SLO.
  const joined =
    record?.historyState !== 'filled' ||
    at <= slo.recordFrom + OPEN_SEAM_TAIL_MAX_SECONDS ||
    seamJoined(record, hasFineTiles(slo.definition.slo.spec));
  return joined && coveredFrom(slo, record) <= at - longest ? 'recorded' : 'raw';
}

/** How long after recordFrom an open seam is bridged by raw series rather than the whole window. */
const OPEN_SEAM_TAIL_MAX_SECONDS = 3600;

/** The earliest moment the revision's tiles cover. */
function coveredFrom(slo: ActiveSlo, record: RevisionRecord | undefined): number {
  return record?.historyState === 'filled' && record.historyFrom !== undefined ? record.historyFrom : slo.recordFrom;
}

/** What a recorded revision's tiles cover: fine tiles from where they were filled or recorded. */
function coverageOf(slo: ActiveSlo, record: RevisionRecord | undefined): TileCoverage {
  const filled = record?.historyState === 'filled';
  return {
    fine: hasFineTiles(slo.definition.slo.spec),
    fineFrom: filled ? slo.recordFrom - FINE_HISTORY_SECONDS : slo.recordFrom,
    ...(filled && record.liveFrom === undefined ? { coarseUntil: slo.recordFrom } : {}),
    ...(filled && record.fineLiveFrom === undefined ? { fineUntil: slo.recordFrom } : {}),
    ...(record?.fineLiveFrom !== undefined ? { fineLiveFrom: record.fineLiveFrom } : {}),
  };
}

function windowSecondsAt(window: SloWindow, at: number): number {
  return at - windowBounds(window, at).start;
}

/** The windows one SLO needs counted from raw series: each objective's window and every burn-rate window. */
function rawTermsFor(slo: ActiveSlo, at: number): WindowTerm[] {
  return [...windowsOf(slo.definition.slo.spec, at)]
    .map(([key, start]) => ({ key, seconds: at - start }))
    .filter((t) => t.seconds > 0);
}

function rowsFor(
  slo: ActiveSlo,
  state: EngineState,
  result: { sums: WindowSums; starts?: WindowStarts; ends?: Map<string, number>; error?: string; warning?: string },
  alerts: ActiveAlert[],
  ruleGroups: RuleGroupState[] | undefined,
  at: number,
  lastSeen: { times: Map<string, number>; error?: string }
): SloStatusRow[] {
  const { definition } = slo;
  const spec = definition.slo.spec;
  const name = definition.slo.metadata.name;
  const record = state.records.get(slo.revision);
  const groups = [...(result.sums.get(slo.revision)?.values() ?? [])];
  const health = ruleHealth(name, state, ruleGroups);
  const error = result.error ?? health.error;
  const sloAlerts = alerts.filter((a) => a.labels[ALERT_LABELS.slo] === name);
  const silent = noDataSince(sloAlerts, lastSeen.times.get(name));
  // Windows read from the last evaluation end at it; the others at the moment asked for.
  const to = result.ends?.get(slo.revision) ?? at;
  const burnWindows = Object.fromEntries(
    BURN_WINDOWS_SECONDS.map((seconds) => [
      durationLabel(seconds),
      { from: result.starts?.get(slo.revision)?.get(keyOf.burn(seconds)) ?? to - seconds, to },
    ])
  );
  const thresholds = burnPairs(spec).map((p) => ({
    window: durationLabel(p.longSeconds),
    tier: p.tier,
    factor: p.factor,
  }));

  return spec.objectives.flatMap((objective, index) => {
    const window = windowOf(objective);
    const bounds = windowBounds(window, at);
    const windowSeconds = at - bounds.start;
    const fullWindow = bounds.end - bounds.start;
    const windowKey = keyOf.window(window, at);
    const perGroup = groups.length > 0 ? groups : [{ labels: {}, windows: new Map<string, EventCounts>() }];
    return perGroup.map((group): SloStatusRow => {
      const events = group.windows.get(windowKey);
      const budget = events ? budgetOf(events, objective.target) : undefined;
      const burnRates: Record<string, number | null> = { window: budget?.burnRate ?? null };
      for (const seconds of BURN_WINDOWS_SECONDS) {
        burnRates[durationLabel(seconds)] = burnRateOf(group.windows.get(keyOf.burn(seconds)), objective.target);
      }
      const remaining = error && !events ? null : (budget?.remaining ?? (events ? 1 : null));
      const rowAlerts = index === 0 ? alertsFor(sloAlerts, spec.groupBy ?? [], group.labels) : [];
      return {
        slo: name,
        title: definition.slo.metadata.title ?? name,
        service: spec.service,
        ...(definition.service?.metadata.title ? { serviceTitle: definition.service.metadata.title } : {}),
        ...(definition.team ? { team: definition.team } : {}),
        ...(definition.teamTitle ? { teamTitle: definition.teamTitle } : {}),
        ...(definition.service?.spec.tier ? { tier: definition.service.spec.tier } : {}),
        ...(index === 0 && spec.budgetPolicy
          ? {
              budgetPolicy: {
                freezeBelow: spec.budgetPolicy.freezeBelow ?? 0,
                exempt: spec.budgetPolicy.exempt ?? DEFAULT_EXEMPT,
                whenUnknown: spec.budgetPolicy.whenUnknown ?? 'allow',
              },
            }
          : {}),
        objective: {
          index,
          target: objective.target,
          window: objective.window ?? '30d',
          ...(objective.timeZone ? { timeZone: objective.timeZone } : {}),
          ...(objective.displayName ? { displayName: objective.displayName } : {}),
          windowSeconds,
        },
        window: { from: result.starts?.get(slo.revision)?.get(windowKey) ?? bounds.start, to },
        burnWindows,
        group: group.labels,
        ...(events ? { events } : {}),
        ...(silent !== undefined ? { noDataSince: silent } : {}),
        sli: budget?.sli ?? null,
        budgetRemaining: remaining,
        burnRates,
        timeToExhaustionSeconds:
          remaining === null ? null : timeToExhaustion(remaining, burnRates['1h'] ?? null, fullWindow),
        alerts: rowAlerts,
        alertThresholds: index === 0 ? thresholds : [],
        state: stateOf(error, events, remaining, rowAlerts, silent !== undefined),
        history: {
          source: sourceOf(slo, state.records, at),
          revision: slo.revision,
          recordFrom: slo.recordFrom,
          state: record?.historyState ?? 'pending',
          ...(record?.historyFrom !== undefined ? { filledFrom: record.historyFrom } : {}),
          ...(record?.liveFrom !== undefined ? { liveFrom: record.liveFrom } : {}),
          coveredFrom: coveredFrom(slo, record),
          ...(record?.historyError ? { error: record.historyError } : {}),
        },
        ...(error ? { error } : {}),
        warnings: [
          ...health.warnings,
          ...(silent !== undefined && lastSeen.error ? [lastSeen.error] : []),
          ...(result.warning ? [result.warning] : []),
        ],
        url: sloPagePath(name),
      };
    });
  });
}

function stateOf(
  error: string | undefined,
  events: EventCounts | undefined,
  remaining: number | null,
  alerts: SloAlert[],
  silent: boolean
): SloStatusRow['state'] {
  if (error) {
    return 'error';
  }
  if (silent || !events || events.total === 0 || remaining === null) {
    return 'no-data';
  }
  if (remaining <= 0) {
    return 'exhausted';
  }
  return alerts.some((a) => a.state === 'firing' && a.tier !== NO_DATA_TIER) ? 'burning' : 'ok';
}

/**
 * Since when the SLO's series have been silent, while its no-data alert fires: the time of their
 * last sample, or (older than the two days looked back, or a freeform SLI) the alert's start less
 * its grace period.
 */
function noDataSince(alerts: ActiveAlert[], lastSample: number | undefined): number | undefined {
  const alert = alerts.find((a) => a.labels[ALERT_LABELS.burnTier] === NO_DATA_TIER && a.state === 'firing');
  if (!alert?.activeAt) {
    return undefined;
  }
  if (lastSample !== undefined) {
    return lastSample;
  }
  const grace = parseShortDuration(alert.labels[ALERT_LABELS.longWindow] ?? '0m');
  return Math.round(Date.parse(alert.activeAt) / 1000 - grace);
}

/**
 * The last sample of each SLO whose no-data alert fires: one query, only when there is one. A
 * failure leaves the alert's start (less its grace period) to say it roughly, with a warning.
 */
async function lastSamples(
  prometheus: PrometheusClient,
  active: ActiveSlo[],
  alerts: ActiveAlert[],
  at: number,
  counted: <T>(call: () => Promise<T>) => Promise<T>
): Promise<{ times: Map<string, number>; error?: string }> {
  const firingSince = new Map(
    alerts
      .filter((a) => a.labels[ALERT_LABELS.burnTier] === NO_DATA_TIER && a.state === 'firing' && a.activeAt)
      .map((a) => [a.labels[ALERT_LABELS.slo], Date.parse(a.activeAt!) / 1000] as const)
  );
  const query = lastSampleQuery(
    active.flatMap((slo) => {
      const since = firingSince.get(slo.definition.slo.metadata.name);
      return since === undefined || !Number.isFinite(since)
        ? []
        : [{ name: slo.definition.slo.metadata.name, spec: slo.definition.slo.spec, firingSince: since }];
    })
  );
  if (!query) {
    return { times: new Map() };
  }
  try {
    const samples = await counted(() => prometheus.instantQuery(query, at));
    // Whole seconds, rounded down: never later than the sample was seen.
    return { times: new Map(samples.map((s) => [s.metric.slo ?? '', Math.floor(s.value)])) };
  } catch (error) {
    return { times: new Map(), error: `when its series were last seen could not be read: ${(error as Error).message}` };
  }
}

/** The alerts of one group of the SLO; a no-data alert concerns all of them. */
function alertsFor(alerts: ActiveAlert[], groupBy: readonly string[], group: Record<string, string>): SloAlert[] {
  const key = groupKey(group);
  return alerts
    .filter(
      (a) =>
        a.labels[ALERT_LABELS.burnTier] === NO_DATA_TIER ||
        groupKey(Object.fromEntries(groupBy.map((l) => [l, a.labels[l] ?? '']).filter(([, v]) => v !== ''))) === key
    )
    .map((a) => ({
      severity: a.labels[ALERT_LABELS.severity] ?? '',
      tier: a.labels[ALERT_LABELS.burnTier] ?? '',
      longWindow: a.labels[ALERT_LABELS.longWindow] ?? '',
      state: a.state === 'firing' ? ('firing' as const) : ('pending' as const),
      ...(a.activeAt ? { since: a.activeAt } : {}),
      ...(a.annotations.summary ? { summary: a.annotations.summary } : {}),
    }))
    .sort((a, b) => a.tier.localeCompare(b.tier) || a.longWindow.localeCompare(b.longWindow));
}

/** Problems Prometheus reports with this SLO's rules, or with delivering them. */
function ruleHealth(
  name: string,
  state: EngineState,
  groups: RuleGroupState[] | undefined
): { error?: string; warnings: string[] } {
  const deliveryError = state.ruleErrors.get(name);
  if (deliveryError) {
    return { error: deliveryError, warnings: [] };
  }
  if (!groups) {
    return { warnings: [] };
  }
  const mine = groups.filter((g) => g.name === RULE_GROUPS.fine(name) || g.name === RULE_GROUPS.coarse(name));
  const broken = mine.flatMap((g) => g.rules).find((r) => r.health === 'err');
  if (broken) {
    return {
      error: `Prometheus cannot evaluate this SLO's rules: ${broken.lastError ?? 'unknown error'}`,
      warnings: [],
    };
  }
  if (!mine.some((g) => g.name === RULE_GROUPS.coarse(name))) {
    return { warnings: ['Prometheus has not loaded this SLO’s recording rules yet'] };
  }
  return { warnings: [] };
}
