import React from 'react';
import { Alert, Stack, TextLink } from '@grafana/ui';
import { formatMoment } from '../../slo/moment';
import { testIds } from '../../testIds';
import type { SloMoment } from './useSloMoment';

/**
 * Says, above everything else, that the page shows a past moment (opened from a dashboard whose
 * range ends in the past, or from an annotation), with the time zone spelled out, and links back
 * to the present. A `?at=` that is not a time is said instead of silently showing the present.
 */
export function MomentBanner({ moment }: { moment: SloMoment }) {
  if (moment.error) {
    return (
      <Alert title="Cannot show the SLO at that moment" severity="error" data-testid={testIds.slo.moment}>
        <Stack direction="column" gap={1} alignItems="flex-start">
          <span>{moment.error}.</span>
          <span data-testid={testIds.slo.momentNow}>
            <TextLink href={moment.nowHref} inline={false}>
              Show the SLO now
            </TextLink>
          </span>
        </Stack>
      </Alert>
    );
  }
  if (moment.at === undefined) {
    return null;
  }
  return (
    <Alert
      title={`As of ${formatMoment(moment.at)} — numbers for that moment`}
      severity="info"
      data-testid={testIds.slo.moment}
    >
      <Stack gap={1} alignItems="center" wrap="wrap">
        <span>
          Budget, burn rates, state and charts are computed for that moment. Alerts are known only for the present, so
          none are listed.
        </span>
        <span data-testid={testIds.slo.momentNow}>
          <TextLink href={moment.nowHref} inline={false} icon="arrow-right">
            Back to now
          </TextLink>
        </span>
      </Stack>
    </Alert>
  );
}
