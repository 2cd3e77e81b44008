import { parser } from '@prometheus-io/lezer-promql';
import { ALERT_LABELS, SLO_LABELS } from '../../conventions/slo.js';
import { API_VERSION } from '@steward/contract/model/common';
import type { Alerting, SloEntity } from '@steward/contract/model/slo';

/**
 * Maps Sloth SLO files (`version: prometheus/v1`) and Sloth's Kubernetes resource
 * (sloth.slok.dev/v1 PrometheusServiceLevel, the same fields in camelCase under `spec`) onto
 * Steward SLOs, one per entry of `slos`. Pure; the result is validated afterwards.
 */
export const SLOTH_VERSION = 'prometheus/v1';
export const SLOTH_API_VERSION = 'sloth.slok.dev/v1';
/** prometheus/v1 has no per-SLO period; Sloth's default is 30 days. */
const SLOTH_WINDOW = '30d';

type Path = Array<string | number>;

export type SlothItem =
  | { type: 'entity'; entity: SloEntity; sourceField: (field: Path) => Path }
  | { type: 'invalid'; name?: string; field: Path; message: string };

export interface SlothResult {
  items: SlothItem[];
  warnings: Array<{ field: Path; message: string; name?: string }>;
  /** A sloth.slok.dev resource of another kind. */
  skipped?: string;
}

const FILE_KEYS = {
  errorQuery: 'error_query',
  totalQuery: 'total_query',
  pageAlert: 'page_alert',
  ticketAlert: 'ticket_alert',
  plugins: 'slo_plugins',
};
const CRD_KEYS: typeof FILE_KEYS = {
  errorQuery: 'errorQuery',
  totalQuery: 'totalQuery',
  pageAlert: 'pageAlert',
  ticketAlert: 'ticketAlert',
  plugins: 'sloPlugins',
};

const ENTITY_NAME = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;
const OWNED_LABELS = new Set<string>([...Object.values(ALERT_LABELS), ...Object.values(SLO_LABELS), 'alertname']);

const SLOTH_RAW_SLI =
  'is not supported: a raw error ratio has no event counts, so its budget could only be a time-weighted ' +
  'average of ratios, where a quiet minute weighs as much as a busy one. Write it as events ' +
  '(error_query and total_query counting events over {{.window}})';
const SLOTH_PLUGIN_SLI =
  'is not supported: Sloth SLI plugins are Go code that only Sloth runs. Write the SLI as events ' +
  '(error_query and total_query)';

export function isSloth(doc: unknown): doc is Record<string, any> {
  return (
    isRecord(doc) &&
    (doc.apiVersion === SLOTH_API_VERSION || (doc.apiVersion === undefined && doc.version === SLOTH_VERSION))
  );
}

export function mapSloth(doc: Record<string, any>): SlothResult {
  const result: SlothResult = { items: [], warnings: [] };
  const crd = doc.apiVersion === SLOTH_API_VERSION;
  if (crd && doc.kind !== 'PrometheusServiceLevel') {
    return { ...result, skipped: typeof doc.kind === 'string' ? doc.kind : '(no kind)' };
  }
  const keys = crd ? CRD_KEYS : FILE_KEYS;
  const base: Path = crd ? ['spec'] : [];
  const spec: Record<string, any> = crd ? (isRecord(doc.spec) ? doc.spec : {}) : doc;
  const service = typeof spec.service === 'string' && spec.service !== '' ? spec.service.toLowerCase() : undefined;
  if (!service) {
    result.items.push({
      type: 'invalid',
      field: [...base, 'service'],
      message: 'is required: it names the service of every SLO here',
    });
    return result;
  }
  result.warnings.push(...labelWarnings(spec.labels, [...base, 'labels'], service));
  if (spec[keys.plugins] !== undefined) {
    result.warnings.push({ field: [...base, keys.plugins], message: PLUGINS_IGNORED });
  }
  if (!Array.isArray(spec.slos) || spec.slos.length === 0) {
    result.items.push({ type: 'invalid', field: [...base, 'slos'], message: 'must list at least one SLO' });
    return result;
  }
  spec.slos.forEach((slo: unknown, index: number) => {
    mapSlo(
      isRecord(slo) ? slo : {},
      { service, keys, base, at: (...field) => [...base, 'slos', index, ...field] },
      result
    );
  });
  return result;
}

interface Context {
  service: string;
  keys: typeof FILE_KEYS;
  base: Path;
  at: (...field: Path) => Path;
}

function mapSlo(slo: Record<string, any>, ctx: Context, result: SlothResult) {
  const { at, keys } = ctx;
  if (typeof slo.name !== 'string' || slo.name === '') {
    result.items.push({ type: 'invalid', field: at('name'), message: 'is required' });
    return;
  }
  const name = `${ctx.service}-${slo.name}`.toLowerCase();
  if (!ENTITY_NAME.test(name)) {
    result.items.push({
      type: 'invalid',
      field: at('name'),
      message:
        `makes the SLO name "${name}" (service-name), which Steward cannot use: names are 1 to 63 lowercase ` +
        'letters, digits, ".", "_" and "-", starting and ending with a letter or digit',
    });
    return;
  }
  const invalid = (field: Path, message: string) => result.items.push({ type: 'invalid', name, field, message });
  const warn = (field: Path, message: string) => result.warnings.push({ field, message, name });

  result.warnings.push(...labelWarnings(slo.labels, at('labels'), ctx.service).map((w) => ({ ...w, name })));
  if (slo.plugins !== undefined) {
    warn(at('plugins'), PLUGINS_IGNORED);
  }
  const sli = isRecord(slo.sli) ? slo.sli : {};
  if (sli.raw !== undefined) {
    return invalid(at('sli', 'raw'), SLOTH_RAW_SLI);
  }
  if (sli.plugin !== undefined) {
    return invalid(at('sli', 'plugin'), SLOTH_PLUGIN_SLI);
  }
  if (!isRecord(sli.events)) {
    return invalid(at('sli'), `needs events (${keys.errorQuery} and ${keys.totalQuery})`);
  }
  const queries = { bad: sli.events[keys.errorQuery], total: sli.events[keys.totalQuery] };
  for (const [field, query] of [
    [keys.errorQuery, queries.bad],
    [keys.totalQuery, queries.total],
  ] as const) {
    if (typeof query !== 'string' || query.trim() === '') {
      return invalid(at('sli', 'events', field), 'is required: PromQL counting events over {{.window}}');
    }
  }
  const alerting = mapAlerting(slo.alerting, at('alerting'), keys, warn);
  const entity: SloEntity = {
    apiVersion: API_VERSION,
    kind: 'SLO',
    metadata: {
      name,
      ...(typeof slo.description === 'string' && slo.description.trim() ? { description: slo.description.trim() } : {}),
    },
    spec: {
      service: ctx.service,
      sli: { freeform: { bad: slothQuery(queries.bad), total: slothQuery(queries.total) } },
      objectives: [{ target: slo.objective, window: SLOTH_WINDOW }],
      ...(alerting ? { alerting } : {}),
    },
  };
  result.items.push({ type: 'entity', entity, sourceField: (field) => sourceField(field, ctx) });
}

function mapAlerting(
  alerting: unknown,
  path: Path,
  keys: typeof FILE_KEYS,
  warn: (field: Path, message: string) => void
): Alerting | undefined {
  if (!isRecord(alerting)) {
    return undefined;
  }
  const out: Alerting = {};
  if (typeof alerting.name === 'string' && alerting.name !== '') {
    out.name = alerting.name;
  }
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(isRecord(alerting.labels) ? alerting.labels : {})) {
    if (OWNED_LABELS.has(key)) {
      warn([...path, 'labels', key], `is dropped: Steward sets "${key}" on every alert it generates`);
    } else {
      labels[key] = scalarText(value);
    }
  }
  if (Object.keys(labels).length > 0) {
    out.labels = labels;
  }
  if (isRecord(alerting.annotations)) {
    out.annotations = Object.fromEntries(Object.entries(alerting.annotations).map(([k, v]) => [k, scalarText(v)]));
  }
  for (const [tier, key] of [
    ['page', keys.pageAlert],
    ['ticket', keys.ticketAlert],
  ] as const) {
    const alert = alerting[key];
    if (!isRecord(alert)) {
      continue;
    }
    const { severity, ...others } = isRecord(alert.labels) ? alert.labels : {};
    const names = Object.keys(others);
    if (names.length > 0) {
      warn(
        [...path, key, 'labels'],
        `${names.join(', ')} ignored: Steward's ${tier} tier takes only a severity; route on severity, or set labels for all alerts in alerting.labels`
      );
    }
    if (alert.annotations !== undefined) {
      warn([...path, key, 'annotations'], 'ignored: Steward has no per-tier annotations; use alerting.annotations');
    }
    out[tier] = {
      ...(alert.disable === true ? { enabled: false } : {}),
      ...(severity !== undefined ? { severity: scalarText(severity) } : {}),
    };
    if (Object.keys(out[tier]).length === 0) {
      delete out[tier];
    }
  }
  return out;
}

const PLUGINS_IGNORED = 'ignored: Sloth SLO plugins are Go code that only Sloth runs';

function labelWarnings(labels: unknown, path: Path, service: string): Array<{ field: Path; message: string }> {
  if (!isRecord(labels)) {
    return [];
  }
  const isOwner = (key: string) => key === 'owner' || key === 'team';
  const owners = Object.keys(labels).filter(isOwner);
  const others = Object.keys(labels).filter((key) => !isOwner(key));
  return [
    ...(others.length > 0
      ? [
          {
            field: path,
            message: `ignored (${others.join(', ')}): Steward sets the labels of its series and alerts itself`,
          },
        ]
      : []),
    ...owners.map((k) => ({
      field: [...path, k],
      message: `is ignored: the owning team comes from Steward's registry (the owner of service "${service}")`,
    })),
  ];
}

/** Where a field of the mapped SLO came from in the Sloth document, for validation errors. */
function sourceField(field: Path, { at, keys, base }: Context): Path {
  const [head, key, ...rest] = field;
  if (head === 'metadata') {
    return at(key === 'description' ? 'description' : 'name');
  }
  switch (key) {
    case 'service':
      return [...base, 'service'];
    case 'sli': {
      const query = { bad: keys.errorQuery, total: keys.totalQuery }[String(rest[1])];
      return query ? at('sli', 'events', query) : at('sli');
    }
    case 'objectives':
      return at('objective');
    case 'alerting': {
      const [part, ...more] = rest;
      if (part === 'page' || part === 'ticket') {
        const alert = part === 'page' ? keys.pageAlert : keys.ticketAlert;
        return more[0] === 'severity' ? at('alerting', alert, 'labels', 'severity') : at('alerting', alert);
      }
      return at('alerting', ...rest);
    }
    default:
      return at();
  }
}

const WINDOW_TEMPLATE = /\{\{\s*\.window\s*\}\}/g;
/** As long as `$window`, so positions in the query do not move while it is parsed. */
const PARSE_WINDOW = '999999s';

/**
 * A Sloth query as a Steward freeform query: `{{.window}}` becomes `$window`, and
 * `rate(x[{{.window}}])` becomes `increase(x[$window])`. Steward records event counts;
 * increase is rate times the window's seconds, so any expression linear in its rates keeps
 * its meaning, and bad/total keeps its ratio.
 */
export function slothQuery(query: string): string {
  const text = query.trim().replace(WINDOW_TEMPLATE, '$window');
  const parsed = text.replaceAll('$window', PARSE_WINDOW);
  const rates: number[] = [];
  parser.parse(parsed).iterate({
    enter: (node) => {
      if (node.name !== 'FunctionCall' || parsed.slice(node.from, node.to).search(/^rate\s*\(/) !== 0) {
        return;
      }
      const matrix = node.node.getChild('FunctionCallBody')?.getChild('MatrixSelector');
      const range = matrix?.lastChild;
      if (range && parsed.slice(range.from, range.to) === PARSE_WINDOW) {
        rates.push(node.from);
      }
    },
  });
  let out = text;
  for (const from of rates.reverse()) {
    out = `${out.slice(0, from)}increase${out.slice(from + 'rate'.length)}`;
  }
  return out;
}

/** YAML reads `tier: 2` as a number; Sloth's labels are strings. Anything else is left for validation to report. */
function scalarText(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : (value as string);
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
