import { API_VERSION } from '@steward/contract/model/common';
import type { CatalogIssue } from '../../model/issues.js';
import type { SloEntity } from '@steward/contract/model/slo';
import { validateEntity } from '../../model/validate-entity.js';
import type { LocatedEntity } from '../located.js';
import { mapAlertPolicies } from './alert-policies.js';
import { checkBudgetingMethod } from './budgeting-method.js';
import { mapIndicator } from './indicator.js';
import { titleAndDescription } from './metadata.js';
import { child, isRecord, root, type Node } from './node.js';
import { mapObjectives } from './objectives.js';
import type { OpenSloDocument } from './read-document.js';
import type { PartIndex } from './references.js';
import { SloContext } from './slo-context.js';
import { mapTimeWindow } from './time-window.js';

/** One OpenSLO SLO, with the documents it refers to, as a Steward SLO; or the issues that stop it loading. */
export function mapSlo(doc: OpenSloDocument, index: PartIndex): { entity?: LocatedEntity; issues: CatalogIssue[] } {
  const ctx = new SloContext(doc, index);
  const spec = mapSpec(root(doc), ctx);
  if (!spec) {
    return { issues: ctx.issues };
  }
  const entity = sloEntity(doc, spec);
  for (const problem of validateEntity(entity).problems) {
    ctx.reject(ctx.originOf(problem.path), problem.message);
  }
  if (ctx.failed) {
    return { issues: ctx.issues };
  }
  const fieldLines = { 'spec.service': doc.locate(['spec', 'service']).line };
  return { entity: { entity, path: doc.path, line: doc.line, fieldLines }, issues: ctx.issues };
}

/** Every part is mapped, even after one fails, so that each problem is reported at once. */
function mapSpec(slo: Node, ctx: SloContext): SloEntity['spec'] | undefined {
  const spec = child(slo, 'spec');
  const service = child(spec, 'service');
  ctx.recordOrigins(
    [[], child(slo, 'metadata', 'name')],
    [['metadata', 'title'], child(slo, 'metadata', 'displayName')],
    [['metadata', 'description'], child(spec, 'description')],
    [['metadata', 'annotations'], child(slo, 'metadata', 'annotations')],
    [['spec', 'service'], service]
  );
  checkBudgetingMethod(child(spec, 'budgetingMethod'), ctx);
  if (typeof service.value !== 'string' || service.value === '') {
    ctx.reject(service, 'is required: the Steward service this SLO belongs to');
  }
  const sli = mapIndicator(spec, ctx);
  const window = mapTimeWindow(child(spec, 'timeWindow'), ctx);
  const objectives = window && mapObjectives(child(spec, 'objectives'), window, ctx);
  const alerting = mapAlertPolicies(child(spec, 'alertPolicies'), ctx);
  if (ctx.failed || !sli || !objectives) {
    return undefined;
  }
  return { service: String(service.value).toLowerCase(), sli, objectives, ...(alerting ? { alerting } : {}) };
}

function sloEntity(doc: OpenSloDocument, spec: SloEntity['spec']): SloEntity {
  const annotations = doc.value.metadata?.annotations;
  return {
    apiVersion: API_VERSION,
    kind: 'SLO',
    metadata: {
      name: doc.name,
      ...titleAndDescription(doc.value),
      ...(isRecord(annotations) ? { annotations } : {}),
    },
    spec,
  };
}
