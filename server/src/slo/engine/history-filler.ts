import { RULE_GROUPS, SLO_LABELS } from '../../conventions/slo.js';
import { PrometheusError, type PrometheusClient, type RuleGroupState } from '../../prometheus/client.js';
import type { RemoteWriter, WriteSeries } from '../../prometheus/remote-write.js';
import { selector } from '../../promql/escape.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import { hasFineTiles, seriesLabels } from '../rules.js';
import { pastTiles } from './past-tiles.js';
import { awaitReadable, readBackPlan } from './read-back.js';
import {
  filledAt,
  FINE_HISTORY_SECONDS,
  markAtOrBefore,
  SETTLE_SECONDS,
  slotStart,
  TILES,
  type Tile,
} from '../tiles.js';
import { DAY, durationLabel, historySeconds, windowOf } from '../windows.js';
import type { RevisionStore } from '../../store/revision-store.js';
import type { RevisionRecord } from './revisions.js';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * History is filled one window back, and this much further: a budget over time (the rolling
 * budget at each moment of a dashboard's range) needs a full window behind every moment shown.
 */
const EXTRA_HISTORY_SECONDS = 30 * DAY;

/** How far back a revision's tiles are filled from where live recording starts. */
function fillSpan(slo: ActiveSlo, tile: Tile): number {
  if (tile === TILES.fine) {
    return FINE_HISTORY_SECONDS;
  }
  return (
    Math.max(...slo.definition.slo.spec.objectives.map((o) => historySeconds(windowOf(o)))) + EXTRA_HISTORY_SECONDS
  );
}

/** The tiles a revision records. */
function tilesOf(slo: ActiveSlo): Tile[] {
  return hasFineTiles(slo.definition.slo.spec) ? [TILES.coarse, TILES.fine] : [TILES.coarse];
}
/** Failed fills are retried after 30 s, doubling up to an hour. */
const RETRY_BASE_SECONDS = 30;
const RETRY_MAX_SECONDS = 3600;
/** Revisions worked on at once: fills are a few range queries each, mostly waiting on Prometheus. */
const CONCURRENCY = 4;
/** How long written history may take to become readable before the fill counts as failed (and is retried). */
const READABLE_TIMEOUT_MS = 60_000;

/**
 * Recording rules only count from the moment they load, yet a new SLO on a service with weeks
 * of metrics must show a true budget at once. For each new revision this evaluates the very
 * expressions the recording rules use at every past mark, from raw series, and writes the
 * results as the recorded tiles (remote write; Prometheus and Mimir accept them with
 * out-of-order ingestion). Live tiles count the marks after recordFrom; the marks between
 * recordFrom and their first evaluation are filled once it has happened. A filled tile equals
 * the tile a live rule would have recorded: both count the same stretch between absolute marks.
 */
export class HistoryFiller {
  constructor(
    private readonly prometheus: PrometheusClient,
    private readonly writer: RemoteWriter,
    private readonly revisions: RevisionStore,
    private readonly log?: Logger,
    private readonly now: () => number = () => Date.now() / 1000
  ) {}

  /**
   * Does whatever history work is due for these SLOs, a few at a time, while `proceed` says so
   * (this server still leads); never throws.
   */
  async work(active: ActiveSlo[], proceed: () => boolean = () => true): Promise<void> {
    // Rule groups are needed only to tell "no traffic" from "not evaluated yet"; ask once a pass.
    let groups: Promise<RuleGroupState[]> | undefined;
    const ruleGroups = () => (groups ??= this.prometheus.ruleGroups());
    const queue = [...active];
    const records = await this.revisions.ofActive(active);
    const worker = async () => {
      for (let slo = queue.shift(); slo && proceed(); slo = queue.shift()) {
        const record = records.get(slo.revision);
        if (!record) {
          continue;
        }
        try {
          if (this.fillDue(record)) {
            await this.fill(slo, record);
          } else if (record.historyState === 'filled' && this.seamsOpen(slo, record).length > 0) {
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

  /** Fills the tiles of every mark up to recordFrom, one window (and 30 days) back for coarse ones. */
  async fill(slo: ActiveSlo, record: RevisionRecord): Promise<void> {
    const name = slo.definition.slo.metadata.name;
    await this.revisions.update(name, slo.revision, { historyState: 'filling' });
    const span = fillSpan(slo, TILES.coarse);
    try {
      const series: WriteSeries[] = [];
      for (const tile of tilesOf(slo)) {
        series.push(
          ...(await this.tilesBetween(slo, tile, record.recordFrom - fillSpan(slo, tile), record.recordFrom))
        );
      }
      await this.write(series);
      const samples = series.reduce((sum, s) => sum + s.samples.length, 0);
      await this.revisions.update(name, slo.revision, {
        historyState: 'filled',
        historyFrom: record.recordFrom - span,
        historyError: undefined,
        historyAttempts: record.historyAttempts + 1,
      });
      this.log?.info(
        { slo: name, revision: slo.revision, samples, from: record.recordFrom - span, to: record.recordFrom },
        'SLO history filled'
      );
    } catch (error) {
      await this.revisions.update(name, slo.revision, {
        historyState: 'failed',
        historyError: explain(error, span),
        historyAttempts: record.historyAttempts + 1,
      });
      this.log?.warn({ slo: name, err: error }, 'filling SLO history failed');
    }
  }

  /** The tile sizes whose live tiles are not yet joined to filled history. */
  private seamsOpen(slo: ActiveSlo, record: RevisionRecord): Tile[] {
    return tilesOf(slo).filter((tile) =>
      tile === TILES.fine ? record.fineLiveFrom === undefined : record.liveFrom === undefined
    );
  }

  /**
   * Live tiles begin with their group's first evaluation after recordFrom, which may come some
   * marks later (rules load after the fill; a coarse group evaluates every 5 minutes, a fine one
   * every 30 s): those marks are filled from raw series, for each size once its first live tile
   * is there, so alerts (which read fine tiles) are whole within a minute.
   */
  async closeSeam(slo: ActiveSlo, record: RevisionRecord, ruleGroups: () => Promise<RuleGroupState[]>): Promise<void> {
    const name = slo.definition.slo.metadata.name;
    for (const tile of this.seamsOpen(slo, record)) {
      const first = await this.firstLiveMark(slo, record, tile, ruleGroups);
      if (first === undefined) {
        continue;
      }
      const series = await this.tilesBetween(slo, tile, record.recordFrom, first - tile.seconds);
      await this.write(series);
      await this.revisions.update(
        name,
        slo.revision,
        tile === TILES.fine ? { fineLiveFrom: first - tile.seconds } : { liveFrom: first - tile.seconds }
      );
      this.log?.info(
        {
          slo: name,
          revision: slo.revision,
          tiles: tile.kind,
          samples: series.reduce((n, s) => n + s.samples.length, 0),
        },
        'SLO history joined to live recording'
      );
    }
  }

  /**
   * The first mark a live tile of this size counts; without one, the mark its group would have
   * counted by now when that group has evaluated (the SLI has no series yet: nothing to fill),
   * or undefined while it has not.
   */
  private async firstLiveMark(
    slo: ActiveSlo,
    record: RevisionRecord,
    tile: Tile,
    ruleGroups: () => Promise<RuleGroupState[]>
  ): Promise<number | undefined> {
    const name = slo.definition.slo.metadata.name;
    const series = selector(tile.metric, [
      { name: SLO_LABELS.slo, op: '=', value: name },
      { name: SLO_LABELS.revision, op: '=', value: slo.revision },
    ]);
    const since = slotStart(record.recordFrom + tile.seconds);
    const now = this.now();
    if (now < since) {
      return undefined;
    }
    const results = await this.prometheus.rawSamples(`${series}[${Math.ceil(now - since) + 1}s]`, now);
    const first = Math.min(...results.flatMap((r) => r.points.map(([t]) => t)).filter((t) => t >= since));
    if (Number.isFinite(first)) {
      return markAtOrBefore(first - SETTLE_SECONDS, tile);
    }
    const group = (await ruleGroups()).find(
      (g) => g.name === (tile === TILES.fine ? RULE_GROUPS.fine(name) : RULE_GROUPS.coarse(name))
    );
    const last = group?.lastEvaluation ? Date.parse(group.lastEvaluation) / 1000 : undefined;
    return last !== undefined && last >= since ? markAtOrBefore(last - SETTLE_SECONDS, tile) : undefined;
  }

  /** Writes tiles, and returns once the store answers with all of them: a revision is marked filled only then. */
  private async write(series: WriteSeries[]): Promise<void> {
    await this.writer.write(series);
    const count = async (query: string, time: number) =>
      (await this.prometheus.instantQuery(query, time))[0]?.value ?? 0;
    await awaitReadable(readBackPlan(series, [SLO_LABELS.slo, SLO_LABELS.revision]), count, {
      timeoutMs: READABLE_TIMEOUT_MS,
    });
  }

  /** The tiles of marks in (from, to], from raw series, as the recording rules count them. */
  private async tilesBetween(slo: ActiveSlo, tile: Tile, from: number, to: number): Promise<WriteSeries[]> {
    const tiles = await pastTiles(this.prometheus, slo.definition.slo.spec, tile, from, to);
    return (['bad', 'total'] as const).flatMap((event) =>
      tiles[event].map((group) =>
        this.toWrite(
          slo,
          tile,
          event,
          group.labels,
          group.points.map(([mark, value]) => [filledAt(mark), value])
        )
      )
    );
  }

  private toWrite(
    slo: ActiveSlo,
    tile: Tile,
    event: 'bad' | 'total',
    metric: Record<string, string>,
    points: Array<[number, number]>
  ): WriteSeries {
    const { __name__: _dropped, ...groups } = metric;
    return {
      labels: {
        __name__: tile.metric,
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
  return shortened(message);
}

/**
 * An engine's error may quote the whole query, several times over (VictoriaMetrics nests one per
 * subexpression): the start and the end, where the reason is, are what an operator reads.
 */
function shortened(message: string): string {
  const MAX = 600;
  return message.length <= MAX ? message : `${message.slice(0, 200)} … ${message.slice(-(MAX - 200))}`;
}
