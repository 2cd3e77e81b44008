import type { Kysely, Transaction } from 'kysely';
import type { AuditPage, AuditQuery } from '@steward/contract/registry';
import type { AuditAction, Tables } from '../../store/tables.js';
import { queryCatalog, withSubteams, type CatalogFilter, type CatalogPage } from './catalog-query.js';
import type { Entity, EntityKind } from '@steward/contract/model/service';
import { fromRow, originOf, relationsOf, toRow } from './entity-row.js';
import { firstVersions, isUniqueViolation } from './versions.js';
import type { Origin, StoredEntity } from './stored-entity.js';

export class EntityExistsError extends Error {}
export class EntityNotFoundError extends Error {}
export class VersionConflictError extends Error {
  constructor(readonly current: StoredEntity) {
    super('version conflict');
  }
}

export type FileChange =
  | { op: 'create'; entity: Entity; origin: Origin }
  | { op: 'update'; entity: Entity; origin: Origin }
  | { op: 'delete'; kind: EntityKind; name: string }
  /** The entry moved within its file (lines above it changed): refresh the line only. */
  | { op: 'relocate'; kind: EntityKind; name: string; line: number }
  /** Its file disappeared or emptied: keep it, flagged, until an Admin or a file resolves it. */
  | { op: 'orphan'; kind: EntityKind; name: string; path: string; line?: number; reason: string };

type Db = Kysely<Tables> | Transaction<Tables>;

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const BATCH = 500;

/**
 * Durable storage of registry entries. Each write is one transaction that also appends its
 * audit row, so an acknowledged write and its audit entry are committed together or not at all.
 */
export class RegistryStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => Date = () => new Date()
  ) {}

  async get(kind: EntityKind, name: string, db: Db = this.db): Promise<StoredEntity | undefined> {
    const row = await db
      .selectFrom('entities')
      .selectAll()
      .where('kind', '=', kind)
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** Every service with the fields its ownership info series carries. */
  serviceOwnership() {
    return this.db
      .selectFrom('entities')
      .select(['name', 'owner', 'tier', 'lifecycle', 'system'])
      .where('kind', '=', 'Service')
      .execute();
  }

  /** Every team with the fields its info series carries. */
  teamInfo() {
    return this.db.selectFrom('entities').select(['name', 'parent', 'title']).where('kind', '=', 'Team').execute();
  }

  /** These teams and every team below them. */
  withSubteams(roots: string[]): Promise<string[]> {
    return withSubteams(this.db, roots);
  }

  /** One page of the catalog, filtered and faceted. */
  query(filter: CatalogFilter, options: Parameters<typeof queryCatalog>[2]): Promise<CatalogPage> {
    return queryCatalog(this.db, filter, options);
  }

  /** The audit log, newest first; `before` pages backwards through the sequence. */
  async auditPage(query: AuditQuery): Promise<AuditPage> {
    let q = this.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(query.limit + 1);
    if (query.kind) {
      q = q.where('kind', '=', query.kind);
    }
    if (query.name) {
      q = q.where('name', '=', query.name);
    }
    if (query.actor) {
      q = q.where('actor', '=', query.actor);
    }
    if (query.before) {
      q = q.where('seq', '<', query.before);
    }
    const rows = await q.execute();
    const items = rows.slice(0, query.limit).map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actor: r.actor,
      action: r.action,
      kind: r.kind,
      name: r.name,
      source: r.source,
      ...(r.source_path ? { sourcePath: r.source_path } : {}),
      ...(r.before ? { before: JSON.parse(r.before) } : {}),
      ...(r.after ? { after: JSON.parse(r.after) } : {}),
    }));
    return { items, ...(rows.length > query.limit ? { nextCursor: items[items.length - 1]!.seq } : {}) };
  }

  /**
   * Changes so far, as one opaque mark: it moves with every stored change, also one a
   * transaction that started earlier commits later (its audit row has a lower seq).
   */
  async changeMark(): Promise<string> {
    const row = await this.db
      .selectFrom('audit_log')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('seq').as('last')])
      .executeTakeFirstOrThrow();
    return `${Number(row.count)}:${Number(row.last ?? 0)}`;
  }

  /** Just what a catalog reload compares against, for every entry. */
  async summaries(): Promise<Array<{ kind: string; name: string; origin: Origin; body: string; updatedBy: string }>> {
    const rows = await this.db
      .selectFrom('entities')
      .select([
        'kind',
        'name',
        'source',
        'source_path',
        'source_line',
        'orphaned_at',
        'orphaned_reason',
        'body',
        'updated_by',
      ])
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      name: r.name,
      origin: originOf(r),
      body: r.body,
      updatedBy: r.updated_by,
    }));
  }

  /** Teams a login is listed in, directly. */
  async teamsOf(login: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('entity_relations')
      .select('name')
      .where('relation', '=', 'member')
      .where('target', '=', login)
      .where('kind', '=', 'Team')
      .execute();
    return rows.map((r) => r.name);
  }

  /** The team and every team above it (stops at cycles). */
  async ancestorsOf(team: string): Promise<string[]> {
    const rows = await this.db
      .withRecursive('chain(name, parent)', (qb) =>
        qb
          .selectFrom('entities')
          .select(['name', 'parent'])
          .where('kind', '=', 'Team')
          .where('name', '=', team)
          .union(
            qb
              .selectFrom('entities as t')
              .innerJoin('chain', 'chain.parent', 't.name')
              .select(['t.name', 't.parent'])
              .where('t.kind', '=', 'Team')
          )
      )
      .selectFrom('chain')
      .select('name')
      .execute();
    return rows.map((r) => r.name);
  }

  /** Entries with a relation pointing at `target`, e.g. services that depend on a service. */
  async relatedTo(relation: string, target: string): Promise<Array<{ kind: string; name: string }>> {
    return this.db
      .selectFrom('entity_relations')
      .select(['kind', 'name'])
      .where('relation', '=', relation)
      .where('target', '=', target)
      .orderBy('name')
      .execute();
  }

  async all(kind?: EntityKind): Promise<StoredEntity[]> {
    let query = this.db.selectFrom('entities').selectAll();
    if (kind) {
      query = query.where('kind', '=', kind);
    }
    return (await query.orderBy('kind').orderBy('name').execute()).map(fromRow);
  }

  async create(entity: Entity, origin: Origin, actor: string): Promise<StoredEntity> {
    const exists = () => new EntityExistsError(`${entity.kind} ${entity.metadata.name} exists`);
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (await this.get(entity.kind, entity.metadata.name, trx)) {
          throw exists();
        }
        return this.insert(trx, entity, origin, actor);
      });
    } catch (error) {
      // Two creates of one name at once: the loser hits the primary key, which is the same answer.
      throw isUniqueViolation(error) ? exists() : error;
    }
  }

  /** Replaces an entry if it is still at `expectedVersion`. */
  async update(entity: Entity, expectedVersion: number, actor: string): Promise<StoredEntity> {
    return this.atVersion(entity.kind, entity.metadata.name, expectedVersion, (trx, current) =>
      this.replace(trx, current, entity, current.origin, actor, expectedVersion)
    );
  }

  async remove(kind: EntityKind, name: string, expectedVersion: number, actor: string): Promise<StoredEntity> {
    return this.atVersion(kind, name, expectedVersion, async (trx, current) => {
      await this.delete(trx, current, actor);
      return current;
    });
  }

  /**
   * An Admin takes an orphaned file entry over: it becomes an API entry, editable through the
   * API, and no longer flagged.
   */
  async adopt(kind: EntityKind, name: string, expectedVersion: number, actor: string): Promise<StoredEntity> {
    return this.atVersion(kind, name, expectedVersion, (trx, current) =>
      this.replace(trx, current, current.entity, { source: 'api' }, actor, expectedVersion, 'adopt')
    );
  }

  /** Runs `work` in a transaction on the entry, if it exists and is still at `expectedVersion`. */
  private atVersion<T>(
    kind: EntityKind,
    name: string,
    expectedVersion: number,
    work: (trx: Transaction<Tables>, current: StoredEntity) => Promise<T>
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const current = await this.get(kind, name, trx);
      if (!current) {
        throw new EntityNotFoundError(`${kind} ${name} does not exist`);
      }
      if (current.version !== expectedVersion) {
        throw new VersionConflictError(current);
      }
      return work(trx, current);
    });
  }

  /** Applies a catalog reload in one transaction: all of it, with its audit rows, or none. */
  async applyFileChanges(changes: FileChange[], actorOf: (path: string | undefined) => string): Promise<void> {
    if (changes.length === 0) {
      return;
    }
    await this.db.transaction().execute(async (trx) => {
      const creates = changes.filter((c): c is Extract<FileChange, { op: 'create' }> => c.op === 'create');
      await this.insertMany(trx, creates, actorOf);
      for (const change of changes) {
        if (change.op === 'create') {
          continue;
        }
        if (change.op === 'relocate') {
          await trx
            .updateTable('entities')
            .set({ source_line: change.line })
            .where('kind', '=', change.kind)
            .where('name', '=', change.name)
            .execute();
          continue;
        }
        const kind = 'kind' in change ? change.kind : change.entity.kind;
        const name = 'name' in change ? change.name : change.entity.metadata.name;
        const current = await this.get(kind, name, trx);
        if (!current) {
          continue;
        }
        if (change.op === 'orphan') {
          const orphaned = { since: this.now().toISOString(), reason: change.reason };
          await this.replace(
            trx,
            current,
            current.entity,
            { ...current.origin, orphaned },
            actorOf(current.origin.path),
            current.version,
            'orphan'
          );
        } else if (change.op === 'delete') {
          await this.delete(trx, current, actorOf(current.origin.path));
        } else {
          await this.replace(trx, current, change.entity, change.origin, actorOf(change.origin.path), current.version);
        }
      }
    });
  }

  /** Bulk form of insert for catalog imports: the same rows, a few hundred per statement. */
  private async insertMany(
    trx: Transaction<Tables>,
    creates: Array<{ entity: Entity; origin: Origin }>,
    actorOf: (path: string | undefined) => string
  ): Promise<void> {
    const at = this.now().toISOString();
    for (let i = 0; i < creates.length; i += BATCH) {
      const batch = creates.slice(i, i + BATCH);
      const versions = await firstVersions(
        trx,
        batch.map((c) => c.entity)
      );
      const rows = batch.map(({ entity, origin }, index) =>
        toRow(entity, origin, {
          version: versions[index]!,
          createdAt: at,
          updatedAt: at,
          updatedBy: actorOf(origin.path),
        })
      );
      await trx.insertInto('entities').values(rows).execute();
      const relations = batch.flatMap(({ entity }) => relationsOf(entity));
      for (let j = 0; j < relations.length; j += BATCH) {
        await trx
          .insertInto('entity_relations')
          .values(relations.slice(j, j + BATCH))
          .execute();
      }
      await trx
        .insertInto('audit_log')
        .values(
          rows.map((row, index) => ({
            at,
            actor: row.updated_by,
            action: 'create' as const,
            kind: row.kind,
            name: row.name,
            source: batch[index]!.origin.source,
            source_path: row.source_path,
            before: null,
            after: row.body,
          }))
        )
        .execute();
    }
  }

  private async insert(trx: Transaction<Tables>, entity: Entity, origin: Origin, actor: string): Promise<StoredEntity> {
    const at = this.now().toISOString();
    const [version] = await firstVersions(trx, [entity]);
    const row = toRow(entity, origin, { version: version!, createdAt: at, updatedAt: at, updatedBy: actor });
    await trx.insertInto('entities').values(row).execute();
    await this.writeRelations(trx, entity);
    await this.audit(trx, { at, actor, action: 'create', entity, origin, before: null, after: row.body });
    return fromRow(row);
  }

  private async replace(
    trx: Transaction<Tables>,
    current: StoredEntity,
    entity: Entity,
    origin: Origin,
    actor: string,
    expectedVersion: number,
    action: AuditAction = 'update'
  ): Promise<StoredEntity> {
    const at = this.now().toISOString();
    const row = toRow(entity, origin, {
      version: current.version + 1,
      createdAt: current.createdAt,
      updatedAt: at,
      updatedBy: actor,
    });
    const { kind, name, ...changes } = row;
    const result = await trx
      .updateTable('entities')
      .set(changes)
      .where('kind', '=', kind)
      .where('name', '=', name)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new VersionConflictError((await this.get(kind as EntityKind, name, trx))!);
    }
    await trx.deleteFrom('entity_relations').where('kind', '=', kind).where('name', '=', name).execute();
    await this.writeRelations(trx, entity);
    await this.audit(trx, {
      at,
      actor,
      action,
      entity,
      origin,
      before: JSON.stringify(current.entity),
      after: row.body,
    });
    return fromRow(row);
  }

  private async delete(trx: Transaction<Tables>, current: StoredEntity, actor: string): Promise<void> {
    const { kind, metadata } = current.entity;
    await trx.deleteFrom('entities').where('kind', '=', kind).where('name', '=', metadata.name).execute();
    await trx.deleteFrom('entity_relations').where('kind', '=', kind).where('name', '=', metadata.name).execute();
    await this.audit(trx, {
      at: this.now().toISOString(),
      actor,
      action: 'delete',
      entity: current.entity,
      origin: current.origin,
      before: JSON.stringify(current.entity),
      after: null,
    });
  }

  private async writeRelations(trx: Transaction<Tables>, entity: Entity): Promise<void> {
    const rows = relationsOf(entity);
    if (rows.length > 0) {
      await trx.insertInto('entity_relations').values(rows).execute();
    }
  }

  private async audit(
    trx: Transaction<Tables>,
    entry: {
      at: string;
      actor: string;
      action: AuditAction;
      entity: Entity;
      origin: Origin;
      before: string | null;
      after: string | null;
    }
  ): Promise<void> {
    await trx
      .insertInto('audit_log')
      .values({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        kind: entry.entity.kind,
        name: entry.entity.metadata.name,
        source: entry.origin.source,
        source_path: entry.origin.path ?? null,
        before: entry.before,
        after: entry.after,
      })
      .execute();
  }
}
