import { describe, expect, it } from 'vitest';
import { BadIssueCursorError, logNewIssues, pageIssues } from './catalog-status.js';
import type { CatalogIssue } from './model/issues.js';

const issue = (severity: CatalogIssue['severity'], source: string, line: number): CatalogIssue => ({
  severity,
  source,
  line,
  field: 'spec.owner',
  message: `${severity} at ${source}:${line}`,
});

describe('pageIssues', () => {
  const all = [
    ...Array.from({ length: 25_000 }, (_, i) => issue('warning', `w${i % 7}.yaml`, i)),
    issue('error', 'b.yaml', 2),
    issue('error', 'a.yaml', 9),
  ];

  it('pages through every issue once, errors first then by file and line, with counts on every page', () => {
    const seen: CatalogIssue[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = pageIssues(all, { limit: 1000, ...(cursor ? { cursor } : {}) });
      expect(page.counts).toEqual({ error: 2, warning: 25_000 });
      expect(page.totalIssues).toBe(25_002);
      expect(page.issues.length).toBeLessThanOrEqual(1000);
      seen.push(...page.issues);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(26);
    expect(seen.slice(0, 3).map((i) => `${i.source}:${i.line}`)).toEqual(['a.yaml:9', 'b.yaml:2', 'w0.yaml:0']);
    expect(new Set(seen).size).toBe(all.length);
  });

  it('filters by severity and refuses a cursor it did not make', () => {
    expect(pageIssues(all, { limit: 10, severity: 'error' })).toMatchObject({ totalIssues: 2, issues: [{}, {}] });
    expect(() => pageIssues(all, { limit: 10, cursor: 'garbage' })).toThrow(BadIssueCursorError);
  });
});

describe('logNewIssues', () => {
  it('logs each new problem once with file, line and field, and counts what it leaves out', () => {
    const lines: Array<[object, string]> = [];
    const log = { warn: (obj: object, msg: string) => lines.push([obj, msg]) };
    const first = [issue('error', 'a.yaml', 3)];
    const known = logNewIssues(log, new Set(), first);
    logNewIssues(log, known, first);
    expect(lines).toEqual([
      [{ file: 'a.yaml', line: 3, field: 'spec.owner', severity: 'error' }, 'catalog error: error at a.yaml:3'],
    ]);
    lines.length = 0;
    logNewIssues(
      log,
      known,
      Array.from({ length: 80 }, (_, i) => issue('warning', 'b.yaml', i))
    );
    expect(lines).toHaveLength(51);
    expect(lines[50]).toEqual([{ file: '', line: null, field: '', more: 30 }, expect.stringContaining('more new')]);
  });
});
