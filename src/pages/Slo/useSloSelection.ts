import { useSearchParams } from 'react-router-dom';
import type { SloStatusRow } from '../../api/stewardClient';
import { groupKey } from '../../slo/format';

/**
 * The objective and group the page shows, kept in the URL (`objective=1`, `group.route=/cart`),
 * next to the moment it shows (`at`), which a change of objective or group keeps.
 */
export function useSloSelection(rows: SloStatusRow[]) {
  const [search, setSearch] = useSearchParams();
  const objective = Number(search.get('objective') ?? 0) || 0;
  const wanted: Record<string, string> = {};
  search.forEach((value, key) => {
    if (key.startsWith('group.')) {
      wanted[key.slice('group.'.length)] = value;
    }
  });
  const objectiveRows = rows.filter((r) => r.objective.index === objective);
  const worst = [...objectiveRows].sort(
    (a, b) => (a.budgetRemaining ?? -Infinity) - (b.budgetRemaining ?? -Infinity)
  )[0];
  const row =
    Object.keys(wanted).length > 0
      ? (objectiveRows.find((r) => groupKey(r.group) === groupKey(wanted)) ?? worst)
      : worst;
  const select = (next: { objective?: number; group?: Record<string, string> }) => {
    const params = new URLSearchParams();
    const index = next.objective ?? objective;
    if (index > 0) {
      params.set('objective', String(index));
    }
    for (const [label, value] of Object.entries(next.group ?? row?.group ?? {})) {
      params.set(`group.${label}`, value);
    }
    const at = search.get('at');
    if (at) {
      params.set('at', at);
    }
    setSearch(params, { replace: true });
  };
  return { objective, objectiveRows, row, select };
}
