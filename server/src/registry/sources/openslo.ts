import { parseVectorSelector } from '../../promql/parse-selector.js';
import { roundSignificant } from '../../slo/windows.js';
import { pathToField } from '../../validation/schema-check.js';
import { API_VERSION } from '../model/common.js';
import type { CatalogIssue } from '../model/issues.js';
import type { ServiceEntity } from '../model/service.js';
import type { Alerting, BurnCondition, Objective, Sli, SloEntity } from '../model/slo.js';
import { validateEntity } from '../model/validate-entity.js';
import type { LocatedEntity } from './located.js';

/**
 * OpenSLO v1 import. An SLO may name its SLI, alert policies, alert conditions and data sources
 * in other documents of any catalog file, so each file's pass only sorts the documents
 * (readOpenSlo) and the SLOs are assembled once every file is read (resolveOpenSlo).
 */
export const OPENSLO_API_VERSION = 'openslo/v1';

type Path = Array<string | number>;
type Locate = (path: Path) => { line: number; column: number };

const PART_KINDS = ['SLO', 'SLI', 'DataSource', 'AlertPolicy', 'AlertCondition'] as const;
type PartKind = (typeof PART_KINDS)[number];

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
    return service(doc, name);
  }
  if (!(PART_KINDS as readonly string[]).includes(kind)) {
    return { type: 'skipped', kind: kind || '(no kind)' }; // AlertNotificationTarget: Steward routes to the owning team
  }
  return name
    ? { type: 'part', kind: kind as PartKind, name }
    : { type: 'invalid', field: ['metadata', 'name'], message: 'is required' };
}

/** OpenSLO services have no owner; one that names its team in a label becomes a Steward service. */
function service(doc: Record<string, any>, name: string | undefined): OpenSloRead {
  const labels = isRecord(doc.metadata?.labels) ? doc.metadata.labels : {};
  const key = ['owner', 'team'].find((k) => labels[k] !== undefined);
  if (!key) {
    return { type: 'skipped', kind: 'Service' };
  }
  const teams = (Array.isArray(labels[key]) ? labels[key] : [labels[key]]).filter(
    (t: unknown) => typeof t === 'string'
  );
  if (teams.length !== 1) {
    const message = `names ${teams.length} teams (${teams.join(', ')}); a Steward service has one owner, so this Service is not imported`;
    return { type: 'skipped', kind: 'Service', warning: { field: ['metadata', 'labels', key], message } };
  }
  if (!name) {
    return { type: 'invalid', field: ['metadata', 'name'], message: 'is required' };
  }
  const entity: ServiceEntity = {
    apiVersion: API_VERSION,
    kind: 'Service',
    metadata: { name, ...titleAndDescription(doc) },
    spec: { owner: String(teams[0]).toLowerCase() },
  };
  const sourceField = (field: Path): Path =>
    field[0] === 'spec'
      ? ['metadata', 'labels', key]
      : field[1] === 'title'
        ? ['metadata', 'displayName']
        : field[1] === 'description'
          ? ['spec', 'description']
          : field;
  return { type: 'entity', entity, sourceField };
}

export interface ResolvedOpenSlo {
  entities: LocatedEntity[];
  issues: CatalogIssue[];
}

/** Second pass, over the documents of every file in path order: each SLO with what it refers to. */
export function resolveOpenSlo(documents: OpenSloDocument[]): ResolvedOpenSlo {
  const issues: CatalogIssue[] = [];
  const index: Index = new Map();
  for (const doc of documents.filter((d) => d.kind !== 'SLO')) {
    const key = `${doc.kind}/${doc.name}`;
    const first = index.get(key);
    if (first) {
      issues.push({
        severity: 'error',
        source: doc.path,
        line: doc.line,
        field: 'metadata.name',
        message: `${doc.kind} "${doc.name}" is already defined in ${first.path}:${first.line}; this one is ignored`,
      });
    } else {
      index.set(key, doc);
    }
  }
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

type Index = Map<string, OpenSloDocument>;

/** A value in one of the documents, and where it is. */
interface Node {
  doc: OpenSloDocument;
  field: Path;
  value: any;
}

const root = (doc: OpenSloDocument): Node => ({ doc, field: [], value: doc.value });
const child = (node: Node, ...keys: Path): Node => ({
  doc: node.doc,
  field: [...node.field, ...keys],
  value: keys.reduce((v: any, k) => (v === null || v === undefined ? undefined : v[k]), node.value),
});

const REASONS = {
  timeslices:
    'Timeslices counts good minutes, not events; Steward budgets count events, so use budgetingMethod: Occurrences',
  ratioTimeslices:
    'RatioTimeslices averages per-slice ratios, so a quiet minute weighs as much as a busy one; Steward budgets count events, so use budgetingMethod: Occurrences',
  threshold:
    'is not supported: Steward SLIs count good or bad events against all events; use ratioMetric with counters',
  raw: 'is not supported: a precomputed ratio has no event counts, so its budget could only be a time-weighted average of ratios. Give good (or bad) and total as counters',
  counter:
    'must be true: Steward counts events as the increase of counters; a gauge (counter: false) has no event counts',
  objectiveThreshold:
    'is not supported: op/value thresholds belong to thresholdMetric SLIs; Steward objectives are a target share of good events',
  composite:
    'is not supported: composite SLOs (an indicator per objective) cannot be imported; write one SLO per indicator',
};

function mapSlo(sloDoc: OpenSloDocument, index: Index): { entity?: LocatedEntity; issues: CatalogIssue[] } {
  const name = sloDoc.name;
  const issues: CatalogIssue[] = [];
  let failed = false;
  const report = (node: Node, message: string, severity: 'error' | 'warning') =>
    issues.push({
      severity,
      source: node.doc.path,
      field: pathToField(node.field),
      message: node.doc === sloDoc ? message : `${message} (for SLO "${name}")`,
      ...node.doc.locate(node.field),
      entity: { kind: 'SLO', name },
    });
  const reject = (node: Node, message: string): undefined => {
    failed = true;
    report(node, message, 'error');
    return undefined;
  };
  const warn = (node: Node, message: string) => report(node, message, 'warning');
  const deref = (kind: PartKind, ref: Node): Node | undefined => {
    const target = typeof ref.value === 'string' ? index.get(`${kind}/${ref.value.toLowerCase()}`) : undefined;
    return target ? root(target) : reject(ref, `${kind} "${String(ref.value)}" is not defined in any catalog file`);
  };
  /** Steward field → where it came from, for validation problems. */
  const origins: Array<[Path, Node]> = [];

  const slo = root(sloDoc);
  const spec = child(slo, 'spec');
  origins.push([[], child(slo, 'metadata', 'name')]);
  origins.push([['metadata', 'title'], child(slo, 'metadata', 'displayName')]);
  origins.push([['metadata', 'description'], child(spec, 'description')]);
  origins.push([['metadata', 'annotations'], child(slo, 'metadata', 'annotations')]);
  origins.push([['spec', 'service'], child(spec, 'service')]);

  const budgeting = child(spec, 'budgetingMethod');
  if (budgeting.value === 'Timeslices') {
    reject(budgeting, REASONS.timeslices);
  } else if (budgeting.value === 'RatioTimeslices') {
    reject(budgeting, REASONS.ratioTimeslices);
  } else if (budgeting.value !== 'Occurrences') {
    reject(budgeting, 'must be Occurrences: Steward budgets count events');
  }
  const service = child(spec, 'service');
  if (typeof service.value !== 'string' || service.value === '') {
    reject(service, 'is required: the Steward service this SLO belongs to');
  }
  const sli = indicator();
  const window = timeWindow();
  const objectives = window && objectivesOf(window);
  const alerting = alertingOf();
  if (failed || !sli || !objectives) {
    return { issues };
  }

  const entity: SloEntity = {
    apiVersion: API_VERSION,
    kind: 'SLO',
    metadata: {
      name,
      ...titleAndDescription(sloDoc.value),
      ...(isRecord(sloDoc.value.metadata?.annotations) ? { annotations: sloDoc.value.metadata.annotations } : {}),
    },
    spec: { service: String(service.value).toLowerCase(), sli, objectives, ...(alerting ? { alerting } : {}) },
  };
  const { problems } = validateEntity(entity);
  for (const problem of problems) {
    const [, node] = origins
      .filter(([prefix]) => prefix.every((key, i) => problem.path[i] === key))
      .reduce((best, entry) => (entry[0].length > best[0].length ? entry : best));
    reject(node, problem.message);
  }
  if (failed) {
    return { issues };
  }
  return {
    entity: {
      entity,
      path: sloDoc.path,
      line: sloDoc.line,
      fieldLines: { 'spec.service': sloDoc.locate(['spec', 'service']).line },
    },
    issues,
  };

  function indicator(): Sli | undefined {
    const composite = asList(child(spec, 'objectives')).find(
      (o) => o.value?.indicator !== undefined || o.value?.indicatorRef !== undefined
    );
    if (composite) {
      return reject(
        child(composite, composite.value.indicator !== undefined ? 'indicator' : 'indicatorRef'),
        REASONS.composite
      );
    }
    const inline = child(spec, 'indicator');
    const ref = child(spec, 'indicatorRef');
    if (inline.value !== undefined && ref.value !== undefined) {
      return reject(ref, 'cannot be given with indicator; give one');
    }
    const node =
      inline.value !== undefined
        ? inline
        : ref.value !== undefined
          ? deref('SLI', ref)
          : reject(spec, 'needs indicator or indicatorRef');
    return node && ratioSli(node);
  }

  function ratioSli(sliNode: Node): Sli | undefined {
    origins.push([['spec', 'sli'], sliNode]);
    const sliSpec = child(sliNode, 'spec');
    if (sliSpec.value?.thresholdMetric !== undefined) {
      return reject(child(sliSpec, 'thresholdMetric'), REASONS.threshold);
    }
    const ratio = child(sliSpec, 'ratioMetric');
    if (!isRecord(ratio.value)) {
      return reject(sliSpec, 'needs ratioMetric: good or bad events, and total events, as counters');
    }
    const raw = ['raw', 'rawType'].find((key) => ratio.value[key] !== undefined);
    if (raw) {
      return reject(child(ratio, raw), REASONS.raw);
    }
    if (ratio.value.counter !== true) {
      return reject(child(ratio, 'counter'), REASONS.counter);
    }
    if ((ratio.value.good === undefined) === (ratio.value.bad === undefined)) {
      return reject(ratio, 'needs either good or bad (not both), and total');
    }
    const which = ratio.value.good !== undefined ? 'good' : 'bad';
    const events = selector(child(ratio, which), which);
    const total = selector(child(ratio, 'total'), 'total');
    return events && total ? { ratio: { [which]: events, total } } : undefined;
  }

  function selector(metric: Node, field: 'good' | 'bad' | 'total'): string | undefined {
    if (!isRecord(metric.value)) {
      return reject(metric, 'is required');
    }
    const source = child(metric, 'metricSource');
    let type = child(source, 'type');
    const ref = child(source, 'metricSourceRef');
    if (ref.value !== undefined) {
      const dataSource = deref('DataSource', ref);
      if (!dataSource) {
        return undefined;
      }
      type = type.value === undefined ? child(dataSource, 'spec', 'type') : type;
    }
    if (typeof type.value !== 'string') {
      return reject(source, 'needs type: Prometheus, or a metricSourceRef to a DataSource of type Prometheus');
    }
    if (type.value.toLowerCase() !== 'prometheus') {
      return reject(type, `is "${type.value}": Steward reads Prometheus only`);
    }
    const query = child(source, 'spec', 'query');
    if (typeof query.value !== 'string' || query.value.trim() === '') {
      return reject(query, 'is required: a series selector of the counter, e.g. http_requests_total{job="api"}');
    }
    const parsed = parseVectorSelector(query.value.trim());
    if (!parsed.ok) {
      return reject(
        query,
        `${parsed.message} (column ${parsed.column}): Steward takes the counter's increase over each window itself; for other PromQL, write a Steward SLO with a freeform SLI`
      );
    }
    origins.push([['spec', 'sli', 'ratio', field], query]);
    return query.value.trim();
  }

  function timeWindow(): { window?: string; timeZone?: string; nodes: Node[] } | undefined {
    const list = child(spec, 'timeWindow');
    if (list.value === undefined) {
      return { nodes: [] }; // Steward's default window
    }
    if (!Array.isArray(list.value) || list.value.length !== 1) {
      return reject(list, 'must hold exactly one window');
    }
    const item = child(list, 0);
    const duration = child(item, 'duration');
    const calendar = child(item, 'calendar');
    const unit = typeof duration.value === 'string' ? /^[1-9]\d*([mhdwMQY])$/.exec(duration.value)?.[1] : undefined;
    if (!unit) {
      return reject(duration, 'must be a duration such as 28d, 4w or 1M');
    }
    if (item.value.isRolling === true) {
      if (calendar.value !== undefined) {
        return reject(calendar, 'cannot be set when isRolling is true');
      }
      if (unit !== 'd' && unit !== 'w') {
        return reject(
          duration,
          'is not a rolling window Steward supports: use days or weeks (7d to 90d), e.g. 28d or 4w'
        );
      }
      return { window: duration.value, nodes: [duration] };
    }
    if (!isRecord(calendar.value)) {
      return reject(item, 'needs isRolling: true, or a calendar');
    }
    if (duration.value !== '1M') {
      return reject(
        duration,
        `calendar-aligned ${duration.value} is not supported: Steward's calendar window is the month (1M)`
      );
    }
    const startTime = child(calendar, 'startTime');
    if (startTime.value !== undefined && !/^\d{4}-\d{2}-01([ T]00:00(:00)?)?$/.test(String(startTime.value))) {
      warn(startTime, 'is ignored: Steward months begin on the 1st at 00:00 in timeZone');
    }
    const timeZone = child(calendar, 'timeZone');
    return {
      window: 'month',
      ...(timeZone.value !== undefined ? { timeZone: timeZone.value } : {}),
      nodes: [duration, timeZone],
    };
  }

  function objectivesOf(window: { window?: string; timeZone?: string; nodes: Node[] }): Objective[] | undefined {
    const list = child(spec, 'objectives');
    const items = asList(list);
    if (items.length === 0) {
      return reject(list, 'must list at least one objective');
    }
    origins.push([['spec', 'objectives'], list]);
    const objectives: Objective[] = [];
    items.forEach((item, i) => {
      const threshold = ['op', 'value'].find((key) => item.value?.[key] !== undefined);
      if (threshold) {
        return reject(child(item, threshold), REASONS.objectiveThreshold);
      }
      const ratio = child(item, 'target');
      const percent = child(item, 'targetPercent');
      if (ratio.value !== undefined && percent.value !== undefined) {
        return reject(percent, 'cannot be given with target; give one');
      }
      const target = percent.value !== undefined ? percent : ratio;
      if (typeof target.value !== 'number') {
        return reject(
          target.value === undefined ? item : target,
          'needs target (a ratio such as 0.999) or targetPercent (such as 99.9)'
        );
      }
      const at: Path = ['spec', 'objectives', i];
      origins.push([at, item], [[...at, 'target'], target], [[...at, 'displayName'], child(item, 'displayName')]);
      origins.push([[...at, 'window'], window.nodes[0] ?? list], [[...at, 'timeZone'], window.nodes[1] ?? list]);
      const displayName = item.value.displayName;
      objectives.push({
        // 0.999 * 100 is 99.89999999999999 in floating point.
        target: target === ratio ? roundSignificant(target.value * 100) : target.value,
        ...(window.window ? { window: window.window } : {}),
        ...(window.timeZone !== undefined ? { timeZone: window.timeZone } : {}),
        ...(typeof displayName === 'string' ? { displayName } : {}),
      });
    });
    return objectives.length === items.length ? objectives : undefined;
  }

  function alertingOf(): Alerting | undefined {
    const list = child(spec, 'alertPolicies');
    if (list.value === undefined || list.value === null || (Array.isArray(list.value) && list.value.length === 0)) {
      return undefined; // Steward's standard page and ticket tiers
    }
    if (!Array.isArray(list.value)) {
      return reject(list, 'must be a list of alert policies');
    }
    origins.push([['spec', 'alerting'], list]);
    const conditions: BurnCondition[] = [];
    for (const item of asList(list)) {
      const policy =
        item.value?.alertPolicyRef !== undefined ? deref('AlertPolicy', child(item, 'alertPolicyRef')) : item;
      const policySpec = policy && child(policy, 'spec');
      if (!policySpec) {
        continue;
      }
      if (policySpec.value?.alertWhenNoData === true) {
        warn(
          child(policySpec, 'alertWhenNoData'),
          'is not supported and ignored: Steward does not alert on missing data'
        );
      }
      if (asList(child(policySpec, 'notificationTargets')).length > 0) {
        warn(
          child(policySpec, 'notificationTargets'),
          "are ignored: Steward routes an SLO's alerts to the team that owns its service"
        );
      }
      const items = asList(child(policySpec, 'conditions'));
      if (items.length === 0) {
        reject(child(policySpec, 'conditions'), 'must list a condition');
      }
      for (const entry of items) {
        const condition =
          entry.value?.conditionRef !== undefined ? deref('AlertCondition', child(entry, 'conditionRef')) : entry;
        const mapped = condition && burnCondition(condition, conditions.length);
        if (mapped) {
          conditions.push(mapped);
        }
      }
    }
    // The policies are all the alerts the author asked for: Steward's standard tiers would add more.
    return { page: { enabled: false }, ticket: { enabled: false }, conditions };
  }

  function burnCondition(condition: Node, index: number): BurnCondition | undefined {
    const conditionSpec = child(condition, 'spec');
    const rule = child(conditionSpec, 'condition');
    const kind = child(rule, 'kind');
    if (kind.value !== undefined && kind.value !== 'burnrate') {
      return reject(kind, `is "${kind.value}": Steward alerts on burn rate only (burnrate)`);
    }
    const op = child(rule, 'op');
    if (op.value === 'lt' || op.value === 'lte') {
      return reject(
        op,
        `"${op.value}" would alert while the budget burns slower than the threshold; Steward alerts when it burns faster (gt or gte)`
      );
    }
    if (op.value !== 'gt' && op.value !== 'gte') {
      return reject(op, 'must be gt or gte');
    }
    const nameNode = child(condition, 'metadata', 'name');
    const severity = child(conditionSpec, 'severity');
    const threshold = child(rule, 'threshold');
    const lookback = child(rule, 'lookbackWindow');
    const after = child(rule, 'alertAfter');
    const window = shortDuration(lookback.value);
    const forDuration = after.value === undefined ? undefined : shortDuration(after.value);
    if (window === undefined || (after.value !== undefined && forDuration === undefined)) {
      return reject(window === undefined ? lookback : after, 'must be minutes, hours, days or weeks, e.g. 1h');
    }
    const at: Path = ['spec', 'alerting', 'conditions', index];
    origins.push(
      [at, nameNode],
      [[...at, 'severity'], severity],
      [[...at, 'burnRate'], threshold],
      [[...at, 'window'], lookback],
      [[...at, 'for'], after]
    );
    return {
      name: lower(nameNode.value) as string,
      severity: typeof severity.value === 'number' ? String(severity.value) : severity.value,
      burnRate: threshold.value,
      window,
      ...(forDuration && !/^0[mhd]$/.test(forDuration) ? { for: forDuration } : {}),
    };
  }
}

/** An OpenSLO duration-shorthand as Steward's m/h/d, weeks as days. */
function shortDuration(text: unknown): string | undefined {
  const match = typeof text === 'string' ? /^(\d+)([mhdw])$/.exec(text) : null;
  if (!match) {
    return undefined;
  }
  return match[2] === 'w' ? `${Number(match[1]) * 7}d` : (text as string);
}

function titleAndDescription(doc: Record<string, any>): { title?: string; description?: string } {
  const title = doc.metadata?.displayName;
  const description = doc.spec?.description;
  return {
    ...(typeof title === 'string' && title !== '' ? { title } : {}),
    ...(typeof description === 'string' && description.trim() !== '' ? { description: description.trim() } : {}),
  };
}

function asList(node: Node): Node[] {
  return Array.isArray(node.value) ? node.value.map((_: unknown, i: number) => child(node, i)) : [];
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
