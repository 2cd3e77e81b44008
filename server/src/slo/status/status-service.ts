import { ALERT_LABELS, RECORDING_STEP_SECONDS, RULE_GROUPS, sloPagePath } from '../../conventions/slo.js';
import type { SloAlert, SloStatusPage, SloStatusRow } from '../../contract/slo.js';
import type { ActiveAlert, PrometheusClient, RuleGroupState } from '../../prometheus/client.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import { burnPairs } from '../burn-pairs.js';
import { DEFAULT_EXEMPT } from '../gate.js';
import type { RevisionRecord } from '../engine/revision-store.js';
import { BURN_WINDOWS_SECONDS, durationLabel, windowBounds, windowOf, type SloWindow } from '../windows.js';
import { budgetOf, burnRateOf, timeToExhaustion, type EventCounts } from './budget.js';
import type { DaySums } from './day-sums.js';
import { recordedSums, windowKey } from './recorded-sums.js';
import { groupKey, rawSumsQuery, readSums, type WindowSums, type WindowTerm } from './status-queries.js';

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
 * Computes the status of every SLO: budget remaining, burn rates, time to exhaustion and
 * alerts, for each objective and group. Recorded SLOs cost one batched query together; an SLO
 * whose recorded history does not cover its window yet costs one query of its own from raw
 * series; alerts and rule health cost one request each. One SLO's failure stays on its row.
 */
export async function computeStatus(
  prometheus: PrometheusClient,
  state: EngineState,
  at: number
): Promise<SloStatusPage> {
  let requests = 0;
  const counted = <T>(call: () => Promise<T>) => {
    requests++;
    return call();
  };
  const recorded = state.active.filter((slo) => sourceOf(slo, state.records, at) === 'recorded');
  const raw = state.active.filter((slo) => sourceOf(slo, state.records, at) === 'raw');

  const [fromRecorded, alerts, groups] = await Promise.all([
    recordedSums(prometheus, recorded, state.records, state.daySums, at),
    counted(() => prometheus.alerts()).then(
      (list): { list: ActiveAlert[]; error?: string } => ({ list }),
      (error: Error) => ({ list: [], error: error.message })
    ),
    state.deliversRules
      ? counted(() => prometheus.ruleGroups()).then(
          (list): { list?: RuleGroupState[]; error?: string } => ({ list }),
          (error: Error): { list?: RuleGroupState[]; error?: string } => ({ error: error.message })
        )
      : Promise.resolve({} as { list?: RuleGroupState[]; error?: string }),
  ]);

  requests += fromRecorded.requests;
  const recordedResult = { sums: fromRecorded.sums, ...(fromRecorded.error ? { error: fromRecorded.error } : {}) };
  // Raw series answer as of the last 5-minute mark, like the recorded counts do.
  const rawAt = Math.floor(at / RECORDING_STEP_SECONDS) * RECORDING_STEP_SECONDS;
  const rawResults = new Map<string, { sums: WindowSums; error?: string }>();
  for (let i = 0; i < raw.length; i += RAW_CONCURRENCY) {
    await Promise.all(
      raw.slice(i, i + RAW_CONCURRENCY).map(async (slo) => {
        const query = rawSumsQuery(slo.definition.slo.spec, rawTermsFor(slo, rawAt));
        try {
          const samples = await counted(() => prometheus.instantQuery(query, rawAt));
          rawResults.set(slo.revision, { sums: readSums(samples, slo.revision) });
        } catch (error) {
          rawResults.set(slo.revision, { sums: new Map(), error: (error as Error).message });
        }
      })
    );
  }

  const rows = state.active.flatMap((slo) =>
    sourceOf(slo, state.records, at) === 'recorded'
      ? rowsFor(slo, state, recordedResult, alerts.list, groups.list, at)
      : rowsFor(slo, state, rawResults.get(slo.revision) ?? { sums: new Map() }, alerts.list, groups.list, rawAt)
  );
  const prometheusError = fromRecorded.error ?? alerts.error ?? groups.error;
  return { computedAt: at, rows, prometheusRequests: requests, ...(prometheusError ? { prometheusError } : {}) };
}

/** Recorded counts answer once they cover the longest window; until then, raw series do. */
export function sourceOf(slo: ActiveSlo, records: Map<string, RevisionRecord>, at: number): 'recorded' | 'raw' {
  const record = records.get(slo.revision);
  if (record?.historyState === 'filled') {
    return 'recorded';
  }
  const longest = Math.max(...slo.definition.slo.spec.objectives.map((o) => windowSecondsAt(windowOf(o), at)));
  return slo.recordFrom <= at - longest ? 'recorded' : 'raw';
}

function windowSecondsAt(window: SloWindow, at: number): number {
  return at - windowBounds(window, at).start;
}

/** The windows one SLO needs summed from raw series: each objective's window and every burn-rate window. */
function rawTermsFor(slo: ActiveSlo, at: number): WindowTerm[] {
  const terms = new Map<string, WindowTerm>();
  for (const objective of slo.definition.slo.spec.objectives) {
    const window = windowOf(objective);
    const key = keyOf.window(window, at);
    terms.set(key, { key, seconds: windowSecondsAt(window, at) });
  }
  for (const seconds of BURN_WINDOWS_SECONDS) {
    terms.set(keyOf.burn(seconds), { key: keyOf.burn(seconds), seconds });
  }
  return [...terms.values()].filter((t) => t.seconds > 0);
}

function rowsFor(
  slo: ActiveSlo,
  state: EngineState,
  result: { sums: WindowSums; error?: string },
  alerts: ActiveAlert[],
  ruleGroups: RuleGroupState[] | undefined,
  at: number
): SloStatusRow[] {
  const { definition } = slo;
  const spec = definition.slo.spec;
  const name = definition.slo.metadata.name;
  const record = state.records.get(slo.revision);
  const groups = [...(result.sums.get(slo.revision)?.values() ?? [])];
  const health = ruleHealth(name, state, ruleGroups);
  const error = result.error ?? health.error;
  const sloAlerts = alerts.filter((a) => a.labels[ALERT_LABELS.slo] === name);
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
        group: group.labels,
        ...(events ? { events } : {}),
        sli: budget?.sli ?? null,
        budgetRemaining: remaining,
        burnRates,
        timeToExhaustionSeconds:
          remaining === null ? null : timeToExhaustion(remaining, burnRates['1h'] ?? null, fullWindow),
        alerts: rowAlerts,
        alertThresholds: index === 0 ? thresholds : [],
        state: stateOf(error, events, remaining, rowAlerts),
        history: {
          source: sourceOf(slo, state.records, at),
          revision: slo.revision,
          recordFrom: slo.recordFrom,
          state: record?.historyState ?? 'pending',
          ...(record?.historyFrom !== undefined ? { filledFrom: record.historyFrom } : {}),
          ...(record?.liveFrom !== undefined ? { liveFrom: record.liveFrom } : {}),
          ...(record?.historyError ? { error: record.historyError } : {}),
        },
        ...(error ? { error } : {}),
        warnings: health.warnings,
        url: sloPagePath(name),
      };
    });
  });
}

function stateOf(
  error: string | undefined,
  events: EventCounts | undefined,
  remaining: number | null,
  alerts: SloAlert[]
): SloStatusRow['state'] {
  if (error) {
    return 'error';
  }
  if (!events || events.total === 0 || remaining === null) {
    return 'no-data';
  }
  if (remaining <= 0) {
    return 'exhausted';
  }
  return alerts.some((a) => a.state === 'firing') ? 'burning' : 'ok';
}

function alertsFor(alerts: ActiveAlert[], groupBy: readonly string[], group: Record<string, string>): SloAlert[] {
  const key = groupKey(group);
  return alerts
    .filter(
      (a) =>
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
  const mine = groups.filter((g) => g.name === RULE_GROUPS.recording(name) || g.name === RULE_GROUPS.alerting(name));
  const broken = mine.flatMap((g) => g.rules).find((r) => r.health === 'err');
  if (broken) {
    return {
      error: `Prometheus cannot evaluate this SLO's rules: ${broken.lastError ?? 'unknown error'}`,
      warnings: [],
    };
  }
  if (!mine.some((g) => g.name === RULE_GROUPS.recording(name))) {
    return { warnings: ['Prometheus has not loaded this SLO’s recording rules yet'] };
  }
  return { warnings: [] };
}
