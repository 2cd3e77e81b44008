import React from 'react';
import { Badge, Tooltip } from '@grafana/ui';
import type { ApiService } from '../../api/stewardClient';

interface Props {
  origin: ApiService['origin'];
  testId?: string;
}

/** Where an entry lives: a catalog file (read-only here) or the API (editable by its owners). */
export function SourceBadge({ origin, testId }: Props) {
  if (origin.source === 'file' && origin.orphaned) {
    const where = `${origin.path}${origin.line ? `:${origin.line}` : ''}`;
    return (
      <Tooltip
        content={`Orphaned since ${origin.orphaned.since}: ${origin.orphaned.reason}. It is kept, and its alerts still route, until an Admin deletes or adopts it, or a catalog file declares it again.`}
      >
        <span data-testid={testId}>
          <Badge color="orange" icon="exclamation-triangle" text={`orphaned (${where})`} />
        </span>
      </Tooltip>
    );
  }
  if (origin.source === 'file') {
    const where = `${origin.path}${origin.line ? `:${origin.line}` : ''}`;
    return (
      <Tooltip content={`Defined in the catalog file ${where}. Change it there; it is read-only here.`}>
        <span data-testid={testId}>
          <Badge color="blue" icon="file-alt" text={where} />
        </span>
      </Tooltip>
    );
  }
  return (
    <span data-testid={testId}>
      <Badge color="purple" icon="pen" text="created in Steward" />
    </span>
  );
}
