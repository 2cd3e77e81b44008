import { useMemo } from 'react';
import { config } from '@grafana/runtime';
import { StewardClient } from '../api/stewardClient';
import { APP_ADMIN_PROXY_URL, APP_PROXY_URL } from '../constants';

export type OrgRole = 'Viewer' | 'Editor' | 'Admin' | 'None';

/** The signed-in user's org role, as Grafana's frontend knows it. */
function currentOrgRole(): OrgRole {
  return (config.bootData?.user?.orgRole as OrgRole) || 'Viewer';
}

/** Whether to offer edit actions; steward-server still decides (team ownership). */
export function useCanEdit(): boolean {
  const role = currentOrgRole();
  return role === 'Editor' || role === 'Admin';
}

/** The app's client: reads through the Viewer proxy route, Admins write through the Admin route. */
export function useStewardClient(): StewardClient {
  return useMemo(
    () => new StewardClient(APP_PROXY_URL, currentOrgRole() === 'Admin' ? APP_ADMIN_PROXY_URL : APP_PROXY_URL),
    []
  );
}
