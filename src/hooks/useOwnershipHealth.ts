import { useAsyncRetry } from 'react-use';
import { useStewardClient } from './useStewardClient';

export function useOwnershipHealth(teams: string[]) {
  const client = useStewardClient();
  const key = teams.join(',');
  return useAsyncRetry(() => client.ownershipHealth(teams), [client, key]);
}

export function useUnownedTelemetry() {
  const client = useStewardClient();
  return useAsyncRetry(() => client.unownedTelemetry(), [client]);
}
