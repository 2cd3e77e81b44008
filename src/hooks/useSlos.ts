import { useAsyncRetry } from 'react-use';
import { StewardApiError, type SloStatusParams, type SloTimeseriesParams } from '../api/stewardClient';
import { useStewardClient } from './useStewardClient';

/** Status rows of every SLO objective and group that match the filters. */
export function useSloStatus(params: SloStatusParams) {
  const client = useStewardClient();
  const key = JSON.stringify(params);
  return useAsyncRetry(() => client.sloStatus(params), [client, key]);
}

/** The primary objective's rows of one service's SLOs (one row per group). */
export function useServiceSlos(service: string) {
  return useSloStatus({ service: [service], primary: true });
}

/** The primary objective's rows of the SLOs of a team's services, sub-teams' included. */
export function useTeamSlos(team: string) {
  return useSloStatus({ team: [team], includeSubteams: true, primary: true });
}

/**
 * Everything the SLO page shows besides its charts: the definition (with ETag, for editing), its
 * status rows (now, or at the moment `at` in seconds), and the service's overview (owner,
 * on-call, runbooks). The overview may fail on its own (an SLO of a service that is gone)
 * without hiding the SLO.
 */
export function useSloDetails(name: string, at?: number) {
  const client = useStewardClient();
  return useAsyncRetry(async () => {
    const definition = await client.slo(name);
    const [status, overview] = await Promise.all([
      client.sloStatusOf(name, at).then(
        (value) => ({ value, error: undefined }),
        // A definition the engine has not taken up yet (just created): no status rows so far.
        (error: Error) =>
          error instanceof StewardApiError && error.status === 404
            ? {
                value: {
                  computedAt: 0,
                  rows: [],
                  alerting: [],
                  eventQueries: { bad: '', total: '' },
                  rules: '',
                  warnings: [],
                },
                error: undefined,
              }
            : { value: undefined, error }
      ),
      client.serviceOverview(definition.item.entity.spec.service).then(
        (value) => ({ value, error: undefined }),
        (error: Error) => ({ value: undefined, error })
      ),
    ]);
    return { definition, status, overview };
  }, [client, name, at]);
}

/**
 * A burn-down, burn-rate or SLI series of one SLO objective. Burn rate and SLI cover the last
 * `lastSeconds` up to the moment `at` (seconds), or up to when they are asked for; the burn-down
 * covers the SLO window, and is asked to end at `at` too.
 */
export function useSloTimeseries(
  name: string,
  params: Omit<SloTimeseriesParams, 'from' | 'to'>,
  lastSeconds?: number,
  at?: number
) {
  const client = useStewardClient();
  const key = JSON.stringify(params);
  return useAsyncRetry(async () => {
    const to = at ?? Math.floor(Date.now() / 1000);
    const from = to - (lastSeconds ?? 86_400);
    const range = lastSeconds ? { from, to } : at === undefined ? {} : { to };
    const value = await client.sloTimeseries(name, { ...params, ...range });
    // The range shown: the SLO window for a burn-down, else the range asked for.
    return { ...value, from: value.windowStart ?? from, to: value.windowEnd ?? to };
  }, [client, name, key, lastSeconds, at]);
}
