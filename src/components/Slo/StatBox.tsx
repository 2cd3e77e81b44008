import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Stack, Text, useStyles2 } from '@grafana/ui';

type Tone = 'success' | 'warning' | 'error' | 'secondary' | 'primary' | undefined;

interface Props {
  label: string;
  value: string;
  tone?: Tone;
  /** A line under the value, e.g. what it is measured against. */
  note?: React.ReactNode;
  size?: 'large' | 'medium';
  testId?: string;
}

/** One headline number, in the same box on every SLO view. */
export function StatBox({ label, value, tone, note, size = 'medium', testId }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.box}>
      <Stack direction="column" gap={0.5}>
        <Text color="secondary" variant="bodySmall">
          {label}
        </Text>
        <span data-testid={testId} className={styles.value}>
          <Text variant={size === 'large' ? 'h1' : 'h3'} element="span" color={tone}>
            {value}
          </Text>
        </span>
        {note && (
          <Text color="secondary" variant="bodySmall">
            {note}
          </Text>
        )}
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5, 2),
    minWidth: 150,
    height: '100%',
  }),
  value: css({ fontVariantNumeric: 'tabular-nums' }),
});
