import type { SloStatusRow } from '../api/stewardClient';
import { appUrl, ROUTES } from '../constants';
import { momentParam } from './moment';

/**
 * A link to an SLO's page that opens on this row's objective and group
 * (`/a/steward-ownership-app/slos/<name>?objective=1&group.route=%2Fcart`), relative to Grafana's
 * root; at a past moment (seconds) when given (`&at=2026-05-01T12:00:00Z`), so the page shows the
 * numbers the link was made from.
 */
export function sloLink(
  row: Pick<SloStatusRow, 'slo' | 'group'> & { objective: { index: number } },
  at?: number
): string {
  const params = new URLSearchParams();
  if (row.objective.index > 0) {
    params.set('objective', String(row.objective.index));
  }
  for (const [label, value] of Object.entries(row.group)) {
    params.set(`group.${label}`, value);
  }
  if (at !== undefined) {
    params.set('at', momentParam(at));
  }
  const query = params.toString();
  return `${appUrl(ROUTES.Slos, row.slo)}${query ? `?${query}` : ''}`;
}

/** A team's page in the app. */
export const teamLink = (team: string) => appUrl(ROUTES.Teams, team);

/** A service's page in the app. */
export const serviceLink = (service: string) => appUrl(ROUTES.Services, service);
