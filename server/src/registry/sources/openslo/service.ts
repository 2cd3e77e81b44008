import { API_VERSION } from '@steward/contract/model/common';
import type { ServiceEntity } from '@steward/contract/model/service';
import { NAME_REQUIRED, titleAndDescription } from './metadata.js';
import { isRecord, type Path } from './node.js';
import type { OpenSloRead } from './read-document.js';

const OWNER_LABELS = ['owner', 'team'];

/** OpenSLO services have no owner; one that names its team in a label becomes a Steward service. */
export function readService(doc: Record<string, any>, name: string | undefined): OpenSloRead {
  const labels = isRecord(doc.metadata?.labels) ? doc.metadata.labels : {};
  const label = OWNER_LABELS.find((key) => labels[key] !== undefined);
  if (!label) {
    return { type: 'skipped', kind: 'Service' };
  }
  const teams = (Array.isArray(labels[label]) ? labels[label] : [labels[label]]).filter(
    (t: unknown) => typeof t === 'string'
  );
  if (teams.length !== 1) {
    const message = `names ${teams.length} teams (${teams.join(', ')}); a Steward service has one owner, so this Service is not imported`;
    return { type: 'skipped', kind: 'Service', warning: { field: ['metadata', 'labels', label], message } };
  }
  if (!name) {
    return NAME_REQUIRED;
  }
  const entity: ServiceEntity = {
    apiVersion: API_VERSION,
    kind: 'Service',
    metadata: { name, ...titleAndDescription(doc) },
    spec: { owner: String(teams[0]).toLowerCase() },
  };
  return { type: 'entity', entity, sourceField: (field) => sourceField(field, label) };
}

/** Where a field of the Steward service came from, for validation problems. */
function sourceField(field: Path, ownerLabel: string): Path {
  if (field[0] === 'spec') {
    return ['metadata', 'labels', ownerLabel];
  }
  if (field[1] === 'title') {
    return ['metadata', 'displayName'];
  }
  return field[1] === 'description' ? ['spec', 'description'] : field;
}
