import type { Dashboard } from '@grafana/schema';
import { debug } from './debug';
import { executive } from './executive';
import { oncall } from './oncall';

/** Every dashboard, by the file it is written to (dashboards/<file>). */
export const DASHBOARDS: Record<string, Dashboard> = {
  'executive.json': executive,
  'oncall.json': oncall,
  'debug.json': debug,
};

/** A dashboard as its file holds it: two-space JSON and a final newline (what Prettier leaves alone). */
export function dashboardJson(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
