import type { CatalogIssue } from '../../model/issues.js';
import type { LocatedEntity } from '../located.js';
import type { OpenSloDocument } from './read-document.js';
import { indexParts } from './references.js';
import { mapSlo } from './slo.js';

export interface ResolvedOpenSlo {
  entities: LocatedEntity[];
  issues: CatalogIssue[];
}

/** Second pass, over the documents of every file in path order: each SLO with what it refers to. */
export function resolveOpenSlo(documents: OpenSloDocument[]): ResolvedOpenSlo {
  const { index, issues } = indexParts(documents);
  const entities: LocatedEntity[] = [];
  for (const doc of documents.filter((d) => d.kind === 'SLO')) {
    const mapped = mapSlo(doc, index);
    issues.push(...mapped.issues);
    if (mapped.entity) {
      entities.push(mapped.entity);
    }
  }
  return { entities, issues };
}
