import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import { ServerStatusCard } from '../../components/ServerStatusCard/ServerStatusCard';
import { TelemetryInventoryTable } from '../../components/TelemetryInventoryTable/TelemetryInventoryTable';
import { useServerStatus, useTelemetryInventory } from '../../hooks/useServerStatus';
import { testIds } from '../../testIds';

const IDENTIFIER_LABEL = 'service';

/** The app's landing page: is Steward connected, and what telemetry does Prometheus hold? */
function HomePage() {
  const status = useServerStatus();
  const inventory = useTelemetryInventory(IDENTIFIER_LABEL);

  return (
    <PluginPage>
      <div data-testid={testIds.home.container}>
        <Stack direction="column" gap={3}>
          <section>
            <Text element="h3">Connection</Text>
            {status.loading && !status.value && <LoadingPlaceholder text="Asking steward-server…" />}
            {status.error && (
              <Alert title="steward-server is not reachable" severity="error" data-testid={testIds.home.error}>
                <Stack direction="column" gap={1}>
                  <Text>{status.error.message}</Text>
                  <div>
                    <Button size="sm" variant="secondary" onClick={status.retry}>
                      Retry
                    </Button>
                  </div>
                </Stack>
              </Alert>
            )}
            {status.value && <ServerStatusCard status={status.value} />}
          </section>
          <section>
            <Text element="h3">Telemetry by {IDENTIFIER_LABEL}</Text>
            <Text color="secondary" element="p">
              Values of the <code>{IDENTIFIER_LABEL}</code> label Prometheus holds now, with their series counts.
            </Text>
            {inventory.loading && !inventory.value && <LoadingPlaceholder text="Asking Prometheus…" />}
            {inventory.error && (
              <Alert title="Could not read telemetry" severity="warning">
                {inventory.error.message}
              </Alert>
            )}
            {inventory.value && <TelemetryInventoryTable inventory={inventory.value} />}
          </section>
        </Stack>
      </div>
    </PluginPage>
  );
}

export default HomePage;
