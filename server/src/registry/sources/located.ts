import type { CatalogIssue } from '../model/issues.js';
import type { Entity, EntityKind } from '@steward/contract/model/service';
import type { OpenSloDocument } from './openslo.js';

/** An entry and where it was read from. */
export interface LocatedEntity {
  entity: Entity;
  path: string;
  line: number;
  /** Lines of the fields that name other entries (spec.owner, spec.parent, …), for reference errors. */
  fieldLines?: Record<string, number>;
}

export const REFERENCE_FIELDS = [
  'spec.owner',
  'spec.parent',
  'spec.system',
  'spec.dependsOn',
  'spec.contributors',
  'spec.service',
] as const;

/** A Backstage User: joins the teams it names (memberOf) wherever those are defined. */
export interface Membership {
  login: string;
  name?: string;
  email?: string;
  teams: string[];
  path: string;
  line: number;
}

export interface ParsedCatalogFile {
  path: string;
  /** Nothing in the file could be used (size, encoding, YAML syntax): its last good state stays. */
  unreadable: boolean;
  /** The file holds no document at all (0 bytes, or only comments): its entries become orphans. */
  empty?: boolean;
  entities: LocatedEntity[];
  memberships: Membership[];
  /**
   * Entries present but invalid: each keeps its last good state. OpenSLO SLOs are listed too,
   * since only composeFiles can tell whether they load.
   */
  rejected: Array<{ kind: EntityKind; name: string }>;
  issues: CatalogIssue[];
  /** Documents of kinds Steward does not import, by kind (e.g. Backstage API, Resource). */
  skipped: Record<string, number>;
  /** OpenSLO documents an SLO is assembled from, across files, by composeFiles. */
  openslo?: OpenSloDocument[];
}
