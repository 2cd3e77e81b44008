import type { CatalogIssue } from '../../model/issues.js';
import type { OpenSloDocument, PartKind } from './read-document.js';

/** The SLIs, data sources, alert policies and alert conditions of every file, by kind and name. */
export type PartIndex = Map<string, OpenSloDocument>;

const key = (kind: PartKind, name: string) => `${kind}/${name}`;

/** Indexes every part an SLO can refer to; of two with one kind and name, the first is kept and the other reported. */
export function indexParts(documents: OpenSloDocument[]): { index: PartIndex; issues: CatalogIssue[] } {
  const index: PartIndex = new Map();
  const issues: CatalogIssue[] = [];
  for (const doc of documents.filter((d) => d.kind !== 'SLO')) {
    const first = index.get(key(doc.kind, doc.name));
    if (first) {
      issues.push({
        severity: 'error',
        source: doc.path,
        line: doc.line,
        field: 'metadata.name',
        message: `${doc.kind} "${doc.name}" is already defined in ${first.path}:${first.line}; this one is ignored`,
      });
    } else {
      index.set(key(doc.kind, doc.name), doc);
    }
  }
  return { index, issues };
}

/** The part a reference names, in any case. */
export function findPart(index: PartIndex, kind: PartKind, name: unknown): OpenSloDocument | undefined {
  return typeof name === 'string' ? index.get(key(kind, name.toLowerCase())) : undefined;
}
