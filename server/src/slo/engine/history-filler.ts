import { RECORDING_STEP_SECONDS, RULE_GROUPS, SLO_EVENTS_METRIC, SLO_LABELS } from '../../conventions/slo.js';
import { PrometheusError, type PrometheusClient, type RuleGroupState } from '../../prometheus/client.js';
import type { RemoteWriter, WriteSeries } from '../../prometheus/remote-write.js';
import { selector } from '../../promql/escape.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import { seriesLabels } from '../rules.js';
import { eventQueries } from '../sli-queries.js';
import { DAY, durationLabel, historySeconds, windowOf } from '../windows.js';
import type { RevisionRecord, RevisionStore } from './revision-store.js';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * History is filled one window back, and this much further: a budget over time (the rolling
 * budget at each moment of a dashboard's range) needs a full window behind every moment shown.
 */
const EXTRA_HISTORY_SECONDS = 30 * DAY;

/** How far back a revision's history is filled from where live recording starts. */
function fillSpan(slo: ActiveSlo): number {
  return (
    Math.max(...slo.definition.slo.spec.objectives.map((o) => historySeconds(windowOf(o)))) + EXTRA_HISTORY_SECONDS
  );
}

/** How long after recordFrom the first live sample must have appeared (Prometheus evaluates every 5m). */
const FIRST_LIVE_SAMPLE_WITHIN = 2 * RECORDING_STEP_SECONDS;
/** Failed fills are retried after 30 s, doubling up to an hour. */
const RETRY_BASE_SECONDS = 30;
const RETRY_MAX_SECONDS = 3600;
/** Revisions worked on at once: fills are a few range queries each, mostly waiting on Prometheus. */
const CONCURRENCY = 4;

/**
 * Recording rules only count from the moment they load, yet a new SLO on a service with weeks
 * of metrics must show a true budget at once. For each new revision this evaluates the very
 * expressions the recording rules use over past 5-minute steps, from raw series, and writes
 * the results as the recorded series (remote write; Prometheus and Mimir accept them with
 * out-of-order ingestion). Live recording starts at recordFrom, so the two never overlap; the
 * few minutes between the last filled sample and the first live one are filled afterwards.
 */
export class HistoryFiller {
  constructor(
    private readonly prometheus: PrometheusClient,
    private readonly writer: RemoteWriter,
    private readonly revisions: RevisionStore,
    private readonly log?: Logger,
    private readonly now: () => number = () => Date.now() / 1000
  ) {}

  /** Does whatever history work is due for these SLOs, a few at a time; never throws. */
  async work(active: ActiveSlo[]): Promise<void> {
    // Rule groups are needed only to tell "no traffic" from "not evaluated yet"; ask once a pass.
    let groups: Promise<RuleGroupState[]> | undefined;
    const ruleGroups = () => (groups ??= this.prometheus.ruleGroups());
    const queue = [...active];
    const records = await this.revisions.ofActive(active);
    const worker = async () => {
      for (let slo = queue.shift(); slo; slo = queue.shift()) {
        const record = records.get(slo.revision);
        if (!record) {
          continue;
        }
        try {
          if (this.fillDue(record)) {
            await this.fill(slo, record);
          } else if (record.historyState === 'filled' && record.liveFrom === undefined) {
            await this.closeSeam(slo, record, ruleGroups);
          }
        } catch (error) {
          this.log?.warn({ slo: record.slo, err: error }, 'history work failed; it will be retried');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  private fillDue(record: RevisionRecord): boolean {
    if (record.historyState === 'pending' || record.historyState === 'filling') {
      return true;
    }
    if (record.historyState !== 'failed') {
      return false;
    }
    const wait = Math.min(RETRY_BASE_SECONDS * 2 ** Math.max(0, record.historyAttempts - 1), RETRY_MAX_SECONDS);
    return this.now() >= Date.parse(record.updatedAt) / 1000 + wait;
  }

  /** Fills (recordFrom − longest window, recordFrom − 5m] with 5-minute counts from raw series. */
  async fill(slo: ActiveSlo, record: RevisionRecord): Promise<void> {
    const name = slo.definition.slo.metadata.name;
    await this.revisions.update(name, slo.revision, { historyState: 'filling' });
    const span = fillSpan(slo);
    const end = record.recordFrom - RECORDING_STEP_SECONDS;
    const start = end - span + RECORDING_STEP_SECONDS;
    try {
      const queries = eventQueries(slo.definition.slo.spec, RECORDING_STEP_SECONDS);
      const series: WriteSeries[] = [];
      for (const event of ['bad', 'total'] as const) {
        const results = await this.prometheus.rangeQuery(queries[event], {
          start,
          end,
          step: RECORDING_STEP_SECONDS,
        });
        series.push(...results.map((r) => this.toWrite(slo, event, r.metric, r.points)));
      }
      await this.writer.write(series);
      const samples = series.reduce((sum, s) => sum + s.samples.length, 0);
      await this.revisions.update(name, slo.revision, {
        historyState: 'filled',
        historyFrom: end - span,
        historyError: undefined,
        historyAttempts: record.historyAttempts + 1,
      });
      this.log?.info({ slo: name, revision: slo.revision, samples, from: end - span, to: end }, 'SLO history filled');
    } catch (error) {
      await this.revisions.update(name, slo.revision, {
        historyState: 'failed',
        historyError: explain(error, span),
        historyAttempts: record.historyAttempts + 1,
      });
      this.log?.warn({ slo: name, err: error }, 'filling SLO history failed');
    }
  }

  /**
   * The filled history ends at recordFrom − 5m and the first live sample t1 counts the 5
   * minutes before it; the span in between (under 5 minutes) is written as one more sample.
   */
  async closeSeam(slo: ActiveSlo, record: RevisionRecord, ruleGroups: () => Promise<RuleGroupState[]>): Promise<void> {
    const name = slo.definition.slo.metadata.name;
    const firstLive = await this.firstLiveSample(slo, record, ruleGroups);
    if (firstLive === 'not yet') {
      return;
    }
    const filledUntil = record.recordFrom - RECORDING_STEP_SECONDS;
    // Without traffic nothing was recorded live yet and nothing needs filling: live recording
    // simply counts from recordFrom on.
    const liveFrom = firstLive === 'no traffic' ? record.recordFrom : firstLive - RECORDING_STEP_SECONDS;
    if (firstLive !== 'no traffic') {
      const seamEnd = liveFrom;
      const gap = seamEnd - filledUntil;
      if (gap > 0.0005) {
        const queries = eventQueries(slo.definition.slo.spec, gap);
        const series: WriteSeries[] = [];
        for (const event of ['bad', 'total'] as const) {
          const results = await this.prometheus.instantQuery(queries[event], seamEnd);
          series.push(...results.map((r) => this.toWrite(slo, event, r.metric, [[seamEnd, r.value]])));
        }
        await this.writer.write(series);
      }
    }
    await this.revisions.update(name, slo.revision, { liveFrom });
  }

  private async firstLiveSample(
    slo: ActiveSlo,
    record: RevisionRecord,
    ruleGroups: () => Promise<RuleGroupState[]>
  ): Promise<number | 'not yet' | 'no traffic'> {
    const until = record.recordFrom + FIRST_LIVE_SAMPLE_WITHIN;
    const series = selector(SLO_EVENTS_METRIC, [
      { name: SLO_LABELS.slo, op: '=', value: slo.definition.slo.metadata.name },
      { name: SLO_LABELS.revision, op: '=', value: slo.revision },
    ]);
    // Samples in [recordFrom, until]: the range reaches one second before recordFrom.
    const results = await this.prometheus.rawSamples(`${series}[${FIRST_LIVE_SAMPLE_WITHIN + 1}s]`, until);
    const first = Math.min(...results.flatMap((r) => r.points.map(([t]) => t)).filter((t) => t >= record.recordFrom));
    if (Number.isFinite(first)) {
      return first;
    }
    // Nothing recorded live yet. Once the recording group has evaluated past the window, that
    // means no traffic at all, so there is nothing to fill either.
    const groups = await ruleGroups();
    const group = groups.find((g) => g.name === RULE_GROUPS.recording(slo.definition.slo.metadata.name));
    const last = group?.lastEvaluation ? Date.parse(group.lastEvaluation) / 1000 : undefined;
    return last !== undefined && last > until ? 'no traffic' : 'not yet';
  }

  private toWrite(
    slo: ActiveSlo,
    event: 'bad' | 'total',
    metric: Record<string, string>,
    points: Array<[number, number]>
  ): WriteSeries {
    const { __name__: _dropped, ...groups } = metric;
    return {
      labels: {
        __name__: SLO_EVENTS_METRIC,
        ...groups,
        ...seriesLabels(
          {
            slo: slo.definition.slo,
            revision: slo.revision,
            ...(slo.definition.team ? { team: slo.definition.team } : {}),
          },
          event
        ),
      },
      samples: points.filter(([, value]) => Number.isFinite(value)),
    };
  }
}

/** What went wrong, in terms an operator can act on. */
function explain(error: unknown, span: number): string {
  const message = (error as Error).message;
  if (error instanceof PrometheusError && error.status === 404 && /remote write/.test(message)) {
    return `Prometheus does not accept remote write; start it with --web.enable-remote-write-receiver (${message})`;
  }
  if (/too old sample|out of bounds/.test(message)) {
    return `Prometheus refused history this old; set storage.tsdb.out_of_order_time_window to at least ${durationLabel(span + DAY)} (${message})`;
  }
  return message;
}
