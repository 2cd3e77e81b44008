import React from 'react';
import { Alert, Stack, Text } from '@grafana/ui';
import type { CatalogIssue } from '../../api/stewardClient';

/**
 * Catalog problems, each with file, line and field, as steward-server reported them; errors
 * first, at most `limit` of them. The rest are counted: `total` when the server sent one page
 * of many (with its counts by severity), else what is left of `issues`.
 */
export function IssueList({
  issues,
  testId,
  limit,
  counts,
}: {
  issues: CatalogIssue[];
  testId?: string;
  limit?: number;
  counts?: { error: number; warning: number };
}) {
  if (issues.length === 0) {
    return null;
  }
  const errors = issues.filter((i) => i.severity === 'error');
  const shown = [...errors, ...issues.filter((i) => i.severity !== 'error')].slice(0, limit ?? issues.length);
  const total = counts ? counts.error + counts.warning : issues.length;
  const anyError = counts ? counts.error > 0 : errors.length > 0;
  return (
    <div data-testid={testId}>
      <Alert title={anyError ? 'Catalog errors' : 'Catalog warnings'} severity={anyError ? 'error' : 'warning'}>
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
          {shown.length < total && (
            <Text element="p" color="secondary">
              {`and ${total - shown.length} more${counts ? ` (${counts.error} errors, ${counts.warning} warnings in all)` : ''}; GET /api/v1/catalog/status pages through them all`}
            </Text>
          )}
        </Stack>
      </Alert>
    </div>
  );
}
