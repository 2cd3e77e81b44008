import { HELP, type Series } from './model.js';

/** Prometheus text format 0.0.4. */
export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function labelText(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeValue(v)}"`);
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+Inf' : '-Inf';
  }
  return String(value);
}

/** Renders every series at time t, families together, each with its HELP and TYPE. */
export class Exposition {
  private readonly families: Array<{ header: string; series: Array<{ prefix: string; series: Series }> }>;

  constructor(series: Series[]) {
    const byFamily = new Map<string, Series[]>();
    for (const s of series) {
      byFamily.set(s.family, [...(byFamily.get(s.family) ?? []), s]);
    }
    this.families = [...byFamily].map(([family, members]) => ({
      header: `# HELP ${family} ${HELP[family] ?? family}\n# TYPE ${family} ${members[0]!.type}\n`,
      series: members.map((s) => ({ prefix: `${s.name}${labelText(s.labels)} `, series: s })),
    }));
  }

  render(t: number): string {
    const parts: string[] = [];
    for (const family of this.families) {
      parts.push(family.header);
      for (const { prefix, series } of family.series) {
        parts.push(prefix, formatValue(series.value(t)), '\n');
      }
    }
    return parts.join('');
  }
}
