import type { ServiceEntity } from '@steward/contract/model/service';
import { NAME_REQUIRED } from './metadata.js';
import { lower, type Locate, type Path } from './node.js';
import { readService } from './service.js';

const PART_KINDS = ['SLO', 'SLI', 'DataSource', 'AlertPolicy', 'AlertCondition'] as const;
export type PartKind = (typeof PART_KINDS)[number];

/** A document an SLO is assembled from, with where it was read. */
export interface OpenSloDocument {
  kind: PartKind;
  /** Lowercase: references match without case. */
  name: string;
  value: Record<string, any>;
  path: string;
  line: number;
  locate: Locate;
}

export type OpenSloRead =
  | { type: 'part'; kind: PartKind; name: string }
  | { type: 'entity'; entity: ServiceEntity; sourceField: (field: Path) => Path }
  | { type: 'skipped'; kind: string; warning?: { field: Path; message: string } }
  | { type: 'invalid'; field: Path; message: string };

/** First pass, one document at a time. */
export function readOpenSlo(doc: Record<string, any>): OpenSloRead {
  const kind = typeof doc.kind === 'string' ? doc.kind : '';
  const name = lower(doc.metadata?.name);
  if (kind === 'Service') {
    return readService(doc, name);
  }
  if (!(PART_KINDS as readonly string[]).includes(kind)) {
    return { type: 'skipped', kind: kind || '(no kind)' }; // AlertNotificationTarget: Steward routes to the owning team
  }
  return name ? { type: 'part', kind: kind as PartKind, name } : NAME_REQUIRED;
}
