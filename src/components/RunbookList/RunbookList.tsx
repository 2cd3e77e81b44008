import React from 'react';
import { Badge, Stack, Text, TextLink } from '@grafana/ui';
import type { ServiceEntity } from '../../api/stewardClient';

const STALE_DAYS = 90;

/** Runbooks with how long ago each was last reviewed; older than 90 days is flagged. */
export function RunbookList({
  runbooks,
  now = new Date(),
}: {
  runbooks: ServiceEntity['spec']['runbooks'];
  now?: Date;
}) {
  if (!runbooks?.length) {
    return <Text color="warning">No runbook linked.</Text>;
  }
  return (
    <Stack direction="column" gap={1}>
      {runbooks.map((runbook) => {
        const days = runbook.lastReviewed
          ? Math.floor((now.getTime() - Date.parse(`${runbook.lastReviewed}T00:00:00Z`)) / 86_400_000)
          : undefined;
        return (
          <Stack key={runbook.url} gap={1} alignItems="center">
            <TextLink href={runbook.url} external>
              {runbook.title ?? runbook.url}
            </TextLink>
            {days === undefined ? (
              <Badge color="orange" text="never reviewed" />
            ) : days > STALE_DAYS ? (
              <Badge color="orange" icon="clock-nine" text={`reviewed ${days} days ago`} />
            ) : (
              <Badge color="green" text={`reviewed ${days} days ago`} />
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
