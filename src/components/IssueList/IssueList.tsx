import React from 'react';
import { Alert, Stack, Text } from '@grafana/ui';
import type { CatalogIssue } from '../../api/stewardClient';

/**
 * Catalog problems, each with file, line and field, as steward-server reported them; errors
 * first, at most `limit` of them (the rest are counted).
 */
export function IssueList({ issues, testId, limit }: { issues: CatalogIssue[]; testId?: string; limit?: number }) {
  if (issues.length === 0) {
    return null;
  }
  const errors = issues.filter((i) => i.severity === 'error');
  const shown = [...errors, ...issues.filter((i) => i.severity !== 'error')].slice(0, limit ?? issues.length);
  return (
    <div data-testid={testId}>
      <Alert
        title={errors.length > 0 ? 'Catalog errors' : 'Catalog warnings'}
        severity={errors.length > 0 ? 'error' : 'warning'}
      >
        <Stack direction="column" gap={0.5}>
          {shown.map((issue, index) => (
            <Text key={index} element="p">
              <code>
                {issue.source}
                {issue.line ? `:${issue.line}` : ''}
              </code>{' '}
              {issue.field && <strong>{issue.field}</strong>} {issue.message}
            </Text>
          ))}
          {shown.length < issues.length && (
            <Text element="p" color="secondary">
              {`and ${issues.length - shown.length} more (GET /api/v1/catalog/status lists them all)`}
            </Text>
          )}
        </Stack>
      </Alert>
    </div>
  );
}
