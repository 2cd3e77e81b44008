import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { SloState } from '../../api/stewardClient';

const COLOUR: Record<SloState, (theme: GrafanaTheme2) => string> = {
  ok: (t) => t.colors.success.main,
  burning: (t) => t.colors.warning.main,
  exhausted: (t) => t.colors.error.main,
  'no-data': (t) => t.colors.text.disabled,
  error: (t) => t.colors.error.main,
};

/** A thin bar: how much of the error budget is left, in the state's colour. */
export function BudgetBar({ remaining, state }: { remaining: number | null; state: SloState }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const width = remaining === null ? 0 : Math.max(0, Math.min(1, remaining)) * 100;
  return (
    <div className={styles.track} aria-hidden>
      <div className={styles.fill} style={{ width: `${width}%`, background: COLOUR[state](theme) }} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  track: css({
    height: 4,
    width: '100%',
    minWidth: 64,
    borderRadius: theme.shape.radius.pill,
    background: theme.colors.border.weak,
    overflow: 'hidden',
  }),
  fill: css({ height: '100%', borderRadius: theme.shape.radius.pill }),
});
