import type { InputIssue } from '../../validation/issue.js';
import type { EntityKind } from '@steward/contract/model/service';

/**
 * A problem with a catalog entry. `error`: the entry (or the file) was not applied and the
 * previous good state stays; `warning`: the entry was applied but points at something missing.
 */
export interface CatalogIssue extends InputIssue {
  severity: 'error' | 'warning';
  entity?: { kind: EntityKind; name: string };
}
