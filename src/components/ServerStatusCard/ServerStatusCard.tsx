import React from 'react';
import { Badge, Stack, Text } from '@grafana/ui';
import type { ServerStatus } from '../../api/stewardClient';
import { testIds } from '../../testIds';

interface Props {
  status: ServerStatus;
}

/** One line per part Steward depends on: the server, its store, and Prometheus. */
export function ServerStatusCard({ status }: Props) {
  return (
    <Stack direction="column" gap={1}>
      <Stack gap={1} alignItems="center" data-testid={testIds.home.serverStatus}>
        <Badge color="green" icon="check" text="steward-server" />
        <Text>version {status.version}</Text>
        {status.user && <Text color="secondary">signed in as {status.user.login}</Text>}
      </Stack>
      <Stack gap={1} alignItems="center" data-testid={testIds.home.storeStatus}>
        <Badge
          color={status.store.ok ? 'green' : 'red'}
          icon={status.store.ok ? 'check' : 'exclamation-triangle'}
          text="store"
        />
        <Text>{status.store.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}</Text>
        {status.store.error && <Text color="error">{status.store.error}</Text>}
      </Stack>
      <Stack gap={1} alignItems="center" data-testid={testIds.home.prometheusStatus}>
        <Badge
          color={status.prometheus.ok ? 'green' : 'red'}
          icon={status.prometheus.ok ? 'check' : 'exclamation-triangle'}
          text="Prometheus"
        />
        <Text>
          {status.prometheus.ok ? `version ${status.prometheus.version}` : (status.prometheus.error ?? 'not reachable')}
        </Text>
      </Stack>
    </Stack>
  );
}
