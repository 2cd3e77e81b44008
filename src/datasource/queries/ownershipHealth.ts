import { createDataFrame, MappingType, type DataFrame, type ValueMapping } from '@grafana/data';
import type { OwnershipHealth } from '../../api/stewardClient';
import { serviceLink, teamLink } from '../../slo/links';
import { STATUS_FIELDS as F } from '../../slo/statusFields';
import { hidden, pageLink, string, unique } from '../fields';
import { splitFilters } from '../resolve';
import type { QueryContext } from './context';

/** Ownership drift findings of the chosen teams. */
export async function runOwnershipHealth({ client, filters, refId }: QueryContext): Promise<DataFrame[]> {
  if (filters.none) {
    return [];
  }
  const answers = await Promise.all(
    splitFilters(filters).map((part) => client.ownershipHealth(part.team, part.includeSubteams))
  );
  const health = {
    ...answers[0]!,
    findings: unique(
      answers.flatMap((a) => a.findings),
      (f) => `${f.rule}|${f.kind}|${f.name}`
    ),
  };
  return [ownershipHealthFrame(health, refId)];
}

const SEVERITY_MAPPINGS: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: {
      high: { text: 'High', color: 'red', index: 0 },
      medium: { text: 'Medium', color: 'orange', index: 1 },
      low: { text: 'Low', color: 'blue', index: 2 },
    },
  },
];

/** Ownership drift: one row per finding, with the rule's title. */
export function ownershipHealthFrame(health: OwnershipHealth, refId?: string): DataFrame {
  const titles = new Map(health.rules.map((r) => [r.id, r.title]));
  const rows = health.findings;
  return createDataFrame({
    refId,
    name: 'Ownership drift',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      string(
        'severity',
        rows.map((r) => r.severity),
        { displayName: 'Severity', mappings: SEVERITY_MAPPINGS, custom: { cellOptions: { type: 'color-text' } } }
      ),
      string(
        'rule',
        rows.map((r) => titles.get(r.rule) ?? r.rule),
        { displayName: 'Rule' }
      ),
      string(
        'kind',
        rows.map((r) => r.kind),
        { displayName: 'Kind' }
      ),
      string(
        'name',
        rows.map((r) => r.name),
        { displayName: 'Name', links: [pageLink('Open its page', 'entity_url')] }
      ),
      string(
        F.team,
        rows.map((r) => r.team),
        { displayName: 'Team' }
      ),
      string(
        'message',
        rows.map((r) => r.message),
        { displayName: 'Finding' }
      ),
      string(
        'rule_id',
        rows.map((r) => r.rule),
        { displayName: 'Rule id', ...hidden }
      ),
      string(
        'entity_url',
        rows.map((r) => (r.kind === 'Team' ? teamLink(r.name) : serviceLink(r.name))),
        { displayName: 'Page', ...hidden }
      ),
    ],
  });
}
