import React from 'react';
import { Stack, Text } from '@grafana/ui';
import type { SloStatusRow } from '../../api/stewardClient';
import { BurnRateTable, BurnRateWindows } from '../../components/Slo/BurnRateTable';
import type { BurnCondition } from '../../slo/alerting';
import { windowLabel } from '../../slo/format';
import { testIds } from '../../testIds';

/** The row's burn rates per window against the alert conditions, which watch the first objective only. */
export function BurnRatesSection({
  row,
  objective,
  conditions,
  windowName,
  alertingWindow,
  alertingOff,
}: {
  row: SloStatusRow;
  objective: number;
  conditions: BurnCondition[];
  windowName: string;
  /** The first objective's window, which the thresholds are scaled to. */
  alertingWindow: string;
  alertingOff: boolean;
}) {
  return (
    <section>
      <Text element="h3">Burn rates and alert thresholds</Text>
      <Text color="secondary" element="p">
        Multiwindow burn-rate alerts (SRE Workbook): an alert fires when both its long and its short window burn faster
        than its threshold. Thresholds are the share of the budget spent within the long window, scaled to the{' '}
        {windowLabel(alertingWindow)} window
        {objective > 0 ? '; they watch the first objective only' : ''}.
      </Text>
      <Stack direction="column" gap={2}>
        <BurnRateWindows
          burnRates={row.burnRates}
          conditions={objective === 0 ? conditions : []}
          windowName={windowName}
        />
        {objective === 0 && conditions.length > 0 ? (
          <BurnRateTable
            conditions={conditions}
            burnRates={row.burnRates}
            alerts={row.alerts}
            testId={testIds.slo.burnRates}
          />
        ) : (
          <Text color="secondary" data-testid={testIds.slo.burnRates}>
            {alertingOff ? 'Alerting is switched off for this SLO.' : 'Alerts follow the first objective.'}
          </Text>
        )}
      </Stack>
    </section>
  );
}
