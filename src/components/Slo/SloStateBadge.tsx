import React from 'react';
import { Badge } from '@grafana/ui';
import type { SloState } from '../../api/stewardClient';
import { STATE_BADGE, STATE_TEXT } from '../../slo/format';

const ICONS: Record<SloState, 'check' | 'fire' | 'exclamation-triangle' | 'question-circle' | 'bug'> = {
  ok: 'check',
  burning: 'fire',
  exhausted: 'exclamation-triangle',
  'no-data': 'question-circle',
  error: 'bug',
};

/** An SLO row's state: ok, burning (an alert fires), exhausted, no data, or error. */
export function SloStateBadge({ state, testId }: { state: SloState; testId?: string }) {
  return (
    <span data-testid={testId}>
      <Badge color={STATE_BADGE[state]} icon={ICONS[state]} text={STATE_TEXT[state]} />
    </span>
  );
}
