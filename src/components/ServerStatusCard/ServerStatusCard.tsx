import React from 'react';
import { Badge, Stack, Text } from '@grafana/ui';
import type { ServerStatus } from '../../api/stewardClient';
import { testIds } from '../../testIds';

interface Props {
  status: ServerStatus;
}

/** One line per part Steward depends on: the server, its store, and Prometheus. */
export function ServerStatusCard({ status }: Props) {
  const { store, prometheus } = status;
  return (
    <Stack direction="column" gap={1}>
      <CheckRow testId={testIds.home.serverStatus} name="steward-server" ok>
        <Text>version {status.version}</Text>
        {status.user && <Text color="secondary">signed in as {status.user.login}</Text>}
      </CheckRow>
      <CheckRow testId={testIds.home.storeStatus} name="store" ok={store.ok}>
        <Text>{store.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}</Text>
        {store.error && <Text color="error">{store.error}</Text>}
      </CheckRow>
      <CheckRow testId={testIds.home.prometheusStatus} name="Prometheus" ok={prometheus.ok}>
        <Text>{prometheus.ok ? `version ${prometheus.version}` : (prometheus.error ?? 'not reachable')}</Text>
      </CheckRow>
    </Stack>
  );
}

function CheckRow({
  testId,
  name,
  ok,
  children,
}: {
  testId: string;
  name: string;
  ok: boolean;
  children: React.ReactNode;
}) {
  return (
    <Stack gap={1} alignItems="center" data-testid={testId}>
      <Badge color={ok ? 'green' : 'red'} icon={ok ? 'check' : 'exclamation-triangle'} text={name} />
      {children}
    </Stack>
  );
}
