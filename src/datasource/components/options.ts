import type { ComboboxOption } from '@grafana/ui';
import { getTemplateSrv } from '@grafana/runtime';
import type { StewardDataSource } from '../datasource';

export type OptionLoader = (input: string) => Promise<Array<ComboboxOption<string>>>;

const VARIABLES_GROUP = 'Dashboard variables';

/** The dashboard's variables as `$name` options, listed after the server's values. */
function variableOptions(input = ''): Array<ComboboxOption<string>> {
  const needle = input.replace(/^\$/, '').toLowerCase();
  return getTemplateSrv()
    .getVariables()
    .filter((v) => v.name.toLowerCase().includes(needle))
    .map((v) => ({ value: `$${v.name}`, label: `$${v.name}`, group: VARIABLES_GROUP }));
}

const matches = (input: string, ...texts: Array<string | undefined>) => {
  const needle = input.trim().toLowerCase();
  return needle === '' || texts.some((t) => t?.toLowerCase().includes(needle));
};

/**
 * A request made once per set of loaders (one editor), not on every keystroke: for lists that
 * the typed text only filters. A failed request is asked again next time.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** Option loaders that search steward-server as the user types, then add the dashboard's variables. */
export function optionLoaders(datasource: StewardDataSource) {
  const tierFacets = once(async () => (await datasource.client.services({ limit: 1 })).facets.tier ?? []);
  /** `label=value` pairs of the groups SLOs have now (from the status rows). */
  const groupPairs = once(async () => {
    const page = await datasource.client.sloStatus({ primary: true });
    const pairs = new Set<string>();
    for (const row of page.rows) {
      for (const [name, value] of Object.entries(row.group)) {
        pairs.add(`${name}=${value}`);
      }
    }
    return [...pairs].sort();
  });
  const withVariables =
    (load: (input: string) => Promise<Array<ComboboxOption<string>>>): OptionLoader =>
    async (input) => {
      const found = await load(input).catch(() => []);
      return [...found, ...variableOptions(input)];
    };
  return {
    teams: withVariables(async (input) =>
      (await datasource.stewardTeams())
        .filter((t) => matches(input, t.name, t.title))
        .sort((a, b) => a.name.localeCompare(b.name))
        .slice(0, 100)
        .map((t) => ({ value: t.name, label: t.title ?? t.name, description: t.name }))
    ),
    services: withVariables(async (input) =>
      (await datasource.client.services({ ...(input.trim() ? { q: input.trim() } : {}), limit: 50 })).items.map(
        (s) => ({
          value: s.entity.metadata.name,
          label: s.entity.metadata.title ?? s.entity.metadata.name,
          description: `${s.entity.metadata.name} · ${s.entity.spec.owner}`,
        })
      )
    ),
    slos: withVariables(async (input) =>
      (await datasource.client.slos({ ...(input.trim() ? { q: input.trim() } : {}), limit: 50 })).items.map((s) => ({
        value: s.entity.metadata.name,
        label: s.entity.metadata.title ?? s.entity.metadata.name,
        description: `${s.entity.metadata.name} · ${s.entity.spec.service}`,
      }))
    ),
    tiers: withVariables(async (input) =>
      (await tierFacets())
        .map((f) => f.value)
        .filter((v) => v !== '' && matches(input, v))
        .sort()
        .map((v) => ({ value: v, label: v }))
    ),
    /** `label=value` pairs of the groups SLOs have now (from the status rows). */
    labels: withVariables(async (input) =>
      (await groupPairs())
        .filter((p) => matches(input, p))
        .slice(0, 200)
        .map((p) => ({ value: p, label: p }))
    ),
  };
}
