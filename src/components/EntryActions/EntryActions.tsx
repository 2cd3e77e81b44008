import React from 'react';
import { LinkButton, Stack } from '@grafana/ui';
import type { ApiService } from '../../api/stewardClient';
import { SourceBadge } from '../SourceBadge/SourceBadge';

interface Props {
  origin: ApiService['origin'];
  /** File entries are read-only in the app. */
  readOnly?: boolean;
  /** Whether the signed-in user may edit (useCanEdit). */
  canEdit: boolean;
  editHref: string;
  sourceTestId: string;
  editTestId?: string;
}

/** The top right of an entry's page: where it is defined, and Edit for those who may. */
export function EntryActions({ origin, readOnly, canEdit, editHref, sourceTestId, editTestId }: Props) {
  return (
    <Stack gap={1} alignItems="center">
      <SourceBadge origin={origin} testId={sourceTestId} />
      {canEdit && !readOnly && (
        <LinkButton variant="secondary" icon="pen" href={editHref} data-testid={editTestId}>
          Edit
        </LinkButton>
      )}
    </Stack>
  );
}
