import { useCallback } from 'react';
import { useAsyncRetry } from 'react-use';
import type { ComboboxOption } from '@grafana/ui';
import type { CatalogParams } from '../api/stewardClient';
import { useStewardClient } from './useStewardClient';

export function useServicePage(params: CatalogParams) {
  const client = useStewardClient();
  const key = JSON.stringify(params);
  return useAsyncRetry(() => client.services(params), [client, key]);
}

export function useTeamPage(params: CatalogParams) {
  const client = useStewardClient();
  const key = JSON.stringify(params);
  return useAsyncRetry(() => client.teams(params), [client, key]);
}

/** Catalog files, their last reload, and the first `limit` problems (errors first) with the counts of all. */
export function useCatalogStatus(limit: number) {
  const client = useStewardClient();
  return useAsyncRetry(() => client.catalogStatus({ limit }), [client, limit]);
}

/** Options for a team picker, searched on the server (catalogs can hold thousands of teams). */
export function useTeamSearch(): (input: string) => Promise<Array<ComboboxOption<string>>> {
  const client = useStewardClient();
  return useCallback(
    async (input: string) => {
      const page = await client.teams({ q: input, limit: 25 });
      return page.items.map((t) => ({
        value: t.entity.metadata.name,
        label: t.entity.metadata.title ?? t.entity.metadata.name,
        description: t.entity.metadata.name,
      }));
    },
    [client]
  );
}
