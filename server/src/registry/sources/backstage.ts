import { stringLiteral } from '../../promql/escape.js';
import { checkAgainstSchema } from '../../validation/schema-check.js';
import { API_VERSION, type Link } from '@steward/contract/model/common';
import { LIFECYCLES, TIERS, type Entity, type EntityKind, type ServiceEntity } from '@steward/contract/model/service';
import type { TeamEntity } from '@steward/contract/model/team';
import { backstageSchema } from './backstage-schema.js';

/**
 * Maps Backstage catalog entities (backstage.io/v1alpha1) onto Steward's model, keeping their
 * own names and relations: Group → Team, Component → Service, System → System, User →
 * membership in the groups it names. Pure; validation of the result happens afterwards.
 */
export const BACKSTAGE_API_VERSIONS = ['backstage.io/v1alpha1', 'backstage.io/v1beta1'];

/** A problem at a field of the Backstage document. */
export interface BackstageProblem {
  field: Array<string | number>;
  message: string;
}

export type BackstageResult =
  | { type: 'entity'; entity: Entity; warnings: BackstageProblem[] }
  | { type: 'membership'; login: string; name?: string; email?: string; teams: string[] }
  | { type: 'skipped'; kind: string }
  | { type: 'invalid'; problems: BackstageProblem[]; kind?: EntityKind; name?: string };

/** What each Backstage kind becomes in Steward. */
const STEWARD_KIND: Record<string, EntityKind | undefined> = { Group: 'Team', Component: 'Service', System: 'System' };

/** Annotations Steward reads on Backstage entities, for what Backstage has no field for. */
const BACKSTAGE_ANNOTATIONS = {
  tier: 'steward.dev/tier',
  telemetry: 'steward.dev/telemetry',
  costCentre: 'steward.dev/cost-centre',
  grafanaAlertLabels: 'grafana/alert-label-selector',
  githubSlug: 'github.com/project-slug',
  sourceLocation: 'backstage.io/source-location',
} as const;

type Doc = { kind?: unknown; metadata?: Record<string, any>; spec?: Record<string, any> };

export function mapBackstage(doc: Doc): BackstageResult {
  const kind = String(doc.kind ?? '');
  const schema = backstageSchema(kind);
  if (!schema) {
    return { type: 'skipped', kind: kind || '(no kind)' };
  }
  // Every fault at once, each at its own field: a wrong type is never dropped or read as missing.
  const problems: BackstageProblem[] = checkAgainstSchema(schema, doc).map((e) => ({
    field: e.path,
    message: e.message,
  }));
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  const spec = isRecord(doc.spec) ? doc.spec : {};
  const name = lower(metadata.name);
  const owner = kind === 'Component' ? parseRef(spec.owner, 'group') : undefined;
  if (owner && owner.kind !== 'group') {
    problems.push({
      field: ['spec', 'owner'],
      message: `names a ${owner.kind} (${spec.owner}); Steward needs an owning team (a Backstage Group)`,
    });
  }
  const tierAnnotation = isRecord(metadata.annotations) ? metadata.annotations[BACKSTAGE_ANNOTATIONS.tier] : undefined;
  if (typeof tierAnnotation === 'string' && !normaliseTier(tierAnnotation)) {
    problems.push({
      field: ['metadata', 'annotations', BACKSTAGE_ANNOTATIONS.tier],
      message: `"${tierAnnotation}" is not a tier: use 1 to 4 (or tier-1 … tier-4)`,
    });
  }
  if (problems.length > 0) {
    const as = STEWARD_KIND[kind];
    return { type: 'invalid', problems, ...(as && name ? { kind: as, name } : {}) };
  }
  switch (kind) {
    case 'Group':
      return { type: 'entity', entity: group(name!, metadata, spec), warnings: [] };
    case 'Component':
      return component(name!, owner!.name, metadata, spec);
    case 'System': {
      const systemOwner = parseRef(spec.owner, 'group');
      return {
        type: 'entity',
        entity: {
          apiVersion: API_VERSION,
          kind: 'System',
          metadata: baseMetadata(name!, metadata),
          spec: systemOwner?.kind === 'group' ? { owner: systemOwner.name } : {},
        },
        warnings: [],
      };
    }
    default: {
      const profile = spec.profile ?? {};
      const teams = asArray(spec.memberOf)
        .map((ref) => parseRef(ref, 'group'))
        .filter((ref): ref is { kind: string; name: string } => ref?.kind === 'group')
        .map((ref) => ref.name);
      return {
        type: 'membership',
        login: name!,
        ...(typeof profile.displayName === 'string' ? { name: profile.displayName } : {}),
        ...(typeof profile.email === 'string' ? { email: profile.email } : {}),
        teams,
      };
    }
  }
}

function group(name: string, metadata: Record<string, any>, spec: Record<string, any>): TeamEntity {
  const profile = spec.profile ?? {};
  const parent = parseRef(spec.parent, 'group');
  const members = asArray(spec.members)
    .map((ref) => parseRef(ref, 'user'))
    .filter((ref): ref is { kind: string; name: string } => ref?.kind === 'user')
    .map((ref) => ({ login: ref.name }));
  return {
    apiVersion: API_VERSION,
    kind: 'Team',
    metadata: {
      ...baseMetadata(name, metadata),
      ...(typeof profile.displayName === 'string' ? { title: profile.displayName } : {}),
    },
    spec: {
      ...(parent?.kind === 'group' ? { parent: parent.name } : {}),
      ...(members.length > 0 ? { members } : {}),
      ...(typeof profile.email === 'string' ? { contacts: { email: profile.email } } : {}),
    },
  };
}

function component(
  name: string,
  owner: string,
  metadata: Record<string, any>,
  spec: Record<string, any>
): BackstageResult {
  const annotations: Record<string, string> = metadata.annotations ?? {};
  const labels: Record<string, string> = metadata.labels ?? {};
  const links: Link[] = asArray(metadata.links).filter((l) => l && typeof l.url === 'string');
  const isRunbook = (l: Link) => l.type === 'runbook' || /runbook/i.test(l.title ?? '');
  const runbooks = links.filter(isRunbook).map((l) => ({ url: l.url, ...(l.title ? { title: l.title } : {}) }));
  const otherLinks = links
    .filter((l) => !isRunbook(l))
    .map((l) => ({ url: l.url, ...(l.title ? { title: l.title } : {}), ...(l.type ? { type: l.type } : {}) }));
  const dependsOn = asArray(spec.dependsOn)
    .map((ref) => parseRef(ref, 'component'))
    .filter((ref): ref is { kind: string; name: string } => ref?.kind === 'component')
    .map((ref) => ref.name);
  const system = parseRef(spec.system, 'system');
  const tier = normaliseTier(annotations[BACKSTAGE_ANNOTATIONS.tier] ?? labels.tier);
  const lifecycle = LIFECYCLES.find((l) => l === spec.lifecycle);
  const warnings: BackstageProblem[] = [];
  if (!lifecycle) {
    // Backstage's lifecycle is free text; one Steward does not know is left unset, and said so.
    warnings.push({
      field: ['spec', 'lifecycle'],
      message: `"${spec.lifecycle}" is not a lifecycle Steward knows (${LIFECYCLES.join(', ')}); the service has none`,
    });
  }
  if (labels.tier !== undefined && !annotations[BACKSTAGE_ANNOTATIONS.tier] && !tier) {
    warnings.push({
      field: ['metadata', 'labels', 'tier'],
      message: `"${labels.tier}" is not a tier; the service has none`,
    });
  }
  const repo = repoUrl(annotations);
  const telemetry = telemetryOf(annotations);
  const costCentre = annotations[BACKSTAGE_ANNOTATIONS.costCentre];
  const entity: ServiceEntity = {
    apiVersion: API_VERSION,
    kind: 'Service',
    metadata: baseMetadata(name, metadata),
    spec: {
      owner,
      ...(tier ? { tier } : {}),
      ...(lifecycle ? { lifecycle } : {}),
      ...(system?.kind === 'system' ? { system: system.name } : {}),
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
      ...(runbooks.length > 0 ? { runbooks } : {}),
      ...(otherLinks.length > 0 ? { links: otherLinks } : {}),
      ...(repo ? { repo } : {}),
      ...(costCentre ? { costCentre } : {}),
      ...(telemetry.length > 0 ? { telemetry } : {}),
    },
  };
  return { type: 'entity', entity, warnings };
}

function baseMetadata(name: string, metadata: Record<string, any>) {
  return {
    name,
    ...(typeof metadata.title === 'string' ? { title: metadata.title } : {}),
    ...(typeof metadata.description === 'string' ? { description: metadata.description.trim() } : {}),
    ...(metadata.annotations && typeof metadata.annotations === 'object' ? { annotations: metadata.annotations } : {}),
  };
}

/** `[kind:][namespace/]name`, with Backstage's default kind for the field. */
function parseRef(ref: unknown, defaultKind: string): { kind: string; name: string } | undefined {
  if (typeof ref !== 'string' || ref.trim() === '') {
    return undefined;
  }
  const match = /^(?:([^:/]+):)?(?:[^:/]+\/)?([^:/]+)$/.exec(ref.trim());
  if (!match) {
    return undefined;
  }
  return { kind: (match[1] ?? defaultKind).toLowerCase(), name: match[2]!.toLowerCase() };
}

function normaliseTier(value: unknown): (typeof TIERS)[number] | undefined {
  const text = String(value ?? '')
    .toLowerCase()
    .replace(/^tier[-_ ]?/, '');
  return TIERS.find((t) => t === `tier-${text}`);
}

function repoUrl(annotations: Record<string, string>): string | undefined {
  const slug = annotations[BACKSTAGE_ANNOTATIONS.githubSlug];
  if (slug && /^[\w.-]+\/[\w.-]+$/.test(slug)) {
    return `https://github.com/${slug}`;
  }
  const location = annotations[BACKSTAGE_ANNOTATIONS.sourceLocation]?.replace(/^url:/, '');
  return location && /^https?:\/\//.test(location) ? location : undefined;
}

function telemetryOf(annotations: Record<string, string>): string[] {
  const explicit = annotations[BACKSTAGE_ANNOTATIONS.telemetry];
  if (explicit) {
    return explicit.split(/\s*;\s*|\n/).filter(Boolean);
  }
  // Grafana's Backstage plugin: one key=value pair identifies the service's alerts.
  const selector = annotations[BACKSTAGE_ANNOTATIONS.grafanaAlertLabels];
  const pair = selector && /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*([^,]+?)\s*$/.exec(selector);
  return pair ? [`${pair[1]}=${stringLiteral(pair[2]!)}`] : [];
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where a field of the Steward entry came from in the Backstage document, so that a problem
 * found in the mapped entry names the field the author wrote.
 */
export function backstageSourceField(field: Array<string | number>, doc: Doc): Array<string | number> {
  const [head, key] = field;
  const annotations: Record<string, unknown> = isRecord(doc.metadata?.annotations) ? doc.metadata.annotations : {};
  const annotation = (...names: string[]) => {
    const present = names.find((n) => annotations[n] !== undefined);
    return present ? ['metadata', 'annotations', present] : undefined;
  };
  if (head === 'metadata' && key === 'title' && doc.kind === 'Group') {
    return ['spec', 'profile', 'displayName'];
  }
  if (head !== 'spec') {
    return field;
  }
  switch (key) {
    case 'telemetry':
      return annotation(BACKSTAGE_ANNOTATIONS.telemetry, BACKSTAGE_ANNOTATIONS.grafanaAlertLabels) ?? field;
    case 'tier':
      return annotation(BACKSTAGE_ANNOTATIONS.tier) ?? ['metadata', 'labels', 'tier'];
    case 'costCentre':
      return annotation(BACKSTAGE_ANNOTATIONS.costCentre) ?? field;
    case 'repo':
      return annotation(BACKSTAGE_ANNOTATIONS.githubSlug, BACKSTAGE_ANNOTATIONS.sourceLocation) ?? field;
    case 'runbooks':
    case 'links':
      return ['metadata', 'links'];
    case 'contacts':
      return ['spec', 'profile', 'email'];
    default:
      return field.slice(0, 3);
  }
}

function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}
