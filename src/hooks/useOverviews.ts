import { useAsyncRetry } from 'react-use';
import { useStewardClient } from './useStewardClient';

export function useTeamOverview(name: string) {
  const client = useStewardClient();
  return useAsyncRetry(() => client.teamOverview(name), [client, name]);
}

export function useServiceOverview(name: string) {
  const client = useStewardClient();
  return useAsyncRetry(() => client.serviceOverview(name), [client, name]);
}
