import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Stack, Text, TextLink } from '@grafana/ui';
import type { TeamOverview } from '../../api/stewardClient';

type OnCall = NonNullable<TeamOverview['onCall']>;

/** Who is on call now and next, or the external schedule to look at. */
export function OnCallNow({ onCall }: { onCall?: OnCall }) {
  if (!onCall || (!onCall.rotation && onCall.references.length === 0)) {
    return <Text color="warning">No on-call rotation or schedule.</Text>;
  }
  const rotation = onCall.rotation;
  return (
    <Stack direction="column" gap={0.5}>
      {rotation && 'current' in rotation && (
        <>
          <Text>
            Now: <strong>{rotation.current}</strong>
          </Text>
          <Text color="secondary">
            Next: {rotation.next} from {dateTimeFormat(rotation.handoffAt)}
          </Text>
        </>
      )}
      {rotation && 'startsAt' in rotation && (
        <Text color="secondary">
          Rotation starts {dateTimeFormat(rotation.startsAt)} with {rotation.first}
        </Text>
      )}
      {onCall.references.map((ref) => (
        <Text key={`${ref.system}-${ref.scheduleId}`}>
          {ref.system === 'pagerduty' ? 'PagerDuty' : 'Grafana IRM'} schedule{' '}
          {ref.url ? (
            <TextLink href={ref.url} external>
              {ref.scheduleId}
            </TextLink>
          ) : (
            ref.scheduleId
          )}
        </Text>
      ))}
    </Stack>
  );
}
