import React from 'react';
import { LinkButton, Stack } from '@grafana/ui';
import type { ApiService } from '../../api/stewardClient';
import { SourceBadge } from '../SourceBadge/SourceBadge';

interface Props {
  /** Where the entry is defined; file entries are read-only in the app. */
  entry: Pick<ApiService, 'origin' | 'readOnly'>;
  /** Whether the signed-in user may edit (useCanEdit). */
  canEdit: boolean;
  editHref: string;
  sourceTestId: string;
  editTestId?: string;
}

/** The top right of an entry's page: where it is defined, and Edit for those who may. */
export function EntryActions({ entry, canEdit, editHref, sourceTestId, editTestId }: Props) {
  return (
    <Stack gap={1} alignItems="center">
      <SourceBadge origin={entry.origin} testId={sourceTestId} />
      {canEdit && !entry.readOnly && (
        <LinkButton variant="secondary" icon="pen" href={editHref} data-testid={editTestId}>
          Edit
        </LinkButton>
      )}
    </Stack>
  );
}
