import React from 'react';
import { Alert, Button, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import type { SloStatusPage } from '../../api/stewardClient';
import { SloStatusTable } from './SloStatusTable';

interface Props {
  state: { loading: boolean; error?: Error; value?: SloStatusPage; retry?: () => void };
  title: string;
  /** Says why there are no rows, e.g. "Checkout API has no SLOs yet." */
  empty: string;
  showService?: boolean;
  showOwner?: boolean;
  testId: string;
  /** Right of the heading, e.g. a link to create an SLO. */
  actions?: React.ReactNode;
}

/** SLOs with their budgets, on a service or team page: loading, error and empty states included. */
export function SloSection({ state, title, empty, showService, showOwner, testId, actions }: Props) {
  const rows = state.value?.rows ?? [];
  const slos = new Set(rows.map((r) => r.slo)).size;
  return (
    <section data-testid={testId}>
      <Stack justifyContent="space-between" alignItems="center">
        <Text element="h3">
          {title}
          {state.value ? ` (${slos})` : ''}
        </Text>
        {actions}
      </Stack>
      {state.error ? (
        <Alert title="Could not load SLO status" severity="error">
          <Stack direction="column" gap={1} alignItems="flex-start">
            <span>{state.error.message}</span>
            {state.retry && (
              <Button size="sm" variant="secondary" onClick={state.retry}>
                Retry
              </Button>
            )}
          </Stack>
        </Alert>
      ) : !state.value ? (
        <LoadingPlaceholder text="Loading SLO status…" />
      ) : rows.length === 0 ? (
        <Text color="secondary">{empty}</Text>
      ) : (
        <SloStatusTable rows={rows} showService={showService} showOwner={showOwner} />
      )}
    </section>
  );
}
