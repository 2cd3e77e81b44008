import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LABELS } from './conventions.js';

/** What the workload needs to know of one catalog service. */
export interface CatalogService {
  name: string;
  owner: string;
  tier: string;
  lifecycle: string;
  dependsOn: string[];
  /**
   * The labels that identify its series: the equality matchers of its declared telemetry
   * (e.g. job="edge-proxy"), or service="<name>" as Steward assumes by default.
   */
  identity: Record<string, string>;
}

/**
 * Reads every *.yaml / *.yml file below `dir`: native Steward `Service` entries and Backstage
 * `Component` entries (as Steward imports them). Other kinds are ignored; so are services with
 * lifecycle `retired`, which emit nothing. Sorted by name, so the model is the same each run.
 */
export function readCatalog(dir: string, warn: (message: string) => void = () => undefined): CatalogService[] {
  const services = new Map<string, CatalogService>();
  for (const file of yamlFiles(dir)) {
    let documents;
    try {
      documents = parseAllDocuments(readFileSync(file, 'utf8'));
    } catch (error) {
      warn(`${relative(dir, file)}: ${(error as Error).message}`);
      continue;
    }
    for (const document of documents) {
      if (document.errors.length > 0) {
        warn(`${relative(dir, file)}: ${document.errors[0]!.message}`);
        continue;
      }
      const service = toService(document.toJS());
      if (service && service.lifecycle !== 'retired') {
        services.set(service.name, service);
      }
    }
  }
  return [...services.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function yamlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      files.push(...yamlFiles(full));
    } else if (/\.ya?ml$/.test(name)) {
      files.push(full);
    }
  }
  return files;
}

function toService(doc: any): CatalogService | undefined {
  if (!doc || typeof doc !== 'object' || !doc.metadata?.name || !doc.spec) {
    return undefined;
  }
  if (doc.kind === 'Service') {
    const name = String(doc.metadata.name);
    return {
      name,
      owner: String(doc.spec.owner ?? ''),
      tier: String(doc.spec.tier ?? 'tier-3'),
      lifecycle: String(doc.spec.lifecycle ?? 'production'),
      dependsOn: (doc.spec.dependsOn ?? []).map(String),
      identity: identityOf(name, doc.spec.telemetry ?? []),
    };
  }
  if (doc.kind === 'Component' && String(doc.apiVersion ?? '').startsWith('backstage.io/')) {
    const name = String(doc.metadata.name).toLowerCase();
    const annotations = doc.metadata.annotations ?? {};
    const telemetry = [annotations['steward.dev/telemetry'], annotations['grafana/alert-label-selector']].filter(
      (m): m is string => typeof m === 'string'
    );
    const tier = annotations['steward.dev/tier'];
    return {
      name,
      owner: String(doc.spec.owner ?? '').replace(/^group:/, ''),
      tier: tier ? `tier-${tier}` : 'tier-3',
      lifecycle: String(doc.spec.lifecycle ?? 'production'),
      dependsOn: (doc.spec.dependsOn ?? []).map((d: unknown) =>
        String(d)
          .replace(/^component:/, '')
          .toLowerCase()
      ),
      identity: identityOf(name, telemetry),
    };
  }
  return undefined;
}

/** `name="value"` or `name=value`; other matchers (regexes, negations) cannot name a series. */
const EQUALITY = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^"=~!\s]+))\s*$/;

function identityOf(name: string, matchers: unknown[]): Record<string, string> {
  const identity: Record<string, string> = {};
  for (const matcher of matchers) {
    const m = EQUALITY.exec(String(matcher));
    if (m) {
      identity[m[1]!] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
    }
  }
  return Object.keys(identity).length > 0 ? identity : { [LABELS.service]: name };
}
