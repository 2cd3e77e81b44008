import { stringLiteral } from '../../promql/escape.js';
import { API_VERSION, type Link } from '../model/common.js';
import { LIFECYCLES, TIERS, type Entity, type ServiceEntity } from '../model/service.js';
import type { TeamEntity } from '../model/team.js';

/**
 * Maps Backstage catalog entities (backstage.io/v1alpha1) onto Steward's model, keeping their
 * own names and relations: Group → Team, Component → Service, System → System, User →
 * membership in the groups it names. Pure; validation of the result happens afterwards.
 */
export const BACKSTAGE_API_VERSIONS = ['backstage.io/v1alpha1', 'backstage.io/v1beta1'];

export type BackstageResult =
  | { type: 'entity'; entity: Entity }
  | { type: 'membership'; login: string; name?: string; email?: string; teams: string[] }
  | { type: 'skipped'; kind: string }
  | { type: 'invalid'; field: Array<string | number>; message: string; kind?: Entity['kind']; name?: string };

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
  const metadata = doc.metadata ?? {};
  const spec = doc.spec ?? {};
  const name = lower(metadata.name);
  if (!name) {
    return { type: 'invalid', field: ['metadata', 'name'], message: 'is required' };
  }
  switch (kind) {
    case 'Group':
      return { type: 'entity', entity: group(name, metadata, spec) };
    case 'Component': {
      const owner = parseRef(spec.owner, 'group');
      if (!owner) {
        return { type: 'invalid', field: ['spec', 'owner'], message: 'is required', kind: 'Service', name };
      }
      if (owner.kind !== 'group') {
        return {
          type: 'invalid',
          field: ['spec', 'owner'],
          message: `names a ${owner.kind} (${spec.owner}); Steward needs an owning team (a Backstage Group)`,
          kind: 'Service',
          name,
        };
      }
      return { type: 'entity', entity: component(name, owner.name, metadata, spec) };
    }
    case 'System': {
      const owner = parseRef(spec.owner, 'group');
      return {
        type: 'entity',
        entity: {
          apiVersion: API_VERSION,
          kind: 'System',
          metadata: baseMetadata(name, metadata),
          spec: owner?.kind === 'group' ? { owner: owner.name } : {},
        },
      };
    }
    case 'User': {
      const profile = spec.profile ?? {};
      const teams = asArray(spec.memberOf)
        .map((ref) => parseRef(ref, 'group'))
        .filter((ref): ref is { kind: string; name: string } => ref?.kind === 'group')
        .map((ref) => ref.name);
      return {
        type: 'membership',
        login: name,
        ...(typeof profile.displayName === 'string' ? { name: profile.displayName } : {}),
        ...(typeof profile.email === 'string' ? { email: profile.email } : {}),
        teams,
      };
    }
    default:
      return { type: 'skipped', kind: kind || '(no kind)' };
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
): ServiceEntity {
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
  const repo = repoUrl(annotations);
  const telemetry = telemetryOf(annotations);
  const costCentre = annotations[BACKSTAGE_ANNOTATIONS.costCentre];
  return {
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

function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}
