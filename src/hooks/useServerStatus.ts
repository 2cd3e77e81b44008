import { useMemo } from 'react';
import { useAsyncRetry } from 'react-use';
import { StewardClient } from '../api/stewardClient';
import { APP_PROXY_URL } from '../constants';

/** The app's client: calls go through Grafana's plugin proxy to steward-server. */
export function useAppClient(): StewardClient {
  return useMemo(() => new StewardClient(APP_PROXY_URL), []);
}

export function useServerStatus() {
  const client = useAppClient();
  return useAsyncRetry(() => client.status(), [client]);
}

export function useTelemetryInventory(label: string) {
  const client = useAppClient();
  return useAsyncRetry(() => client.telemetryInventory(label), [client, label]);
}
