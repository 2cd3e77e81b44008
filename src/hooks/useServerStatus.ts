import { useAsyncRetry } from 'react-use';
import { useStewardClient } from './useStewardClient';

export function useServerStatus() {
  const client = useStewardClient();
  return useAsyncRetry(() => client.status(), [client]);
}

export function useTelemetryInventory(label: string) {
  const client = useStewardClient();
  return useAsyncRetry(() => client.telemetryInventory(label), [client, label]);
}
