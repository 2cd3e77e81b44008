import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

export type CatalogKind = 'services' | 'teams';
const LIST_PARAMS = ['team', 'tier', 'lifecycle', 'system', 'source', 'parent'] as const;
export type ListParam = (typeof LIST_PARAMS)[number];

/** The catalog's filters, kept in the URL so a filtered view can be shared as a link. */
export function useCatalogParams() {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => {
    const lists = Object.fromEntries(LIST_PARAMS.map((name) => [name, search.getAll(name)])) as Record<
      ListParam,
      string[]
    >;
    return {
      kind: (search.get('kind') === 'teams' ? 'teams' : 'services') as CatalogKind,
      q: search.get('q') ?? '',
      includeSubteams: search.get('subteams') !== 'false',
      ...lists,
    };
  }, [search]);

  const update = useCallback(
    (changes: Partial<{ kind: CatalogKind; q: string; includeSubteams: boolean } & Record<ListParam, string[]>>) => {
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            const name = key === 'includeSubteams' ? 'subteams' : key;
            next.delete(name);
            if (Array.isArray(value)) {
              value.forEach((v) => next.append(name, v));
            } else if (key === 'includeSubteams') {
              if (value === false) {
                next.set(name, 'false');
              }
            } else if (value) {
              next.set(name, String(value));
            }
          }
          return next;
        },
        { replace: true }
      );
    },
    [setSearch]
  );
  return { params, update };
}
