import React from 'react';
import { Alert, Stack, Text } from '@grafana/ui';
import type { CatalogIssue } from '../../api/stewardClient';

/** Catalog problems, each with file, line and field, as steward-server reported them. */
export function IssueList({ issues, testId }: { issues: CatalogIssue[]; testId?: string }) {
  if (issues.length === 0) {
    return null;
  }
  const errors = issues.filter((i) => i.severity === 'error');
  return (
    <div data-testid={testId}>
      <Alert
        title={errors.length > 0 ? 'Catalog errors' : 'Catalog warnings'}
        severity={errors.length > 0 ? 'error' : 'warning'}
      >
        <Stack direction="column" gap={0.5}>
          {issues.map((issue, index) => (
            <Text key={index} element="p">
              <code>
                {issue.source}
                {issue.line ? `:${issue.line}` : ''}
              </code>{' '}
              {issue.field && <strong>{issue.field}</strong>} {issue.message}
            </Text>
          ))}
        </Stack>
      </Alert>
    </div>
  );
}
