import { formatIssue } from '../validation/issue.js';
import { checkReferences } from './model/check-references.js';
import type { CatalogIssue } from './model/issues.js';
import type { LocatedEntity } from './sources/located.js';
import { keyOf, type StoredEntity } from './store/stored-entity.js';

export class BadIssueCursorError extends Error {}

export interface IssuePage {
  issues: CatalogIssue[];
  counts: { error: number; warning: number };
  totalIssues: number;
  nextCursor?: string;
}

const RANK = { error: 0, warning: 1 } as const;

/**
 * One page of catalog issues, errors first, then by file and line, with the counts by severity
 * of all of them: a catalog with 200,000 warnings must not answer with all of them at once.
 * The cursor is the position in that order. Pure.
 */
export function pageIssues(
  all: CatalogIssue[],
  query: { limit: number; cursor?: string; severity?: CatalogIssue['severity'] }
): IssuePage {
  const counts = { error: 0, warning: 0 };
  all.forEach((issue) => counts[issue.severity]++);
  const chosen = all
    .filter((issue) => !query.severity || issue.severity === query.severity)
    .sort(
      (a, b) =>
        RANK[a.severity] - RANK[b.severity] ||
        a.source.localeCompare(b.source) ||
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0)
    );
  const offset = query.cursor ? decodeCursor(query.cursor) : 0;
  const end = offset + query.limit;
  return {
    issues: chosen.slice(offset, end),
    counts,
    totalIssues: chosen.length,
    ...(end < chosen.length ? { nextCursor: Buffer.from(JSON.stringify({ offset: end })).toString('base64url') } : {}),
  };
}

function decodeCursor(cursor: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { offset: unknown };
    if (Number.isInteger(offset) && (offset as number) >= 0) {
      return offset as number;
    }
  } catch {
    // reported below
  }
  throw new BadIssueCursorError('the cursor is not one this endpoint gave; start from the first page');
}

/**
 * What the store as a whole says about its entries: references to entries that do not exist,
 * and orphans (entries whose file is gone or empty), each at the file and line it came from.
 */
export function storeIssues(all: StoredEntity[], located: Map<string, LocatedEntity>): CatalogIssue[] {
  const references = checkReferences(
    all.map((stored) => {
      const fieldLines = located.get(keyOf(stored.entity.kind, stored.entity.metadata.name))?.fieldLines;
      return {
        entity: stored.entity,
        ...(stored.origin.path ? { path: stored.origin.path } : {}),
        ...(stored.origin.line ? { line: stored.origin.line } : {}),
        ...(fieldLines ? { fieldLines } : {}),
      };
    })
  );
  const orphans = all.flatMap(({ entity, origin }): CatalogIssue[] =>
    origin.orphaned
      ? [
          {
            severity: 'warning',
            source: origin.path ?? 'api',
            ...(origin.line ? { line: origin.line } : {}),
            field: 'metadata.name',
            message:
              `${entity.kind} "${entity.metadata.name}" is orphaned since ${origin.orphaned.since}: ${origin.orphaned.reason}. ` +
              'It is kept and still routes alerts until an Admin deletes or adopts it, or a catalog file declares it again',
            entity: { kind: entity.kind, name: entity.metadata.name },
          },
        ]
      : []
  );
  return [...references, ...orphans];
}

interface Logger {
  warn(obj: object, msg: string): void;
}

/** Lines logged per reload at most; the rest are counted, so a broken catalog cannot flood the log. */
const LOGGED_PER_RELOAD = 50;

/**
 * Logs each file problem once, when it first appears, naming file, line and field; returns
 * what is now known, to pass to the next call.
 */
export function logNewIssues(log: Logger | undefined, known: Set<string>, issues: CatalogIssue[]): Set<string> {
  const now = new Set(issues.map(formatIssue));
  const fresh = issues.filter((issue) => !known.has(formatIssue(issue)));
  for (const issue of fresh.slice(0, LOGGED_PER_RELOAD)) {
    log?.warn(
      {
        file: issue.source,
        line: issue.line ?? null,
        field: issue.field,
        severity: issue.severity,
        ...(issue.entity ? { entity: `${issue.entity.kind}/${issue.entity.name}` } : {}),
      },
      `catalog ${issue.severity}: ${issue.message}`
    );
  }
  if (fresh.length > LOGGED_PER_RELOAD) {
    log?.warn(
      { file: '', line: null, field: '', more: fresh.length - LOGGED_PER_RELOAD },
      'more new catalog problems; GET /api/v1/catalog/status lists them all'
    );
  }
  return now;
}
