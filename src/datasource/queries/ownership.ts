import { createDataFrame, type DataFrame } from '@grafana/data';
import type { OwnershipRow } from '../../api/stewardClient';
import { escalationText } from '../../slo/format';
import { serviceLink, teamLink } from '../../slo/links';
import { STATUS_FIELDS as F } from '../../slo/statusFields';
import { hidden, number, pageLink, string, unique, withNotices } from '../fields';
import { splitFilters } from '../resolve';
import type { QueryContext } from './context';

/** Services with owner, on-call now and next, runbook, escalation and SLO count. */
export async function runOwnership({ client, filters, refId, stewardTeams }: QueryContext): Promise<DataFrame[]> {
  if (filters.none) {
    return withNotices([ownershipFrame([], refId)], [{ severity: 'info', text: `No results: ${filters.none}.` }]);
  }
  const tables = await Promise.all(
    splitFilters(filters).map((part) =>
      client.ownershipTable({
        ...(part.team ? { team: part.team, includeSubteams: part.includeSubteams } : {}),
        ...(part.service ? { service: part.service } : {}),
        ...(part.tier ? { tier: part.tier } : {}),
      })
    )
  );
  const rows = unique(
    tables.flatMap((t) => t.rows),
    (r) => r.service
  ).sort((a, b) => a.service.localeCompare(b.service));
  // The ownership table has no escalation path; the owning teams do (the team list is cached).
  const teams = new Map((await stewardTeams()).map((t) => [t.name, t]));
  const escalation = (team: string) => escalationText(teams.get(team));
  return [ownershipFrame(rows, refId, escalation)];
}

/** Services with owner, on-call and runbook; service, team and runbook link to their pages. */
export function ownershipFrame(
  rows: OwnershipRow[],
  refId?: string,
  escalation: (team: string) => string = () => ''
): DataFrame {
  const col = <T>(pick: (row: OwnershipRow) => T) => rows.map(pick);
  return createDataFrame({
    refId,
    name: 'Ownership',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      string(
        F.service,
        col((r) => r.service),
        {
          displayName: 'Service',
          links: [pageLink('Open the service page', 'service_url')],
        }
      ),
      string(
        'service_title',
        col((r) => r.title),
        { displayName: 'Title' }
      ),
      string(
        F.team,
        col((r) => r.team),
        { displayName: 'Team', links: [pageLink('Open the team page', 'team_url')] }
      ),
      string(
        F.tier,
        col((r) => r.tier ?? ''),
        { displayName: 'Tier' }
      ),
      string(
        'lifecycle',
        col((r) => r.lifecycle ?? ''),
        { displayName: 'Lifecycle' }
      ),
      string(
        'on_call_now',
        col((r) => r.onCallNow ?? ''),
        { displayName: 'On call now' }
      ),
      string(
        'on_call_next',
        col((r) => r.onCallNext ?? ''),
        { displayName: 'On call next' }
      ),
      string(
        'on_call_schedule',
        col((r) => r.onCallSchedule ?? ''),
        { displayName: 'Schedule' }
      ),
      string(
        'escalation',
        col((r) => escalation(r.team)),
        { displayName: 'Escalation' }
      ),
      string(
        'runbook',
        col((r) => r.runbook ?? ''),
        {
          displayName: 'Runbook',
          links: [{ title: 'Open the runbook', url: '${__value.raw}', targetBlank: true }],
        }
      ),
      string(
        'runbook_reviewed',
        col((r) => r.runbookReviewed ?? ''),
        { displayName: 'Runbook reviewed' }
      ),
      number(
        'slos',
        col((r) => r.slos),
        { displayName: 'SLOs', decimals: 0 }
      ),
      string(
        'service_url',
        col((r) => serviceLink(r.service)),
        { displayName: 'Service page', ...hidden }
      ),
      string(
        'team_url',
        col((r) => teamLink(r.team)),
        { displayName: 'Team page', ...hidden }
      ),
    ],
  });
}
