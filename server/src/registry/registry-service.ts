import type { Identity } from '@steward/contract/identity';
import { pathToField } from '../validation/schema-check.js';
import { RegistryRefusal } from './errors.js';
import { authorize } from './rights.js';
import { checkStrictReferences } from './strict-references.js';
import { logNewIssues, pageIssues, storeIssues, type IssuePage } from './catalog-status.js';
import type { CatalogIssue } from './model/issues.js';
import type { Entity, EntityKind } from '@steward/contract/model/service';
import { validateEntity } from './model/validate-entity.js';
import type { CatalogDirectory } from './sources/catalog-directory.js';
import type { LocatedEntity, ParsedCatalogFile } from './sources/located.js';
import { planFileSync } from './sources/plan-file-sync.js';
import type { CatalogFilter, CatalogPage } from './store/catalog-query.js';
import {
  EntityExistsError,
  EntityNotFoundError,
  RegistryStore,
  VersionConflictError,
  type FileChange,
} from './store/registry-store.js';
import { keyOf, type StoredEntity } from './store/stored-entity.js';

export interface CatalogSummary {
  directory?: string;
  lastReload?: {
    at: string;
    durationMs: number;
    created: number;
    updated: number;
    deleted: number;
    orphaned: number;
    error?: string;
  };
  files: Array<{ path: string; entries: number; unreadable: boolean; empty: boolean; skipped: Record<string, number> }>;
}

/** The catalog's state with one page of its problems (file problems, references, orphans). */
export type CatalogStatus = CatalogSummary & IssuePage & { orphans: number };

/** A reload this large refreshes the planner's statistics. */
const ANALYZE_AFTER_CHANGES = 1000;

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The ownership registry: catalog files and API edits in, one consistent store out. File
 * entries are read-only through the API; API writes are validated strictly (references must
 * exist) and allowed to Admins and to Editors in a team that owns the entry.
 */
export class RegistryService {
  private files: ParsedCatalogFile[] = [];
  private located = new Map<string, LocatedEntity>();
  private fileIssues: CatalogIssue[] = [];
  private referenceIssues?: CatalogIssue[];
  private loggedIssues = new Set<string>();
  private orphans = 0;
  private lastReload?: CatalogSummary['lastReload'];
  private reloading: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  /** Does this server write catalog files into the store? Only the leader does. */
  private writesFiles: () => boolean = () => true;
  private follower?: NodeJS.Timeout;
  private seenChange?: string;

  constructor(
    readonly store: RegistryStore,
    private readonly directory?: CatalogDirectory,
    private readonly analyze: () => Promise<void> = async () => undefined,
    private readonly log?: Logger,
    private readonly now: () => Date = () => new Date()
  ) {}

  /**
   * Loads the catalog folder, then follows its changes, and, given `storePollMs`, changes other
   * servers store in the same database. Catalog files are written into the store only while `writesFiles`
   * says so; otherwise they are read for their problems alone.
   */
  async start(options: { pollMs?: number; storePollMs?: number; writesFiles?: () => boolean } = {}): Promise<void> {
    if (options.writesFiles) {
      this.writesFiles = options.writesFiles;
    }
    if (options.storePollMs) {
      this.seenChange = await this.store.changeMark();
      this.follower = setInterval(() => void this.followStore(), options.storePollMs);
      this.follower.unref();
    }
    if (!this.directory) {
      return;
    }
    await this.reloadCatalog();
    this.directory.watch(
      () => {
        void this.reloadCatalog();
      },
      { ...(options.pollMs ? { pollMs: options.pollMs } : {}) }
    );
  }

  stop(): void {
    clearInterval(this.follower);
    this.directory?.close();
  }

  /** Another server stored a change: whatever this one keeps from the store is out of date. */
  private async followStore(): Promise<void> {
    try {
      const mark = await this.store.changeMark();
      if (mark !== this.seenChange) {
        this.seenChange = mark;
        this.notify();
      }
    } catch {
      // the store is unreachable: /readyz says so; nothing changed that this server could see
    }
  }

  /** Calls `listener` after every change that was stored (API writes and catalog reloads). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This server stored a change. */
  private changed(): void {
    this.notify();
    if (this.follower) {
      // The store's mark moved with it: the poll must not report this change a second time.
      void this.store.changeMark().then(
        (mark) => (this.seenChange = mark),
        () => undefined
      );
    }
  }

  private notify(): void {
    this.referenceIssues = undefined;
    for (const listener of this.listeners) {
      listener();
    }
  }

  /** Re-reads the catalog folder and applies what changed; reloads never overlap. */
  reloadCatalog(): Promise<CatalogSummary> {
    const next = this.reloading.then(
      () => this.reloadOnce(),
      () => this.reloadOnce()
    );
    this.reloading = next;
    return next;
  }

  private async reloadOnce(): Promise<CatalogSummary> {
    if (!this.directory) {
      return this.status();
    }
    const started = Date.now();
    try {
      const files = await this.directory.scan();
      let plan = planFileSync(files, await this.store.summaries());
      if (!this.writesFiles()) {
        plan = { ...plan, changes: [] }; // the leader writes them; this server reports the files' problems
      }
      await this.store.applyFileChanges(plan.changes, (path) => `file:${path}`);
      if (plan.changes.length >= ANALYZE_AFTER_CHANGES) {
        await this.analyze(); // the planner needs fresh statistics to use the catalog index well
      }
      this.files = files;
      this.fileIssues = plan.issues;
      this.located = new Map(plan.located.map((l) => [keyOf(l.entity.kind, l.entity.metadata.name), l]));
      this.referenceIssues = undefined;
      if (plan.changes.length > 0) {
        this.changed();
      }
      const count = (op: FileChange['op']) => plan.changes.filter((c) => c.op === op).length;
      this.lastReload = {
        at: this.now().toISOString(),
        durationMs: Date.now() - started,
        created: count('create'),
        updated: count('update'),
        deleted: count('delete'),
        orphaned: count('orphan'),
      };
      if (plan.changes.length > 0 || plan.issues.length > 0) {
        // Reference problems (an owner that does not exist, …) are checked later, on demand:
        // these are the problems in the files themselves.
        this.log?.info({ ...this.lastReload, fileIssues: plan.issues.length }, 'catalog reloaded');
      }
      this.loggedIssues = logNewIssues(this.log, this.loggedIssues, plan.issues);
      this.logOrphans(plan.changes);
    } catch (error) {
      this.lastReload = {
        at: this.now().toISOString(),
        durationMs: Date.now() - started,
        created: 0,
        updated: 0,
        deleted: 0,
        orphaned: 0,
        error: (error as Error).message,
      };
      this.log?.error(
        { err: error, file: this.directory.root, line: null, field: '' },
        'catalog reload failed; the previous state stays'
      );
    }
    return this.status();
  }

  private logOrphans(changes: FileChange[]): void {
    for (const change of changes) {
      if (change.op === 'orphan') {
        this.log?.warn(
          {
            file: change.path,
            line: change.line ?? null,
            field: 'metadata.name',
            entity: `${change.kind}/${change.name}`,
          },
          `${change.kind} "${change.name}" orphaned: ${change.reason}; kept and still routing until an Admin deletes or adopts it, or a file declares it again`
        );
      }
    }
  }

  status(): CatalogSummary {
    return {
      ...(this.directory ? { directory: this.directory.root } : {}),
      ...(this.lastReload ? { lastReload: this.lastReload } : {}),
      files: (this.files ?? []).map((f) => ({
        path: f.path,
        entries: f.entities.length,
        unreadable: f.unreadable,
        empty: f.empty ?? false,
        skipped: f.skipped,
      })),
    };
  }

  /** Every problem: in the files, and over everything stored (references, orphans). */
  async issues(): Promise<CatalogIssue[]> {
    await this.reloading;
    if (!this.referenceIssues) {
      const all = await this.store.all();
      this.referenceIssues = storeIssues(all, this.located);
      this.orphans = all.filter((s) => s.origin.orphaned).length;
    }
    return [...this.fileIssues, ...this.referenceIssues];
  }

  /** The catalog's state with one page of its problems, errors first. */
  async catalogStatus(query: {
    limit: number;
    cursor?: string;
    severity?: 'error' | 'warning';
  }): Promise<CatalogStatus> {
    const issues = await this.issues();
    return { ...this.status(), ...pageIssues(issues, query), orphans: this.orphans };
  }

  get(kind: EntityKind, name: string): Promise<StoredEntity | undefined> {
    return this.store.get(kind, name);
  }

  query(filter: CatalogFilter, options: { limit: number; cursor?: string }): Promise<CatalogPage> {
    return this.store.query(filter, options);
  }

  async create(kind: EntityKind, body: unknown, identity: Identity): Promise<StoredEntity> {
    const entity = this.parse(kind, body);
    await checkStrictReferences(this.store, entity);
    await authorize(this.store, identity, entity);
    try {
      const created = await this.store.create(entity, { source: 'api' }, identity.login);
      this.changed();
      return created;
    } catch (error) {
      if (error instanceof EntityExistsError) {
        const existing = await this.store.get(kind, entity.metadata.name);
        throw new RegistryRefusal(
          'conflict',
          `${kind} "${entity.metadata.name}" already exists${describeOrigin(existing)}`
        );
      }
      throw error;
    }
  }

  async update(
    kind: EntityKind,
    name: string,
    body: unknown,
    ifMatch: number | undefined,
    identity: Identity
  ): Promise<StoredEntity> {
    const version = requireVersion(ifMatch);
    const entity = this.parse(kind, body);
    if (entity.metadata.name !== name) {
      throw new RegistryRefusal('invalid', 'metadata.name cannot change; create the new entry and delete this one', [
        { field: 'metadata.name', message: `must be "${name}"` },
      ]);
    }
    const current = await this.editable(kind, name);
    await checkStrictReferences(this.store, entity);
    await authorize(this.store, identity, entity, current.entity);
    try {
      const updated = await this.store.update(entity, version, identity.login);
      this.changed();
      return updated;
    } catch (error) {
      throw translateWriteError(error, kind, name);
    }
  }

  async remove(kind: EntityKind, name: string, ifMatch: number | undefined, identity: Identity): Promise<void> {
    const version = requireVersion(ifMatch);
    // An orphan (its file is gone) is resolved by an Admin: deleted here, or adopted.
    const current = await this.editable(kind, name, identity.role === 'Admin');
    await authorize(this.store, identity, current.entity, current.entity, 'deleting');
    if (kind === 'Service') {
      const slos = await this.query({ kind: 'SLO', service: [name] }, { limit: 1 });
      if (slos.totalItems > 0) {
        throw new RegistryRefusal(
          'conflict',
          `service "${name}" still has ${slos.totalItems} SLO(s); delete or move them first`
        );
      }
    }
    if (kind === 'Team') {
      const [services, children] = await Promise.all([
        this.query({ kind: 'Service', owner: [name] }, { limit: 1 }),
        this.query({ kind: 'Team', parent: [name] }, { limit: 1 }),
      ]);
      if (services.totalItems > 0 || children.totalItems > 0) {
        throw new RegistryRefusal(
          'conflict',
          `team "${name}" still owns ${services.totalItems} service(s) and has ${children.totalItems} child team(s); move them first`
        );
      }
    }
    try {
      await this.store.remove(kind, name, version, identity.login);
      this.changed();
    } catch (error) {
      throw translateWriteError(error, kind, name);
    }
  }

  /** Validates a body as an entry of `kind`, with every problem reported. */
  private parse(kind: EntityKind, body: unknown): Entity {
    const { entity, problems } = validateEntity(body);
    if (!entity) {
      throw new RegistryRefusal(
        'invalid',
        problems.map((p) => `${pathToField(p.path) || 'body'}: ${p.message}`).join('; '),
        problems.map((p) => ({ field: pathToField(p.path), message: p.message }))
      );
    }
    if (entity.kind !== kind) {
      throw new RegistryRefusal('invalid', `kind must be "${kind}" here`, [
        { field: 'kind', message: `must be "${kind}"` },
      ]);
    }
    return entity;
  }

  /** An Admin makes an orphaned file entry an API entry, editable here from now on. */
  async adopt(kind: EntityKind, name: string, ifMatch: number | undefined, identity: Identity): Promise<StoredEntity> {
    const version = requireVersion(ifMatch);
    const current = await this.editable(kind, name, true);
    if (current.origin.source !== 'file') {
      throw new RegistryRefusal('conflict', `${kind} "${name}" is not from a catalog file; there is nothing to adopt`);
    }
    try {
      const adopted = await this.store.adopt(kind, name, version, identity.login);
      this.changed();
      return adopted;
    } catch (error) {
      throw translateWriteError(error, kind, name);
    }
  }

  private async editable(kind: EntityKind, name: string, orphansToo = false): Promise<StoredEntity> {
    const current = await this.store.get(kind, name);
    if (!current) {
      throw new RegistryRefusal('not_found', `${kind} "${name}" does not exist`);
    }
    if (current.origin.source === 'file' && !(orphansToo && current.origin.orphaned)) {
      throw new RegistryRefusal(
        'conflict',
        `${kind} "${name}" is defined in the catalog file ${current.origin.path}${current.origin.line ? `:${current.origin.line}` : ''}; change it there` +
          (orphansToo ? ' (only an orphan, whose file is gone, is resolved here)' : '')
      );
    }
    return current;
  }
}

function requireVersion(ifMatch: number | undefined): number {
  if (ifMatch === undefined) {
    throw new RegistryRefusal(
      'precondition_required',
      'send If-Match with the ETag from your last read, so no change is overwritten unseen'
    );
  }
  return ifMatch;
}

function translateWriteError(error: unknown, kind: EntityKind, name: string): unknown {
  if (error instanceof VersionConflictError) {
    const c = error.current;
    return new RegistryRefusal(
      'conflict',
      `${kind} "${name}" changed since you read it (now version ${c.version}, by ${c.updatedBy} at ${c.updatedAt}); reload it and apply your change again`
    );
  }
  if (error instanceof EntityNotFoundError) {
    return new RegistryRefusal('not_found', `${kind} "${name}" does not exist`);
  }
  return error;
}

function describeOrigin(existing: StoredEntity | undefined): string {
  if (!existing) {
    return '';
  }
  return existing.origin.source === 'file'
    ? ` (defined in ${existing.origin.path}${existing.origin.line ? `:${existing.origin.line}` : ''})`
    : ` (created through the API by ${existing.updatedBy})`;
}
