import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Checkbox, Stack, Text, useStyles2 } from '@grafana/ui';
import { testIds } from '../../testIds';

interface Props {
  facet: string;
  title: string;
  values: Array<{ value: string; count: number }>;
  selected: string[];
  onChange: (selected: string[]) => void;
  /** How many values to show before "Show all". */
  initial?: number;
  label?: (value: string) => string;
}

/** One facet: its values with their counts; ticking values filters the catalog. */
export function FacetList({
  facet,
  title,
  values,
  selected,
  onChange,
  initial = 8,
  label = (v) => v || '(none)',
}: Props) {
  const styles = useStyles2(getStyles);
  const [showAll, setShowAll] = useState(false);
  // Selected values stay visible even when the current filter leaves them with no entries.
  const shown = [
    ...values,
    ...selected.filter((s) => !values.some((v) => v.value === s)).map((value) => ({ value, count: 0 })),
  ];
  const visible = showAll ? shown : shown.slice(0, initial);
  const toggle = (value: string) =>
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  return (
    <div data-testid={testIds.catalog.facet(facet)} className={styles.facet}>
      <Text weight="medium">{title}</Text>
      <Stack direction="column" gap={0.5}>
        {visible.map(({ value, count }) => (
          <div key={value} className={styles.row} data-testid={testIds.catalog.facetValue(facet, value)}>
            <Checkbox value={selected.includes(value)} onChange={() => toggle(value)} label={label(value)} />
            <span className={styles.count}>{count}</span>
          </div>
        ))}
      </Stack>
      {shown.length > initial && (
        <Button size="sm" variant="secondary" fill="text" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show fewer' : `Show all ${shown.length}`}
        </Button>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  facet: css({ marginBottom: theme.spacing(2) }),
  row: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: theme.spacing(1) }),
  count: css({ color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums' }),
});
