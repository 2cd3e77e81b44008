import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Tables } from '../../store/tables.js';
import type { EntityKind } from '@steward/contract/model/service';
import { fromRow } from './entity-row.js';
import type { StoredEntity } from './stored-entity.js';

const FACETS = ['owner', 'tier', 'lifecycle', 'system', 'parent', 'source', 'service'] as const;
export type Facet = (typeof FACETS)[number];

export interface CatalogFilter {
  kind: EntityKind;
  /** Words that must all appear in name, title or description (case-insensitive). */
  q?: string;
  owner?: string[];
  /** With `owner`: also services owned by teams below those teams. */
  includeSubteams?: boolean;
  tier?: string[];
  lifecycle?: string[];
  system?: string[];
  parent?: string[];
  source?: string[];
  /** SLOs: the services they measure. */
  service?: string[];
}

export interface CatalogPage {
  items: StoredEntity[];
  totalItems: number;
  /** Counts per value with every other filter applied; `""` counts entries without a value. */
  facets: Partial<Record<Facet, Array<{ value: string; count: number }>>>;
  nextCursor?: string;
}

const FACETS_BY_KIND: Record<EntityKind, Facet[]> = {
  Service: ['owner', 'tier', 'lifecycle', 'system', 'source'],
  Team: ['parent', 'source'],
  System: ['owner', 'source'],
  SLO: ['service', 'source'],
};

type Query = SelectQueryBuilder<Tables, 'entities', object>;

/**
 * One page of the catalog with facet counts, answered by the database so the browser never
 * receives more than a page. A cursor carries the filter it was made for, so following it
 * cannot mix two searches.
 */
export async function queryCatalog(
  db: Kysely<Tables>,
  requested: CatalogFilter,
  options: { limit: number; cursor?: string }
): Promise<CatalogPage> {
  const decoded = options.cursor ? decodeCursor(options.cursor, requested.kind) : undefined;
  const filter = decoded?.filter ?? requested;
  const owners = filter.owner?.length && filter.includeSubteams ? await withSubteams(db, filter.owner) : filter.owner;
  const resolved = { ...filter, owner: owners };

  const base = (except?: Facet) =>
    applyFilter(db.selectFrom('entities').where('kind', '=', filter.kind), resolved, except);

  // Names first, from the covering index; then only those rows with their (large) bodies.
  let namesQuery = base()
    .select('name')
    .orderBy('name')
    .limit(options.limit + 1);
  if (decoded) {
    namesQuery = namesQuery.where('name', '>', decoded.after);
  }
  const pageRows = async () => {
    const names = (await namesQuery.execute()).map((r) => r.name);
    if (names.length === 0) {
      return [];
    }
    return db
      .selectFrom('entities')
      .selectAll()
      .where('kind', '=', filter.kind)
      .where('name', 'in', names)
      .orderBy('name')
      .execute();
  };
  const [rows, total, ...facetCounts] = await Promise.all([
    pageRows(),
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    ...FACETS_BY_KIND[filter.kind].map((facet) =>
      base(facet)
        .select([sql<string | null>`${sql.ref(facet)}`.as('value'), (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(facet)
        .execute()
    ),
  ]);
  const items = rows.slice(0, options.limit).map(fromRow);
  const facets: CatalogPage['facets'] = {};
  FACETS_BY_KIND[filter.kind].forEach((facet, index) => {
    facets[facet] = facetCounts[index]!.map((r) => ({ value: r.value ?? '', count: Number(r.n) })).sort(
      (a, b) => b.count - a.count || a.value.localeCompare(b.value)
    );
  });
  return {
    items,
    totalItems: Number(total.n),
    facets,
    ...(rows.length > options.limit
      ? { nextCursor: encodeCursor(filter, items[items.length - 1]!.entity.metadata.name) }
      : {}),
  };
}

function applyFilter(query: Query, filter: CatalogFilter, except?: Facet): Query {
  let q = query;
  for (const word of (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
    q = q.where(sql<boolean>`search like ${`%${escapeLike(word)}%`} escape '\\'`);
  }
  for (const facet of FACETS) {
    if (facet === except) {
      continue;
    }
    const values = filter[facet];
    if (values && values.length > 0 && facet === 'owner' && filter.kind === 'SLO') {
      // An SLO is owned through its service.
      q = q.where((eb) =>
        eb(
          'service',
          'in',
          eb
            .selectFrom('entities as owned')
            .select('owned.name')
            .where('owned.kind', '=', 'Service')
            .where('owned.owner', 'in', values)
        )
      );
      continue;
    }
    if (values && values.length > 0) {
      const named = values.filter((v) => v !== '');
      q = q.where((eb) =>
        eb.or([
          ...(named.length > 0 ? [eb(facet, 'in', named)] : []),
          ...(values.includes('') ? [eb(facet, 'is', null)] : []),
        ])
      );
    }
  }
  return q;
}

/** The teams named and every team below them (parents may form a cycle; UNION stops it). */
export async function withSubteams(db: Kysely<Tables>, roots: string[]): Promise<string[]> {
  const rows = await db
    .withRecursive('subtree(name)', (qb) =>
      qb
        .selectFrom('entities')
        .select('name')
        .where('kind', '=', 'Team')
        .where('name', 'in', roots)
        .union(
          qb
            .selectFrom('entities as t')
            .innerJoin('subtree', 'subtree.name', 't.parent')
            .select('t.name')
            .where('t.kind', '=', 'Team')
        )
    )
    .selectFrom('subtree')
    .select('name')
    .execute();
  // Names asked for stay in the filter even if no such team exists (it then matches dangling owners).
  return [...new Set([...roots, ...rows.map((r) => r.name)])];
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function encodeCursor(filter: CatalogFilter, after: string): string {
  return Buffer.from(JSON.stringify({ filter, after })).toString('base64url');
}

export class BadCursorError extends Error {}

function decodeCursor(cursor: string, kind: EntityKind): { filter: CatalogFilter; after: string } {
  let value: { filter?: unknown; after?: unknown } | undefined;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // reported below
  }
  if (typeof value?.after !== 'string' || !isFilter(value.filter)) {
    throw new BadCursorError('the cursor is not one this server issued; start from the first page');
  }
  if (value.filter.kind !== kind) {
    throw new BadCursorError(
      `the cursor pages through ${value.filter.kind} entries, not ${kind}; start from the first page`
    );
  }
  return { filter: value.filter, after: value.after };
}

function isFilter(value: unknown): value is CatalogFilter {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const filter = value as Record<string, unknown>;
  const stringList = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
  return (
    typeof filter.kind === 'string' &&
    (filter.q === undefined || typeof filter.q === 'string') &&
    (filter.includeSubteams === undefined || typeof filter.includeSubteams === 'boolean') &&
    FACETS.every((facet) => stringList(filter[facet]))
  );
}
