import type { Kysely } from 'kysely';
import type { ActiveSlo } from '../slo/delivery/rule-set.js';
import type { HistoryState, RevisionRecord } from '../slo/engine/revisions.js';
import type { SloRevisionsTable, Tables } from './tables.js';

/** Durable bookkeeping of SLO revisions, so history work resumes after a restart. */
export class RevisionStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => Date = () => new Date()
  ) {}

  /**
   * The SLO's active revision for what it counts now (`counted`, a content hash). A new one is
   * created when the content changes — also when it changes back: the label of an earlier
   * activation is never reused, because its series in Prometheus stop where that activation
   * ended and must not be mistaken for a continuous record.
   */
  async activate(slo: string, counted: string, recordFrom: number, state: HistoryState): Promise<RevisionRecord> {
    const earlier = await this.db
      .selectFrom('slo_revisions')
      .selectAll()
      .where('slo', '=', slo)
      .orderBy('created_at', 'desc')
      .orderBy('record_from', 'desc')
      .execute();
    const latest = earlier[0];
    if (latest && contentOf(latest.revision) === counted) {
      return fromRow(latest);
    }
    const uses = earlier.filter((row) => contentOf(row.revision) === counted).length;
    const revision = uses === 0 ? counted : `${counted}-${uses + 1}`;
    const at = this.now().toISOString();
    await this.db
      .insertInto('slo_revisions')
      .values({
        slo,
        revision,
        record_from: recordFrom,
        created_at: at,
        history_state: state,
        history_from: null,
        history_error: null,
        history_attempts: 0,
        live_from: null,
        fine_live_from: null,
        updated_at: at,
      })
      .execute();
    return (await this.get(slo, revision))!;
  }

  /**
   * Each SLO's active revision as the leader stored it, without creating any, in one query: the
   * latest, if it counts what the SLO counts now (`counted`, by SLO name). A follower reads these;
   * until the leader activates a changed SLO it has none.
   */
  async current(counted: Map<string, string>): Promise<Map<string, RevisionRecord>> {
    const rows = await this.db
      .selectFrom('slo_revisions')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('record_from', 'desc')
      .execute();
    const current = new Map<string, RevisionRecord>();
    const seen = new Set<string>();
    for (const row of rows) {
      if (!seen.has(row.slo)) {
        seen.add(row.slo);
        if (counted.get(row.slo) === contentOf(row.revision)) {
          current.set(row.slo, fromRow(row));
        }
      }
    }
    return current;
  }

  async get(slo: string, revision: string): Promise<RevisionRecord | undefined> {
    const row = await this.db
      .selectFrom('slo_revisions')
      .selectAll()
      .where('slo', '=', slo)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async all(): Promise<RevisionRecord[]> {
    return (await this.db.selectFrom('slo_revisions').selectAll().execute()).map(fromRow);
  }

  /** The records of the active revisions, by revision, in one query. */
  async ofActive(active: ActiveSlo[]): Promise<Map<string, RevisionRecord>> {
    const wanted = new Set(active.map((a) => `${a.definition.slo.metadata.name}\n${a.revision}`));
    const records = new Map<string, RevisionRecord>();
    for (const record of await this.all()) {
      if (wanted.has(`${record.slo}\n${record.revision}`)) {
        records.set(record.revision, record);
      }
    }
    return records;
  }

  async update(
    slo: string,
    revision: string,
    patch: Partial<
      Pick<
        RevisionRecord,
        'historyState' | 'historyFrom' | 'historyError' | 'historyAttempts' | 'liveFrom' | 'fineLiveFrom'
      >
    >
  ): Promise<void> {
    const set: Partial<SloRevisionsTable> = { updated_at: this.now().toISOString() };
    if (patch.historyState !== undefined) {
      set.history_state = patch.historyState;
    }
    if ('historyFrom' in patch) {
      set.history_from = patch.historyFrom ?? null;
    }
    if ('historyError' in patch) {
      set.history_error = patch.historyError ?? null;
    }
    if (patch.historyAttempts !== undefined) {
      set.history_attempts = patch.historyAttempts;
    }
    if ('liveFrom' in patch) {
      set.live_from = patch.liveFrom ?? null;
    }
    if ('fineLiveFrom' in patch) {
      set.fine_live_from = patch.fineLiveFrom ?? null;
    }
    await this.db
      .updateTable('slo_revisions')
      .set(set)
      .where('slo', '=', slo)
      .where('revision', '=', revision)
      .execute();
  }
}

/** The content hash a revision label starts with (`abc123` of `abc123-2`). */
function contentOf(revision: string): string {
  return revision.split('-')[0]!;
}

function fromRow(row: SloRevisionsTable): RevisionRecord {
  return {
    slo: row.slo,
    revision: row.revision,
    recordFrom: Number(row.record_from),
    createdAt: row.created_at,
    historyState: row.history_state as HistoryState,
    ...(row.history_from !== null ? { historyFrom: Number(row.history_from) } : {}),
    ...(row.history_error !== null ? { historyError: row.history_error } : {}),
    historyAttempts: Number(row.history_attempts),
    ...(row.live_from !== null ? { liveFrom: Number(row.live_from) } : {}),
    ...(row.fine_live_from !== null && row.fine_live_from !== undefined
      ? { fineLiveFrom: Number(row.fine_live_from) }
      : {}),
    updatedAt: row.updated_at,
  };
}
