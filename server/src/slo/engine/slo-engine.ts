import type { AlertmanagerConfigWriter, ApplyResult } from '../../alerting/alertmanager-writer.js';
import type { SloStatusPage } from '@steward/contract/slo';
import type { PrometheusClient } from '../../prometheus/client.js';
import type { TeamEntity } from '@steward/contract/model/team';
import type { RegistryService } from '../../registry/registry-service.js';
import { buildRuleSet, type ActiveSlo, type SloRules } from '../delivery/rule-set.js';
import type { DeliveryResult, RuleTarget } from '../delivery/rule-targets.js';
import { DaySums } from '../status/day-sums.js';
import { computeStatus, sourceOf, type EngineState } from '../status/status-service.js';
import { recordFromFor } from '../tiles.js';
import type { HistoryFiller } from './history-filler.js';
import { hasFineTiles } from '../rules.js';
import type { RevisionStore } from '../../store/revision-store.js';
import { burnAlertsHeld, type RevisionRecord } from './revisions.js';
import { loadSloDefinitions } from './slo-directory.js';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SloEngineOptions {
  registry: RegistryService;
  prometheus: PrometheusClient;
  revisions: RevisionStore;
  /** Where rules go; without one, Steward only computes (rules are someone else's business). */
  rules?: RuleTarget;
  /** Fills recorded history of new revisions; without one, history starts when recording does. */
  history?: HistoryFiller;
  alertmanager?: AlertmanagerConfigWriter;
  grafanaPublicUrl?: string;
  statusCacheSeconds: number;
  /**
   * Is this server the one that writes rules, routes and history now? Others read what the
   * leader stored (revisions, history states) and answer status from it. Always, by default.
   */
  leads?: () => boolean;
  log?: Logger;
  now?: () => number;
}

export interface SyncReport {
  at: number;
  /** A follower's sync only reads: the leader writes rules, routes and history. */
  role: 'leader' | 'follower';
  slos: number;
  /** SLOs the leader has not activated yet (their current definition has no revision): left out until it does. */
  awaitingLeader?: number;
  rules?: DeliveryResult;
  ruleErrors: Record<string, string>;
  alertmanager?: ApplyResult;
  error?: string;
}

/** Wait this long after a registry change before syncing, so a burst of edits syncs once. */
const DEBOUNCE_MS = 250;
/** History retries and seam closing run this often. */
const TICK_MS = 15_000;
/** A cached status older than this many cache periods is not served while a new one is computed. */
const STALE_LIMIT = 10;
/** A status computation slower than this is logged, with its request count. */
const SLOW_STATUS_SECONDS = 5;
/** An `at` this close to now asks for the present: the cached status answers it. */
const PRESENT_SECONDS = 60;

/**
 * Keeps Prometheus, Alertmanager and recorded history in line with the SLOs in the registry,
 * and answers SLO status from a short cache. Syncs never overlap; every registry change leads
 * to one.
 */
export class SloEngine {
  private active: ActiveSlo[] = [];
  private records = new Map<string, RevisionRecord>();
  private ruleErrors = new Map<string, string>();
  private syncing: Promise<SyncReport> | undefined;
  private syncAgain = false;
  private report?: SyncReport;
  private debounce?: NodeJS.Timeout;
  private ticker?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private historyRun: Promise<void> = Promise.resolve();
  private cached?: { page: SloStatusPage; at: number };
  private readonly daySums = new DaySums();
  private readonly ruleCache = new Map<string, SloRules>();
  private computing?: Promise<SloStatusPage>;
  private readonly now: () => number;
  private readonly leads: () => boolean;

  constructor(private readonly options: SloEngineOptions) {
    this.now = options.now ?? (() => Date.now() / 1000);
    this.leads = options.leads ?? (() => true);
  }

  async start(): Promise<void> {
    this.unsubscribe = this.options.registry.onChange(() => this.scheduleSync());
    await this.sync();
    this.ticker = setInterval(() => {
      if (!this.leads()) {
        // What the leader's history work changed, and SLOs it has activated since.
        void this.refreshRecords().catch(() => undefined);
        if (this.report?.role !== 'follower' || this.report.awaitingLeader || this.report.error) {
          void this.sync();
        }
        return;
      }
      void this.runHistory();
      if (
        this.report?.role !== 'leader' ||
        this.report.error ||
        this.report.rules?.error ||
        this.report.alertmanager?.error
      ) {
        void this.sync();
      }
    }, TICK_MS);
    this.ticker.unref();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    clearTimeout(this.debounce);
    clearInterval(this.ticker);
    await this.syncing?.catch(() => undefined);
    await this.historyRun;
  }

  private scheduleSync(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.sync(), DEBOUNCE_MS);
  }

  /** Brings rules, Alertmanager routes and history in line with the registry now. */
  sync(): Promise<SyncReport> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = this.syncOnce().finally(() => {
      this.syncing = undefined;
      if (this.syncAgain) {
        this.syncAgain = false;
        void this.sync();
      }
    });
    return this.syncing;
  }

  private async syncOnce(): Promise<SyncReport> {
    const at = this.now();
    const leads = this.leads();
    const role = leads ? 'leader' : 'follower';
    try {
      const definitions = await loadSloDefinitions(this.options.registry.store, this.options.grafanaPublicUrl);
      // History fills a new revision's tiles up to recordFrom at once, and the few between it and
      // the rules' first evaluation once that has run.
      const recordFrom = recordFromFor(at);
      const active: ActiveSlo[] = [];
      const records = new Map<string, RevisionRecord>();
      let awaitingLeader = 0;
      const stored = leads
        ? undefined
        : await this.options.revisions.current(new Map(definitions.map((d) => [d.slo.metadata.name, d.counted])));
      for (const definition of definitions) {
        const name = definition.slo.metadata.name;
        const record = leads
          ? await this.options.revisions.activate(
              name,
              definition.counted,
              recordFrom,
              this.options.history ? 'pending' : 'off'
            )
          : stored!.get(name);
        if (!record) {
          awaitingLeader++;
          continue;
        }
        records.set(record.revision, record);
        active.push({
          definition,
          revision: record.revision,
          recordFrom: record.recordFrom,
          ...(burnAlertsHeld(record, hasFineTiles(definition.slo.spec)) ? { burnAlertsHeld: true } : {}),
        });
      }
      const ruleSet = buildRuleSet(active, this.ruleCache);
      // Leadership is asked again just before writing: a sync can outlast it.
      const writes = () => leads && this.leads();
      const rules =
        this.options.rules && writes() ? await this.options.rules.deliver(ruleSet.files, ruleSet.kept) : undefined;
      if (rules?.error) {
        this.options.log?.error(
          { file: rules.target, line: null, field: '', error: rules.error },
          'SLO rules not delivered'
        );
      }
      const alertmanager = writes()
        ? await this.options.alertmanager?.apply(
            (await this.options.registry.store.all('Team')).map((t) => t.entity as TeamEntity)
          )
        : undefined;
      if (alertmanager?.error) {
        this.options.log?.error({ error: alertmanager.error }, 'Alertmanager routes not applied');
      }
      this.active = active;
      this.records = records;
      this.daySums.retain(new Set(active.map((a) => a.revision)));
      this.logNewRuleErrors(active, ruleSet.errors);
      this.ruleErrors = ruleSet.errors;
      this.cached = undefined;
      this.report = {
        at,
        role,
        slos: active.length,
        ...(awaitingLeader > 0 ? { awaitingLeader } : {}),
        ...(rules ? { rules } : {}),
        ruleErrors: Object.fromEntries(ruleSet.errors),
        ...(alertmanager ? { alertmanager } : {}),
      };
      void this.runHistory();
    } catch (error) {
      this.options.log?.error({ err: error }, 'SLO sync failed; the previous state stays');
      this.report = {
        at,
        role,
        slos: this.active.length,
        ruleErrors: Object.fromEntries(this.ruleErrors),
        error: (error as Error).message,
      };
    }
    return this.report;
  }

  /** Each SLO whose rules were not written, once, naming where the SLO is defined. */
  private logNewRuleErrors(active: ActiveSlo[], errors: Map<string, string>): void {
    for (const { definition } of active) {
      const name = definition.slo.metadata.name;
      const error = errors.get(name);
      if (error && this.ruleErrors.get(name) !== error) {
        const { origin } = definition;
        this.options.log?.warn(
          { file: origin.path ?? 'api', line: origin.line ?? null, field: 'spec', slo: name, error },
          'SLO rules not written; the last good rules stay'
        );
      }
    }
  }

  /** History work runs one pass at a time, in the background. */
  private runHistory(): Promise<void> {
    const history = this.options.history;
    if (!history) {
      return this.historyRun;
    }
    this.historyRun = this.historyRun
      .then(async () => {
        if (!this.leads()) {
          return;
        }
        await history.work(this.active, this.leads);
        await this.refreshRecords();
      })
      .catch((error: unknown) => this.options.log?.warn({ err: error }, 'SLO history pass failed'));
    return this.historyRun;
  }

  private async refreshRecords(): Promise<void> {
    const records = await this.options.revisions.ofActive(this.active);
    const changed = [...records].some(([revision, r]) => {
      const before = this.records.get(revision);
      return (
        before?.historyState !== r.historyState ||
        before?.liveFrom !== r.liveFrom ||
        before?.fineLiveFrom !== r.fineLiveFrom
      );
    });
    this.records = records;
    if (changed) {
      this.cached = undefined;
    }
    // A revision whose windows became whole gets its burn-rate alerts now, not at the next edit.
    const release = this.active.some((slo) => {
      const record = records.get(slo.revision);
      return record && (slo.burnAlertsHeld ?? false) !== burnAlertsHeld(record, hasFineTiles(slo.definition.slo.spec));
    });
    if (release) {
      this.scheduleSync();
    }
  }

  state(): EngineState {
    return {
      active: this.active,
      records: this.records,
      ruleErrors: this.ruleErrors,
      deliversRules: Boolean(this.options.rules),
      daySums: this.daySums,
    };
  }

  /** Active SLOs with where their numbers come from now: recorded counts, or raw series. */
  withSources(at = this.now()): Array<{ slo: ActiveSlo; source: 'recorded' | 'raw'; coveredFrom: number }> {
    return this.active.map((slo) => {
      const record = this.records.get(slo.revision);
      const coveredFrom =
        record?.historyState === 'filled' && record.historyFrom !== undefined ? record.historyFrom : slo.recordFrom;
      return { slo, source: sourceOf(slo, this.records, at), coveredFrom };
    });
  }

  lastSync(): SyncReport | undefined {
    return this.report;
  }

  /**
   * The active revisions' records as stored now (history work updates them as it goes), and
   * whether the rules last delivered hold back their burn-rate alerts.
   */
  async revisionRecords(): Promise<Array<RevisionRecord & { burnAlertsHeld: boolean }>> {
    const held = new Set(this.active.filter((slo) => slo.burnAlertsHeld).map((slo) => slo.revision));
    return [...(await this.options.revisions.ofActive(this.active)).values()].map((record) => ({
      ...record,
      burnAlertsHeld: held.has(record.revision),
    }));
  }

  /**
   * Every SLO's status now, from a cache of `statusCacheSeconds`; or at an earlier moment `at`,
   * computed each time. A stale answer is served while a new one is computed, unless it is very
   * old; concurrent callers share one computation. An answer with rows that could not be
   * computed (Prometheus slow or down) is stale at once: it is still served, but each caller
   * starts a new computation (if none runs), so the error clears as soon as Prometheus answers
   * rather than after the whole TTL.
   */
  async status(fresh = false, at?: number): Promise<SloStatusPage> {
    const now = this.now();
    if (at !== undefined && at < now - PRESENT_SECONDS) {
      return computeStatus(this.options.prometheus, this.state(), at, now);
    }
    const ttl = this.options.statusCacheSeconds;
    const broken = this.cached?.page.rows.some((r) => r.state === 'error') ?? false;
    const age = this.cached ? now - this.cached.at : Infinity;
    if (!fresh && this.cached && age < ttl && !broken) {
      return this.cached.page;
    }
    const computing = this.computing ?? this.compute();
    if (!fresh && this.cached && age < ttl * STALE_LIMIT) {
      computing.catch(() => undefined); // refreshed in the background; the next caller sees its error
      return this.cached.page;
    }
    return computing;
  }

  /** The last status computed at the present, however old, with its moment; none before the first. */
  lastStatus(): { page: SloStatusPage; at: number } | undefined {
    return this.cached;
  }

  private compute(): Promise<SloStatusPage> {
    const started = this.now();
    this.computing = computeStatus(this.options.prometheus, this.state(), started, started)
      .then((page) => {
        this.cached = { page, at: started };
        const seconds = this.now() - started;
        if (seconds > SLOW_STATUS_SECONDS) {
          this.options.log?.warn(
            { seconds, prometheusRequests: page.prometheusRequests, slos: this.active.length },
            'computing the SLO status was slow'
          );
        }
        return page;
      })
      .finally(() => {
        this.computing = undefined;
      });
    return this.computing;
  }
}
