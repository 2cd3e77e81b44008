import type { Entity, EntityKind } from '@steward/contract/model/service';

export type Source = 'api' | 'file';

/** Where an entry lives: created through the API (editable), or read from a catalog file (read-only). */
export interface Origin {
  source: Source;
  path?: string;
  line?: number;
  /** A file entry whose file disappeared or emptied: kept, and still routing, until resolved. */
  orphaned?: { since: string; reason: string };
}

/** An entry as stored, with its concurrency version and bookkeeping. */
export interface StoredEntity {
  entity: Entity;
  origin: Origin;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export type EntityKey = { kind: EntityKind; name: string };

export const keyOf = (kind: string, name: string) => `${kind}/${name}`;
